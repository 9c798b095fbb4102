import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSweepConfig } from '../../src/config/index.js';
import { Queue } from 'bullmq';
import { DEFAULT_QUEUE_NAME, redisOptions, runJobCounts, startQueueWorker } from '../../src/runner/index.js';
import { runSweep } from '../../src/sweep/index.js';
import { BIN, sweepBin, sweepInProcess } from '../helpers/cli.js';
import { makeToyCsv, tempProject, type TempProject } from '../helpers/project.js';
import { testRedisUrl } from '../helpers/redis.js';

/**
 * End to end: `sweep run --queue` with two `sweep worker` processes (compiled, from bin/: `npm test`
 * builds first), one SIGKILLed while it runs a forest fit. BullMQ's stalled-job check hands that
 * job to the other worker; the run completes with the metrics of a local sequential run.
 */
const url = testRedisUrl(3);
let project: TempProject;
/** The metrics of a local sequential run, the reference both tests compare against. */
let localMetrics: unknown[] = [];

interface WorkerProcess {
  child: ChildProcess;
  log: string;
  exited: Promise<void>;
}

function startWorker(name: string, onLine: (w: WorkerProcess, line: string) => void): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [BIN, 'worker', '--queue', url, '--jobs', '1', '--lock-ms', '1500'], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
  const w: WorkerProcess = { child, log: '', exited: new Promise((resolve) => child.once('exit', () => resolve())) };
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      w.log += chunk.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line.includes('waiting for jobs')) resolve(w);
        onLine(w, line);
      }
    });
    child.once('exit', (code) => reject(new Error(`worker ${name} exited with ${code} before it was ready:\n${w.log}`)));
  });
}

beforeAll(() => {
  project = tempProject();
  project.write('datasets/a.csv', makeToyCsv(400, 5));
  project.write('datasets/b.csv', makeToyCsv(300, 9));
  project.write(
    'conf/sweep.yaml',
    `name: queued
datasets:
  a: { path: datasets/a.csv, target: label }
  b: { path: datasets/b.csv, target: label }
algorithms:
  random-forest: { n_estimators: 30 }
  naive-bayes: {}
evaluation: { metrics: [accuracy, f1_macro] }
`,
  );
});
afterAll(() => project.cleanup());

describe('sweep run --queue with two workers', () => {
  it('survives a worker killed mid-job and gives the metrics of a local run', async () => {
    const config = await readSweepConfig(path.join(project.root, 'conf/sweep.yaml'));
    // No node cache: the queued run must really fit every node (a hit would leave no job to kill).
    const local = await runSweep(config, { runner: 'sequential', runId: 'local', noCache: true });
    expect(local.ok).toBe(true);
    localMetrics = local.results.cells.map((c) => c.metrics);

    let killed: string | null = null;
    const kill = (w: WorkerProcess, line: string): void => {
      const fit = /^→ (\S+::random-forest::fit) /.exec(line);
      if (fit === null || killed !== null) return;
      killed = fit[1]!;
      w.child.kill('SIGKILL');
    };
    const workers = await Promise.all([startWorker('one', kill), startWorker('two', kill)]);
    try {
      const queued = await runSweep(config, { queue: url, runId: 'queued', noCache: true });
      expect(killed, 'a worker was killed while running a forest fit').not.toBeNull();
      const survivor = workers.find((w) => w.child.exitCode === null && w.child.signalCode === null)!;
      expect(survivor, 'one worker is still running').toBeDefined();
      expect(survivor.log).toContain(`✓ ${killed!} `);
      expect(queued.ok).toBe(true);
      expect(queued.results.runner).toBe('queue');
      const metrics = (r: typeof local) => r.results.cells.map((c) => [c.dataset, c.algorithm, c.status, c.metrics, c.n_train, c.n_test]);
      expect(metrics(queued)).toEqual(metrics(local));
    } finally {
      for (const w of workers) w.child.kill('SIGTERM');
      await Promise.all(workers.map((w) => w.exited));
    }
  });

  it('--detach returns at once; status and collect follow it; its workers read and write the shared cache, which a later plain run hits; a concurrent run on the same queue does not mix with it', async () => {
    const detachedUrl = testRedisUrl(5);
    const worker = await startQueueWorker({ url: detachedUrl, jobs: 2 });
    const queue = new Queue(DEFAULT_QUEUE_NAME, { connection: redisOptions(detachedUrl) });
    try {
      const detached = await sweepInProcess(['run', '--queue', detachedUrl, '--detach', '--json'], project.root);
      expect(detached.code, detached.stderr).toBe(0);
      const record = JSON.parse(detached.stdout) as { run_id: string; run_dir: string; pid: number };
      expect(detached.stderr).toContain(`sweep collect ${record.run_id}`);
      // Another run of the same sweep (same node names) on the same queue and workers, meanwhile.
      const config = await readSweepConfig(path.join(project.root, 'conf/sweep.yaml'));
      const other = await runSweep(config, { queue: detachedUrl, outDir: path.join(project.root, 'other'), runId: 'other', noCache: true });
      expect(other.results.cells.map((c) => c.metrics)).toEqual(localMetrics);

      const status = await sweepInProcess(['status', record.run_id, '--json'], project.root);
      expect(status.code, status.stderr).toBe(0);
      expect(['running', 'done']).toContain((JSON.parse(status.stdout) as { state: string }).state);
      const collected = await sweepInProcess(['collect', record.run_id, '--json'], project.root);
      expect(collected.code, collected.stderr).toBe(0);
      const results = JSON.parse(collected.stdout) as { runner: string; cells: Array<{ status: string; metrics: unknown }> };
      expect(results.runner).toBe('queue');
      expect(localMetrics).toHaveLength(4);
      expect(results.cells.map((c) => c.metrics)).toEqual(localMetrics);

      // Each run counts only its own jobs: the same pipeline, so as many each, together all of them.
      const mine = await runJobCounts(queue, record.run_dir);
      const theirs = await runJobCounts(queue, other.runDir);
      expect(mine.completed).toBeGreaterThan(0);
      expect(mine.completed).toBe(theirs.completed);
      expect(mine.completed + theirs.completed).toBe((await queue.getJobCounts('completed')).completed);
      const done = await sweepInProcess(['status', record.run_id, '--json'], project.root);
      expect(JSON.parse(done.stdout)).toMatchObject({ state: 'done', cells: { ok: 4, total: 4 } });

      // The workers took the prepared tables from the cache, not from a run folder.
      const cacheRoot = path.join(project.root, '.sweep', 'cache');
      const fits = (await queue.getJobs(['completed'])).filter((j) => j.data.run === record.run_dir && j.data.node.endsWith('::fit'));
      expect(fits.length).toBeGreaterThan(0);
      for (const job of fits) expect(job.data.inputs['data']!.path.startsWith(cacheRoot), job.data.inputs['data']!.path).toBe(true);
      // A plain local run of the same sweep finds every cell there, with the same metrics. (Compiled,
      // like the detached scheduler: keys include a fingerprint of the code, and dist/ is not src/.)
      const plain = sweepBin(['run', '--runner', 'sequential', '--run-id', 'plain', '--json', '--quiet'], project.root);
      expect(plain.code, plain.stderr).toBe(0);
      const plainCells = (JSON.parse(plain.stdout) as { cells: Array<{ cache: string; metrics: unknown }> }).cells;
      expect(plainCells.map((c) => c.cache)).toEqual(['hit', 'hit', 'hit', 'hit']);
      expect(plainCells.map((c) => c.metrics)).toEqual(localMetrics);
    } finally {
      await queue.close();
      await worker.close();
    }
  });
});
