/**
 * Per-cell confusion matrices of the test predictions: raw counts and normalized by true class.
 * Numbers are always in the cells; with many classes the counts get a log colour scale (a few
 * large diagonal cells would otherwise wash out every error) and the panels stack.
 */
import { measureText } from '../text-metrics.js';
import { chartName, valueLabel, withTheme } from './theme.js';
import { cellKey, type Chart, type ChartBuilder } from './types.js';

/** Two heatmaps side by side: counts, and rows normalized to sum to 1 (the diagonal is recall). */
const confusionMatrix: ChartBuilder = ({ results, reports }) => {
  const charts: Chart[] = [];
  for (const c of results.cells) {
    const report = reports.get(cellKey(c.dataset, c.algorithm));
    const cm = report?.confusion_matrix;
    if (report === undefined || cm === undefined || cm.labels.length === 0 || cm.test.length === 0) continue;
    const labels = cm.labels.map(valueLabel);
    const values: Array<{ actual: string; predicted: string; count: number; share: number }> = [];
    cm.test.forEach((row, i) => {
      const total = row.reduce((s, v) => s + v, 0);
      row.forEach((count, j) => values.push({ actual: labels[i]!, predicted: labels[j]!, count, share: total === 0 ? 0 : count / total }));
    });
    const n = labels.length;
    const many = n > 12;
    // Both panels fit an A4 text width side by side up to ~12 classes; beyond, they stack, with cells big enough for a number.
    const step = many ? 22 : Math.max(16, Math.min(36, Math.floor(260 / n)));
    const logCounts = n > 8;
    const widest = Math.max(...labels.map((l) => measureText(l, 11)));
    const labelLimit = 140;
    // Ramps that start at white, so empty cells read as empty (Vega's schemes start tinted).
    const RAMPS: Record<string, string[]> = { blues: ['#f7fbff', '#08519c'], greens: ['#f7fcf5', '#006d2c'] };
    const panel = (field: 'count' | 'share', title: string, scheme: string, format: string) => ({
      title: { text: title, fontSize: 12, fontWeight: 'normal', anchor: 'middle' },
      width: { step },
      height: { step },
      encoding: {
        x: { field: 'predicted', type: 'nominal', sort: labels, title: 'predicted', axis: { labelAngle: widest > step - 2 ? -45 : 0, labelLimit } },
        y: { field: 'actual', type: 'nominal', sort: labels, title: 'actual', axis: { labelLimit } },
      },
      layer: [
        {
          mark: { type: 'rect', stroke: 'white', strokeWidth: n > 20 ? 0.5 : 1 },
          encoding: {
            color: { field, type: 'quantitative', scale: { range: RAMPS[scheme], interpolate: 'hcl', ...(field === 'share' ? { domain: [0, 1] } : logCounts ? { type: 'symlog', domainMin: 0 } : { domainMin: 0 }) }, title: field === 'share' ? 'share of row' : logCounts ? 'rows (log scale)' : 'rows', legend: { format, gradientLength: Math.max(60, Math.min(step * n, 200)) } },
            tooltip: [{ field: 'actual' }, { field: 'predicted' }, { field: 'count' }, { field: 'share', format: '.1%' }],
          },
        },
        ...[
              {
                // Empty cells stay blank in the normalized panel: a wall of 0.00 hides the errors that matter.
                ...(field === 'share' ? { transform: [{ filter: 'datum.count > 0' }] } : {}),
                mark: { type: 'text', fontSize: many ? 8 : n > 8 ? 9 : 11 },
                encoding: {
                  text: { field, type: 'quantitative', format: field === 'share' ? '.2f' : 'd' },
                  color: { condition: { test: field === 'share' ? 'datum.share > 0.5' : logCounts ? `log(datum.count + 1) > ${Math.log(Math.max(...values.map((v) => v.count)) + 1) / 2}` : `datum.count > ${Math.max(...values.map((v) => v.count)) / 2}`, value: 'white' }, value: '#333' },
                },
              },
            ],
      ],
    });
    const folds = c.folds.length;
    const spec = withTheme({
      title: {
        text: `Confusion matrix: ${c.dataset} × ${c.algorithm}`,
        subtitle: folds > 1 ? `Test predictions of all ${folds} folds pooled (${report.n_test} test rows per fold).` : `Test set (${report.n_test} rows).`,
      },
      data: { values },
      [many ? 'vconcat' : 'hconcat']: [panel('count', logCounts ? 'counts (log colour scale)' : 'counts', 'blues', 'd'), panel('share', 'normalized by actual class', 'greens', '.1f')],
      resolve: { scale: { color: 'independent' } },
      spacing: 28,
    });
    charts.push({ name: chartName('confusion-matrix', c.dataset, c.algorithm), kind: 'confusion-matrix', title: 'confusion matrix', dataset: c.dataset, algorithm: c.algorithm, spec });
  }
  return charts;
};
export default confusionMatrix;
