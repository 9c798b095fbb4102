/**
 * Per-cell "score vs iterations" of boosted ensembles (adaboost, gradient-boosting): train and test
 * accuracy after each boosting iteration (scikit-learn's `staged_predict`), one line per fold and
 * set, with a rule at the iteration early stopping kept.
 */
import { SERIES_COLORS, chartName, withTheme } from './theme.js';
import { cellKey, type Chart, type ChartBuilder } from './types.js';

/** Drawn for every cell whose report has `staged_scores`. */
const stagedScores: ChartBuilder = ({ results, reports }) =>
  results.cells.flatMap((c): Chart[] => {
    const staged = reports.get(cellKey(c.dataset, c.algorithm))?.staged_scores;
    if (staged === null || staged === undefined || staged.length === 0) return [];
    const several = staged.length > 1;
    const values = staged.flatMap((s) =>
      (['train', 'test'] as const).flatMap((set) =>
        s[set].map((accuracy, i) => ({ iteration: i + 1, accuracy, set, line: several ? `${set}, fold ${s.fold}` : set })),
      ),
    );
    if (values.length === 0) return [];
    const stops = staged.flatMap((s) => (s.early_stopping_iteration === null ? [] : [{ iteration: s.early_stopping_iteration, fold: `fold ${s.fold}` }]));
    const lines = {
      data: { values },
      mark: { type: 'line', strokeWidth: 2, point: values.length <= 120 ? { filled: true, size: 16 } : false },
      encoding: {
        x: { field: 'iteration', type: 'quantitative', title: 'boosting iteration', axis: { format: 'd' }, scale: { zero: false, nice: false } },
        y: { field: 'accuracy', type: 'quantitative', title: 'accuracy', scale: { zero: false } },
        color: { field: 'set', type: 'nominal', title: null, scale: { domain: ['train', 'test'], range: [SERIES_COLORS.train, SERIES_COLORS.test] }, legend: { orient: 'bottom', direction: 'horizontal' } },
        detail: { field: 'line', type: 'nominal' },
        tooltip: [{ field: 'line', title: 'series' }, { field: 'iteration' }, { field: 'accuracy', format: '.4f' }],
      },
    };
    const rule = {
      data: { values: stops },
      mark: { type: 'rule', strokeDash: [4, 3], color: '#555' },
      encoding: { x: { field: 'iteration', type: 'quantitative' }, tooltip: [{ field: 'fold' }, { field: 'iteration', title: 'early stopping kept' }] },
    };
    const spec = withTheme({
      title: {
        text: `Score vs iterations: ${c.dataset} × ${c.algorithm}`,
        subtitle: stops.length > 0 ? 'Accuracy after each boosting iteration; the dashed rule marks the iteration early stopping kept.' : 'Accuracy after each boosting iteration (early stopping off).',
      },
      width: 300,
      height: 180,
      layer: stops.length > 0 ? [lines, rule] : [lines],
    });
    return [{ name: chartName('staged-scores', c.dataset, c.algorithm), kind: 'staged-scores', title: 'score vs iterations', dataset: c.dataset, algorithm: c.algorithm, spec }];
  });
export default stagedScores;
