import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunComparison } from '../../src/report/index.js';
import { sweepInProcess } from '../helpers/cli.js';
import { makeToyCsv, tempProject, type TempProject } from '../helpers/project.js';
import { copyRun, FIXTURES } from './fixtures.js';

let project: TempProject;

beforeAll(() => {
  project = tempProject();
  project.write('datasets/toy.csv', makeToyCsv(60, 3));
  project.write(
    'conf/sweep.yaml',
    `name: viz
seed: 0
datasets:
  toy: { path: datasets/toy.csv, target: label }
  other: { path: datasets/toy.csv, target: label }
algorithms:
  decision-tree: { max_depth: 3 }
  knn: {}
evaluation:
  strategy: stratified_kfold
  n_splits: 3
  metrics: [accuracy]
`,
  );
});
afterAll(() => project.cleanup());

describe('sweep compare', () => {
  const a = path.join(FIXTURES, 'run-cv');
  const b = path.join(FIXTURES, 'run-holdout');

  it('prints the changes for people on stdout', async () => {
    const r = await sweepInProcess(['compare', a, b], project.root);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^run-cv → run-holdout/);
    expect(r.stdout).toContain('params.n_neighbors: 5 → 3');
    expect(r.stdout).toMatch(/\d+ changed, 0 added, \d+ removed, 0 unchanged\n$/);
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('prints JSON with --json', async () => {
    const r = await sweepInProcess(['compare', a, b, '--json'], project.root);
    const cmp = JSON.parse(r.stdout) as RunComparison;
    expect(cmp.a.run_id).toBe('run-cv');
    expect(cmp.counts.removed).toBe(cmp.cells.filter((c) => c.change === 'removed').length);
    expect(cmp.counts.removed).toBe(11);
  });

  it('says which run it could not find', async () => {
    const r = await sweepInProcess(['compare', a, 'no-such-run'], project.root);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/no run 'no-such-run'/);
  });
});

describe('sweep report', () => {
  it('defaults to the config’s sweep’s last run and fails clearly when there is none', async () => {
    const r = await sweepInProcess(['report'], project.root);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/no complete run of sweep '[^']+' in .*reports/);
    expect(r.stderr).toMatch(/sweep run/);
  });
});

describe('sweep viz', () => {
  it('draws the pipeline into the reports folder (no run yet), never the current folder, with a cluster per dataset', async () => {
    const r = await sweepInProcess(['viz'], project.root);
    expect(r.code).toBe(0);
    expect(existsSync(path.join(project.root, 'pipeline.svg'))).toBe(false);
    expect(existsSync(path.join(project.root, 'pipeline-viz.svg'))).toBe(false);
    const svg = readFileSync(path.join(project.root, 'reports', 'pipeline-viz.svg'), 'utf8');
    expect(svg).toContain('<svg');
    // Graphviz writes '-' as '&#45;' in SVG text.
    for (const label of ['toy', 'other', 'decision&#45;tree', 'knn', 'prepare', '× 3 folds']) expect(svg).toContain(`>${label}<`);
    expect(r.stderr).toMatch(/viz: reports\/pipeline-viz\.svg \(\d+ nodes, 4 cells\)/);
  });

  it('filters by dataset, algorithm and tags, and writes DOT to --out', async () => {
    const r = await sweepInProcess(['viz', '-d', 'toy', '-a', 'knn', '--dot', '--out', 'knn.dot'], project.root);
    expect(r.code).toBe(0);
    const dot = readFileSync(path.join(project.root, 'knn.dot'), 'utf8');
    expect(dot).toContain('label="toy"');
    expect(dot).not.toContain('label="other"');
    expect(dot).not.toContain('decision-tree');
    const tags = await sweepInProcess(['viz', '--tags', 'prepare', '--dot', '--out', '-'], project.root);
    expect(tags.stdout).toContain('label="prepare"');
    expect(tags.stdout).not.toContain('label="report"');
    expect(existsSync(path.join(project.root, '-'))).toBe(false);
  });
});

describe('sweep report --baseline', () => {
  it('rejects an algorithm that is not in the run before drawing anything', async () => {
    const copy = copyRun('run-holdout'); // never write into the fixtures, even if this check regressed
    const r = await sweepInProcess(['report', copy.dir, '--baseline', 'knnn'], project.root);
    expect(existsSync(path.join(copy.dir, 'report.html'))).toBe(false);
    copy.cleanup();
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--baseline: unknown algorithm 'knnn'.*\(not in this run\)/);
    expect(r.stderr).toMatch(/did you mean 'knn'/);
  });
});
