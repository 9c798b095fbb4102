import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { algorithms } from '../../src/models/index.js';
import { sweepBin, sweepInProcess } from '../helpers/cli.js';
import { makeToyCsv, tempProject, type TempProject } from '../helpers/project.js';

let project: TempProject;

const GOOD = `name: cli
datasets:
  toy: { path: datasets/toy.csv, target: label }
algorithms:
  decision-tree: { max_depth: 3 }
  naive-bayes: {}
`;

beforeAll(() => {
  project = tempProject();
  project.write('datasets/toy.csv', makeToyCsv(200, 3));
  project.write('conf/sweep.yaml', GOOD);
});
afterAll(() => project.cleanup());

/** Writes a config variant and runs `sweep run` on it. */
async function runWith(config: string, extra: string[] = []) {
  const file = project.write(`conf/variant-${Math.random().toString(36).slice(2)}.yaml`, config);
  return sweepInProcess(['run', '--config', file, '--jobs', '1', ...extra], project.root);
}

describe('sweep CLI: errors name the place', () => {
  it('malformed YAML: file and line, no stack', async () => {
    const r = await runWith('name: x\ndatasets:\n  toy: { path: a.csv\nalgorithms: {}\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/conf\/variant-\w+\.yaml:\d+/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('unknown algorithm: did-you-mean with the line of the key', async () => {
    const r = await runWith(GOOD.replace('naive-bayes: {}', 'naive-bayse: {}'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/variant-\w+\.yaml:6 algorithms\.naive-bayse: .*did you mean 'naive-bayes'/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('missing file: config file, line, dataset and path, before anything runs', async () => {
    const r = await runWith(GOOD.replace('datasets/toy.csv', 'datasets/nope.csv'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/variant-\w+\.yaml:3 datasets\.toy\.path: dataset 'toy': file not found: .*datasets\/nope\.csv/);
    expect(existsSync(path.join(project.root, 'reports'))).toBe(false);
  });

  it('unknown target column: names the dataset and the column, with a did-you-mean', async () => {
    const r = await runWith(GOOD.replace('target: label', 'target: labl'));
    expect(r.code).toBe(2); // found before anything runs (issue 12), as the README promises
    expect(r.stderr).toMatch(/dataset 'toy': target column 'labl' not found; did you mean 'label'\?/);
  });

  it('--verbose shows the stack of an expected error', async () => {
    const file = project.write('conf/bad.yaml', GOOD.replace('naive-bayes: {}', 'naive-bayse: {}'));
    const r = await sweepInProcess(['--verbose', 'run', '--config', file], project.root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('an unknown list subject gets a did-you-mean', async () => {
    const r = await sweepInProcess(['list', 'algoritms'], project.root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/did you mean 'algorithms'/);
  });
});

describe('sweep CLI: commands', () => {
  it('plan prints the cells and nodes without running anything', async () => {
    const runs = () => (existsSync(path.join(project.root, 'reports')) ? readdirSync(path.join(project.root, 'reports')) : []);
    const before = runs();
    const r = await sweepInProcess(['plan', '--json'], project.root);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.cells.length).toBe(2);
    expect(plan.nodes.map((n: { name: string }) => n.name)).toContain('toy::decision-tree::fit');
    expect(runs()).toEqual(before);
  });

  it('catalog prints every entry resolved, generated ones included', async () => {
    const r = await sweepInProcess(['catalog', '--json'], project.root);
    const entries = JSON.parse(r.stdout) as Array<{ name: string; path: string }>;
    expect(entries.find((e) => e.name === 'toy')!.path).toBe(path.join(project.root, 'datasets/toy.csv'));
    expect(entries.map((e) => e.name)).toContain('toy::naive-bayes::model');
  });

  it('list algorithms and metrics show the registries', async () => {
    const algos = JSON.parse((await sweepInProcess(['list', 'algorithms', '--json'], project.root)).stdout);
    expect(algos.map((a: { name: string }) => a.name)).toEqual(algorithms.names());
    expect(algos.map((a: { name: string }) => a.name)).toEqual(expect.arrayContaining(['decision-tree', 'random-forest', 'knn', 'naive-bayes']));
    const metrics = JSON.parse((await sweepInProcess(['list', 'metrics', '--json'], project.root)).stdout);
    expect(metrics.map((m: { name: string }) => m.name)).toContain('f1_weighted');
  });

  it('init scaffolds conf/ in an empty folder, and refuses a second time', async () => {
    const fresh = tempProject('sweep-init-');
    try {
      const r = await sweepInProcess(['init'], fresh.root);
      expect(r.code).toBe(0);
      expect(readFileSync(path.join(fresh.root, 'conf/sweep.yaml'), 'utf8')).toMatch(/datasets:/);
      const again = await sweepInProcess(['init'], fresh.root);
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/already exists/);
      const planned = await sweepInProcess(['plan', '--json'], fresh.root);
      expect(planned.code).toBe(0);
    } finally {
      fresh.cleanup();
    }
  });
});

describe('bin/sweep end to end', () => {
  it('runs a sweep in a temp project and writes the reports', () => {
    const r = sweepBin(['run', '--json', '--jobs', '2'], project.root);
    expect(r.stderr).toMatch(/2\/2 cells ok/);
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout);
    expect(results.cells.map((c: { status: string }) => c.status)).toEqual(['ok', 'ok']);
    expect(existsSync(path.join(results.run_dir, 'summary.md'))).toBe(true);
    expect(existsSync(path.join(project.root, 'reports/latest/results.json'))).toBe(true);
  });

  it('exits 2 with message and hint, no stack, on a missing config', () => {
    const r = sweepBin(['run'], path.dirname(project.root));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/SWEEP_CONFIG_NOT_FOUND/);
    expect(r.stderr).toMatch(/hint/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
