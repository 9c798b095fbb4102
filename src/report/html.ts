/**
 * `report.html`: the whole run in one self-contained file (inline SVG and CSS, no scripts, no
 * network), readable offline and attachable to an email. Every string from data or config is
 * HTML-escaped here, at the point of output.
 */
import { renderCdDiagram } from './cd-diagram.js';
import type { Chart } from './charts/types.js';
import { cellKey } from './charts/types.js';
import { STUDY_CHART_KINDS } from './charts/index.js';
import { FONT } from './charts/theme.js';
import { escapeHtml as h, fileSafe } from './escape.js';
import { countCells, type CellReport, type CellResult, type ClassificationReportData, type SweepResults } from './results.js';
import type { DatasetComparison, RunStatistics } from './statistics.js';
import { bestOf } from './tables.js';

/** A chart with its rendered SVG. */
export interface RenderedChart extends Chart {
  svg: string;
}

/** Everything the HTML report draws from. */
export interface ReportHtmlInput {
  results: SweepResults;
  /** Cell reports keyed by `cellKey(dataset, algorithm)`. */
  reports: ReadonlyMap<string, CellReport>;
  charts: readonly RenderedChart[];
  statistics: RunStatistics | null;
  /** The config file's text as the run used it (null when not kept). */
  configText: string | null;
  /** Where the config text came from (shown above it). */
  configSource?: string;
  /** The pipeline picture (Graphviz SVG), or null. */
  pipelineSvg: string | null;
  lowerIsBetter: ReadonlySet<string>;
}

let svgCounter = 0;

