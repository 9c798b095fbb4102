/** Grouped bars of each metric per dataset and algorithm, with ± one std over CV folds. */
import { algorithmScale, chartName, datasetOrder, PAGE_WIDTH, withTheme } from './theme.js';
import type { Chart, ChartBuilder } from './types.js';

/** One chart per metric: bars are means over folds; error bars show ± std when there are ≥ 2 folds. */
const scoreBars: ChartBuilder = ({ results }) => {
  const datasets = datasetOrder(results);
  const colors = algorithmScale(results);
  const charts: Chart[] = [];
  for (const metric of results.metrics) {
    const values = results.cells.flatMap((c) => {
      const mean = c.status === 'ok' ? c.metrics.test[metric] : null;
      if (mean === null || mean === undefined || !Number.isFinite(mean)) return [];
      const std = c.folds.length > 1 ? (c.metrics_std.test[metric] ?? 0) : 0;
      return [{ dataset: c.dataset, algorithm: c.algorithm, mean, lo: mean - std, hi: mean + std, std, folds: c.folds.length }];
    });
    if (values.length === 0) continue;
    const withSpread = values.some((v) => v.folds > 1);
    const k = colors.domain.length;
    const groupWidth = Math.min(Math.max(k * 16 + 24, 60), Math.floor(PAGE_WIDTH / Math.max(1, datasets.length)));
    const bounded = values.every((v) => v.mean >= 0 && v.mean <= 1);
    const y = {
      field: 'mean',
      type: 'quantitative',
      title: `${metric} (test)`,
      scale: bounded ? { domain: [0, 1] } : { zero: true },
      axis: { format: bounded ? '.1f' : '~g', grid: true },
    };
    const layer: unknown[] = [
      {
        mark: { type: 'bar', width: { band: 0.9 } },
        encoding: {
          y,
          color: { field: 'algorithm', type: 'nominal', scale: colors, title: 'algorithm', legend: { orient: 'bottom', direction: 'horizontal', columns: 4 } },
          tooltip: [{ field: 'dataset' }, { field: 'algorithm' }, { field: 'mean', format: '.4f', title: metric }, { field: 'std', format: '.4f', title: 'std over folds' }, { field: 'folds' }],
        },
      },
    ];
    if (withSpread) {
      layer.push({
        transform: [{ filter: 'datum.folds > 1' }],
        mark: { type: 'rule', color: '#222', strokeWidth: 1.2 },
        encoding: { y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
      });
    }
    const spec = withTheme({
      title: {
        text: `${metric} per dataset`,
        subtitle: withSpread ? 'Mean test score over CV folds; whiskers: ± one standard deviation.' : 'Test-set score.',
      },
      data: { values },
      width: { step: groupWidth, for: 'position' },
      height: 240,
      encoding: {
        x: { field: 'dataset', type: 'nominal', sort: datasets, title: null, axis: { labelAngle: 0, labelLimit: groupWidth - 4 } },
        xOffset: { field: 'algorithm', type: 'nominal', sort: colors.domain, scale: { paddingInner: 0.1 } },
      },
      layer,
    });
    charts.push({ name: chartName('score-bars', metric), kind: 'score-bars', title: `${metric} per dataset`, dataset: null, algorithm: null, spec });
  }
  return charts;
};
export default scoreBars;
