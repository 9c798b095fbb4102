/**
 * The pool runner: nodes run in worker threads, `jobs` at a time. A worker gets the node's `ref`,
 * its args and the catalog entries of its datasets (never live values); nodes touching datasets
 * that cannot cross threads (memory) run on the main thread meanwhile.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { SweepError, startWorker, toErrorRecord } from '../core/index.js';
import { datasetTypes, schemeOf, type Catalog, type DatasetEntry } from '../catalog/index.js';
import type { Node, Pipeline } from '../pipeline/index.js';
import type { WorkerReply, WorkerTask } from './protocol.js';
import { plannedEntry, runInline, TemplateRunner, type Executor, type Outcome, type RunnerTags, type RunOptions } from './runner.js';

/** Options of the pool runner: the run options plus how long an abort waits for running nodes. */
export interface PoolRunnerOptions extends RunOptions {
  /** Milliseconds running nodes may take to finish after an abort before their workers are terminated. */
  graceMs?: number;
}

/** True when a dataset lives in this thread only: a live type (`memory`) or `memory://` storage. */
export function isThreadLocal(entry: DatasetEntry): boolean {
  return schemeOf(entry.path) === 'memory' || (datasetTypes.has(entry.type) && datasetTypes.get(entry.type).live === true);
}

/**
 * True when `node` reads or writes a thread-local dataset, so it must run on the main thread.
 * Datasets without an entry count as `memory` (the run adds that), except those in `unknown`.
 */
export function needsMainThread(node: Node, catalog: Catalog, unknown: ReadonlySet<string> = new Set()): boolean {
  return [...Object.values(node.inputs), ...Object.values(node.outputs)].some((d) => !unknown.has(d) && isThreadLocal(plannedEntry(catalog, d)));
}

/** `jobs` as given, or `os.availableParallelism()`; anything but a positive integer is a usage error. */
export function resolveJobs(jobs: number | undefined): number {
  if (jobs === undefined) return Math.max(1, availableParallelism());
  if (!Number.isInteger(jobs) || jobs < 1) {
    throw new SweepError('SWEEP_USAGE', `jobs must be a positive integer, got ${String(jobs)}`, { hint: 'pass --jobs 1 or more' });
  }
  return jobs;
}

const CRASH_HINT =
  'the node ended its worker thread (an exception thrown outside the returned promise, process.exit, or running out of memory); the other nodes went on in a fresh worker';

interface Pending {
  id: number;
  node: string;
  started: number;
  resolve: (outcome: Outcome) => void;
}

interface Slot {
  index: number;
  worker: Worker;
  pending: Pending | null;
  /** Set once the thread is gone (crashed, exited or terminated); its events are ignored after. */
  dead: boolean;
  /** Set when we terminate it on purpose after an abort: its node ends as `interrupted`. */
  terminating: boolean;
}

/** Worker threads in lane 0 (one slot per thread) and the main thread in lane 1. */
class WorkerPool implements Executor {
  readonly lanes: readonly number[];
  private readonly slots: Slot[] = [];
  private closing = false;
  private nextId = 0;

  constructor(
    size: number,
    private readonly catalog: Catalog,
    private readonly mainThreadNodes: ReadonlySet<string>,
    readonly graceMs: number | undefined,
  ) {
    this.lanes = [size, 1];
    for (let i = 0; i < size; i++) this.slots.push(this.spawn(i));
  }

  laneOf(node: Node): number {
    return this.mainThreadNodes.has(node.name) ? 1 : 0;
  }

  workerOf(lane: number, slot: number): number | null {
    return lane === 0 ? slot : null;
  }

  start(node: Node, lane: number, slot: number): Promise<Outcome> {
    if (lane === 1) return runInline(node, this.catalog);
    const target = this.slots[slot]!;
    const entries = (names: Record<string, string>): Record<string, DatasetEntry> =>
      Object.fromEntries(Object.entries(names).map(([local, d]) => [local, this.catalog.entry(d)]));
    const task: WorkerTask = { type: 'run', id: ++this.nextId, node: node.name, ref: node.ref!, args: node.args, inputs: entries(node.inputs), outputs: entries(node.outputs) };
    return new Promise<Outcome>((resolve) => {
      target.pending = { id: task.id, node: node.name, started: performance.now(), resolve };
      try {
        target.worker.postMessage(task);
      } catch (error) {
        target.pending = null;
        resolve({ status: 'failed', error: toErrorRecord(error), seconds: 0 });
      }
    });
  }