/** Makes an SVG safe to inline next to others: no XML prolog, ids prefixed so `url(#…)` stays unique. */
export function inlineSvg(svg: string, prefix = `s${++svgCounter}`): string {
  const p = fileSafe(prefix);
  return svg
    .replace(/<\?xml[^>]*\?>/g, '')
    .replace(/<!DOCTYPE[^>]*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\sid="([^"]+)"/g, (_m, id: string) => ` id="${p}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${p}-${id})`)
    .replace(/href="#([^"]+)"/g, (_m, id: string) => `href="#${p}-${id}"`)
    .trim();
}

const num = (v: number | null | undefined, digits = 4): string => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits));

function pValue(p: number): string {
  return p < 0.0001 ? '&lt; 0.0001' : p.toFixed(4);
}

function seconds(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return '–';
  if (s < 0.001) return `${(s * 1e6).toFixed(0)} µs`;
  if (s < 1) return `${(s * 1000).toFixed(1)} ms`;
  return `${s.toFixed(2)} s`;
}

function anchor(kind: string, ...parts: string[]): string {
  return [kind, ...parts.map(fileSafe)].join('-');
}

function value(v: unknown): string {
  if (v === null) return 'None';
  if (typeof v === 'string') return v;
  return JSON.stringify(v) ?? String(v);
}

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

function figure(chart: RenderedChart | undefined): string {
  if (chart === undefined) return '';
  return `<figure class="chart" id="${h(anchor('chart', chart.name))}">${inlineSvg(chart.svg, chart.name)}</figure>`;
}

function classificationTable(report: ClassificationReportData): string {
  const row = (name: string, r: { precision: number; recall: number; f1: number; support: number }, cls = ''): string =>
    `<tr${cls ? ` class="${cls}"` : ''}><th>${h(name)}</th><td>${num(r.precision, 3)}</td><td>${num(r.recall, 3)}</td><td>${num(r.f1, 3)}</td><td>${r.support}</td></tr>`;
  const support = report.macro_avg.support;
  return (
    '<table class="num"><thead><tr><th>class</th><th>precision</th><th>recall</th><th>f1</th><th>support</th></tr></thead><tbody>' +
    report.classes.map((c) => row(value(c.label), c)).join('') +
    (report.accuracy !== null ? `<tr class="sep"><th>accuracy</th><td></td><td></td><td>${num(report.accuracy, 3)}</td><td>${support}</td></tr>` : '') +
    (report.micro_avg !== null ? row('micro avg', report.micro_avg) : '') +
    row('macro avg', report.macro_avg, report.accuracy === null ? 'sep' : '') +
    row('weighted avg', report.weighted_avg) +
    '</tbody></table>'
  );
}

function errorBox(c: CellResult): string {
  if (c.error === null) return `<div class="error"><strong>${h(c.status)}</strong></div>`;
  return (
    `<div class="error"><p><strong>${h(c.status)}</strong> in <code>${h(c.error.node)}</code> <span class="muted">(${h(c.error.code)})</span></p>` +
    `<pre>${h(c.error.message)}</pre>${c.error.hint ? `<p class="hint">hint: ${h(c.error.hint)}</p>` : ''}</div>`
  );
}

function cellDetails(input: ReportHtmlInput, c: CellResult, chartsOf: (kind: string, d: string, a: string) => RenderedChart | undefined): string {
  const { results } = input;
  const report = input.reports.get(cellKey(c.dataset, c.algorithm));
  const main = results.metrics[0];
  const headline = c.status === 'ok' && main !== undefined ? `${main} ${num(c.metrics.test[main])}` : c.status;
  const parts: string[] = [
    `<details class="cell${c.status === 'ok' ? '' : ' failed'}" id="${h(anchor('cell', c.dataset, c.algorithm))}">`,
    `<summary><span class="cell-name">${h(c.algorithm)}</span> <span class="muted">${h(c.estimator)} · ${h(c.engine)}</span> <span class="badge ${c.status === 'ok' ? 'ok' : 'bad'}">${h(headline)}</span></summary>`,
    '<div class="cell-body">',
  ];
  if (c.status !== 'ok') parts.push(errorBox(c));
  parts.push('<div class="cols">');
  parts.push(`<div><h5>Parameters${c.best_params ? ' (tuned)' : ''}</h5>${paramsTable(report?.params ?? c.params, c.best_params ? report?.baseline?.params ?? null : undefined)}</div>`);
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
    parts.push(
      '<h5>Scores</h5><table class="num"><thead><tr><th>metric</th><th>test</th>' + (folds > 1 ? '<th>± std</th>' : '') + '<th>train</th>' + (c.baseline ? '<th>configured params (test)</th>' : '') + '</tr></thead><tbody>' +
        results.metrics
          .map(
            (m) =>
              `<tr><th>${h(m)}</th><td>${num(c.metrics.test[m])}</td>` +
              (folds > 1 ? `<td>${num(c.metrics_std.test[m])}</td>` : '') +
              `<td>${num(c.metrics.train[m])}</td>` +
              (c.baseline ? `<td>${num(c.baseline.metrics.test[m])}</td>` : '') +
              '</tr>',
          )
          .join('') +
        '</tbody></table>',
    );
    if (folds > 1 && main !== undefined) {
      parts.push(`<p class="folds"><span class="muted">${h(main)} per fold:</span> ${c.folds.map((f) => num(f.test[main], 3)).join(' · ')}</p>`);
    }
  }
  if (report !== undefined) {
    const figs = ['confusion-matrix', 'roc', 'learning-curve', 'validation-curve', 'loss-curve', 'staged-scores', ...STUDY_CHART_KINDS].map((k) => figure(chartsOf(k, c.dataset, c.algorithm))).filter((f) => f !== '');
    // The per-class table sits beside the charts when the page is wide enough (flex wraps otherwise).
    parts.push(`<div class="figs"><div><h5>Classification report (test)</h5>${classificationTable(report.classification_report.test)}</div>${figs.join('')}</div>`);
    const search = report.search?.[0];
    if (search !== undefined) {
      const top = [...search.candidates].sort((a, b) => a.rank - b.rank).slice(0, 5);
      parts.push(
        `<h5>Hyperparameter search</h5><p>${h(search.method)} search on ${h(search.scoring)}: ${search.n_candidates} candidates, best ${num(search.best_score)} with <code>${h(value(search.best_params))}</code>` +
          `${(report.search?.length ?? 0) > 1 ? ` <span class="muted">(outer fold 1 of ${report.search!.length} shown)</span>` : ''}.</p>` +
          '<table class="num"><thead><tr><th>rank</th><th class="text">params</th><th>mean test</th><th>± std</th><th>mean train</th><th>fit</th></tr></thead><tbody>' +
          top.map((t) => `<tr><td>${t.rank}</td><td class="text"><code>${h(value(t.params))}</code></td><td>${num(t.mean_test)}</td><td>${num(t.std_test)}</td><td>${num(t.mean_train)}</td><td>${seconds(t.fit_s)}</td></tr>`).join('') +
          '</tbody></table>',
      );
    }
  }
  parts.push('</div></details>');
  return parts.join('\n');
}

function pairwiseTable(cmp: DatasetComparison, alpha: number): string {
  if (cmp.test === null) return `<p class="na">No pairwise test: ${h(cmp.reason ?? 'not applicable')}.</p>`;
  const name = cmp.test === 'corrected_t' ? `Nadeau–Bengio corrected resampled t-test over ${cmp.folds} folds` : "McNemar's test on the holdout";
  const rows = cmp.pairs.map((p) => {
    if (!p.result.applicable) return `<tr><th>${h(p.a)} vs ${h(p.b)}</th><td colspan="4" class="na text">not applicable: ${h(p.result.reason)}</td></tr>`;
    const r = p.result;
    const detail =
      cmp.test === 'corrected_t'
        ? `Δ mean ${typeof r.details['mean_difference'] === 'number' ? (r.details['mean_difference'] >= 0 ? '+' : '−') + Math.abs(r.details['mean_difference']).toFixed(4) : '–'}`
        : `only ${h(p.a)} right: ${h(String(r.details['a_right_b_wrong']))}; only ${h(p.b)} right: ${h(String(r.details['a_wrong_b_right']))} <span class="muted">(${r.details['method'] === 'exact' ? 'exact binomial' : 'χ² with continuity correction'})</span>`;
    const sig = r.p_holm < alpha;
    return `<tr${sig ? ' class="sig"' : ''}><th>${h(p.a)} vs ${h(p.b)}</th><td class="text">${detail}</td><td>${num(r.statistic, 3)}</td><td>${pValue(r.p)}</td><td>${pValue(r.p_holm)}${sig ? ' ✱' : ''}</td></tr>`;
  });
  return (
    `<p>${h(name)}; p-values Holm-adjusted over the ${cmp.pairs.length} pairs; ✱ marks p &lt; ${alpha}.</p>` +
    `<table class="num"><thead><tr><th>pair</th><th class="text">${cmp.test === 'corrected_t' ? 'difference (first − second)' : 'disagreements'}</th><th>statistic</th><th>p</th><th>p (Holm)</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

