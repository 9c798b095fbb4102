/** One page per dataset: its scores, pairwise tests and charts, then each cell in detail. */
import { cacheBadge } from '../cache-status.js';
import { escapeHtml as h } from '../escape.js';
import type { CellResult, ClassificationReportData } from '../results.js';
import { bestOf } from '../tables.js';
import { anchor, figure, Footnotes, missingReason, num, paramsText, scrollTable, seconds, value } from './parts.js';
import { pairwiseTable } from './statistics.js';
import type { ReportContext, ReportSection } from './types.js';

/** Per-cell charts shown first, in this order; any other kind follows in registry order. */
const CELL_CHART_ORDER = ['confusion-matrix', 'roc', 'precision-recall', 'calibration'];

function paramsTable(params: Record<string, unknown>, compare?: Record<string, unknown> | null): string {
  const keys = Object.keys(params);
  if (keys.length === 0) return '<p class="muted">defaults only</p>';
  return `<table class="kv"><tbody>${keys
    .map((k) => {
      const changed = compare !== undefined && compare !== null && JSON.stringify(compare[k]) !== JSON.stringify(params[k]);
      return `<tr><th>${h(k)}</th><td><code>${h(value(params[k]))}</code>${changed ? ` <span class="muted">(configured: <code>${h(value(compare[k]))}</code>)</span>` : ''}</td></tr>`;
    })
    .join('')}</tbody></table>`;
}

function classificationTable(report: ClassificationReportData): string {
  const row = (name: string, r: { precision: number; recall: number; f1: number; support: number }, cls = ''): string =>
    `<tr${cls ? ` class="${cls}"` : ''}><th>${h(name)}</th><td>${num(r.precision, 3)}</td><td>${num(r.recall, 3)}</td><td>${num(r.f1, 3)}</td><td>${r.support}</td></tr>`;
  const support = report.macro_avg.support;
  return scrollTable(
    '<table class="num"><thead><tr><th>class</th><th>precision</th><th>recall</th><th>f1</th><th>support</th></tr></thead><tbody>' +
      report.classes.map((c) => row(value(c.label), c)).join('') +
      (report.accuracy !== null ? `<tr class="sep"><th>accuracy</th><td></td><td></td><td>${num(report.accuracy, 3)}</td><td>${support}</td></tr>` : '') +
      (report.micro_avg !== null ? row('micro avg', report.micro_avg) : '') +
      row('macro avg', report.macro_avg, report.accuracy === null ? 'sep' : '') +
      row('weighted avg', report.weighted_avg) +
      '</tbody></table>',
  );
}

/** A failed cell's error with its node, code and hint. */
export function errorBox(c: CellResult): string {
  if (c.error === null) return `<div class="error"><strong>${h(c.status)}</strong></div>`;
  return (
    `<div class="error"><p><strong>${h(c.status)}</strong> in <code>${h(c.error.node)}</code> <span class="muted">(${h(c.error.code)})</span></p>` +
    `<pre>${h(c.error.message)}</pre>${c.error.hint ? `<p class="hint">hint: ${h(c.error.hint)}</p>` : ''}</div>`
  );
}

function paramsBlock(ctx: ReportContext, c: CellResult): string {
  const report = ctx.reports.get(`${c.dataset}\u0000${c.algorithm}`);
  const tuned = report?.tuned_params ?? null;
  if (tuned === null) return `<div><h5>Parameters</h5>${paramsTable(report?.params ?? c.params)}</div>`;
  const perFold = scrollTable(
    '<table class="num"><thead><tr><th>outer fold</th><th class="text">its search chose</th><th>inner CV score</th></tr></thead><tbody>' +
      tuned.per_fold.map((f) => `<tr><td>${f.fold}</td><td class="text"><code>${paramsText(f.params)}</code></td><td>${num(f.score)}</td></tr>`).join('') +
      '</tbody></table>',
  );
  return (
    `<div><h5>Parameters (tuned)</h5>${paramsTable(report?.params ?? c.params, report?.baseline?.params ?? null)}` +
    `<p class="muted">Tuned params: ${h(tuned.rule)} (${tuned.votes} of ${tuned.folds} folds). Each outer fold’s test score comes from its own choice:</p>${perFold}</div>`
  );
}

