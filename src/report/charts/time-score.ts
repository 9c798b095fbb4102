/**
 * Per-dataset cost against accuracy: the ranking metric of each ok cell against its fit time and
 * its predict time (log scale), one dot per algorithm, so a model that is nearly as good for a
 * tenth of the time stands out. Under cross-validation the times are per-fold means and the score
 * carries a ±1 std bar over folds.
 */
import { algorithmScale, chartName, datasetOrder, withTheme, wrapLines } from './theme.js';
import { rankingMetric, type Chart, type ChartBuilder } from './types.js';

/** Smallest time drawn: a log axis cannot show 0 (the tooltip keeps the measured value). */
const FLOOR_S = 1e-5;

/** The two costs drawn, in panel order. */
export const TIME_PHASES = [
  { key: 'fit_s', title: 'fit time (s)' },
  { key: 'predict_s', title: 'predict time, test rows (s)' },
] as const;

/** One chart per dataset with at least one ok cell that has both a score and a time. */
const timeScore: ChartBuilder = (input) => {
  const { results } = input;
  const metric = rankingMetric(results, input.metric);
  if (metric === undefined) return [];
  const colors = algorithmScale(results);
  const lower = input.lowerIsBetter.has(metric);
  return datasetOrder(results).flatMap((dataset): Chart[] => {
    const cells = results.cells.filter((c) => c.dataset === dataset && c.status === 'ok');
    const cv = cells.some((c) => c.folds.length > 1);
    const values = cells.flatMap((c) => {
      const score = c.metrics.test[metric];
      if (score === null || score === undefined || !Number.isFinite(score)) return [];
      const std = c.metrics_std.test[metric] ?? 0;
      return TIME_PHASES.flatMap((phase) => {
        const s = c.timing[phase.key];
        if (s === null || !Number.isFinite(s)) return [];
        return [{ algorithm: c.algorithm, phase: phase.title, seconds: Math.max(s, FLOOR_S), measured: s, score, lo: score - std, hi: score + std, std }];
      });
    });
    if (values.length === 0) return [];
    const panel = (title: string) => {
      const secs = values.filter((v) => v.phase === title).map((v) => v.seconds);
      const decades: number[] = [];
      for (let e = Math.floor(Math.log10(Math.min(...secs))); e <= Math.ceil(Math.log10(Math.max(...secs))); e++) decades.push(10 ** e);
      const x = { field: 'seconds', type: 'quantitative', title, scale: { type: 'log' }, axis: { format: '~g', values: decades, labelOverlap: 'greedy' } };
      const y = { field: 'score', type: 'quantitative', title: `${metric} (test)${lower ? ', lower is better' : ''}`, scale: { zero: false } };
      return {
        width: 220,
        height: 180,
        transform: [{ filter: { field: 'phase', equal: title } }],
        layer: [
          ...(cv ? [{ mark: { type: 'rule', strokeWidth: 1.5, opacity: 0.6 }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color: { field: 'algorithm', type: 'nominal', scale: colors } } }] : []),
          {
            mark: { type: 'point', filled: true, size: 80, opacity: 0.9 },
            encoding: {
              x,
              y,
              color: { field: 'algorithm', type: 'nominal', scale: colors, title: 'algorithm', legend: { orient: 'bottom', direction: 'horizontal', columns: 4 } },
              shape: { field: 'algorithm', type: 'nominal', scale: { domain: colors.domain }, legend: null },
              tooltip: [{ field: 'algorithm' }, { field: 'score', format: '.4f', title: metric }, { field: 'std', format: '.4f', title: '± std' }, { field: 'measured', format: '.4g', title: 'seconds' }],
            },
          },
        ],
      };
    };
    const spec = withTheme({
      title: {
        text: `Cost vs ${metric}: ${dataset}`,
        subtitle: wrapLines(`One dot per algorithm: test ${metric}${cv ? ' (mean over folds, bar ±1 std)' : ''} against ${cv ? 'mean per-fold ' : ''}fit and predict seconds (log scale). Up and left is better${lower ? ' (here down and left)' : ''}.`, 72),
      },
      data: { values },
      hconcat: TIME_PHASES.map((p) => panel(p.title)),
      resolve: { scale: { y: 'shared' } },
      spacing: 24,
    });
    return [{ name: chartName('time-score', dataset), kind: 'time-score', title: `cost vs ${metric}`, dataset, algorithm: null, spec }];
  });
};
export default timeScore;
