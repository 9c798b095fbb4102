// The charts added for scikit-learn and MLflow users: cost vs score, precision–recall, calibration, feature importances.
import { describe, expect, it } from 'vitest';
import { fromRows } from '../../src/core/index.js';
import { averagePrSummaries, calibrationCurve, prSummary } from '../../src/evaluation/index.js';
import { buildCharts, cellKey, renderSvg, type CellReport, type Chart, type ChartInput } from '../../src/report/index.js';
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

describe('precision–recall and calibration charts', () => {
  const run = loadRun('run-holdout');
  const cell = run.results.cells.find((c) => c.status === 'ok')!;
  const key = cellKey(cell.dataset, cell.algorithm);
  const classes = ['a', 'b', 'c'];
  const y = Array.from({ length: 90 }, (_, i) => classes[i % 3]!);
  const proba = fromRows(y.map((label, i) => classes.map((c) => (c === label ? 0.5 : 0.25) + ((i * 7) % 5) * 0.01)).map((r) => r.map((v) => v / r.reduce((a, b) => a + b, 0))));
  const withData = (extra: Partial<CellReport>): ChartInput => ({ ...run, results: { ...run.results, cells: [cell] }, reports: new Map([[key, { ...run.reports.get(key)!, ...extra }]]) });

  it('PR: one curve per class with its AP and a chance line at its prevalence; under CV the mean with a band, and the subtitle says so', () => {
    const one = prSummary(y, proba, classes);
    const [chart] = buildCharts(withData({ pr: one }), ['precision-recall']);
    const layers = chart!.spec['layer'] as Array<{ data: { values: Array<Record<string, unknown>> } }>;
    const names = [...new Set(layers.at(-1)!.data.values.map((v) => v['curve']))];
    expect(names).toEqual(one.curves.map((c) => `${c.label} (AP ${c.ap.toFixed(3)})`));
    expect(layers[0]!.data.values.map((v) => v['prevalence'])).toEqual(one.curves.map((c) => c.prevalence));
    const mean = averagePrSummaries([one, prSummary(y.slice(0, 60), fromRows(Array.from({ length: 60 }, (_, i) => [...proba.data.slice(i * 3, i * 3 + 3)])), classes)])!;
    const [cv] = buildCharts(withData({ pr: mean }), ['precision-recall']);
    expect(JSON.stringify(cv!.spec['title'])).toMatch(/Mean over 2 folds/);
    expect((cv!.spec['layer'] as unknown[]).length).toBe(3); // chance, band, lines
  });

  it('PR with many classes: micro average and the worst classes, the rest named', () => {
    const many = Array.from({ length: 12 }, (_, k) => `k${k}`);
    const yy = Array.from({ length: 240 }, (_, i) => many[i % 12]!);
    const pp = fromRows(yy.map((label, i) => many.map((c, j) => (c === label ? 1 + (j % 4) : 1 + ((i + j) % 3)))).map((r) => r.map((v) => v / r.reduce((a, b) => a + b, 0))));
    const [chart] = buildCharts(withData({ pr: prSummary(yy, pp, many) }), ['precision-recall']);
    const lines = (chart!.spec['layer'] as Array<{ data: { values: Array<Record<string, unknown>> } }>).at(-1)!.data.values;
    expect(new Set(lines.map((v) => v['curve'])).size).toBe(4);
    expect((chart!.spec['title'] as { subtitle: string[] }).subtitle.join(' ')).toMatch(/12 classes: micro average and the 3 worst classes drawn; not drawn: /);
  });

  it('calibration: the bins against the diagonal, with rows per bin and the Brier score; absent without probabilities', async () => {
    const cal = calibrationCurve(y, proba, classes);
    const [chart] = buildCharts(withData({ calibration: cal }), ['calibration']);
    expect(JSON.stringify(chart!.spec['title'])).toContain(`Brier score ${cal.brier.toFixed(4)}`);
    expect(JSON.stringify(chart!.spec['title'])).toMatch(/top-label/);
    const svg = await renderSvg(chart!.spec);
    expect(svg).toContain('mean confidence');
    expect(buildCharts(withData({ calibration: null }), ['calibration'])).toEqual([]);
  });
});
