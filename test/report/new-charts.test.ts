// The charts added for scikit-learn and MLflow users: cost vs score, precision–recall, calibration, feature importances.
import { describe, expect, it } from 'vitest';
import { buildCharts, type Chart } from '../../src/report/index.js';
import { loadRun } from './fixtures.js';

/** The inline data rows of a chart spec. */
function rows(chart: Chart): Array<Record<string, unknown>> {
  return ((chart.spec['data'] as { values: Array<Record<string, unknown>> }).values);
}

describe('cost vs score (time-score)', () => {
  const run = loadRun('run-cv');

  it('draws one chart per dataset: each ok cell at its fit and predict seconds against its test score on the ranking metric', () => {
    const charts = buildCharts(run, ['time-score']);
    const datasets = [...new Set(run.results.cells.filter((c) => c.status === 'ok').map((c) => c.dataset))];
    expect(charts.map((c) => c.dataset).sort()).toEqual(datasets.sort());
    const metric = run.results.scoring ?? run.results.metrics[0]!;
    for (const chart of charts) {
      expect(chart.algorithm).toBeNull();
      const values = rows(chart);
      for (const c of run.results.cells.filter((x) => x.dataset === chart.dataset && x.status === 'ok')) {
        const fit = values.find((v) => v['algorithm'] === c.algorithm && String(v['phase']).startsWith('fit'))!;
        const predict = values.find((v) => v['algorithm'] === c.algorithm && String(v['phase']).startsWith('predict'))!;
        expect(fit['measured']).toBe(c.timing.fit_s);
        expect(predict['measured']).toBe(c.timing.predict_s);
        expect(fit['score']).toBe(c.metrics.test[metric]);
        expect(fit['std']).toBe(c.metrics_std.test[metric]);
      }
      expect(values.some((v) => run.results.cells.find((c) => c.dataset === chart.dataset && c.algorithm === v['algorithm'])?.status !== 'ok')).toBe(false);
      expect(JSON.stringify(chart.spec['title'])).toMatch(/mean over folds, bar ±1 std/);
    }
  });

  it('follows --metric', () => {
    const other = run.results.metrics.find((m) => m !== (run.results.scoring ?? run.results.metrics[0]))!;
    const [chart] = buildCharts({ ...run, metric: other }, ['time-score']);
    const c = run.results.cells.find((x) => x.dataset === chart!.dataset && x.status === 'ok')!;
    expect(rows(chart!).find((v) => v['algorithm'] === c.algorithm)!['score']).toBe(c.metrics.test[other]);
    expect(chart!.title).toBe(`cost vs ${other}`);
  });
});