function cellDetails(ctx: ReportContext, c: CellResult): string {
  const { results, main } = ctx;
  const report = ctx.reports.get(`${c.dataset}\u0000${c.algorithm}`);
  const headline = c.status === 'ok' && main !== undefined ? `${main} ${num(c.metrics.test[main])}` : c.status;
  const parts: string[] = [
    `<details class="cell${c.status === 'ok' ? '' : ' failed'}" id="${h(anchor('cell', c.dataset, c.algorithm))}">`,
    `<summary><span class="cell-name">${h(c.algorithm)}</span> <span class="muted">${h(c.estimator)} · ${h(c.engine)}</span> <span class="badge ${c.status === 'ok' ? 'ok' : 'bad'}">${h(headline)}</span>${cacheBadge(c)}</summary>`,
    '<div class="cell-body">',
  ];
  if (c.status !== 'ok') parts.push(errorBox(c));
  parts.push('<div class="cols">', paramsBlock(ctx, c));
  if (c.status === 'ok') {
    parts.push(
      '<div><h5>Run</h5><table class="kv"><tbody>' +
        `<tr><th>folds</th><td>${c.folds.length}</td></tr>` +
        `<tr><th>rows</th><td>${c.n_train ?? '–'} train / ${c.n_test ?? '–'} test${c.folds.length > 1 ? ' per fold' : ''}</td></tr>` +
        `<tr><th>features</th><td>${c.n_features ?? '–'}${report ? ` <span class="muted">(after preprocessing)</span>` : ''}</td></tr>` +
        `<tr><th>fit</th><td>${seconds(c.timing.fit_s)}</td></tr>` +
        `<tr><th>predict</th><td>${seconds(c.timing.predict_s)}</td></tr>` +
        '</tbody></table></div>',
    );
  }
  parts.push('</div>');
  if (c.status === 'ok') {
    const folds = c.folds.length;
    const notes = new Footnotes();
    const cellOf = (v: number | null | undefined, m: string): string => (v === null || v === undefined || !Number.isFinite(v) ? notes.dash(missingReason(c, m) ?? 'not computed') : num(v));
    parts.push(
      '<h5>Scores</h5>' +
        scrollTable(
          '<table class="num"><thead><tr><th>metric</th><th>test</th>' + (folds > 1 ? '<th>± std</th>' : '') + '<th>train</th>' + (c.baseline ? '<th>configured params (test)</th>' : '') + '</tr></thead><tbody>' +
            results.metrics
              .map(
                (m) =>
                  `<tr><th>${h(m)}${m === main ? ' <span class="muted">(ranking)</span>' : ''}</th><td>${cellOf(c.metrics.test[m], m)}</td>` +
                  (folds > 1 ? `<td>${num(c.metrics_std.test[m])}</td>` : '') +
                  `<td>${num(c.metrics.train[m])}</td>` +
                  (c.baseline ? `<td>${num(c.baseline.metrics.test[m])}</td>` : '') +
                  '</tr>',
              )
              .join('') +
            '</tbody></table>',
        ) +
        notes.render(),
    );
    if (folds > 1 && main !== undefined) {
      parts.push(`<p class="folds"><span class="muted">${h(main)} per fold:</span> ${c.folds.map((f) => num(f.test[main], 3)).join(' · ')}</p>`);
    }
  }
  if (report !== undefined) {
    const charts = ctx.chartsFor(c.dataset, c.algorithm);
    const rank = (k: string): number => (CELL_CHART_ORDER.includes(k) ? CELL_CHART_ORDER.indexOf(k) : CELL_CHART_ORDER.length);
    const figs = [...charts].sort((a, b) => rank(a.kind) - rank(b.kind)).map(figure);
    // The per-class table sits beside the charts when the page is wide enough (flex wraps otherwise).
    parts.push(`<div class="figs"><div><h5>Classification report (test${c.folds.length > 1 ? ', all folds pooled' : ''})</h5>${classificationTable(report.classification_report.test)}</div>${figs.join('')}</div>`);
    const search = report.search?.[0];
    if (search !== undefined) {
      const top = [...search.candidates].sort((a, b) => a.rank - b.rank).slice(0, 5);
      parts.push(
        `<h5>Hyperparameter search</h5><p>${h(search.method)} search on ${h(search.scoring)}: ${search.n_candidates} candidates; best <code>${paramsText(search.best_params)}</code> at ${num(search.best_score)}` +
          `${(report.search?.length ?? 0) > 1 ? ` <span class="muted">(outer fold 1 of ${report.search!.length} shown; every fold’s choice is listed under Parameters)</span>` : ''}.</p>` +
          scrollTable(
            '<table class="num"><thead><tr><th>rank</th><th class="text">params</th><th>mean test</th><th>± std</th><th>mean train</th><th>fit</th></tr></thead><tbody>' +
              top.map((t) => `<tr><td>${t.rank}</td><td class="text"><code>${paramsText(t.params)}</code></td><td>${num(t.mean_test)}</td><td>${num(t.std_test)}</td><td>${num(t.mean_train)}</td><td>${seconds(t.fit_s)}</td></tr>`).join('') +
              '</tbody></table>',
          ),
      );
    }
  }
  parts.push('</div></details>');
  return parts.join('\n');
}

