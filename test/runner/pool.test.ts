import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/index.js';
import { SweepError } from '../../src/core/index.js';
import { node, Pipeline } from '../../src/pipeline/index.js';
import { PoolRunner, runners, type RunnerEvent } from '../../src/runner/index.js';
import * as fns from '../fixtures/pipelines/nodes.js';
import { fixtureNode } from '../fixtures/pipelines/pipelines.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function jsonCatalog(names: string[], seeds: Record<string, number> = {}): Promise<Catalog> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sweep-pool-'));
  dirs.push(dir);
  const catalog = new Catalog(names.map((name) => ({ name, type: 'json', path: path.join(dir, `${name}.json`) })));
  for (const [name, value] of Object.entries(seeds)) await catalog.save(name, value);
  return catalog;
}

describe('pool runner', () => {
  it('is the registry entry "pool"', () => {
    expect(runners.get('pool')()).toBeInstanceOf(PoolRunner);
  });

  it('refuses, all at once, worker nodes without a ref or with a ref that is not a URL or not a file; memory nodes need none', async () => {
    const catalog = new Catalog([
      { name: 'seed', type: 'json', path: '/nonexistent/seed.json' },
      { name: 'mem', type: 'memory', path: 'memory://mem' },
    ]);
    const p = new Pipeline([
      node({ name: 'no-ref-1', fn: fns.increment, inputs: { x: 'seed' }, outputs: { y: 'f1' } }),
      node({ name: 'no-ref-2', fn: fns.increment, inputs: { x: 'seed' }, outputs: { y: 'f2' } }),
      node({ name: 'relative-ref', fn: fns.increment, ref: { module: './nodes.ts', export: 'increment' }, inputs: { x: 'seed' }, outputs: { y: 'f3' } }),
      node({ name: 'memory-no-ref', fn: fns.increment, inputs: { x: 'mem' }, outputs: { y: 'f4' } }),
      node({ name: 'missing-module', fn: fns.increment, ref: { ...fns.ref('increment'), module: new URL('./no-such-nodes.ts', import.meta.url).href }, inputs: { x: 'seed' }, outputs: { y: 'f5' } }),
    ]);
    for (const name of ['f1', 'f2', 'f3', 'f4', 'f5']) catalog.add({ name, type: 'json', path: `/nonexistent/${name}.json` });
    const error = (await new PoolRunner().run(p, catalog).catch((e: unknown) => e)) as SweepError;
    expect(error).toBeInstanceOf(SweepError);
    expect(error.code).toBe('SWEEP_PIPELINE_INVALID');
    expect(error.details.problems).toEqual([
      "node 'no-ref-1' has no ref, so a worker thread cannot import its function",
      "node 'no-ref-2' has no ref, so a worker thread cannot import its function",
      "node 'relative-ref': ref.module './nodes.ts' is not a URL (use a file URL, e.g. from import.meta.url)",
      `node 'missing-module': ref.module ${new URL('./no-such-nodes.ts', import.meta.url).href} does not exist`,
    ]);
  });

  it('rejects jobs that are not a positive integer', async () => {
    const p = new Pipeline([fixtureNode({ name: 'a', fn: 'increment', inputs: { x: 'seed' }, outputs: { y: 'out' } })]);
    const catalog = await jsonCatalog(['seed', 'out'], { seed: 1 });
    await expect(new PoolRunner({ jobs: 0 }).run(p, catalog)).rejects.toMatchObject({ code: 'SWEEP_USAGE' });
    await expect(new PoolRunner().run(p, catalog, { jobs: 1.5 })).rejects.toMatchObject({ code: 'SWEEP_USAGE' });
  });

  it('keeps workers busy in parallel, runs memory nodes on the main thread, and reports worker indices', async () => {
    const catalog = await jsonCatalog(['seed', 'slow1', 'slow2', 'slow3'], { seed: 1 });
    catalog.add({ name: 'mem_out', type: 'memory', path: 'memory://mem_out' });
    const p = new Pipeline([
      fixtureNode({ name: 'slow1', fn: 'later', inputs: { x: 'seed' }, outputs: { y: 'slow1' }, args: { ms: 300 } }),
      fixtureNode({ name: 'slow2', fn: 'later', inputs: { x: 'seed' }, outputs: { y: 'slow2' }, args: { ms: 300 } }),
      fixtureNode({ name: 'slow3', fn: 'later', inputs: { x: 'seed' }, outputs: { y: 'slow3' }, args: { ms: 300 } }),
      node({ name: 'on-main', fn: fns.combine, inputs: { left: 'slow1', right: 'slow2' }, outputs: { out: 'mem_out' } }),
    ]);
    const events: RunnerEvent[] = [];
    const run = await new PoolRunner({ jobs: 8 }).run(p, catalog, { onEvent: (e) => events.push(e) });
    expect(run.ok).toBe(true);
    // never more workers than worker nodes: indices 0..2 for three slow nodes, even with jobs 8
    expect(new Set(['slow1', 'slow2', 'slow3'].map((n) => run.results.get(n)!.worker))).toEqual(new Set([0, 1, 2]));
    expect(run.results.get('on-main')!.worker).toBeNull();
    // all three slow nodes were handed out before the first one finished
    expect(events.slice(0, 3).map((e) => [e.type, e.node.name])).toEqual([
      ['start', 'slow1'],
      ['start', 'slow2'],
      ['start', 'slow3'],
    ]);
    expect(await catalog.load('mem_out')).toEqual({ left: 10, right: 10, total: 20 });
  });

  it.each(['process', 'thread'] as const)('fails a node whose worker exits, replaces the worker, and goes on (isolation: %s)', async (isolation) => {
    const catalog = await jsonCatalog(['seed', 'gone', 'after', 'next'], { seed: 4 });
    const p = new Pipeline([
      fixtureNode({ name: 'exit', fn: 'exitThread', inputs: { x: 'seed' }, outputs: { y: 'gone' } }),
      fixtureNode({ name: 'after', fn: 'increment', inputs: { x: 'gone' }, outputs: { y: 'after' } }),
      fixtureNode({ name: 'next', fn: 'increment', inputs: { x: 'seed' }, outputs: { y: 'next' } }),
    ]);
    const run = await new PoolRunner({ jobs: 1, isolation }).run(p, catalog);
    expect(run.ok).toBe(false);
    const exit = run.results.get('exit')!;
    expect(exit).toMatchObject({ status: 'failed', worker: 0 });
    expect(exit.error).toMatchObject({ code: 'SWEEP_CELL_CRASHED', message: "worker 0 crashed while running node 'exit': exited with code 7" });
    expect(exit.error!.hint).toContain('fresh worker');
    expect(run.results.get('after')).toMatchObject({ status: 'skipped', skippedBecause: 'exit' });
    expect(run.results.get('next')).toMatchObject({ status: 'ok', worker: 0 });
    expect(await catalog.load('next')).toBe(5);
  });

  it('fails a node that throws outside its promise (uncaught in the worker) and names the error', async () => {
    const catalog = await jsonCatalog(['seed', 'x', 'y'], { seed: 4 });
    const p = new Pipeline([
      fixtureNode({ name: 'timer', fn: 'throwOutside', inputs: { x: 'seed' }, outputs: { y: 'x' } }),
      fixtureNode({ name: 'fine', fn: 'increment', inputs: { x: 'seed' }, outputs: { y: 'y' } }),
    ]);
    const threads = await new PoolRunner({ jobs: 1, isolation: 'thread' }).run(p, catalog);
    expect(threads.results.get('timer')!.error?.message).toBe("worker 0 crashed while running node 'timer': thrown from a timer");
    const run = await new PoolRunner({ jobs: 1 }).run(p, catalog);
    // A child process prints the uncaught error and exits 1; the message keeps the error's line.
    expect(run.results.get('timer')!.error?.message).toMatch(/^worker 0 crashed while running node 'timer': exited with code 1 \(.*thrown from a timer\)$/);
    expect(run.results.get('fine')!.status).toBe('ok');
  });

  it('fails a node whose ref names no exported function, listing what the module exports', async () => {
    const catalog = await jsonCatalog(['seed', 'x'], { seed: 4 });
    const p = new Pipeline([node({ name: 'typo', fn: fns.increment, ref: { ...fns.ref('increment'), export: 'incremnet' }, inputs: { x: 'seed' }, outputs: { y: 'x' } })]);
    const run = await new PoolRunner({ jobs: 1 }).run(p, catalog);
    const error = run.results.get('typo')!.error!;
    expect(error.code).toBe('SWEEP_RUN_FAILED');
    expect(error.message).toMatch(/^node 'typo': file:.*\/nodes\.ts has no exported function 'incremnet'$/);
    expect(error.hint).toContain('increment');
  });

  it('terminates running workers after the grace period of an abort', async () => {
    const catalog = await jsonCatalog(['seed', 'slow', 'after'], { seed: 1 });
    const p = new Pipeline([
      fixtureNode({ name: 'slow', fn: 'later', inputs: { x: 'seed' }, outputs: { y: 'slow' }, args: { ms: 30_000 } }),
      fixtureNode({ name: 'after', fn: 'increment', inputs: { x: 'slow' }, outputs: { y: 'after' } }),
    ]);
    const controller = new AbortController();
    const run = await new PoolRunner({ jobs: 1, graceMs: 100 }).run(p, catalog, {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'start') setTimeout(() => controller.abort(), 200);
      },
    });
    expect(run.results.get('slow')).toMatchObject({ status: 'skipped', skippedBecause: 'interrupted', worker: 0 });
    expect(run.results.get('after')).toMatchObject({ status: 'skipped', skippedBecause: 'interrupted' });
    expect(await catalog.exists('slow')).toBe(false);
  });
});
