/**
 * Per-cell reliability diagram (scikit-learn's `CalibrationDisplay`): mean predicted probability
 * against the observed frequency in ten uniform bins, with the diagonal of perfect calibration and
 * the rows per bin. Drawn when the run asked for a metric that needs probabilities (log_loss, …).
 */
import { chartName, valueLabel, withTheme, wrapLines } from './theme.js';
import { cellKey, type Chart, type ChartBuilder } from './types.js';

const calibration: ChartBuilder = ({ results, reports }) =>
  results.cells.flatMap((c): Chart[] => {
    const data = reports.get(cellKey(c.dataset, c.algorithm))?.calibration ?? null;
    if (data === null || data.bins.length === 0) return [];
    const what =
      data.kind === 'positive'
        ? `Predicted probability of ${valueLabel(data.label)} against the share of rows that are ${valueLabel(data.label)}`
        : 'Probability of the predicted class (confidence) against how often that class was right (top-label)';
    const pooled = data.folds > 1 ? `, test rows of all ${data.folds} folds pooled` : ', test rows';
    const values = data.bins.map((b) => ({ ...b }));
    const x = { field: 'mean_predicted', type: 'quantitative', title: data.kind === 'positive' ? 'mean predicted probability' : 'mean confidence', scale: { domain: [0, 1] } };
    const spec = withTheme({
      title: { text: `Calibration: ${c.dataset} × ${c.algorithm}`, subtitle: wrapLines(`${what}; ${data.n_bins} uniform bins${pooled}. Dashed: perfectly calibrated. Brier score ${data.brier.toFixed(4)}.`, 60) },
      vconcat: [
        {
          width: 260,
          height: 220,
          layer: [
            { data: { values: [{ mean_predicted: 0, fraction_positive: 0 }, { mean_predicted: 1, fraction_positive: 1 }] }, mark: { type: 'line', strokeDash: [4, 4], color: '#aaa', strokeWidth: 1 }, encoding: { x, y: { field: 'fraction_positive', type: 'quantitative' } } },
            {
              data: { values },
              mark: { type: 'line', point: { filled: true, size: 40 }, strokeWidth: 2, color: '#4e79a7' },
              encoding: {
                x,
                y: { field: 'fraction_positive', type: 'quantitative', title: data.kind === 'positive' ? 'fraction of positives' : 'accuracy', scale: { domain: [0, 1] } },
                tooltip: [{ field: 'mean_predicted', format: '.3f', title: 'mean predicted' }, { field: 'fraction_positive', format: '.3f', title: 'observed' }, { field: 'count', title: 'rows' }],
              },
            },
          ],
        },
        {
          width: 260,
          height: 60,
          data: { values },
          mark: { type: 'bar', color: '#9aa0a6', width: { band: 0.9 } },
          encoding: { x: { ...x, title: null }, y: { field: 'count', type: 'quantitative', title: 'rows' }, tooltip: [{ field: 'count', title: 'rows' }] },
        },
      ],
      spacing: 8,
    });
    return [{ name: chartName('calibration', c.dataset, c.algorithm), kind: 'calibration', title: 'calibration (reliability)', dataset: c.dataset, algorithm: c.algorithm, spec }];
  });
export default calibration;
