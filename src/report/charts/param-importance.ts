/**
 * Per tuned cell with an adaptive search (tpe): hyperparameter importances as report.json
 * `param_importance` holds them (permutation importance of a random forest fitted on the trials;
 * see the evaluation layer's `paramImportance`).
 */
import { chartName, PALETTE, withTheme } from './theme.js';
import { cellKey, type Chart, type ChartBuilder } from './types.js';

const paramImportance: ChartBuilder = ({ results, reports }) =>
  results.cells.flatMap((c): Chart[] => {
    const imp = reports.get(cellKey(c.dataset, c.algorithm))?.param_importance;
    if (imp === undefined || imp === null || imp.importances.length === 0) return [];
    const spec = withTheme({
      title: { text: `Hyperparameter importance: ${c.dataset} × ${c.algorithm}`, subtitle: `${imp.method} (${imp.n_trials} trials)` },
      data: { values: imp.importances },
      width: 300,
      height: Math.max(60, 22 * imp.importances.length),
      mark: { type: 'bar', color: PALETTE[0] },
      encoding: {
        y: { field: 'param', type: 'nominal', title: null, sort: '-x' },
        x: { field: 'importance', type: 'quantitative', title: 'share of importance', axis: { format: '.0%' }, scale: { domain: [0, 1] } },
        tooltip: [{ field: 'param' }, { field: 'importance', format: '.3f' }],
      },
    });
    return [{ name: chartName('param-importance', c.dataset, c.algorithm), kind: 'param-importance', title: 'hyperparameter importance', dataset: c.dataset, algorithm: c.algorithm, spec }];
  });
export default paramImportance;
