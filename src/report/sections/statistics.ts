/** Statistics across datasets (Friedman, Nemenyi CD diagram) and win/tie/loss; pairwise tests sit on the dataset pages. */
import { renderCdDiagram } from '../cd-diagram.js';
import { escapeHtml as h } from '../escape.js';
import type { DatasetComparison } from '../statistics.js';
import { inlineSvg, num, pValue, scrollTable } from './parts.js';
import type { ReportSection } from './types.js';

/** The pairwise tests of one dataset, Holm-adjusted, significant rows marked. */
export function pairwiseTable(cmp: DatasetComparison, alpha: number): string {
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
    return `<tr${sig ? ' class="sig"' : ''}><th>${h(p.a)} vs ${h(p.b)}</th><td class="text">${detail}</td><td>${num(r.statistic, 3)}</td><td>${pValue(r.p)}</td><td class="nowrap">${pValue(r.p_holm)}${sig ? ' ✱' : ''}</td></tr>`;
  });
  return (
    `<p>${h(name)}; p-values Holm-adjusted over the ${cmp.pairs.length} pairs; ✱ marks p &lt; ${alpha}.</p>` +
    scrollTable(`<table class="num"><thead><tr><th>pair</th><th class="text">${cmp.test === 'corrected_t' ? 'difference (first − second)' : 'disagreements'}</th><th>statistic</th><th>p</th><th>p (Holm)</th></tr></thead><tbody>${rows.join('')}</tbody></table>`)
  );
}

const statistics: ReportSection = {
  order: 40,
  label: () => 'Statistics',
  render: (ctx) => {
    const out = ['<h2>Statistics</h2>'];
    const stats = ctx.statistics;
    if (stats === null) return `${out[0]}<p class="na">Not computed for this run.</p>`;
    const f = stats.friedman;
    out.push(`<p>All tests compare test-set <strong>${h(stats.metric)}</strong>${stats.greater_is_better ? '' : ' (lower is better)'} at α = ${stats.alpha}.</p>`);
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
    const w = stats.win_tie_loss;
    out.push('<h4>Win / tie / loss</h4>');
    if (!w.applicable) out.push(`<p class="na">Not applicable: ${h(w.reason)}.</p>`);
    else {
      out.push(
        `<p>Datasets where each algorithm beats, ties or loses to the baseline <strong>${h(w.baseline)}</strong> on mean test ${h(w.metric)} (choose another with <code>sweep report --baseline NAME</code>). ` +
          `${w.rule !== undefined ? `As in the Weka Experimenter, ${h(w.rule)}.` : 'Raw differences (this statistics file predates significance counting).'}</p>` +
          scrollTable(
            '<table class="num"><thead><tr><th class="text">algorithm</th><th>wins</th><th>ties</th><th>losses</th></tr></thead><tbody>' +
              w.rows.map((r) => `<tr><th class="text">${h(r.algorithm)}</th><td>${r.wins}</td><td>${r.ties}</td><td>${r.losses}</td></tr>`).join('') +
              '</tbody></table>',
          ),
      );
    }
    out.push('<p>Pairwise tests on each dataset are on the dataset pages below.</p>');
    return out.join('\n');
  },
};
export default statistics;
