/**
 * What travels through the queue: a BullMQ job per node, carrying dataset *configs* (never values)
 * and a module id a worker installed anywhere can resolve, plus the submitter's sweep version.
 */
import type { ErrorRecord } from '../core/index.js';
import type { WorkerTask } from './protocol.js';

/** The BullMQ queue sweep uses when none is named. */
export const DEFAULT_QUEUE_NAME = 'sweep';

/**
 * A job: run one node, as a worker thread task (`WorkerTask` without its thread-local id), plus the
 * submitter's sweep version. `ref.module` is a module id (`sweep:src/sweep/nodes.ts`), see `moduleIdOf`.
 */
export interface QueueJobData extends Omit<WorkerTask, 'type' | 'id'> {
  /** The submitter's sweep version; a worker of another version refuses the job. */
  sweep: string;
  /**
   * The run the job belongs to (its run folder, unique on the shared storage). Runs share a queue
   * and its workers; their jobs are told apart by this, never by node names (`runJobCounts`).
   */
  run: string;
}

/** A job's return value: how the node ended (a failing node is a result, not a failed job). */
export interface QueueJobResult {
  status: 'ok' | 'failed';
  error: ErrorRecord | null;
  seconds: number;
  /** `host:pid` of the worker that ran it. */
  worker: string;
}

/** Prefix of a failed job's reason when a worker refused it; the rest is the message. */
export const REFUSED_PREFIX = 'SWEEP_VERSION_MISMATCH: ';
