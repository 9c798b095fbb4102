import { describe, expect, it } from 'vitest';
import { buildCharts, charts, measureText, renderSvg, type CellReport } from '../../src/report/index.js';
import { HOSTILE, loadRun } from './fixtures.js';

describe('charts', () => {
  const run = loadRun('run-cv');
  const built = buildCharts(run);
  const byKind = (kind: string) => built.filter((c) => c.kind === kind);

  it('are registered under their file names', () => {
    expect(charts.names()).toEqual(['heatmap', 'score-bars', 'timing', 'time-score', 'baseline-tuned', 'confusion-matrix', 'roc', 'precision-recall', 'calibration', 'feature-importance', 'learning-curve', 'validation-curve', 'loss-curve', 'optimization-history', 'slice', 'param-importance', 'staged-scores']);
    expect(() => charts.get('heatmpa')).toThrow(/did you mean 'heatmap'/);
  });

  it('draw run-wide charts once and per-cell charts for every ok cell only', () => {
    const ok = run.results.cells.filter((c) => c.status === 'ok');
    expect(ok.length).toBe(19);
    expect(byKind('heatmap').map((c) => c.name)).toEqual(['heatmap__accuracy']);
    expect(byKind('score-bars').map((c) => c.name)).toEqual(run.results.metrics.map((m) => `score-bars__${m}`));
    for (const kind of ['confusion-matrix', 'roc', 'learning-curve', 'validation-curve']) {
      expect(byKind(kind).map((c) => `${c.dataset}/${c.algorithm}`).sort()).toEqual(ok.map((c) => `${c.dataset}/${c.algorithm}`).sort());
    }
    expect(byKind('confusion-matrix').some((c) => c.algorithm === 'knn' && c.dataset === 'hostile')).toBe(false);
    expect(new Set(built.map((c) => c.name)).size).toBe(built.length);
    for (const c of built) expect(c.name).toMatch(/^[A-Za-z0-9._-]+$/);
  });

  it('skip a chart whose data is absent instead of drawing it empty', () => {
    const bare = new Map<string, CellReport>();
    for (const [k, r] of run.reports) bare.set(k, { ...r, roc: null, learning_curve: null, validation_curve: null, baseline: null, search: null });
    const results = { ...run.results, cells: run.results.cells.map((c) => ({ ...c, baseline: null })) };
    const kinds = new Set(buildCharts({ ...run, results, reports: bare }).map((c) => c.kind));
    expect([...kinds].sort()).toEqual(['confusion-matrix', 'heatmap', 'score-bars', 'time-score', 'timing']);
    const failed = { ...run.results, cells: run.results.cells.map((c) => ({ ...c, status: 'failed' as const })) };
    expect(buildCharts({ ...run, results: failed, reports: new Map() })).toEqual([]);
  });

  it('draw the loss per epoch (and validation accuracy) of cells with a training history, one line per fold', async () => {
    const [key, first] = [...run.reports.entries()][0]!;
    const cell = run.results.cells.find((c) => `${c.dataset}\u0000${c.algorithm}` === key)!;
    const reports = new Map(run.reports);
    reports.set(key, { ...first, training_history: [{ fold: 1, loss: [0.9, 0.5, 0.4] }, { fold: 2, loss: [1.0, 0.6, 0.45], validation_score: [0.7, 0.8, 0.82] }] });
    const curves = buildCharts({ ...run, reports }).filter((c) => c.kind === 'loss-curve');
    expect(curves.map((c) => `${c.dataset}/${c.algorithm}`)).toEqual([`${cell.dataset}/${cell.algorithm}`]);
    const svg = await renderSvg(curves[0]!.spec);
    expect(svg).toContain('training loss');
    expect(svg).toContain('validation accuracy');
    expect(svg).toContain('fold 2');
  });

  it('draw score vs iterations of boosted cells (train and test per fold), with a rule where early stopping stopped', async () => {
    const [key, first] = [...run.reports.entries()][0]!;
    const cell = run.results.cells.find((c) => `${c.dataset}\u0000${c.algorithm}` === key)!;
    const reports = new Map(run.reports);
    reports.set(key, {
      ...first,
      staged_scores: [
        { fold: 1, train: [0.6, 0.7, 0.8], test: [0.55, 0.65, 0.7], early_stopping_iteration: null },
        { fold: 2, train: [0.62, 0.72, 0.81], test: [0.5, 0.66, 0.69], early_stopping_iteration: 3 },
      ],
    });
    const staged = buildCharts({ ...run, reports }).filter((c) => c.kind === 'staged-scores');
    expect(staged.map((c) => `${c.dataset}/${c.algorithm}`)).toEqual([`${cell.dataset}/${cell.algorithm}`]);
    const layers = (staged[0]!.spec as { layer: Array<{ mark: { type: string }; data: { values: unknown[] } }> }).layer;
    expect(layers.map((l) => l.mark.type)).toEqual(['line', 'rule']);
    expect(layers[0]!.data.values).toHaveLength(12);
    expect(layers[1]!.data.values).toEqual([{ iteration: 3, fold: 'fold 2' }]);
    const svg = await renderSvg(staged[0]!.spec);
    expect(svg).toContain('Score vs iterations');
    expect(svg).toContain('boosting iteration');
    expect(buildCharts(run).some((c) => c.kind === 'staged-scores')).toBe(false);
  });

  it('error bars come from the folds: std over folds around the mean', () => {
    const spec = byKind('score-bars')[0]!.spec as { data: { values: Array<{ dataset: string; algorithm: string; mean: number; lo: number; hi: number }> } };
    const cell = run.results.cells.find((c) => c.dataset === 'wine' && c.algorithm === 'knn')!;
    const row = spec.data.values.find((v) => v.dataset === 'wine' && v.algorithm === 'knn')!;
    expect(row.mean).toBe(cell.metrics.test['accuracy']);
    expect(row.hi - row.mean).toBeCloseTo(cell.metrics_std.test['accuracy']!, 12);
    expect(row.mean - row.lo).toBeCloseTo(cell.metrics_std.test['accuracy']!, 12);
  });

  it('render to standalone SVG with hostile labels escaped', async () => {
    const cm = byKind('confusion-matrix').find((c) => c.dataset === 'hostile')!;
    const svg = await renderSvg(cm.spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toMatch(/<script/i);
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('Confusion matrix: hostile × decision-tree');
    const heat = await renderSvg(byKind('heatmap')[0]!.spec);
    expect(heat).toContain('failed');
    for (const a of ['decision-tree', 'random-forest', 'knn', 'naive-bayes']) expect(heat).toContain(`>${a}<`);
  });

  it('measure text with Arial widths, not one width per character', () => {
    expect(measureText('iiii', 10)).toBeCloseTo(8.88, 2);
    expect(measureText('WWWW', 10)).toBeCloseTo(37.76, 2);
    expect(measureText('W', 10, true)).toBeCloseTo(9.44, 2);
  });
});
