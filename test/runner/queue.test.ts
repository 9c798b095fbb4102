import { fileURLToPath, pathToFileURL } from 'node:url';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot, sweepVersion } from '../../src/core/index.js';
import {
  checkRedis,
  DEFAULT_QUEUE_NAME,
  failedJobError,
  moduleIdOf,
  redisOptions,
  resolveModuleId,
  startQueueWorker,
  type QueueJobData,
  type QueueWorkerEvent,
  type QueueWorkerHandle,
} from '../../src/runner/index.js';
import { testRedisUrl } from '../helpers/redis.js';

describe('module ids', () => {
  it('name sweep modules from the package root, so a worker installed elsewhere resolves them', () => {
    const nodes = new URL('../../src/sweep/nodes.ts', import.meta.url).href;
    expect(moduleIdOf(nodes)).toBe('sweep:src/sweep/nodes.ts');
    // From sources (vitest), a compiled id resolves to the source module of the same path, and back.
    expect(resolveModuleId('sweep:dist/sweep/nodes.js')).toBe(nodes);
    expect(resolveModuleId('sweep:src/sweep/nodes.ts')).toBe(nodes);
    expect(fileURLToPath(resolveModuleId('sweep:src/sweep/nodes.ts')).startsWith(packageRoot())).toBe(true);
  });

  it('keep modules outside the package as URLs, and fail clearly on a module this install lacks', () => {
    const outside = pathToFileURL('/opt/elsewhere/nodes.js').href;
    expect(moduleIdOf(outside)).toBe(outside);
    expect(resolveModuleId(outside)).toBe(outside);
    expect(() => resolveModuleId('sweep:src/sweep/no-such-module.ts')).toThrow(/not in this sweep install/);
  });
});

describe('the queue', () => {
  it('names an unreachable Redis as an environment fault', async () => {
    await expect(checkRedis('redis://127.0.0.1:1', 2_000)).rejects.toMatchObject({ code: 'SWEEP_QUEUE_UNREACHABLE', message: expect.stringContaining('redis://127.0.0.1:1') });
    expect(() => redisOptions('http://x')).toThrow(/not a Redis URL/);
    expect(redisOptions('redis://u:p%40ss@h:7000/3')).toMatchObject({ host: 'h', port: 7000, db: 3, username: 'u', password: 'p@ss' });
  });

  describe('a worker of another sweep version', () => {
    const url = testRedisUrl(4);
    let worker: QueueWorkerHandle;
    const events: QueueWorkerEvent[] = [];
    beforeAll(async () => {
      worker = await startQueueWorker({ url, onEvent: (e) => events.push(e) });
    });
    afterAll(async () => {
      await worker.close();
    });

    it('refuses the job with an error naming both versions, and runs nothing', async () => {
      const connection = redisOptions(url);
      const queue = new Queue(DEFAULT_QUEUE_NAME, { connection });
      const queueEvents = new QueueEvents(DEFAULT_QUEUE_NAME, { connection });
      await queueEvents.waitUntilReady();
      const data: QueueJobData = {
        sweep: '0.0.0-elsewhere',
        run: 'another-machine/reports/run-1',
        node: 'toy::prepare',
        ref: { module: 'sweep:src/sweep/nodes.ts', export: 'prepareDataset' },
        args: null,
        inputs: {},
        outputs: {},
      };
      try {
        const job = await queue.add('toy::prepare', data, { attempts: 1 });
        const reason = await job.waitUntilFinished(queueEvents).then(
          () => 'completed',
          (error: Error) => error.message,
        );
        const record = failedJobError(reason);
        expect(record.code).toBe('SWEEP_VERSION_MISMATCH');
        expect(record.message).toMatch(new RegExp(`runs sweep ${sweepVersion().replace(/\./g, '\\.')} but node 'toy::prepare' was submitted by sweep 0\\.0\\.0-elsewhere; it refuses the job`));
        expect(record.hint).toMatch(/same sweep version/);
        expect(events.map((e) => e.type)).toEqual(['refused']);
      } finally {
        await Promise.all([queue.close(), queueEvents.close()]);
      }
    });
  });
});
