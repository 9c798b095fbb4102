/** Fit and predict time of every cell on a log scale (seconds span orders of magnitude). */
import { algorithmScale, chartName, datasetOrder, withTheme } from './theme.js';
import type { ChartBuilder } from './types.js';

/** Smallest time drawn: a log axis cannot show 0, and anything below is "instant". */
const FLOOR_S = 1e-5;

/** Two panels (fit, predict): one dot per algorithm on each dataset's row. */
const timing: ChartBuilder = ({ results }) => {
  const colors = algorithmScale(results);
  const datasets = datasetOrder(results);
  const values = results.cells.flatMap((c) => {
    if (c.status !== 'ok') return [];
    const rows: Array<{ dataset: string; algorithm: string; phase: string; seconds: number; measured: number }> = [];
    const add = (phase: string, s: number | null): void => {
      if (s !== null && Number.isFinite(s)) rows.push({ dataset: c.dataset, algorithm: c.algorithm, phase, seconds: Math.max(s, FLOOR_S), measured: s });
    };
    add('fit', c.timing.fit_s);
    add('predict (test rows)', c.timing.predict_s);
    return rows;
  });
  if (values.length === 0) return [];
  const decades = (phase: string): number[] => {
    const secs = values.filter((v) => v.phase === phase).map((v) => v.seconds);
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(Math.min(...secs))); e <= Math.ceil(Math.log10(Math.max(...secs))); e++) out.push(10 ** e);
    return out;
  };
  const ticks = [...new Set([...decades('fit'), ...decades('predict (test rows)')])].sort((a, b) => a - b);
  const perFold = results.cells.some((c) => c.folds.length > 1);
  const spec = withTheme({
    title: { text: 'Fit and predict time', subtitle: `Seconds${perFold ? ' per fold (mean)' : ''}, log scale; one dot per algorithm.` },
    data: { values },
    facet: { column: { field: 'phase', type: 'nominal', title: null, sort: ['fit', 'predict (test rows)'] } },
    spec: {
      width: 250,
      height: { step: 26 },
      mark: { type: 'point', filled: true, size: 70, opacity: 0.9 },
      encoding: {
        y: { field: 'dataset', type: 'nominal', sort: datasets, title: null, axis: { grid: true, gridDash: [2, 2] } },
        x: { field: 'seconds', type: 'quantitative', title: 'seconds', scale: { type: 'log' }, axis: { format: '~g', grid: true, values: ticks } },
        color: { field: 'algorithm', type: 'nominal', scale: colors, title: 'algorithm', legend: { orient: 'bottom', direction: 'horizontal', columns: 4 } },
        shape: { field: 'algorithm', type: 'nominal', scale: { domain: colors.domain }, legend: null },
        tooltip: [{ field: 'dataset' }, { field: 'algorithm' }, { field: 'phase' }, { field: 'measured', format: '.4g', title: 'seconds' }],
      },
    },
    resolve: { scale: { x: 'independent' } },
    spacing: 24,
  });
  return [{ name: chartName('timing'), kind: 'timing', title: 'fit and predict time', dataset: null, algorithm: null, spec }];
};
export default timing;
