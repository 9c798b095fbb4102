import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/catalog/index.js';
import type { JsonValue } from '../../src/core/index.js';
import { runners, type RunnerEvent, type RunResult } from '../../src/runner/index.js';
import { catalogFor, pipelineFixtures, type PipelineFixture } from '../fixtures/pipelines/pipelines.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** What must be identical across runners: statuses, reasons, errors, and every produced dataset. */
async function snapshot(fixture: PipelineFixture, catalog: Catalog, run: RunResult): Promise<unknown> {
  const statuses = Object.fromEntries(
    [...run.results].map(([name, r]) => [
      name,
      { status: r.status, skippedBecause: r.skippedBecause ?? null, error: r.error && { code: r.error.code, message: r.error.message, hint: r.error.hint } },
    ]),
  );
  const outputs: Record<string, JsonValue | null> = {};
  for (const d of Object.keys(fixture.outputs)) outputs[d] = (await catalog.exists(d)) ? await catalog.load<JsonValue>(d) : null;
  return { ok: run.ok, order: [...run.results.keys()], statuses, outputs };
}

function expectFixture(fixture: PipelineFixture, run: RunResult, outputs: unknown, runner: string): void {
  expect([...run.results.keys()], runner).toEqual(fixture.pipeline.nodes.map((n) => n.name));
  for (const [name, want] of Object.entries(fixture.statuses)) {
    const got = run.results.get(name)!;
    const where = `${runner}: node ${name}`;
    if (want === 'ok') {
      expect(got, where).toMatchObject({ status: 'ok', error: null });
    } else if ('skipped' in want) {
      expect(got, where).toMatchObject({ status: 'skipped', error: null, skippedBecause: want.skipped, worker: null });
    } else {
      expect(got.status, where).toBe('failed');
      expect(got.error?.code, where).toBe(want.failed);
      expect(got.error?.message, where).toMatch(want.message);
      expect(got.error?.hint ?? undefined, where).toBe(want.hint);
    }
  }
  expect(Object.keys(fixture.statuses).sort()).toEqual(fixture.pipeline.nodes.map((n) => n.name).sort());
  expect(run.ok, runner).toBe(Object.values(fixture.statuses).every((s) => s === 'ok'));
  expect(outputs, runner).toEqual(fixture.outputs);
}

describe('every runner in the registry honours the contract', () => {
  it('registers sequential and pool', () => {
    expect(runners.names()).toEqual(expect.arrayContaining(['sequential', 'pool']));
  });

  describe.each(pipelineFixtures.map((f) => [f.name, f] as const))('%s', (_, fixture) => {
    it('gives the expected outputs and statuses, identical across runners, with start/end events', async () => {
      const seen = new Map<string, unknown>();
      for (const runnerName of runners.names()) {
        const dir = await mkdtemp(path.join(tmpdir(), `sweep-runner-${runnerName}-`));
        dirs.push(dir);
        const catalog = await catalogFor(fixture, dir);
        const events: RunnerEvent[] = [];
        const run = await runners.get(runnerName)({ jobs: 2 }).run(fixture.pipeline, catalog, { onEvent: (e) => events.push(e) });
        const snap = (await snapshot(fixture, catalog, run)) as { outputs: unknown };
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
