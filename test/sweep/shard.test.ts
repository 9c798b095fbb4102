import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSweepConfig } from '../../src/config/index.js';
import type { SweepResults } from '../../src/report/index.js';
import { assignShards, estimateCellCosts, mergeRuns, parseShard, planOnly, runSweep } from '../../src/sweep/index.js';
import { sweepInProcess } from '../helpers/cli.js';
import { makeToyCsv, tempProject, type TempProject } from '../helpers/project.js';

describe('shard assignment', () => {
  it('parses i/N and rejects anything else with a usage error', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/2', '3/2', '1/0', 'a/b', '1', '1/2/3']) expect(() => parseShard(bad)).toThrow(expect.objectContaining({ code: 'SWEEP_USAGE' }));
  });

  it('balances by cost, longest first, and is the same every time', () => {
    const costs = [10, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 5, 5];
    const shards = assignShards(costs, 2);
    expect(assignShards(costs, 2)).toEqual(shards);
    const load = [0, 1].map((s) => costs.reduce((sum, c, k) => sum + (shards[k] === s ? c : 0), 0));
    expect(load.sort()).toEqual([15, 15]);
    expect(assignShards([3, 3, 3], 5).sort()).toEqual([0, 1, 2]);
  });
});

describe('sweep run --shard i/N, then sweep merge', () => {
  let project: TempProject;
  beforeAll(() => {
    project = tempProject();
    project.write('datasets/big.csv', makeToyCsv(400, 5));
    project.write('datasets/small.csv', makeToyCsv(150, 9));
    project.write(
      'conf/sweep.yaml',
      `name: sharded
datasets:
  big: { path: datasets/big.csv, target: label }
  small: { path: datasets/small.csv, target: label }
algorithms:
  decision-tree: { max_depth: 3 }
  naive-bayes: {}
  knn: { n_neighbors: 3 }
runner: sequential
evaluation: { metrics: [accuracy, f1_macro] }
`,
    );
  });
  afterAll(() => project.cleanup());

  it('estimates the larger dataset as costlier', async () => {
    const plan = planOnly(await readSweepConfig(path.join(project.root, 'conf/sweep.yaml')), {});
    const costs = estimateCellCosts(plan);
    const cost = (d: string, a: string) => costs[plan.cells.findIndex((c) => c.dataset === d && c.algorithm === a)]!;
    expect(cost('big', 'decision-tree')).toBeGreaterThan(cost('small', 'decision-tree'));
    expect(cost('big', 'decision-tree') / cost('small', 'decision-tree')).toBeCloseTo(400 / 150, 0);
  });

  it('two shards and a merge give the results of one run; a later plain run finds every cell in the cache the shards filled', async () => {
    const config = await readSweepConfig(path.join(project.root, 'conf/sweep.yaml'));
    // The reference computes everything itself: it neither reads nor fills the cache.
    const whole = await runSweep(config, { runId: 'whole', noCache: true });
    expect(whole.ok).toBe(true);

    // Shard 2 runs its nodes in worker processes, which write intermediates straight into the cache.
    for (const [i, extra] of [[1, []], [2, ['--runner', 'pool', '--jobs', '2']]] as const) {
      const run = await sweepInProcess(['run', '--shard', `${i}/2`, '--quiet', ...extra], project.root);
      expect(run.code, run.stderr).toBe(0);
    }
    const shardDir = (s: string): string => {
      const name = readdirSync(path.join(project.root, 'reports')).find((n) => n.endsWith(`-shard-${s}`));
      expect(name, `a run folder for shard ${s}`).toBeDefined();
      return path.join(project.root, 'reports', name!);
    };
    const dirs = [shardDir('1of2'), shardDir('2of2')];
    const shards = dirs.map((d) => JSON.parse(readFileSync(path.join(d, 'results.json'), 'utf8')) as SweepResults);
    // Disjoint, non-empty, together every cell.
    expect(shards.every((s) => s.cells.length > 0)).toBe(true);
    expect(shards[0]!.cells.length + shards[1]!.cells.length).toBe(6);
    expect(shards.map((s) => s.shard!.index)).toEqual([1, 2]);

    await expect(mergeRuns([dirs[0]!])).rejects.toThrow(/missing shard 2\/2/);
    const merge = await sweepInProcess(['merge', ...dirs, '--out', 'reports/merged', '--quiet'], project.root);
    expect(merge.code, merge.stderr).toBe(0);
    const merged = JSON.parse(readFileSync(path.join(project.root, 'reports/merged/results.json'), 'utf8')) as SweepResults;
    const view = (r: SweepResults) => r.cells.map((c) => [c.dataset, c.algorithm, c.status, c.metrics, c.metrics_std, c.n_train, c.n_test, c.report]);
    expect(view(merged)).toEqual(view(whole.results));
    expect(merged.datasets).toEqual(whole.results.datasets);
    expect(merged.shard).toBeUndefined();
    for (const c of merged.cells) expect(existsSync(path.join(project.root, 'reports/merged', c.report!)), c.report!).toBe(true);
    expect(existsSync(path.join(project.root, 'reports/merged/report.html'))).toBe(true);

    const again = await runSweep(config, { runId: 'again' });
    expect(again.results.cells.map((c) => c.cache)).toEqual(Array(6).fill('hit'));
    expect(view(again.results)).toEqual(view(whole.results));
  });
});
