/** Per-cell learning curves: score against training rows, train and CV, with ± std bands. */
import { chartName } from './theme.js';
import { curveSpec } from './curve.js';
import { cellKey, type Chart, type ChartBuilder } from './types.js';

/** Drawn for every cell whose report has a `learning_curve`. */
const learningCurve: ChartBuilder = ({ results, reports }) =>
  results.cells.flatMap((c): Chart[] => {
    const curve = reports.get(cellKey(c.dataset, c.algorithm))?.learning_curve;
    if (curve === null || curve === undefined) return [];
    const spec = curveSpec(curve, `Learning curve: ${c.dataset} × ${c.algorithm}`, 'Mean over CV folds; bands: ± one standard deviation.', 'training rows');
    return spec === null ? [] : [{ name: chartName('learning-curve', c.dataset, c.algorithm), kind: 'learning-curve', title: 'learning curve', dataset: c.dataset, algorithm: c.algorithm, spec }];
  });
export default learningCurve;
