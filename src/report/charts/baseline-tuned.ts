/** Configured params (baseline) against tuned params, per cell that ran a search. */
import { datasetOrder, chartName, PALETTE, withTheme } from './theme.js';
import { rankingMetric, type ChartBuilder } from './types.js';

/** A dumbbell per cell: grey dot = configured params, blue dot = tuned; the bar shows the gain. */
const baselineTuned: ChartBuilder = (input) => {
  const { results } = input;
  const metric = rankingMetric(results, input.metric);
  if (metric === undefined) return [];
  const order = datasetOrder(results);
  const pairs = results.cells.flatMap((c) => {
    const tuned = c.status === 'ok' ? c.metrics.test[metric] : null;
    const base = c.baseline?.metrics.test[metric];
    if (tuned === null || tuned === undefined || base === null || base === undefined || !Number.isFinite(tuned) || !Number.isFinite(base)) return [];
    return [{ cell: `${c.dataset} · ${c.algorithm}`, dataset: c.dataset, baseline: base, tuned, gain: tuned - base }];
  });
  if (pairs.length === 0) return [];
  pairs.sort((a, b) => order.indexOf(a.dataset) - order.indexOf(b.dataset));
  const rows = pairs.map((p) => p.cell);
  const points = pairs.flatMap((p) => [
    { cell: p.cell, variant: 'configured params', value: p.baseline },
    { cell: p.cell, variant: 'tuned', value: p.tuned },
  ]);
  const all = points.map((p) => p.value);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const pad = Math.max((hi - lo) * 0.1, 0.005);
  const x = { type: 'quantitative', title: `${metric} (test)`, scale: { domain: [lo - pad, hi + pad], nice: false, zero: false }, axis: { format: '.3f', tickCount: 4, labelOverlap: 'greedy', labelFlush: true } };
  const y = { field: 'cell', type: 'nominal', sort: rows, title: null, axis: { grid: true, gridDash: [2, 2] } };
  const spec = withTheme({
    title: { text: 'Configured vs tuned hyperparameters', subtitle: `Test ${metric} of each cell that ran a search.` },
    width: 420,
    height: { step: 24 },
    layer: [
      {
        data: { values: pairs },
        mark: { type: 'rule', color: '#999', strokeWidth: 2 },
        encoding: { y, x: { ...x, field: 'baseline' }, x2: { field: 'tuned' } },
      },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 80, opacity: 1 },
        encoding: {
          y,
          x: { ...x, field: 'value' },
          color: { field: 'variant', type: 'nominal', title: null, scale: { domain: ['configured params', 'tuned'], range: ['#9aa0a6', PALETTE[0]] }, legend: { orient: 'bottom', direction: 'horizontal' } },
          tooltip: [{ field: 'cell' }, { field: 'variant' }, { field: 'value', format: '.4f' }],
        },
      },
    ],
  });
  return [{ name: chartName('baseline-tuned', metric), kind: 'baseline-tuned', title: 'configured vs tuned', dataset: null, algorithm: null, spec }];
};
export default baselineTuned;