const datasets: ReportSection = {
  order: 50,
  label: () => 'Datasets',
  render: (ctx) => {
    const { results, statistics } = ctx;
    const out: string[] = ['<h2>Datasets</h2>'];
    for (const d of ctx.datasets) {
      const info = results.datasets.find((x) => x.dataset === d);
      out.push(`<section id="${h(anchor('dataset', d))}" class="dataset"><h3>${h(d)}</h3>`);
      if (info !== undefined) {
        out.push(`<p class="muted">${info.rows} rows, ${info.features} features (${info.numeric} numeric, ${info.categorical} categorical), target <code>${h(info.target)}</code> with ${info.classes.length} classes.</p>`);
      }
      const cells = ctx.algorithms.map((a) => ctx.cell(d, a)).filter((c): c is CellResult => c !== undefined);
      const notes = new Footnotes();
      out.push(
        scrollTable(
          '<table class="num"><thead><tr><th class="text">algorithm</th>' + results.metrics.map((m) => `<th>${h(m)}</th>`).join('') + '<th>fit</th><th>predict</th></tr></thead><tbody>' +
            cells
              .map((c) => {
                if (c.status !== 'ok') return `<tr><th class="text"><a href="#${h(anchor('cell', d, c.algorithm))}">${h(c.algorithm)}</a></th><td colspan="${results.metrics.length + 2}" class="fail text">${h(c.status)}: ${h(c.error?.message ?? '')}</td></tr>`;
                return (
                  `<tr><th class="text"><a href="#${h(anchor('cell', d, c.algorithm))}">${h(c.algorithm)}</a></th>` +
                  results.metrics
                    .map((m) => {
                      const why = missingReason(c, m);
                      if (why !== null) return `<td>${notes.dash(`${c.algorithm}: ${why}`)}</td>`;
                      return `<td${bestOf(results, d, m, ctx.higherIsBetter(m)).has(c.algorithm) ? ' class="best"' : ''}>${num(c.metrics.test[m])}</td>`;
                    })
                    .join('') +
                  `<td>${seconds(c.timing.fit_s)}</td><td>${seconds(c.timing.predict_s)}</td></tr>`
                );
              })
              .join('') +
            '</tbody></table>',
        ) + notes.render(),
      );
      const cmp = statistics?.datasets.find((x) => x.dataset === d);
      if (cmp !== undefined) out.push(`<h4>Pairwise tests <span class="muted">(${h(statistics!.metric)})</span></h4>${pairwiseTable(cmp, statistics!.alpha)}`);
      const charts = ctx.chartsFor(d, null);
      if (charts.length > 0) out.push(`<div class="figs">${charts.map(figure).join('')}</div>`);
      out.push('<h4>Cells</h4>');
      for (const c of cells) out.push(cellDetails(ctx, c));
      out.push('</section>');
    }
    return out.join('\n');
  },
};
export default datasets;
