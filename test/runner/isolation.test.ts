/**
 * Process isolation of the pool (issue 12): a native crash, V8 running out of heap, too much
 * resident memory or a node that never ends costs only its own node (its cell), with a named
 * error; the other nodes finish in fresh workers. On the main of 2026-12-02 the pool's workers
 * were threads: a fatal V8 error ended the whole sweep process.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/index.js';
import { Pipeline } from '../../src/pipeline/index.js';
import { PoolRunner } from '../../src/runner/index.js';
import { fixtureNode, type FunctionName } from '../fixtures/pipelines/pipelines.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function jsonCatalog(names: string[], seeds: Record<string, number>): Promise<Catalog> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sweep-isolation-'));
  dirs.push(dir);
  const catalog = new Catalog(names.map((name) => ({ name, type: 'json', path: path.join(dir, `${name}.json`) })));
  for (const [name, value] of Object.entries(seeds)) await catalog.save(name, value);
  return catalog;
}

/** `bad` (a fixture function) beside three healthy nodes, one downstream of it. */
async function runBeside(bad: FunctionName, limits: { timeoutS: number | null; maxMemoryMb: number | null }, jobs = 2) {
  const catalog = await jsonCatalog(['seed', 'bad', 'after', 'a', 'b'], { seed: 1 });
  const p = new Pipeline([
    fixtureNode({ name: 'bad', fn: bad, inputs: { x: 'seed' }, outputs: { y: 'bad' } }),
    fixtureNode({ name: 'after', fn: 'increment', inputs: { x: 'bad' }, outputs: { y: 'after' } }),
    fixtureNode({ name: 'a', fn: 'increment', inputs: { x: 'seed' }, outputs: { y: 'a' } }),
    fixtureNode({ name: 'b', fn: 'increment', inputs: { x: 'a' }, outputs: { y: 'b' } }),
  ]);
  const run = await new PoolRunner({ jobs }).run(p, catalog, { limits });
  expect(run.results.get('a')!.status).toBe('ok');
  expect(run.results.get('b')!.status).toBe('ok');
  expect(await catalog.load('b')).toBe(3);
  expect(run.results.get('after')).toMatchObject({ status: 'skipped', skippedBecause: 'bad' });
  return run.results.get('bad')!;
}

const none = { timeoutS: null, maxMemoryMb: null };

describe('pool workers are processes: one node never takes down the run', () => {
  it('a native crash (SIGABRT) fails only its node, as SWEEP_CELL_CRASHED', async () => {
    const bad = await runBeside('abortProcess', none);
    expect(bad.status).toBe('failed');
    expect(bad.error).toMatchObject({ code: 'SWEEP_CELL_CRASHED', message: expect.stringMatching(/crashed while running node 'bad': was killed by SIGABRT/) });
  });

  it('V8 running out of heap fails only its node; under max_memory_mb it is SWEEP_CELL_MEMORY', async () => {
    const bad = await runBeside('fillHeap', { timeoutS: null, maxMemoryMb: 96 });
    expect(bad.error).toMatchObject({ code: 'SWEEP_CELL_MEMORY', message: expect.stringMatching(/node 'bad' was stopped: it went over max_memory_mb \(96 MiB/) });
  });

  it('resident memory outside the heap (typed arrays) is caught by the watchdog', async () => {
    const bad = await runBeside('holdBuffers', { timeoutS: null, maxMemoryMb: 200 });
    expect(bad.error).toMatchObject({ code: 'SWEEP_CELL_MEMORY', message: expect.stringMatching(/over max_memory_mb \(200 MiB; \d+ MiB resident\)/) });
  });

  it('a node that never ends is stopped at the timeout, as SWEEP_CELL_TIMEOUT', async () => {
    const started = Date.now();
    const bad = await runBeside('spinForever', { timeoutS: 1.5, maxMemoryMb: null });
    expect(bad.error).toMatchObject({ code: 'SWEEP_CELL_TIMEOUT', message: "node 'bad' was stopped: its cell ran past the timeout of 1.5 s" });
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('a cell\'s nodes share its timeout: the second node gets what the first left', async () => {
    const catalog = await jsonCatalog(['seed', 'x', 'y'], { seed: 1 });
    const p = new Pipeline([
      fixtureNode({ name: 'first', fn: 'increment', inputs: { x: 'seed' }, outputs: { y: 'x' } }),
      fixtureNode({ name: 'second', fn: 'spinForever', inputs: { x: 'x' }, outputs: { y: 'y' } }),
    ]);
    const run = await new PoolRunner({ jobs: 1 }).run(p, catalog, { limits: { timeoutS: 1, maxMemoryMb: null, cellOf: { first: 'c', second: 'c' } } });
    expect(run.results.get('first')!.status).toBe('ok');
    expect(run.results.get('second')!.error?.code).toBe('SWEEP_CELL_TIMEOUT');
    expect(run.results.get('second')!.seconds).toBeLessThan(1.5);
  });
});
