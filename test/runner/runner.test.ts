import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/index.js';
import { SweepError } from '../../src/core/index.js';
import { Pipeline } from '../../src/pipeline/index.js';
import { runners, startQueueWorker, type QueueWorkerHandle, type RunnerEvent } from '../../src/runner/index.js';
import { fixtureNode } from '../fixtures/pipelines/pipelines.js';
import { testRedisUrl } from '../helpers/redis.js';

/** Every runner gets the test Redis (database 2); runners that do not queue ignore it. */
// A long abort grace: on a loaded machine a worker can take seconds to start, and the abort test
// checks that the running node is allowed to finish, not how fast the grace period runs out.
const options = { jobs: 2, queue: testRedisUrl(2), graceMs: 120_000 };
let worker: QueueWorkerHandle | undefined;
beforeAll(async () => {
  if (runners.names().some((name) => runners.get(name)().tags.remote)) worker = await startQueueWorker({ url: options.queue, jobs: 2 });
});
const dirs: string[] = [];
afterAll(async () => {
  await worker?.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function jsonCatalog(names: string[]): Promise<{ catalog: Catalog; dir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sweep-runner-'));
  dirs.push(dir);
  return { catalog: new Catalog(names.map((name) => ({ name, type: 'json', path: path.join(dir, `${name}.json`) }))), dir };
}

/** a -> b -> c -> d, each a `later` node taking `ms`. */
function chain(ms: number): Pipeline {
  const names = ['seed', 'a', 'b', 'c', 'd'];
  return new Pipeline(names.slice(1).map((out, k) => fixtureNode({ name: `step::${out}`, fn: 'later', inputs: { x: names[k]! }, outputs: { y: out }, args: { ms } })));
}

describe.each(runners.names())('runner %s', (runnerName) => {
  const runner = runners.get(runnerName)(options);

  it('reports every missing free input at once, before running anything', async () => {
    const p = new Pipeline([
      fixtureNode({ name: 'one', fn: 'increment', inputs: { x: 'missing_a' }, outputs: { y: 'out1' } }),
      fixtureNode({ name: 'two', fn: 'combine', inputs: { left: 'missing_b', right: 'present' }, outputs: { out: 'out2' } }),
      fixtureNode({ name: 'three', fn: 'increment', inputs: { x: 'missing_b' }, outputs: { y: 'out3' } }),
    ]);
    const { catalog } = await jsonCatalog(['present', 'out1', 'out2', 'out3']);
    await catalog.save('present', 1);
    const error = await runner.run(p, catalog).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SweepError);
    expect((error as SweepError).code).toBe('SWEEP_DATASET_NOT_FOUND');
    expect((error as SweepError).message).toContain("input dataset 'missing_a' is not in the catalog (read by 'one')");
    expect((error as SweepError).message).toContain("input dataset 'missing_b' is not in the catalog (read by 'two', 'three')");
    expect((error as SweepError).details.missingDatasets).toEqual(['missing_a', 'missing_b']);
    expect(await catalog.exists('out1')).toBe(false);
  });

  it('on abort, lets the running node finish and skips the rest as interrupted', async () => {
    const { catalog } = await jsonCatalog(['seed', 'a', 'b', 'c', 'd']);
    await catalog.save('seed', 1);
    const controller = new AbortController();
    const events: RunnerEvent[] = [];
    const run = await runner.run(chain(50), catalog, {
      signal: controller.signal,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'start') controller.abort();
      },
    });
    expect(run.ok).toBe(false);
    expect([...run.results.values()].map((r) => [r.node, r.status, r.skippedBecause])).toEqual([
      ['step::a', 'ok', undefined],
      ['step::b', 'skipped', 'interrupted'],
      ['step::c', 'skipped', 'interrupted'],
      ['step::d', 'skipped', 'interrupted'],
    ]);
    expect(await catalog.load('a')).toBe(10);
    expect(await catalog.exists('b')).toBe(false);
    expect(events.filter((e) => e.type === 'start').map((e) => e.node.name)).toEqual(['step::a']);
    expect(events.filter((e) => e.type === 'end')).toHaveLength(4);
  });

  it('runs nothing when the signal is already aborted', async () => {
    const { catalog } = await jsonCatalog(['seed', 'a', 'b', 'c', 'd']);
    await catalog.save('seed', 1);
    const run = await runner.run(chain(1), catalog, { signal: AbortSignal.abort() });
    expect([...run.results.values()].every((r) => r.status === 'skipped' && r.skippedBecause === 'interrupted')).toBe(true);
    expect(await catalog.exists('a')).toBe(false);
  });

  it('finishes the run before re-throwing an exception from onEvent', async () => {
    const { catalog } = await jsonCatalog(['seed', 'a', 'b', 'c', 'd']);
    await catalog.save('seed', 2);
    const listener = (): void => {
      throw new Error('progress drawing broke');
    };
    await expect(runner.run(chain(1), catalog, { onEvent: listener })).rejects.toThrow('progress drawing broke');
    expect(await catalog.load('d')).toBe(20_000);
  });

  it('adds a memory entry for an output the catalog does not declare, loadable afterwards', async () => {
    const catalog = new Catalog([{ name: 'seed', type: 'memory', path: 'memory://seed' }]);
    await catalog.save('seed', 41);
    const p = new Pipeline([fixtureNode({ name: 'inc', fn: 'increment', inputs: { x: 'seed' }, outputs: { y: 'answer' } })]);
    const run = await runner.run(p, catalog);
    expect(run.ok).toBe(true);
    expect(catalog.entry('answer')).toEqual({ name: 'answer', type: 'memory', path: 'memory://answer' });
    expect(await catalog.load('answer')).toBe(42);
  });
});
