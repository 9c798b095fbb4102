import { existsSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSweepConfig } from '../../src/config/index.js';
import type { SweepResults } from '../../src/report/index.js';
import { runSweep, type Progress } from '../../src/sweep/index.js';
import { makeToyCsv, tempProject, type TempProject } from '../helpers/project.js';

let project: TempProject;

beforeAll(() => {
  project = tempProject();
  project.write('datasets/toy.csv', makeToyCsv(300, 7));
  project.write('datasets/other.csv', makeToyCsv(200, 11));
  project.write(
    'conf/sweep.yaml',
    `name: toy
seed: 0
datasets:
  toy: { path: datasets/toy.csv, target: label }
  other: { path: datasets/other.csv, target: label }
  broken: { path: datasets/toy.csv, target: label, drop: [no_such_column] }
algorithms:
  decision-tree: { max_depth: 4 }
  naive-bayes: {}
evaluation:
  metrics: [accuracy, f1_macro]
`,
  );
});
afterAll(() => project.cleanup());

describe('runSweep', () => {
  for (const jobs of [1, 2]) {
    it(`runs every cell, isolates the failing ones and writes the run folder (jobs=${jobs})`, async () => {
      const config = await readSweepConfig(path.join(project.root, 'conf/sweep.yaml'));
      const updates: Progress[] = [];
      const { results, runDir, ok } = await runSweep(config, { jobs, runId: `jobs-${jobs}`, onProgress: (p) => updates.push(p) });
      expect(ok).toBe(false);
      expect(runDir).toBe(path.join(project.root, 'reports', `jobs-${jobs}`));
      const status = Object.fromEntries(results.cells.map((c) => [`${c.dataset}/${c.algorithm}`, c.status]));
      expect(status).toEqual({
        'toy/decision-tree': 'ok',
        'toy/naive-bayes': 'ok',
        'other/decision-tree': 'ok',
        'other/naive-bayes': 'ok',
        'broken/decision-tree': 'failed',
        'broken/naive-bayes': 'failed',
      });
      const broken = results.cells.find((c) => c.dataset === 'broken')!;
      expect(broken.error!.message).toMatch(/dataset 'broken': cannot drop unknown column 'no_such_column'/);
      expect(broken.error!.node).toBe('broken::prepare');

      const toy = results.cells.find((c) => c.dataset === 'toy' && c.algorithm === 'decision-tree')!;
      expect(toy.n_train! + toy.n_test!).toBe(300);
      expect(toy.n_test).toBe(90);
      expect(toy.metrics.test['accuracy']).toBeGreaterThan(0.6);
      expect(toy.timing.fit_s).toBeGreaterThanOrEqual(0);

      const onDisk = JSON.parse(readFileSync(path.join(runDir, 'results.json'), 'utf8')) as SweepResults;
      expect(onDisk.cells.length).toBe(6);
      expect(onDisk.seed).toBe(0);
      expect(onDisk.config_path).toBe(path.join(project.root, 'conf/sweep.yaml'));
      const report = JSON.parse(readFileSync(path.join(runDir, 'toy/decision-tree/report.json'), 'utf8'));
      expect(report.classification_report.test.classes.length).toBe(2);
      expect(report.confusion_matrix.test.flat().reduce((a: number, b: number) => a + b, 0)).toBe(90);
      expect(existsSync(path.join(runDir, 'toy/decision-tree/model.json'))).toBe(true);
      expect(readFileSync(path.join(runDir, 'results.csv'), 'utf8').split('\n')[0]).toMatch(/^dataset,algorithm,estimator,engine,status,test_accuracy,test_f1_macro,/);
      expect(readFileSync(path.join(runDir, 'summary.md'), 'utf8')).toMatch(/## accuracy/);
      expect(readlinkSync(path.join(project.root, 'reports', 'latest'))).toBe(`jobs-${jobs}`);
      expect(existsSync(path.join(runDir, '.data'))).toBe(false);

      const last = updates.at(-1)!;
      expect(last.cellsDone).toBe(6);
      expect(last.cellsFailed).toBe(2);
    });
  }

  it('gives the same scores with one worker and with a pool, and for the same seed', async () => {
    const a = JSON.parse(readFileSync(path.join(project.root, 'reports/jobs-1/results.json'), 'utf8')) as SweepResults;
    const b = JSON.parse(readFileSync(path.join(project.root, 'reports/jobs-2/results.json'), 'utf8')) as SweepResults;
    expect(b.cells.map((c) => c.metrics)).toEqual(a.cells.map((c) => c.metrics));
  });

  it('runs exactly the selected cells', async () => {
    const config = await readSweepConfig(path.join(project.root, 'conf/sweep.yaml'));
    const { results, ok } = await runSweep(config, { jobs: 1, datasets: ['to*'], algorithms: ['naive-bayes'], runId: 'selected' });
    expect(ok).toBe(true);
    expect(results.cells.map((c) => `${c.dataset}/${c.algorithm}`)).toEqual(['toy/naive-bayes']);
  });
});

describe('runSweep with model selection', () => {
  let ms: TempProject;
  beforeAll(() => {
    ms = tempProject();
    ms.write('datasets/toy.csv', makeToyCsv(240, 5));
    ms.write(
      'conf/sweep.yaml',
      `name: ms
seed: 1
datasets:
  toy: { path: datasets/toy.csv, target: label }
algorithms:
  decision-tree:
    max_depth: 2
    search: { method: grid, param_grid: { max_depth: [1, 3, 5] }, cv: 3 }
    validation_curve: { param: max_depth, values: [1, 2, 4] }
  naive-bayes: {}
learning_curve: { train_sizes: [0.3, 0.6, 1.0], cv: 3 }
evaluation:
  strategy: stratified_kfold
  n_splits: 3
  scoring: f1_macro
  metrics: [accuracy, f1_macro]
`,
    );
  });
  afterAll(() => ms.cleanup());

  it('records per-fold scores, baseline vs tuned, best params and the curves', async () => {
    const config = await readSweepConfig(path.join(ms.root, 'conf/sweep.yaml'));
    const { results, runDir, ok } = await runSweep(config, { jobs: 1, runId: 'ms' });
    expect(ok).toBe(true);
    const tree = results.cells.find((c) => c.algorithm === 'decision-tree')!;
    expect(tree.folds.length).toBe(3);
    expect(tree.baseline).not.toBeNull();
    expect([1, 3, 5]).toContain(tree.best_params!['max_depth']);
    expect(results.scoring).toBe('f1_macro');
    expect(readFileSync(path.join(runDir, 'summary.md'), 'utf8')).toMatch(/## Baseline vs tuned \(f1_macro\)/);
    const report = JSON.parse(readFileSync(path.join(runDir, 'toy/decision-tree/report.json'), 'utf8'));
    expect(report.search.length).toBe(3);
    expect(report.search[0].candidates.length).toBe(3);
    expect(report.baseline.params.max_depth).toBe(2);
    expect(report.learning_curve.x.length).toBe(3);
    expect(report.validation_curve.x).toEqual([1, 2, 4]);
    expect(report.validation_curve.test_mean.length).toBe(3);
    // One rule for the tuned params everywhere: report.json, results.json, summary.md and the curves.
    const votes = new Map<string, number>();
    for (const s of report.search) votes.set(JSON.stringify(s.best_params), (votes.get(JSON.stringify(s.best_params)) ?? 0) + 1);
    expect(report.tuned_params.votes).toBe(Math.max(...votes.values()));
    expect(report.tuned_params.per_fold.map((f: { params: unknown }) => f.params)).toEqual(report.search.map((s: { best_params: unknown }) => s.best_params));
    expect(report.tuned_params.rule).toMatch(/most often/);
    expect(report.params.max_depth).toBe(report.tuned_params.params.max_depth);
    expect(tree.best_params).toEqual(report.tuned_params.params);
    expect(report.validation_curve.params_used).toEqual({ params: report.tuned_params.params, source: 'tuned' });
    expect(report.learning_curve.params_used).toEqual({ params: report.tuned_params.params, source: 'tuned' });
    expect(readFileSync(path.join(runDir, 'summary.md'), 'utf8')).toContain(JSON.stringify(report.tuned_params.params));
    // The ROC drawn is the mean over the 3 folds, with its band.
    expect(report.roc.folds).toBe(3);
    expect(report.roc.curves[0].tpr_std.length).toBe(report.roc.curves[0].tpr.length);
    const nb = JSON.parse(readFileSync(path.join(runDir, 'toy/naive-bayes/report.json'), 'utf8'));
    expect(nb.search).toBeNull();
    expect(nb.learning_curve.x.length).toBe(3);
    // Every algorithm saw the same folds: the summed test sizes agree.
    const nbCell = results.cells.find((c) => c.algorithm === 'naive-bayes')!;
    expect(nbCell.n_test).toBe(tree.n_test);
  });

  it('runs only the selected parts with --only', async () => {
    const config = await readSweepConfig(path.join(ms.root, 'conf/sweep.yaml'));
    const { results } = await runSweep(config, { jobs: 1, runId: 'only-baseline', only: ['baseline'] });
    const tree = results.cells.find((c) => c.algorithm === 'decision-tree')!;
    expect(tree.status).toBe('ok');
    expect(tree.baseline).toBeNull();
    expect(tree.best_params).toBeNull();
    const report = JSON.parse(readFileSync(path.join(ms.root, 'reports/only-baseline/toy/decision-tree/report.json'), 'utf8'));
    expect(report.learning_curve).toBeNull();
    expect(report.params.max_depth).toBe(2);
  });
});

describe('runSweep with a metric undefined on a fold', () => {
  it('records a gap with its reason instead of failing the cell', async () => {
    const p = tempProject();
    try {
      // Class 'rare' has 2 rows: one test fold of 3 lacks it, so its one-vs-rest AUC is undefined there.
      const rows = ['x,label'];
      for (let i = 0; i < 30; i++) rows.push(`${i % 10},${i % 2 === 0 ? 'a' : 'b'}`);
      rows.push('100,rare', '101,rare');
      p.write('data.csv', `${rows.join('\n')}\n`);
      p.write('sweep.yaml', 'datasets: { d: { path: data.csv, target: label } }\nalgorithms: { naive-bayes: {} }\nevaluation: { strategy: stratified_kfold, n_splits: 3, metrics: [accuracy, roc_auc_ovr] }\n');
      const config = await readSweepConfig(path.join(p.root, 'sweep.yaml'));
      const { results, ok } = await runSweep(config, { jobs: 1, runId: 'gap' });
      expect(ok).toBe(true);
      const cell = results.cells[0]!;
      expect(cell.metrics.test['accuracy']).toBeTypeOf('number');
      const notes = Object.entries(cell.metric_notes ?? {});
      expect(notes.length).toBeGreaterThan(0);
      expect(notes[0]![0]).toMatch(/^fold-\d\.test\.roc_auc_ovr$/);
      expect(notes[0]![1]).toMatch(/'rare' does not occur in y_true/);
      expect(readFileSync(path.join(p.root, 'reports/gap/summary.md'), 'utf8')).toMatch(/## Metrics left out/);
    } finally {
      p.cleanup();
    }
  });
});

describe('runSweep with an estimator that stops before converging', () => {
  it("records the estimator's note on the cell, in results.json and summary.md", async () => {
    const p = tempProject();
    try {
      p.write('data.csv', makeToyCsv(120, 5));
      p.write('sweep.yaml', 'datasets: { d: { path: data.csv, target: label } }\nalgorithms: { linear-svm: { max_iter: 1 } }\nevaluation: { metrics: [accuracy] }\n');
      const config = await readSweepConfig(path.join(p.root, 'sweep.yaml'));
      const { results, ok } = await runSweep(config, { jobs: 1, runId: 'notes' });
      expect(ok).toBe(true);
      expect(results.cells[0]!.fit_notes).toEqual([expect.stringMatching(/failed to converge in max_iter = 1/)]);
      const saved = JSON.parse(readFileSync(path.join(p.root, 'reports/notes/results.json'), 'utf8')) as SweepResults;
      expect(saved.cells[0]!.fit_notes).toEqual(results.cells[0]!.fit_notes);
      expect(readFileSync(path.join(p.root, 'reports/notes/summary.md'), 'utf8')).toMatch(/## Notes from fitting\n[\s\S]*linear-svm: linear-svm: liblinear failed to converge/);
    } finally {
      p.cleanup();
    }
  });
});

describe('runSweep with an MLP', () => {
  it('records the loss per epoch in report.json, charts it in report.html and notes the max_iter stop', async () => {
    const p = tempProject();
    try {
      p.write('data.csv', makeToyCsv(120, 5));
      p.write('sweep.yaml', 'datasets: { d: { path: data.csv, target: label } }\nalgorithms: { mlp: { hidden_layer_sizes: [4], max_iter: 5 } }\nevaluation: { metrics: [accuracy] }\n');
      const config = await readSweepConfig(path.join(p.root, 'sweep.yaml'));
      const { results, runDir, ok } = await runSweep(config, { jobs: 1, runId: 'mlp' });
      expect(ok).toBe(true);
      expect(results.cells[0]!.fit_notes).toEqual([expect.stringMatching(/Maximum iterations \(5\) reached/)]);
      const report = JSON.parse(readFileSync(path.join(runDir, 'd/mlp/report.json'), 'utf8'));
      expect(report.preprocessing.scale).toBe('standard'); // scale: auto, from mlp's needsScaling tag
      expect(report.training_history).toHaveLength(1);
      expect(report.training_history[0].loss).toHaveLength(5);
      expect(report.training_history[0].loss.every(Number.isFinite)).toBe(true);
      expect(readFileSync(path.join(runDir, 'report.html'), 'utf8')).toContain('Training: d × mlp');
    } finally {
      p.cleanup();
    }
  });

  it('records staged train/test accuracy of boosted cells in report.json, charts them, and marks where early stopping stopped', async () => {
    const p = tempProject();
    try {
      p.write('data.csv', makeToyCsv(200, 9));
      p.write(
        'sweep.yaml',
        'datasets: { d: { path: data.csv, target: label } }\nalgorithms:\n  adaboost: { n_estimators: 4 }\n  gradient-boosting: { max_iter: 30, early_stopping: true, n_iter_no_change: 2, min_samples_leaf: 5 }\nevaluation: { metrics: [accuracy] }\n',
      );
      const config = await readSweepConfig(path.join(p.root, 'sweep.yaml'));
      const { results, runDir, ok } = await runSweep(config, { jobs: 1, runId: 'boost' });
      expect(ok).toBe(true);
      const ada = JSON.parse(readFileSync(path.join(runDir, 'd/adaboost/report.json'), 'utf8'));
      expect(ada.staged_scores).toHaveLength(1);
      expect(ada.staged_scores[0].train).toHaveLength(4);
      expect(ada.staged_scores[0].early_stopping_iteration).toBeNull();
      const adaCell = results.cells.find((c) => c.algorithm === 'adaboost')!;
      expect(ada.staged_scores[0].test.at(-1)).toBeCloseTo(adaCell.metrics.test['accuracy']!, 12);
      const gb = JSON.parse(readFileSync(path.join(runDir, 'd/gradient-boosting/report.json'), 'utf8'));
      // Categorical columns reach it as marked ordinal codes (its nativeCategorical tag).
      expect(gb.preprocessing.categorical).toBe('ordinal');
      const stop = gb.staged_scores[0].early_stopping_iteration;
      expect(stop).toBeGreaterThanOrEqual(1);
      expect(stop).toBeLessThan(30);
      expect(gb.staged_scores[0].test).toHaveLength(stop);
      const html = readFileSync(path.join(runDir, 'report.html'), 'utf8');
      expect(html).toContain('Score vs iterations: d × adaboost');
      expect(html).toContain('Score vs iterations: d × gradient-boosting');
    } finally {
      p.cleanup();
    }
  });
});

describe('runSweep: what a cell costs', () => {
  it('train_score off skips the train predictions; every node of the cell is timed and sums to cell_s', async () => {
    const p = tempProject();
    try {
      p.write('data.csv', makeToyCsv(150, 3));
      p.write('sweep.yaml', 'datasets: { d: { path: data.csv, target: label } }\nalgorithms: { knn: {} }\nevaluation: { metrics: [accuracy], train_score: off }\n');
      const config = await readSweepConfig(path.join(p.root, 'sweep.yaml'));
      const { results, ok } = await runSweep(config, { jobs: 1, runId: 'cost' });
      expect(results.cells[0]!.error).toBeNull();
      expect(ok).toBe(true);
      const cell = results.cells[0]!;
      expect(cell.timing.n_train_scored).toBe(0);
      expect(cell.timing.train_score).toBe('off');
      expect(cell.metrics.train['accuracy']).toBeNull();
      expect(cell.metrics.test['accuracy']).toBeTypeOf('number');
      const nodes = cell.timing.nodes_s!;
      expect(Object.keys(nodes)).toEqual(expect.arrayContaining(['evaluate', 'fit', 'predict', 'report']));
      expect(cell.timing.cell_s).toBeCloseTo(Object.values(nodes).reduce((a, b) => a + b, 0), 9);
      expect(cell.timing.cell_s!).toBeGreaterThanOrEqual(cell.timing.fit_s! + cell.timing.predict_s!);
    } finally {
      p.cleanup();
    }
  });
});

describe('trainScoreRows', () => {
  it('full keeps every row, sample at most 10,000 seeded rows in order, off none', async () => {
    const { trainScoreRows } = await import('../../src/sweep/nodes.js');
    const train = Array.from({ length: 25_000 }, (_, i) => i * 2);
    expect(trainScoreRows(train, 'full', 0, 'd', 0)).toBe(train);
    expect(trainScoreRows(train, 'off', 0, 'd', 0)).toEqual([]);
    const a = trainScoreRows(train, 'sample', 0, 'd', 0);
    expect(a).toHaveLength(10_000);
    expect(a).toEqual([...a].sort((x, y) => x - y));
    expect(new Set(a).size).toBe(10_000);
    expect(trainScoreRows(train, 'sample', 0, 'd', 0)).toEqual(a);
    expect(trainScoreRows(train, 'sample', 1, 'd', 0)).not.toEqual(a);
    expect(trainScoreRows(train.slice(0, 500), 'sample', 0, 'd', 0)).toHaveLength(500);
  });
});
