/** The first screen: the best model per dataset on the ranking metric, its margin over the runner-up and whether that is significant. */
import { escapeHtml as h } from '../escape.js';
import type { CellResult } from '../results.js';
import { anchor, num, pRelation, scrollTable } from './parts.js';
import type { ReportContext, ReportSection } from './types.js';

/** The ok cells of a dataset with a score on `metric`, best first. */
export function rankCells(ctx: ReportContext, dataset: string, metric: string): CellResult[] {
  const sign = ctx.higherIsBetter(metric) ? -1 : 1;
  return ctx.algorithms
    .map((a) => ctx.cell(dataset, a))
    .filter((c): c is CellResult => c !== undefined && c.status === 'ok' && Number.isFinite(c.metrics.test[metric] ?? NaN))
    .sort((x, y) => sign * (x.metrics.test[metric]! - y.metrics.test[metric]!));
}

/** "yes (p = …)" / "no (p = …)" / why not tested, for the best and the runner-up of a dataset. */
function significance(ctx: ReportContext, dataset: string, a: string, b: string): string {
  const stats = ctx.statistics;
  if (stats === null) return '<span class="na">not tested</span>';
  if (stats.metric !== ctx.main) return `<span class="na">tested on ${h(stats.metric)} only</span>`;
  const cmp = stats.datasets.find((d) => d.dataset === dataset);
  if (cmp === undefined || cmp.test === null) return `<span class="na">not tested${cmp?.reason ? `: ${h(cmp.reason)}` : ''}</span>`;
  const pair = cmp.pairs.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a));
  if (pair === undefined) return '<span class="na">not tested</span>';
  if (!pair.result.applicable) return `<span class="na">not tested: ${h(pair.result.reason)}</span>`;
  const sig = pair.result.p_holm < stats.alpha;
  return `${sig ? '<strong>yes</strong>' : 'no'} <span class="muted nowrap">(p<sub>Holm</sub> ${pRelation(pair.result.p_holm)})</span>`;
}

const answer: ReportSection = {
  order: 10,
  label: () => 'Best models',
  render: (ctx) => {
    const main = ctx.main;
    const head = '<h2>Best model per dataset</h2>';
    if (main === undefined || !ctx.results.cells.some((c) => c.status === 'ok')) return `${head}<p class="na">No cell produced scores.</p>`;
    const rows = ctx.datasets.map((d) => {
      const ranked = rankCells(ctx, d, main);
      const best = ranked[0];
      if (best === undefined) return `<tr><th class="text"><a href="#${h(anchor('dataset', d))}">${h(d)}</a></th><td colspan="5" class="na text">no cell scored ${h(main)}</td></tr>`;
      const score = best.metrics.test[main]!;
      const ties = ranked.filter((c) => c.metrics.test[main] === score);
      const runnerUp = ranked.find((c) => c.metrics.test[main] !== score);
      const std = ctx.cv && best.folds.length > 1 ? ` <span class="muted nowrap">± ${num(best.metrics_std.test[main], 4)}</span>` : '';
      const names = ties.map((c) => `<a href="#${h(anchor('cell', d, c.algorithm))}"><strong>${h(c.algorithm)}</strong></a>`).join(' = ');
      const margin = runnerUp === undefined ? '<span class="na">–</span>' : `${num(Math.abs(score - runnerUp.metrics.test[main]!), 4)}`;
      const second = runnerUp === undefined ? '<span class="na">no other model</span>' : `${h(runnerUp.algorithm)} <span class="muted">${num(runnerUp.metrics.test[main])}</span>`;
      return (
        `<tr><th class="text"><a href="#${h(anchor('dataset', d))}">${h(d)}</a></th><td class="text">${names}${ties.length > 1 ? ' <span class="muted">(tie)</span>' : ''}</td>` +
        `<td><span class="nowrap">${num(score)}</span>${std}</td><td class="text">${second}</td><td>${margin}</td><td class="text">${runnerUp === undefined ? '' : significance(ctx, d, best.algorithm, runnerUp.algorithm)}</td></tr>`
      );
    });
    const what = ctx.cv ? `mean over the folds ± std` : 'on the holdout test set';
    return (
      head +
      `<p>Ranked on <strong>${h(main)}</strong>${ctx.higherIsBetter(main) ? '' : ' (lower is better)'}, ${what}. ` +
      `<span class="muted">${ctx.metric !== undefined ? 'Chosen with <code>sweep report --metric</code>.' : ctx.results.scoring !== undefined ? 'The config’s <code>evaluation.scoring</code>; <code>sweep report --metric NAME</code> ranks on another.' : 'The first metric (this run names no scoring).'} ` +
      `Significant: the paired test between the best and the runner-up on that dataset, Holm-adjusted.</span></p>` +
      scrollTable(`<table class="num answer"><thead><tr><th class="text">dataset</th><th class="text">best model</th><th>${h(main)}</th><th class="text">runner-up</th><th>margin</th><th class="text">significant?</th></tr></thead><tbody>${rows.join('')}</tbody></table>`)
    );
  },
};
export default answer;
