/**
 * The messages between the pool runner and its worker threads. Plain JSON-safe data only: dataset
 * *configs* travel, never live values, so any storage that a fresh Catalog can open works.
 */
import type { ErrorRecord, JsonValue } from '../core/index.js';
import type { DatasetEntry } from '../catalog/index.js';
import type { NodeRef } from '../pipeline/index.js';

/** Main → worker: run one node. `inputs`/`outputs` map the function's local names to entries. */
export interface WorkerTask {
  type: 'run';
  /** Echoed in the reply, so a stale reply can never be taken for the current task. */
  id: number;
  /** The node's name, for error messages. */
  node: string;
  ref: NodeRef;
  args: JsonValue;
  inputs: Record<string, DatasetEntry>;
  outputs: Record<string, DatasetEntry>;
}

/** Worker → main: the task has started (a fresh worker boots first; limits count from here). */
export interface WorkerStarted {
  type: 'started';
  id: number;
}

/** Worker → main: how the task ended. `seconds` is measured in the worker (load + call + save). */
export interface WorkerReply {
  type: 'done';
  id: number;
  status: 'ok' | 'failed';
  /** `toErrorRecord(error)` of what the node threw; SweepError code and hint are kept. */
  error: ErrorRecord | null;
  seconds: number;
}
