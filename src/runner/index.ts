/**
 * runner: where data and computation meet. A runner checks a pipeline against a catalog, then runs
 * its nodes (loading inputs, calling functions, saving outputs), isolating failures per node.
 */
import { Registry } from '../core/index.js';
import { pool } from './pool.js';
import type { Runner, RunOptions } from './runner.js';
import { sequential } from './sequential.js';

export type { NodeResult, RunnerEvent, RunOptions, RunResult, Runner, Executor, Outcome } from './runner.js';
export { TemplateRunner, ABORT_GRACE_MS } from './runner.js';
export { SequentialRunner } from './sequential.js';
export { PoolRunner, needsMainThread, isThreadLocal, resolveJobs, type PoolRunnerOptions } from './pool.js';
export type { WorkerTask, WorkerReply } from './protocol.js';

/** Every runner, keyed by file name; a factory takes default `RunOptions`. Adding one is one file plus one line. */
export const runners = new Registry<(options?: RunOptions) => Runner>('runner').register('sequential', sequential).register('pool', pool);
