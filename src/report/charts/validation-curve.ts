/** Per-cell validation curves: score against one hyperparameter, train and CV, with ± std bands. */
import { chartName } from './theme.js';
import { curveSpec } from './curve.js';
import { cellKey, type Chart, type ChartBuilder } from './types.js';

/** Drawn for every cell whose report has a `validation_curve`. */
const validationCurve: ChartBuilder = ({ results, reports }) =>
  results.cells.flatMap((c): Chart[] => {
    const curve = reports.get(cellKey(c.dataset, c.algorithm))?.validation_curve;
    if (curve === null || curve === undefined) return [];
    const spec = curveSpec(curve, `Validation curve: ${c.dataset} × ${c.algorithm}`, `Score as ${curve.x_label} varies; bands: ± one standard deviation.`, curve.x_label);
    return spec === null ? [] : [{ name: chartName('validation-curve', c.dataset, c.algorithm), kind: 'validation-curve', title: 'validation curve', dataset: c.dataset, algorithm: c.algorithm, spec }];
  });
export default validationCurve;
