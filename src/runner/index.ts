/**
 * runner: where data and computation meet. A runner checks a pipeline against a catalog, then runs
 * its nodes (loading inputs, calling functions, saving outputs), isolating failures per node.
 */
import { Registry } from '../core/index.js';
import { pool } from './pool.js';
import { queue } from './queue.js';
import type { Runner, RunOptions } from './runner.js';
import { sequential } from './sequential.js';

export type { NodeResult, RunnerEvent, RunnerTags, RunOptions, RunResult, Runner, Executor, Outcome, CellLimits } from './runner.js';
export { TemplateRunner, ABORT_GRACE_MS } from './runner.js';
export { NodeCache, canonicalJson, type CacheManifest, type CacheStatus, type NodeCacheOptions } from './cache.js';
export { SequentialRunner } from './sequential.js';
export { PoolRunner, needsMainThread, isThreadLocal, resolveJobs, type PoolRunnerOptions, type PoolIsolation } from './pool.js';
export type { WorkerTask, WorkerReply } from './protocol.js';
export { QueueRunner, failedJobError, runJobCounts, type QueueRunnerOptions } from './queue.js';
export { startQueueWorker, type QueueWorkerEvent, type QueueWorkerHandle, type QueueWorkerOptions } from './queue-worker.js';
export { DEFAULT_QUEUE_NAME, type QueueJobData, type QueueJobResult } from './queue-protocol.js';
export { moduleIdOf, resolveModuleId } from './module-id.js';
export { checkRedis, redisOptions } from './redis.js';

/**
 * Every runner, keyed by file name; a factory takes default `RunOptions` and does no work.
 * Adding one is one file plus one line here; the contract suite (`test/runner/contract.test.ts`)
 * then runs every fixture pipeline through it. Users pick one by name (`runner:` in the config,
 * `--runner`); an unknown name fails with the known names and a did-you-mean.
 *
 * @example
 * const runner = runners.get('pool')({ jobs: 4 });
 * runner.tags.inProcess; // false: intermediates must be files the worker threads can open
 */
export const runners = new Registry<(options?: RunOptions) => Runner>('runner').register('sequential', sequential).register('pool', pool).register('queue', queue);

/**
 * The runner used when the config and the command line name none: `pool`, or `sequential` for a
 * single job (a pool of one thread would only add a copy of every intermediate).
 */
export function defaultRunnerName(jobs: number): string {
  return jobs > 1 ? 'pool' : 'sequential';
}
