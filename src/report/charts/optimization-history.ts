/** Per tuned cell with an adaptive search (tpe): each trial's score, the best so far, pruned trials marked (Optuna's `plot_optimization_history`). */
import type { TrialData } from '../results.js';
import { chartName, PALETTE, withTheme } from './theme.js';
import { cellKey, type Chart, type ChartBuilder } from './types.js';

const optimizationHistory: ChartBuilder = ({ results, reports, lowerIsBetter }) =>
  results.cells.flatMap((c): Chart[] => {
    const report = reports.get(cellKey(c.dataset, c.algorithm));
    const trials = (report?.trials ?? []).filter((t) => (t.fold ?? 0) === 0);
    if (trials.length === 0) return [];
    const scoring = report!.search?.[0]?.scoring ?? 'score';
    const lower = lowerIsBetter.has(scoring);
    let best: number | null = null;
    const values = trials.map((t: TrialData) => {
      const v = t.value;
      if (t.state === 'complete' && v !== null && Number.isFinite(v) && (best === null || (lower ? v < best : v > best))) best = v;
      return { trial: t.number, value: v, state: t.state, best, step: t.pruned_step ?? null, params: JSON.stringify(t.params) };
    });
    const shown = values.filter((v) => v.value !== null && Number.isFinite(v.value));
    if (shown.length === 0) return [];
    const spec = withTheme({
      title: { text: `Optimization history: ${c.dataset} × ${c.algorithm}`, subtitle: 'Each trial\'s CV score (pruned: its last fold mean), and the best complete trial so far' + (report!.search!.length > 1 ? ' (outer fold 0)' : '') },
      data: { values: shown },
      width: 300,
      height: 200,
      layer: [
        {
          mark: { type: 'point', filled: true, size: 45 },
          encoding: {
            x: { field: 'trial', type: 'quantitative', title: 'trial', axis: { format: 'd' } },
            y: { field: 'value', type: 'quantitative', title: scoring, scale: { zero: false } },
            color: { field: 'state', type: 'nominal', title: null, scale: { domain: ['complete', 'pruned'], range: [PALETTE[0], PALETTE[2]] }, legend: { orient: 'bottom', direction: 'horizontal' } },
            shape: { field: 'state', type: 'nominal', scale: { domain: ['complete', 'pruned'], range: ['circle', 'cross'] }, legend: null },
            tooltip: [{ field: 'trial' }, { field: 'state' }, { field: 'value', format: '.4f' }, { field: 'step', title: 'pruned at fold' }, { field: 'params' }],
          },
        },
        { mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2, color: PALETTE[1] }, encoding: { x: { field: 'trial', type: 'quantitative' }, y: { field: 'best', type: 'quantitative' } } },
      ],
    });
    return [{ name: chartName('optimization-history', c.dataset, c.algorithm), kind: 'optimization-history', title: 'optimization history', dataset: c.dataset, algorithm: c.algorithm, spec }];
  });
export default optimizationHistory;
