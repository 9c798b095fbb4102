/** The leaderboard on the ranking metric, its datasets × algorithms table, and the run-wide charts of it; one section per other metric. */
import { escapeHtml as h, fileSafe } from '../escape.js';
import { bestOf } from '../tables.js';
import { anchor, figure, Footnotes, missingReason, num, scrollTable, seconds } from './parts.js';
import type { ReportContext, ReportSection } from './types.js';

/** A datasets × algorithms table of one metric: best in bold, "–" with its reason as a footnote. */
export function metricTable(ctx: ReportContext, metric: string): string {
  const best = new Map(ctx.datasets.map((d) => [d, bestOf(ctx.results, d, metric, ctx.higherIsBetter(metric))]));
  const notes = new Footnotes();
  const body = ctx.datasets
    .map(
      (d) =>
        `<tr><th class="text"><a href="#${h(anchor('dataset', d))}">${h(d)}</a></th>` +
        ctx.algorithms
          .map((a) => {
            const c = ctx.cell(d, a);
            if (c === undefined) return '<td></td>';
            if (c.status !== 'ok') return `<td class="fail"><a href="#${h(anchor('cell', d, a))}">${h(c.status)}</a></td>`;
            const why = missingReason(c, metric);
            if (why !== null) return `<td>${notes.dash(`${d} × ${a}: ${why}`)}</td>`;
            const std = ctx.cv && c.folds.length > 1 ? ` <span class="muted nowrap">± ${num(c.metrics_std.test[metric], 3)}</span>` : '';
            return `<td${best.get(d)!.has(a) ? ' class="best"' : ''}><span class="nowrap">${num(c.metrics.test[metric])}</span>${std}</td>`;
          })
          .join('') +
        '</tr>',
    )
    .join('');
  return (
    scrollTable(`<table class="num"><thead><tr><th class="text">dataset</th>${ctx.algorithms.map((a) => `<th>${h(a)}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table>`) +
    notes.render() +
    `<p class="muted">Bold: best per dataset.${ctx.cv ? ' ± is the standard deviation over folds.' : ''}</p>`
  );
}

const leaderboard: ReportSection = {
  order: 20,
  label: () => 'Leaderboard',
  render: (ctx) => {
    const { results, statistics, main } = ctx;
    const out = ['<h2>Leaderboard</h2>'];
    if (main === undefined || !results.cells.some((c) => c.status === 'ok')) return `${out[0]}<p class="na">No cell produced scores.</p>`;
    const higher = ctx.higherIsBetter(main);
    const friedman = statistics?.metric === main && statistics.friedman.applicable ? statistics.friedman : null;
    const board = ctx.algorithms.map((a) => {
      const scores = ctx.datasets.map((d) => ctx.cell(d, a)).flatMap((c) => (c?.status === 'ok' && Number.isFinite(c.metrics.test[main] ?? NaN) ? [c.metrics.test[main]!] : []));
      const wins = ctx.datasets.filter((d) => bestOf(results, d, main, higher).has(a)).length;
      const rank = friedman ? friedman.average_ranks[friedman.algorithms.indexOf(a)] ?? null : null;
      const fit = results.cells.filter((c) => c.algorithm === a && c.timing.fit_s !== null).map((c) => c.timing.fit_s!);
      return { a, mean: scores.length ? scores.reduce((s, v) => s + v, 0) / scores.length : null, n: scores.length, wins, rank, failed: results.cells.filter((c) => c.algorithm === a && c.status !== 'ok').length, fit: fit.length ? fit.reduce((s, v) => s + v, 0) / fit.length : null };
    });
    board.sort((x, y) => (x.rank !== null && y.rank !== null ? x.rank - y.rank : (higher ? -1 : 1) * ((x.mean ?? -Infinity) - (y.mean ?? -Infinity))));
    out.push(
      `<p>Algorithms ordered by ${friedman ? `average rank on ${h(main)} over the ${friedman.datasets.length} datasets with complete results` : `mean ${h(main)}`}. “Best on” counts datasets where the algorithm has the top test score (ties count for each).</p>` +
        scrollTable(
          `<table class="num"><thead><tr><th>#</th><th class="text">algorithm</th>${friedman ? '<th>avg rank</th>' : ''}<th>mean ${h(main)}</th><th>best on</th><th>failed</th><th>mean fit</th></tr></thead><tbody>` +
            board.map((b, i) => `<tr><td>${i + 1}</td><th class="text">${h(b.a)}</th>${friedman ? `<td>${num(b.rank, 2)}</td>` : ''}<td>${num(b.mean)}${b.n < ctx.datasets.length ? ` <span class="muted">(${b.n} of ${ctx.datasets.length})</span>` : ''}</td><td>${b.wins}</td><td>${b.failed || ''}</td><td>${seconds(b.fit)}</td></tr>`).join('') +
            '</tbody></table>',
        ),
    );
    out.push(`<h4>${h(main)}${higher ? '' : ' <span class="muted">(lower is better)</span>'}</h4>${metricTable(ctx, main)}`);
    const bars = ctx.runWide('score-bars').find((c) => c.name.endsWith(fileSafe(main)));
    for (const c of [...ctx.runWide('heatmap'), bars, ...ctx.runWide('timing'), ...ctx.runWide('baseline-tuned')]) out.push(figure(c));
    return out.join('\n');
  },
};

/** One collapsible section per metric other than the ranking one. */
export const otherMetrics: ReportSection = {
  order: 30,
  label: (ctx) => (ctx.results.metrics.some((m) => m !== ctx.main) ? 'Other metrics' : null),
  render: (ctx) => {
    const others = ctx.results.metrics.filter((m) => m !== ctx.main);
    if (others.length === 0 || !ctx.results.cells.some((c) => c.status === 'ok')) return null;
    const bars = ctx.runWide('score-bars');
    return (
      `<h2>Other metrics</h2><p class="muted">Each metric on its own; <code>sweep report --metric NAME</code> ranks the whole report on one of them.</p>` +
      others
        .map((m) => {
          const chart = bars.find((c) => c.name.endsWith(fileSafe(m)));
          return `<details class="cell" id="${h(anchor('metric', m))}"><summary><span class="cell-name">${h(m)}</span>${ctx.higherIsBetter(m) ? '' : ' <span class="muted">(lower is better)</span>'}</summary><div class="cell-body">${metricTable(ctx, m)}${figure(chart)}</div></details>`;
        })
        .join('\n')
    );
  },
};
export default leaderboard;
