import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSweepConfig } from '../../src/config/index.js';
import type { CellResult } from '../../src/report/index.js';
import { runSweep } from '../../src/sweep/index.js';
import { makeToyCsv, tempProject, type TempProject } from '../helpers/project.js';

let project: TempProject;
const CONFIG = (nbSmoothing: string, otherSample: string) => `name: cached
seed: 0
datasets:
  toy: { path: datasets/toy.csv, target: label }
  other: { path: datasets/other.csv, target: label${otherSample} }
algorithms:
  decision-tree: { max_depth: 4 }
  naive-bayes: { var_smoothing: ${nbSmoothing} }
evaluation:
  metrics: [accuracy, f1_macro]
`;

beforeAll(() => {
  project = tempProject('sweep-cache-');
  project.write('datasets/toy.csv', makeToyCsv(300, 7));
  project.write('datasets/other.csv', makeToyCsv(200, 11));
});
afterAll(() => project.cleanup());

async function run(config: string, runId: string, extra: Parameters<typeof runSweep>[1] = {}) {
  project.write('conf/sweep.yaml', config);
  return runSweep(await readSweepConfig(path.join(project.root, 'conf/sweep.yaml')), { jobs: 1, runId, ...extra });
}

const byCell = (cells: CellResult[]) => Object.fromEntries(cells.map((c) => [`${c.dataset}/${c.algorithm}`, c.cache]));
const metricsOf = (cells: CellResult[]) => cells.map((c) => [c.dataset, c.algorithm, c.metrics, c.folds.map((f) => f.test)]);