const STYLE = `
:root{--fg:#1f2328;--muted:#57606a;--line:#d0d7de;--soft:#f6f8fa;--accent:#0b5cad;--bad:#b42318;--good:#1a7f37}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 ${FONT};color:var(--fg);background:#fff}
header{padding:24px 32px 8px;border-bottom:1px solid var(--line);background:var(--soft)}
header h1{margin:0 0 4px;font-size:24px}
nav{margin:10px 0 6px;display:flex;flex-wrap:wrap;gap:4px 14px;font-size:13px}
nav a{color:var(--accent);text-decoration:none}
main{max-width:980px;margin:0 auto;padding:8px 32px 48px}
section{margin-top:28px}
h2{font-size:20px;border-bottom:2px solid var(--fg);padding-bottom:4px;margin:32px 0 12px}
h3{font-size:17px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:2px}
h4{font-size:15px;margin:18px 0 6px}
h5{font-size:13px;margin:14px 0 4px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
p{margin:6px 0}
.muted{color:var(--muted)}
code,pre{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12px}
pre{background:var(--soft);border:1px solid var(--line);padding:10px 12px;overflow:auto;white-space:pre-wrap;word-break:break-word}
table{border-collapse:collapse;margin:6px 0 10px;font-size:13px}
th,td{padding:3px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{border-bottom:2px solid var(--fg);font-weight:600;white-space:nowrap}
table.num td{text-align:right;font-variant-numeric:tabular-nums}
table.num td.text,table.num th.text{text-align:left}
table.num thead th{text-align:right}
table.num thead th.text,table.num thead th:first-child{text-align:left}
table.kv th{font-weight:normal;color:var(--muted);padding-left:0}
tr.sep th,tr.sep td{border-top:2px solid var(--line)}
tr.sig td,tr.sig th{background:#fff8c5}
td.best{font-weight:700}
td.fail{color:var(--bad)}
.na{color:var(--muted);font-style:italic}
.badge{display:inline-block;padding:0 8px;border-radius:10px;font-size:12px;margin-left:6px}
.badge.ok{background:#dafbe1;color:var(--good)}
.badge.bad{background:#ffebe9;color:var(--bad)}
.error{border-left:4px solid var(--bad);background:#fff5f5;padding:6px 12px;margin:8px 0}
.error pre{background:#fff;margin:6px 0}
.hint{color:var(--muted)}
figure.chart{margin:10px 0;max-width:100%;overflow-x:auto}
figure.chart svg{max-width:100%;height:auto;display:block}
.figs{display:flex;flex-wrap:wrap;gap:8px 20px;align-items:flex-start}
.cols{display:flex;flex-wrap:wrap;gap:0 48px}
details.cell{border:1px solid var(--line);border-radius:6px;margin:8px 0;background:#fff}
details.cell>summary{cursor:pointer;padding:8px 12px;background:var(--soft);border-radius:6px;list-style-position:inside}
details.cell[open]>summary{border-bottom:1px solid var(--line);border-radius:6px 6px 0 0}
details.cell.failed>summary{background:#fff5f5}
.cell-name{font-weight:600}
.cell-body{padding:4px 16px 12px}
.folds{font-size:12px}
.bar{display:inline-block;height:10px;background:var(--accent);opacity:.55;vertical-align:middle;margin-right:6px}
.classes{font-size:12px;line-height:1.6}
footer{max-width:980px;margin:0 auto;padding:16px 32px 32px;color:var(--muted);font-size:12px;border-top:1px solid var(--line)}
@media print{header{background:none}main{padding:0 8px}details.cell>summary{background:none}figure.chart{break-inside:avoid}h2,h3{break-after:avoid}}
`;