  interrupt(): void {
    for (const slot of this.slots) {
      if (slot.pending === null || slot.dead) continue;
      slot.terminating = true;
      void slot.worker.terminate();
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(index: number): Slot {
    const worker = startWorker(import.meta.url, 'worker');
    const slot: Slot = { index, worker, pending: null, dead: false, terminating: false };
    worker.on('message', (reply: WorkerReply) => {
      const pending = slot.pending;
      if (pending === null || reply.id !== pending.id) return;
      slot.pending = null;
      pending.resolve({ status: reply.status, error: reply.error, seconds: reply.seconds });
    });
    worker.on('error', (error: Error) => this.lost(slot, error.message, error));
    worker.on('messageerror', (error: Error) => this.lost(slot, `unreadable message: ${error.message}`, error));
    worker.on('exit', (code: number) => this.lost(slot, `exited with code ${code}`));
    return slot;
  }

  /** A thread is gone: its running node fails (or is interrupted), and the slot gets a fresh thread. */
  private lost(slot: Slot, reason: string, error?: Error): void {
    if (slot.dead) return;
    slot.dead = true;
    const pending = slot.pending;
    slot.pending = null;
    if (pending !== null) {
      const seconds = (performance.now() - pending.started) / 1000;
      if (slot.terminating) {
        pending.resolve({ status: 'interrupted', error: null, seconds });
      } else {
        const message = `worker ${slot.index} crashed while running node '${pending.node}': ${reason}`;
        pending.resolve({ status: 'failed', error: { code: 'SWEEP_RUN_FAILED', message, hint: CRASH_HINT, stack: error?.stack ?? null }, seconds });
      }
    }
    if (!this.closing && !slot.terminating) this.slots[slot.index] = this.spawn(slot.index);
  }
}

/**
 * Runs nodes in `jobs` worker threads (default `os.availableParallelism()`, never more than the
 * nodes that can use them). Every node that runs in a worker needs a `ref`.
 */
export class PoolRunner extends TemplateRunner {
  readonly name = 'pool';
  readonly tags: RunnerTags = { inProcess: false, remote: false };

  constructor(private readonly options: PoolRunnerOptions = {}) {
    super(options);
  }

  override check(pipeline: Pipeline, catalog: Catalog, options: RunOptions = {}): void {
    resolveJobs(options.jobs ?? this.options.jobs);
    super.check(pipeline, catalog, options);
  }

  protected override problems(pipeline: Pipeline, catalog: Catalog): string[] {
    const problems: string[] = [];
    const missing = new Set(pipeline.freeInputs().filter((d) => !catalog.has(d)));
    for (const n of pipeline.nodes) {
      if (n.ref === undefined) {
        if (!needsMainThread(n, catalog, missing)) {
          problems.push(`node '${n.name}' has no ref, so a worker thread cannot import its function`);
        }
      } else if (!URL.canParse(n.ref.module)) {
        problems.push(`node '${n.name}': ref.module '${n.ref.module}' is not a URL (use a file URL, e.g. from import.meta.url)`);
      } else if (n.ref.module.startsWith('file:') && !existsSync(fileURLToPath(n.ref.module))) {
        problems.push(`node '${n.name}': ref.module ${n.ref.module} does not exist`);
      }
    }
    return problems;
  }

  protected open(pipeline: Pipeline, catalog: Catalog, options: RunOptions): Executor {
    const mainThread = new Set(pipeline.nodes.filter((n) => needsMainThread(n, catalog)).map((n) => n.name));
    const size = Math.min(resolveJobs(options.jobs), pipeline.nodes.length - mainThread.size);
    return new WorkerPool(size, catalog, mainThread, this.options.graceMs);
  }
}

/** Registry factory: `runners.get('pool')({ jobs })`. */
export function pool(options: PoolRunnerOptions = {}): PoolRunner {
  return new PoolRunner(options);
}