describe('node cache', () => {
  it('a second run hits the cache for every cell, with the same metrics; changing one algorithm or one sample recomputes only those cells', async () => {
    const cold = await run(CONFIG('1.0e-9', ''), 'cold');
    expect(cold.ok).toBe(true);
    expect(Object.values(byCell(cold.results.cells))).toEqual(['miss', 'miss', 'miss', 'miss']);
    const cacheDir = path.join(project.root, '.sweep/cache/nodes');
    expect(readdirSync(cacheDir).length).toBeGreaterThan(0);

    const warm = await run(CONFIG('1.0e-9', ''), 'warm');
    expect(Object.values(byCell(warm.results.cells))).toEqual(['hit', 'hit', 'hit', 'hit']);
    expect(metricsOf(warm.results.cells)).toEqual(metricsOf(cold.results.cells));
    // The run folder is whole: report.json and model.json of each cell are written from the cache.
    expect(JSON.parse(readFileSync(path.join(warm.runDir, 'toy/naive-bayes/report.json'), 'utf8')).metrics).toEqual(cold.results.cells[1]!.metrics);

    const params = await run(CONFIG('1.0e-3', ''), 'params');
    expect(byCell(params.results.cells)).toEqual({ 'toy/decision-tree': 'hit', 'toy/naive-bayes': 'miss', 'other/decision-tree': 'hit', 'other/naive-bayes': 'miss' });

    const sample = await run(CONFIG('1.0e-3', ', sample: 150'), 'sample');
    expect(byCell(sample.results.cells)).toEqual({ 'toy/decision-tree': 'hit', 'toy/naive-bayes': 'hit', 'other/decision-tree': 'miss', 'other/naive-bayes': 'miss' });

    const forced = await run(CONFIG('1.0e-3', ', sample: 150'), 'forced', { force: true, datasets: ['toy'] });
    expect(Object.values(byCell(forced.results.cells))).toEqual(['miss', 'miss']);
    const off = await run(CONFIG('1.0e-3', ', sample: 150'), 'off', { noCache: true });
    expect(off.results.cells.every((c) => c.cache === undefined)).toBe(true);
  });

  it('recomputes a corrupt entry with a warning instead of reading it', async () => {
    const config = CONFIG('1.0e-7', '');
    await run(config, 'c1');
    const manifests: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(dir, e.name));
        else if (e.name === 'manifest.json') manifests.push(path.join(dir, e.name));
      }
    };
    walk(path.join(project.root, '.sweep/cache/nodes'));
    const report = manifests.map((m) => ({ m, j: JSON.parse(readFileSync(m, 'utf8')) })).filter((x) => x.j.node === 'toy::naive-bayes::report').sort((a, b) => (a.j.created < b.j.created ? 1 : -1))[0]!;
    writeFileSync(path.join(path.dirname(report.m), 'report'), '{"tampered": true}');
    const again = await run(config, 'c2');
    expect(again.reportWarnings.some((w) => w.includes("'toy::naive-bayes::report'") && w.includes('corrupt'))).toBe(true);
    expect(byCell(again.results.cells)['toy/naive-bayes']).toBe('partial');
    expect(again.results.cells.find((c) => c.dataset === 'toy' && c.algorithm === 'naive-bayes')!.metrics.test['accuracy']).toBeTypeOf('number');
  });

  it('on a hit, leaves memory intermediates unread until a node that runs needs one; a corrupt one is then recomputed with a warning', async () => {
    await run(CONFIG('1.0e-8', ''), 'd1');
    const manifests: string[] = [];
    const walk = (dir: string): void => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(dir, e.name));
        else if (e.name === 'manifest.json') manifests.push(path.join(dir, e.name));
      }
    };
    walk(path.join(project.root, '.sweep/cache/nodes'));
    // The prepared table of 'toy' (kept in memory by an in-process run, never in the run folder).
    const prepared = manifests.filter((m) => JSON.parse(readFileSync(m, 'utf8')).node === 'toy::prepare');
    expect(prepared).toHaveLength(1);
    const data = path.join(path.dirname(prepared[0]!), 'data');
    const intact = readFileSync(data);
    writeFileSync(data, Buffer.concat([intact, Buffer.from('x')]));
    // Every cell hits: nothing reads the prepared table, so its corruption goes unnoticed (and unpaid for).
    const allHit = await run(CONFIG('1.0e-8', ''), 'd2');
    expect(Object.values(byCell(allHit.results.cells))).toEqual(['hit', 'hit', 'hit', 'hit']);
    expect(allHit.reportWarnings.filter((w) => w.includes('cache entry'))).toEqual([]);
    // naive-bayes with new params runs on toy: the prepared table is read, found corrupt, prepared again.
    const changed = await run(CONFIG('2.0e-8', ''), 'd3');
    expect(changed.reportWarnings.some((w) => w.includes("'toy::prepare'") && w.includes('corrupt'))).toBe(true);
    expect(byCell(changed.results.cells)).toEqual({ 'toy/decision-tree': 'hit', 'toy/naive-bayes': 'miss', 'other/decision-tree': 'hit', 'other/naive-bayes': 'miss' });
    const plain = await run(CONFIG('2.0e-8', ''), 'd4', { noCache: true });
    expect(metricsOf(changed.results.cells)).toEqual(metricsOf(plain.results.cells));
  });

  it('after an interrupted run, the same run redoes no finished cell and gives the metrics of an uninterrupted one', async () => {
    const config = CONFIG('1.0e-5', '');
    const controller = new AbortController();
    const first = await run(config, 'stopped', { signal: controller.signal, onProgress: (p) => { if (p.cellsDone >= 1) controller.abort(); } });
    const finished = first.results.cells.filter((c) => c.status === 'ok').map((c) => `${c.dataset}/${c.algorithm}`);
    expect(finished.length).toBeGreaterThan(0);
    expect(finished.length).toBeLessThan(4);
    const resumed = await run(config, 'resumed');
    for (const cell of finished) expect(byCell(resumed.results.cells)[cell]).toBe('hit');
    const plain = await run(config, 'plain', { noCache: true });
    expect(metricsOf(resumed.results.cells)).toEqual(metricsOf(plain.results.cells));
  });
});