/** Renders the whole report as one HTML document. */
export function renderReportHtml(input: ReportHtmlInput): string {
  const { results, statistics } = input;
  const counts = countCells(results);
  const datasets = [...new Set([...results.datasets.map((d) => d.dataset), ...results.cells.map((c) => c.dataset)])];
  const algorithms = [...new Set(results.cells.map((c) => c.algorithm))];
  const main = results.metrics[0];
  const chartByKey = new Map(input.charts.map((c) => [`${c.kind}\u0000${c.dataset ?? ''}\u0000${c.algorithm ?? ''}`, c]));
  const chartsOf = (kind: string, d: string, a: string): RenderedChart | undefined => chartByKey.get(`${kind}\u0000${d}\u0000${a}`);
  const runWide = (kind: string): RenderedChart[] => input.charts.filter((c) => c.kind === kind && c.dataset === null);
  const cell = (d: string, a: string): CellResult | undefined => results.cells.find((c) => c.dataset === d && c.algorithm === a);
  const failed = results.cells.filter((c) => c.status !== 'ok');
  const out: string[] = [];

  // Overview.
  out.push('<section id="overview"><h2>Overview</h2>');
  out.push(
    '<table class="kv"><tbody>' +
      `<tr><th>sweep</th><td>${h(results.name)}</td></tr>` +
      `<tr><th>run</th><td><code>${h(results.run_id)}</code></td></tr>` +
      `<tr><th>seed</th><td>${h(results.seed)}</td></tr>` +
      `<tr><th>config</th><td><code>${h(results.config_path)}</code></td></tr>` +
      `<tr><th>started</th><td>${h(results.started_at)} <span class="muted">(wall time ${h(results.wall_s.toFixed(1))} s, ${h(results.jobs)} job${results.jobs === 1 ? '' : 's'}, ${h(results.runner)} runner, peak memory ${h(results.peak_rss_mb)} MiB)</span></td></tr>` +
      `<tr><th>cells</th><td>${counts.total} (${datasets.length} datasets × ${algorithms.length} algorithms): ${counts.ok} ok${counts.failed ? `, <a href="#failures">${counts.failed} failed</a>` : ''}${counts.skipped ? `, ${counts.skipped} skipped` : ''}</td></tr>` +
      `<tr><th>metrics</th><td>${results.metrics.map((m, i) => (i === 0 ? `<strong>${h(m)}</strong> (main)` : h(m))).join(', ')}</td></tr>` +
      '</tbody></table>',
  );
  out.push('<h4>Datasets</h4><table class="num"><thead><tr><th class="text">dataset</th><th>rows</th><th>features</th><th class="text">target</th><th class="text">class balance</th></tr></thead><tbody>');
  for (const d of results.datasets) {
    const total = d.classes.reduce((s, c) => s + c.count, 0) || 1;
    const shares = d.classes.map((c) => (100 * c.count) / total);
    const many = d.classes.length > 6;
    const minority = d.classes[shares.indexOf(Math.min(...shares))];
    const balance = many
      ? `${d.classes.length} classes, ${Math.min(...shares).toFixed(1)}%–${Math.max(...shares).toFixed(1)}% each<br><span class="muted">smallest: ${h(value(minority?.label))}</span>`
      : d.classes.map((c, i) => `<span class="bar" style="width:${Math.max(2, Math.round((60 * c.count) / total))}px"></span>${h(value(c.label))} ${shares[i]!.toFixed(1)}%`).join('<br>');
    const more = '';
    const notes = [
      d.sampled_from !== null ? `sampled from ${d.sampled_from}` : '',
      d.dropped_missing_target > 0 ? `${d.dropped_missing_target} rows without a target dropped` : '',
      d.missing_values > 0 ? `${d.missing_values} missing values` : '',
    ].filter((s) => s !== '');
    // What the reader decided about the data (values read as missing, sniffed settings): said, never silent.
    const dataNotes = (d.notes ?? []).map((n) => `<br><span class="data-note">${n.kind === 'sniffed' ? 'note' : '<strong>warning</strong>'}: ${h(n.message)}</span>`).join('');
    out.push(
      `<tr><th class="text"><a href="#${h(anchor('dataset', d.dataset))}">${h(d.dataset)}</a></th><td>${d.rows}${notes.length ? `<br><span class="muted">${h(notes.join('; '))}</span>` : ''}${dataNotes}</td>` +
        `<td>${d.features}<br><span class="muted">${d.numeric} numeric, ${d.categorical} categorical</span></td><td class="text"><code>${h(d.target)}</code></td><td class="text classes">${balance}${more}</td></tr>`,
    );
  }
  for (const d of datasets.filter((n) => !results.datasets.some((x) => x.dataset === n))) {
    out.push(`<tr><th class="text">${h(d)}</th><td colspan="4" class="text na">not loaded (see failed cells)</td></tr>`);
  }
  out.push('</tbody></table>');
  out.push('<h4>Algorithms</h4><table><thead><tr><th>algorithm</th><th>estimator</th><th>engine</th><th>params</th></tr></thead><tbody>');
  for (const a of algorithms) {
    const c = results.cells.find((x) => x.algorithm === a)!;
    // The configured params (a tuned cell reports its best params; its baseline keeps the configured ones).
    const configured = input.reports.get(cellKey(c.dataset, c.algorithm))?.baseline?.params ?? c.params;
    const params = Object.entries(configured).map(([k, v]) => `<code>${h(k)}=${h(value(v))}</code>`).join(' ');
    out.push(`<tr><th>${h(a)}</th><td>${h(c.estimator)}</td><td>${h(c.engine)}</td><td>${params || '<span class="muted">defaults</span>'}</td></tr>`);
  }
  out.push('</tbody></table></section>');

  // Leaderboard.
  out.push('<section id="leaderboard"><h2>Leaderboard</h2>');
  if (main === undefined || counts.ok === 0) out.push('<p class="na">No cell produced scores.</p>');
  else {
    const higher = !input.lowerIsBetter.has(main);
    const friedman = statistics?.friedman.applicable ? statistics.friedman : null;
    const board = algorithms.map((a) => {
      const scores = datasets.map((d) => cell(d, a)).flatMap((c) => (c?.status === 'ok' && Number.isFinite(c.metrics.test[main] ?? NaN) ? [c.metrics.test[main]!] : []));
      const wins = datasets.filter((d) => bestOf(results, d, main, higher).has(a)).length;
      const rank = friedman ? friedman.average_ranks[friedman.algorithms.indexOf(a)] ?? null : null;
      const fit = results.cells.filter((c) => c.algorithm === a && c.timing.fit_s !== null).map((c) => c.timing.fit_s!);
      return { a, mean: scores.length ? scores.reduce((s, v) => s + v, 0) / scores.length : null, n: scores.length, wins, rank, failed: results.cells.filter((c) => c.algorithm === a && c.status !== 'ok').length, fit: fit.length ? fit.reduce((s, v) => s + v, 0) / fit.length : null };
    });
    board.sort((x, y) => (x.rank !== null && y.rank !== null ? x.rank - y.rank : (higher ? -1 : 1) * ((x.mean ?? -Infinity) - (y.mean ?? -Infinity))));
    out.push(
      `<p>Algorithms ordered by ${friedman ? `average rank on ${h(main)} over the ${friedman.datasets.length} datasets with complete results` : `mean ${h(main)}`}. “Best on” counts datasets where the algorithm has the top test score (ties count for each).</p>` +
        `<table class="num"><thead><tr><th>#</th><th class="text">algorithm</th>${friedman ? '<th>avg rank</th>' : ''}<th>mean ${h(main)}</th><th>best on</th><th>failed</th><th>mean fit</th></tr></thead><tbody>` +
        board.map((b, i) => `<tr><td>${i + 1}</td><th class="text">${h(b.a)}</th>${friedman ? `<td>${num(b.rank, 2)}</td>` : ''}<td>${num(b.mean)}${b.n < datasets.length ? ` <span class="muted">(${b.n} of ${datasets.length})</span>` : ''}</td><td>${b.wins}</td><td>${b.failed || ''}</td><td>${seconds(b.fit)}</td></tr>`).join('') +
        '</tbody></table>',
    );
    const metricTables: string[] = [];
    for (const m of results.metrics) {
      const out: string[] = [];
      const best = new Map(datasets.map((d) => [d, bestOf(results, d, m, !input.lowerIsBetter.has(m))]));
      const cv = results.cells.some((c) => c.folds.length > 1);
      out.push(
        `<h4>${h(m)}${input.lowerIsBetter.has(m) ? ' <span class="muted">(lower is better)</span>' : ''}</h4><table class="num"><thead><tr><th class="text">dataset</th>${algorithms.map((a) => `<th>${h(a)}</th>`).join('')}</tr></thead><tbody>` +
          datasets
            .map(
              (d) =>
                `<tr><th class="text"><a href="#${h(anchor('dataset', d))}">${h(d)}</a></th>` +
                algorithms
                  .map((a) => {
                    const c = cell(d, a);
                    if (c === undefined) return '<td></td>';
                    if (c.status !== 'ok') return `<td class="fail"><a href="#${h(anchor('cell', d, a))}">${h(c.status)}</a></td>`;
                    const std = cv && c.folds.length > 1 ? ` <span class="muted">± ${num(c.metrics_std.test[m], 3)}</span>` : '';
                    return `<td${best.get(d)!.has(a) ? ' class="best"' : ''}>${num(c.metrics.test[m])}${std}</td>`;
                  })
                  .join('') +
                '</tr>',
            )
            .join('') +
          `</tbody></table>${m === main ? '' : ''}`,
      );
      if (m === main) out.push('<p class="muted">Bold: best per dataset. ± is the standard deviation over folds.</p>');
      metricTables.push(out.join('\n'));
    }
    out.push(metricTables[0] ?? '');
    const heat = runWide('heatmap')[0];
    const bars = runWide('score-bars').find((c) => c.name.endsWith(fileSafe(main))) ?? runWide('score-bars')[0];
    for (const c of [heat, bars, ...runWide('timing'), ...runWide('baseline-tuned')]) out.push(figure(c));
    if (metricTables.length > 1) {
      out.push(`<details class="cell"><summary>Other metrics: ${results.metrics.slice(1).map(h).join(', ')}</summary><div class="cell-body">${metricTables.slice(1).join('\n')}${runWide('score-bars').filter((c) => c !== bars).map(figure).join('')}</div></details>`);
    }
  }
  out.push('</section>');

  // Statistics.
  out.push('<section id="statistics"><h2>Statistics</h2>');
  if (statistics === null) out.push('<p class="na">Not computed for this run.</p>');
  else {
    const f = statistics.friedman;
    out.push(`<p>All tests compare test-set <strong>${h(statistics.metric)}</strong>${statistics.greater_is_better ? '' : ' (lower is better)'} at α = ${statistics.alpha}.</p>`);
    out.push('<h4>Across datasets: Friedman test and Nemenyi critical difference</h4>');
    if (!f.applicable) out.push(`<p class="na">Not applicable: ${h(f.reason)}.</p>`);
    else {
      const significant = f.iman_davenport_p < f.alpha;
      out.push(
        `<p>Friedman χ²(${f.df1}) = ${num(f.chi2, 3)}, p = ${pValue(f.chi2_p)}; Iman–Davenport F(${f.df1}, ${f.df2}) = ${num(f.iman_davenport_f, 3)}, p = ${pValue(f.iman_davenport_p)}. ` +
          `${significant ? '<strong>The algorithms differ</strong> on these datasets' : 'No significant difference between the algorithms was found'} at α = ${f.alpha} (${f.datasets.length} datasets).` +
          `${f.datasets.length < 10 ? ` <span class="muted">With fewer than 10 datasets the test has little power (Demšar 2006): read it as indicative.</span>` : ''}</p>` +
          `<p>Nemenyi critical difference CD = ${num(f.critical_difference, 3)} average ranks: algorithms joined by a thick bar below are not significantly different.${f.significant_pairs.length ? ` Significantly different pairs: ${f.significant_pairs.map(([a, b]) => `${h(a)} vs ${h(b)}`).join('; ')}.` : ' No pair differs significantly.'}</p>`,
      );
      if (f.excluded_datasets.length > 0) out.push(`<p class="muted">Left out (missing scores): ${f.excluded_datasets.map((e) => `${h(e.dataset)} (${h(e.reason)})`).join('; ')}.</p>`);
      out.push(`<figure class="chart" id="cd-diagram">${inlineSvg(renderCdDiagram(f), 'cd')}</figure>`);
    }
    const w = statistics.win_tie_loss;
    out.push('<h4>Win / tie / loss</h4>');
    if (!w.applicable) out.push(`<p class="na">Not applicable: ${h(w.reason)}.</p>`);
    else {
      out.push(
        `<p>Datasets where each algorithm beats, ties or loses to the baseline <strong>${h(w.baseline)}</strong> on mean test ${h(w.metric)} (choose another with <code>sweep report --baseline NAME</code>).</p>` +
          '<table class="num"><thead><tr><th class="text">algorithm</th><th>wins</th><th>ties</th><th>losses</th></tr></thead><tbody>' +
          w.rows.map((r) => `<tr><th class="text">${h(r.algorithm)}</th><td>${r.wins}</td><td>${r.ties}</td><td>${r.losses}</td></tr>`).join('') +
          '</tbody></table>',
      );
    }
    out.push('<p>Pairwise tests on each dataset are on the dataset pages below.</p>');
  }
  out.push('</section>');

  // Datasets and cells.
  out.push('<section id="datasets"><h2>Datasets</h2>');
  for (const d of datasets) {
    const info = results.datasets.find((x) => x.dataset === d);
    out.push(`<section id="${h(anchor('dataset', d))}" class="dataset"><h3>${h(d)}</h3>`);
    if (info !== undefined) {
      out.push(`<p class="muted">${info.rows} rows, ${info.features} features (${info.numeric} numeric, ${info.categorical} categorical), target <code>${h(info.target)}</code> with ${info.classes.length} classes.</p>`);
    }
    const ok = algorithms.map((a) => cell(d, a)).filter((c): c is CellResult => c !== undefined);
    out.push(
      '<table class="num"><thead><tr><th class="text">algorithm</th>' + results.metrics.map((m) => `<th>${h(m)}</th>`).join('') + '<th>fit</th><th>predict</th></tr></thead><tbody>' +
        ok
          .map((c) => {
            if (c.status !== 'ok') return `<tr><th class="text"><a href="#${h(anchor('cell', d, c.algorithm))}">${h(c.algorithm)}</a></th><td colspan="${results.metrics.length + 2}" class="fail text">${h(c.status)}: ${h(c.error?.message ?? '')}</td></tr>`;
            return (
              `<tr><th class="text"><a href="#${h(anchor('cell', d, c.algorithm))}">${h(c.algorithm)}</a></th>` +
              results.metrics.map((m) => `<td${bestOf(results, d, m, !input.lowerIsBetter.has(m)).has(c.algorithm) ? ' class="best"' : ''}>${num(c.metrics.test[m])}</td>`).join('') +
              `<td>${seconds(c.timing.fit_s)}</td><td>${seconds(c.timing.predict_s)}</td></tr>`
            );
          })
          .join('') +
        '</tbody></table>',
    );
    const cmp = statistics?.datasets.find((x) => x.dataset === d);
    if (cmp !== undefined) out.push(`<h4>Pairwise tests</h4>${pairwiseTable(cmp, statistics!.alpha)}`);
    out.push('<h4>Cells</h4>');
    for (const c of ok) out.push(cellDetails(input, c, chartsOf));
    out.push('</section>');
  }
  out.push('</section>');

  // Failures.
  out.push('<section id="failures"><h2>Failed cells</h2>');
  if (failed.length === 0) out.push('<p>None: every cell ran.</p>');
  else {
    for (const c of failed) out.push(`<h4><a href="#${h(anchor('cell', c.dataset, c.algorithm))}">${h(c.dataset)} × ${h(c.algorithm)}</a></h4>${errorBox(c)}`);
  }
  out.push('</section>');

  // Config and pipeline.
  out.push('<section id="config"><h2>Configuration</h2>');
  if (input.configText === null) out.push(`<p class="na">The config text was not kept with this run (it was <code>${h(results.config_path)}</code>).</p>`);
  else out.push(`${input.configSource ? `<p class="muted">${h(input.configSource)}</p>` : ''}<pre>${h(input.configText)}</pre>`);
  out.push('</section>');
  out.push('<section id="pipeline"><h2>Pipeline</h2>');
  if (input.pipelineSvg === null) out.push('<p class="na">No pipeline picture was kept with this run.</p>');
  else out.push(`<p class="muted">Nodes (boxes) and the catalog datasets between them, grouped by dataset and algorithm; folds drawn once with their count. <code>sweep viz</code> draws it with filters.</p><figure class="chart pipeline">${inlineSvg(input.pipelineSvg, 'pipeline')}</figure>`);
  out.push('</section>');

  const nav = [
    ['overview', 'Overview'],
    ['leaderboard', 'Leaderboard'],
    ['statistics', 'Statistics'],
    ['datasets', 'Datasets'],
    ['failures', `Failed cells (${failed.length})`],
    ['config', 'Configuration'],
    ['pipeline', 'Pipeline'],
  ]
    .map(([id, label]) => `<a href="#${id}">${label}</a>`)
    .concat(datasets.map((d) => `<a href="#${h(anchor('dataset', d))}" class="muted">${h(d)}</a>`))
    .join('');
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Belt and braces: even if something slipped through escaping, nothing may load or run.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${h(results.name)}: run ${h(results.run_id)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<header><h1>${h(results.name)}</h1><p class="muted">Sweep report, run <code>${h(results.run_id)}</code>, seed ${h(results.seed)}, ${counts.ok}/${counts.total} cells ok.</p><nav>${nav}</nav></header>`,
    `<main>${out.join('\n')}</main>`,
    `<footer>Written by sweep from <code>results.json</code>; redraw with <code>sweep report ${h(results.run_id)}</code>. Self-contained: no scripts, no network.</footer>`,
    '</body></html>',
    '',
  ].join('\n');
}
