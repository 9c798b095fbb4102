import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/index.js';
import type { JsonValue } from '../../src/core/index.js';
import { runners, startQueueWorker, type QueueWorkerHandle, type RunnerEvent, type RunResult } from '../../src/runner/index.js';
import { expectFixture } from '../fixtures/pipelines/expect.js';
import { catalogFor, outputsOf, pipelineFixtures, type PipelineFixture } from '../fixtures/pipelines/pipelines.js';
import { testRedisUrl } from '../helpers/redis.js';

/** Every runner gets the test Redis (database 1); runners that do not queue ignore it. */
const options = { jobs: 2, queue: testRedisUrl(1) };
let worker: QueueWorkerHandle | undefined;
const dirs: string[] = [];
beforeAll(async () => {
  // Remote runners need someone to take their jobs: one queue worker, two threads, in this process.
  if (runners.names().some((name) => runners.get(name)().tags.remote)) worker = await startQueueWorker({ url: options.queue, jobs: 2 });
});
afterAll(async () => {
  await worker?.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** What must be identical across runners: statuses, reasons, errors, and every produced dataset. */
interface Snapshot {
  ok: boolean;
  order: string[];
  statuses: Record<string, unknown>;
  outputs: Record<string, JsonValue | null>;
}

async function snapshot(fixture: PipelineFixture, catalog: Catalog, run: RunResult): Promise<Snapshot> {
  const statuses = Object.fromEntries(
    [...run.results].map(([name, r]) => [
      name,
      { status: r.status, skippedBecause: r.skippedBecause ?? null, error: r.error && { code: r.error.code, message: r.error.message, hint: r.error.hint } },
    ]),
  );
  return { ok: run.ok, order: [...run.results.keys()], statuses, outputs: await outputsOf(fixture, catalog) };
}

describe('every runner in the registry honours the contract', () => {
  it('registers sequential, pool and queue', () => {
    expect(runners.names()).toEqual(expect.arrayContaining(['sequential', 'pool', 'queue']));
  });

  describe.each(pipelineFixtures.map((f) => [f.name, f] as const))('%s', (_, fixture) => {
    it('gives the expected outputs and statuses, identical across runners, with start/end events', async () => {
      const seen = new Map<string, Snapshot>();
      for (const runnerName of runners.names()) {
        const dir = await mkdtemp(path.join(tmpdir(), `sweep-runner-${runnerName}-`));
        dirs.push(dir);
        const catalog = await catalogFor(fixture, dir);
        const events: RunnerEvent[] = [];
        const run = await runners.get(runnerName)(options).run(fixture.pipeline, catalog, { onEvent: (e) => events.push(e) });
        const snap = await snapshot(fixture, catalog, run);
        expectFixture(fixture, run, snap.outputs, runnerName);
        seen.set(runnerName, snap);

        // events: every node that ran has start then end; skipped ones only an end; results match.
        for (const [name, result] of run.results) {
          const mine = events.filter((e) => e.node.name === name);
          const ran = result.status !== 'skipped';
          expect(mine.map((e) => e.type), `${runnerName}: events of ${name}`).toEqual(ran ? ['start', 'end'] : ['end']);
          expect(mine[mine.length - 1]!.result, runnerName).toEqual(result);
          expect(mine.every((e) => e.worker === result.worker), runnerName).toBe(true);
        }
      }
      const [first, ...rest] = [...seen.values()];
      for (const other of rest) expect(other).toEqual(first);
    });
  });
});
