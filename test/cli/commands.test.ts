// sweep list algorithms|runs, viz, compare warnings, latest per sweep name.
import { existsSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { algorithms } from '../../src/models/index.js';
import type { CellReport, SweepResults } from '../../src/report/index.js';
import { sweepInProcess } from '../helpers/cli.js';
import { makeToyCsv, tempProject, type TempProject } from '../helpers/project.js';

let project: TempProject;
/** A 3-fold CV sweep asking for log_loss (so probabilities, PR and calibration curves) and permutation importance. */
const CV = `name: toy-cv
seed: 3
datasets:
  toy: { path: datasets/toy.csv, target: label }
algorithms:
  decision-tree: { max_depth: 3 }
  naive-bayes: {}
evaluation:
  strategy: stratified_kfold
  n_splits: 3
  scoring: accuracy
  metrics: [accuracy, log_loss]
  permutation_importance: 2
`;
let cvRun: { dir: string; results: SweepResults };

beforeAll(async () => {
  project = tempProject();
  project.write('datasets/toy.csv', makeToyCsv(150, 2));
  project.write('conf/cv.yaml', CV);
  const r = await sweepInProcess(['run', '-c', 'conf/cv.yaml', '--jobs', '1', '-q', '--json', '--no-cache'], project.root);
  expect(r.code, r.stderr).toBe(0);
  const out = JSON.parse(r.stdout) as SweepResults & { run_dir: string };
  cvRun = { dir: out.run_dir, results: out };
}, 120_000);
afterAll(() => project.cleanup());

describe('sweep list algorithms', () => {
  it('shows the params of every engine of every algorithm, the default naive-bayes included, and each variant’s own', async () => {
    const list = JSON.parse((await sweepInProcess(['list', 'algorithms', '--json'], project.root)).stdout) as Array<{ name: string; engines: Array<{ name: string; params: Array<{ name: string; default: unknown }>; variants: Array<{ key: string; value: unknown; params: Array<{ name: string }> }> }> }>;
    expect(list.map((a) => a.name)).toEqual(algorithms.names());
    for (const a of list) for (const e of a.engines) expect(e.params.length, `${a.name}/${e.name}`).toBeGreaterThan(0);
    const nb = list.find((a) => a.name === 'naive-bayes')!.engines.find((e) => e.name === 'native')!;
    expect(nb.params).toEqual([
      { name: 'variant', default: 'gaussian', description: null },
      expect.objectContaining({ name: 'var_smoothing', default: 1e-9 }),
      expect.objectContaining({ name: 'priors', default: null }),
    ]);
    expect(nb.variants.map((v) => v.value)).toEqual(['gaussian', 'multinomial', 'bernoulli', 'categorical']);
    expect(nb.variants.find((v) => v.value === 'bernoulli')!.params.map((p) => p.name)).toEqual(['alpha', 'fit_prior', 'class_prior', 'binarize']);
    const text = (await sweepInProcess(['list', 'algorithms'], project.root)).stdout;
    expect(text).toMatch(/engine native \(default\): variant="gaussian", var_smoothing=1e-9, priors=null\n/);
    expect(text).toMatch(/\n {4}variant="multinomial": alpha=1, fit_prior=true, class_prior=null\n/);
  });
});

describe('a run with probabilities', () => {
  it('stores PR curves (mean over 3 folds) and a pooled calibration curve per cell, and draws both into report.html', () => {
    for (const c of cvRun.results.cells) {
      const report = JSON.parse(readFileSync(path.join(cvRun.dir, c.report!), 'utf8')) as CellReport;
      expect(report.pr!.folds).toBe(3);
      expect(report.pr!.curves.map((k) => k.label)).toEqual(['yes']);
      expect(report.pr!.curves[0]!.ap_std).toBeGreaterThanOrEqual(0);
      expect(report.calibration!.folds).toBe(3);
      expect(report.calibration!.bins.reduce((s, b) => s + b.count, 0)).toBe(150);
    }
    const charts = readdirSync(path.join(cvRun.dir, 'charts'));
    for (const a of ['decision-tree', 'naive-bayes']) {
      expect(charts).toContain(`precision-recall__toy__${a}.svg`);
      expect(charts).toContain(`calibration__toy__${a}.svg`);
    }
    expect(charts).toContain('time-score__toy.svg');
    const html = readFileSync(path.join(cvRun.dir, 'report.html'), 'utf8');
    expect(html).toMatch(/Precision–recall: toy × naive-bayes/);
    expect(html).toMatch(/Calibration: toy × naive-bayes/);
  });
});

describe('feature importances', () => {
  it('trees: impurity importances named after one-hot encoding; every estimator: permutation importance per input column on the test rows', () => {
    const report = (a: string) => JSON.parse(readFileSync(path.join(cvRun.dir, cvRun.results.cells.find((c) => c.algorithm === a)!.report!), 'utf8')) as CellReport;
    const tree = report('decision-tree').feature_importances!;
    expect(tree.folds).toBe(3);
    expect(tree.impurity!.features).toEqual(report('decision-tree').feature_names);
    expect(tree.impurity!.features).toContain('color=red');
    expect(tree.impurity!.values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    // x1 and x2 carry the label (makeToyCsv shifts them by class); the shuffled drop says so.
    const perm = tree.permutation!;
    expect(perm.columns).toEqual(['x1', 'x2', 'color']);
    expect(perm.repeats).toBe(2);
    expect(perm.rows).toBe(150);
    expect(Math.max(perm.mean[0]!, perm.mean[1]!)).toBeGreaterThan(0.05);
    const nb = report('naive-bayes').feature_importances!;
    expect(nb.impurity).toBeNull();
    expect(nb.permutation!.columns).toEqual(['x1', 'x2', 'color']);
    const charts = readdirSync(path.join(cvRun.dir, 'charts'));
    expect(charts).toContain('feature-importance__toy__decision-tree.svg');
    expect(charts).toContain('feature-importance__toy__naive-bayes.svg');
  });
});

describe('runs: list, latest per sweep, compare, viz', () => {
  const OTHER = `name: toy-other
seed: 4
datasets:
  toy: { path: datasets/toy.csv, target: label, sample: 120 }
algorithms:
  naive-bayes: {}
`;
  let otherDir: string;
  beforeAll(async () => {
    project.write('conf/other.yaml', OTHER);
    const r = await sweepInProcess(['run', '-c', 'conf/other.yaml', '--jobs', '1', '-q', '--json', '--no-cache', '-a', 'naive-bayes'], project.root);
    expect(r.code, r.stderr).toBe(0);
    otherDir = (JSON.parse(r.stdout) as { run_dir: string }).run_dir;
  }, 120_000);

  it('sweep list runs: id, config, when, cells and best per dataset, newest first, with the latest links (text and --json)', async () => {
    const r = await sweepInProcess(['list', 'runs', '-c', 'conf/cv.yaml', '--json'], project.root);
    expect(r.code, r.stderr).toBe(0);
    const { runs } = JSON.parse(r.stdout) as { runs: Array<{ id: string; name: string; config: string; started_at: string; cells: { ok: number; total: number }; best: Array<{ dataset: string; algorithm: string; metric: string; score: number }>; latest: string[] }> };
    expect(runs.map((x) => x.id)).toEqual([path.basename(otherDir), path.basename(cvRun.dir)]);
    const cv = runs[1]!;
    expect(cv.name).toBe('toy-cv');
    expect(cv.config).toBe(path.join(project.root, 'conf/cv.yaml'));
    expect(cv.cells).toEqual({ ok: 2, failed: 0, skipped: 0, total: 2 });
    const top = [...cvRun.results.cells].sort((a, b) => b.metrics.test['accuracy']! - a.metrics.test['accuracy']!)[0]!;
    expect(cv.best).toEqual([{ dataset: 'toy', algorithm: top.algorithm, metric: 'accuracy', score: top.metrics.test['accuracy'] }]);
    expect(cv.latest).toEqual(['latest-toy-cv']);
    expect(runs[0]!.latest.sort()).toEqual(['latest', 'latest-toy-other']);
    const text = (await sweepInProcess(['list', 'runs', '-c', 'conf/cv.yaml'], project.root)).stdout;
    expect(text).toContain(`${path.basename(cvRun.dir)}  toy-cv  conf/cv.yaml  `);
    expect(text).toMatch(/2\/2 ok {2}\(latest-toy-cv\)/);
    expect(text).toContain(`best accuracy: toy: ${top.algorithm} ${top.metrics.test['accuracy']!.toFixed(4)}`);
  });

  it('a bare sweep report redraws the given config’s own last run, not the last run of any config', async () => {
    const r = await sweepInProcess(['report', '-c', 'conf/cv.yaml', '--json', '-q'], project.root);
    expect(r.code, r.stderr).toBe(0);
    expect(realpathSync((JSON.parse(r.stdout) as { run_dir: string }).run_dir)).toBe(realpathSync(cvRun.dir));
    const other = await sweepInProcess(['report', '-c', 'conf/other.yaml', '--json', '-q'], project.root);
    expect(realpathSync((JSON.parse(other.stdout) as { run_dir: string }).run_dir)).toBe(realpathSync(otherDir));
  });

  it('sweep compare warns on stderr when the runs differ in protocol (split, sample, seed, filters)', async () => {
    const r = await sweepInProcess(['compare', cvRun.dir, otherDir, '-c', 'conf/cv.yaml'], project.root);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: runs differ in protocol: seed differs: 3 vs 4/);
    expect(r.stderr).toMatch(/dataset 'toy': evaluation differs \(.*strategy "stratified_kfold" vs "holdout"/);
    expect(r.stderr).toMatch(/dataset 'toy': sample all rows vs 120/);
    expect(r.stderr).toMatch(/filter --algorithms differs: "none" vs \["naive-bayes"\]/);
    const same = await sweepInProcess(['compare', cvRun.dir, cvRun.dir, '-c', 'conf/cv.yaml'], project.root);
    expect(same.stderr).toBe('');
  });

  it('sweep viz writes into the sweep’s last run folder by default and says "1 cell"', async () => {
    const r = await sweepInProcess(['viz', '-c', 'conf/other.yaml'], project.root);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(path.join(otherDir, 'pipeline-viz.svg'))).toBe(true);
    expect(existsSync(path.join(project.root, 'pipeline.svg'))).toBe(false);
    expect(r.stderr).toMatch(/\(\d+ nodes, 1 cell\)\n$/);
  });
});
