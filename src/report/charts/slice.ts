/** Per tuned cell with an adaptive search (tpe): score against each hyperparameter, one panel each (Optuna's `plot_slice`). */
import { chartName, PALETTE, valueLabel, withTheme } from './theme.js';
import { cellKey, type Chart, type ChartBuilder } from './types.js';

const slice: ChartBuilder = ({ results, reports }) =>
  results.cells.flatMap((c): Chart[] => {
    const report = reports.get(cellKey(c.dataset, c.algorithm));
    const trials = (report?.trials ?? []).filter((t) => (t.fold ?? 0) === 0 && t.state === 'complete' && t.value !== null && Number.isFinite(t.value));
    if (trials.length === 0) return [];
    const names = [...new Set(trials.flatMap((t) => Object.keys(t.params)))].sort();
    if (names.length === 0) return [];
    const scoring = report!.search?.[0]?.scoring ?? 'score';
    const panels = names.map((name) => {
      const points = trials.filter((t) => name in t.params).map((t) => ({ x: t.params[name], label: valueLabel(t.params[name]), value: t.value, trial: t.number }));
      const numeric = points.every((p) => typeof p.x === 'number');
      const xs = numeric ? points.map((p) => p.x as number) : [];
      const log = numeric && xs.every((x) => x > 0) && Math.max(...xs) / Math.min(...xs) >= 100;
      return {
        data: { values: points },
        width: 150,
        height: 140,
        mark: { type: 'point', filled: true, size: 40, opacity: 0.8 },
        encoding: {
          x: numeric ? { field: 'x', type: 'quantitative', title: name, scale: { zero: false, ...(log ? { type: 'log' } : {}) } } : { field: 'label', type: 'nominal', title: name, axis: { labelAngle: 0 } },
          y: { field: 'value', type: 'quantitative', title: scoring, scale: { zero: false } },
          color: { field: 'trial', type: 'quantitative', title: 'trial', scale: { range: [PALETTE[9], PALETTE[0]] } },
          tooltip: [{ field: 'trial' }, { field: 'label', title: name }, { field: 'value', format: '.4f' }],
        },
      };
    });
    const spec = withTheme({
      title: { text: `Slice: ${c.dataset} × ${c.algorithm}`, subtitle: 'CV score of each complete trial against each hyperparameter (darker: later trials)' },
      hconcat: panels,
      resolve: { scale: { color: 'shared' } },
    });
    return [{ name: chartName('slice', c.dataset, c.algorithm), kind: 'slice', title: 'slice', dataset: c.dataset, algorithm: c.algorithm, spec }];
  });
export default slice;
