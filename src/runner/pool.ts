/**
 * The pool runner: nodes run in worker processes (or threads), `jobs` at a time. A worker gets the node's `ref`,
 * its args and the catalog entries of its datasets (never live values); nodes touching datasets
 * that cannot cross threads (memory) run on the main thread meanwhile.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { SweepError, forkWorker, startWorker, toErrorRecord } from '../core/index.js';
import { datasetTypes, schemeOf, type Catalog, type DatasetEntry } from '../catalog/index.js';
import type { Node, Pipeline } from '../pipeline/index.js';
import type { WorkerReply, WorkerStarted, WorkerTask } from './protocol.js';
import { plannedEntry, runInline, TemplateRunner, type CellLimits, type Executor, type Outcome, type RunnerTags, type RunOptions } from './runner.js';

/** What a pool worker is: a child process (a fatal error costs only its node) or a thread. */
export type PoolIsolation = 'process' | 'thread';

/** Options of the pool runner: the run options plus how its workers are isolated. */
export interface PoolRunnerOptions extends RunOptions {
  /**
   * `process` (default): each worker is a child process, so V8 running out of memory, an invalid
   * array size or a native crash in one node costs only that node; `limits` are enforced there.
   * `thread`: worker threads of this process (cheaper to start, no isolation, no limits).
   */
  isolation?: PoolIsolation;
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
  'the node ended its worker (an exception thrown outside the returned promise, process.exit, running out of memory, or a native crash); the other nodes went on in a fresh worker';

/** How often the watchdog reads a child's resident memory. */
const MEMORY_POLL_MS = 100;

/** A worker as the pool sees it: a thread or a child process behind one small interface. */
interface Channel {
  /** The child's pid (process isolation), for the memory watchdog; null for a thread. */
  readonly pid: number | null;
  post(task: WorkerTask): void;
  /** Ends the worker now. */
  kill(): Promise<void>;
  /** The last lines the worker wrote to stderr (a fatal V8 error says why there). */
  stderrTail(): string;
  on(handlers: { message(reply: WorkerReply | WorkerStarted): void; lost(reason: string, error?: Error): void }): void;
}

function threadChannel(): Channel {
  const worker = startWorker(import.meta.url, 'worker');
  return {
    pid: null,
    post: (task) => worker.postMessage(task),
    kill: async () => {
      await worker.terminate();
    },
    stderrTail: () => '',
    on(h) {
      worker.on('message', h.message);
      worker.on('error', (error: Error) => h.lost(error.message, error));
      worker.on('messageerror', (error: Error) => h.lost(`unreadable message: ${error.message}`, error));
      worker.on('exit', (code: number) => h.lost(`exited with code ${code}`));
    },
  };
}

function processChannel(maxMemoryMb: number | null): Channel {
  const child = forkWorker(import.meta.url, 'worker', maxMemoryMb === null ? {} : { maxOldSpaceMb: maxMemoryMb });
  let tail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid: child.pid ?? null,
    post: (task) => {
      child.send(task);
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    stderrTail: () => tail,
    on(h) {
      child.on('message', (reply: WorkerReply | WorkerStarted) => h.message(reply));
      child.on('error', (error: Error) => h.lost(error.message, error));
      child.on('exit', (code: number | null, signal: NodeJS.Signals | null) => h.lost(signal === null ? `exited with code ${code}` : `was killed by ${signal}`));
    },
  };
}

/** Resident memory of process `pid` in MiB (Linux `/proc`), or null when it cannot be read. */
function residentMb(pid: number): number | null {
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return Number.isFinite(pages) ? (pages * 4096) / 2 ** 20 : null;
  } catch {
    return null;
  }
}

/** Why the pool itself ended a node's worker: an abort, or a limit of its cell. */
type Ending = { kind: 'interrupt' } | { kind: 'timeout'; seconds: number } | { kind: 'memory'; mb: number };

interface Pending {
  id: number;
  node: string;
  started: number;
  resolve: (outcome: Outcome) => void;
  /** The watchdog's timers for this node. */
  timers: NodeJS.Timeout[];
  /** Arms the timeout once the worker says the task started (a fresh process boots first). */
  arm: () => void;
}

interface Slot {
  index: number;
  channel: Channel;
  pending: Pending | null;
  /** Set once the worker is gone (crashed, exited or ended); its events are ignored after. */
  dead: boolean;
  /** Set when the pool ends the worker on purpose: the node ends as interrupted or over a limit. */
  ending: Ending | null;
}

/** Workers in lane 0 (one slot each: child processes, or threads) and the main thread in lane 1. */
class WorkerPool implements Executor {
  readonly lanes: readonly number[];
  private readonly slots: Array<Slot | undefined> = [];
  private closing = false;
  private nextId = 0;
  /** Seconds each cell's nodes have run so far (for `limits.timeoutS`). */
  private readonly cellSeconds = new Map<string, number>();

  constructor(
    size: number,
    private readonly catalog: Catalog,
    private readonly mainThreadNodes: ReadonlySet<string>,
    readonly graceMs: number | undefined,
    private readonly isolation: PoolIsolation,
    private readonly limits: CellLimits | undefined,
  ) {
    this.lanes = [size, 1];
  }

  /** The slot's worker, started on first use: a run whose nodes all come from the cache starts none. */
  private slot(index: number): Slot {
    this.slots[index] ??= this.spawn(index);
    return this.slots[index];
  }

  laneOf(node: Node): number {
    return this.mainThreadNodes.has(node.name) ? 1 : 0;
  }

  workerOf(lane: number, slot: number): number | null {
    return lane === 0 ? slot : null;
  }

  start(node: Node, lane: number, slot: number): Promise<Outcome> {
    if (lane === 1) return runInline(node, this.catalog);
    const target = this.slot(slot);
    const entries = (names: Record<string, string>): Record<string, DatasetEntry> =>
      Object.fromEntries(Object.entries(names).map(([local, d]) => [local, this.catalog.entry(d)]));
    const task: WorkerTask = { type: 'run', id: ++this.nextId, node: node.name, ref: node.ref!, args: node.args, inputs: entries(node.inputs), outputs: entries(node.outputs) };
    const cell = this.limits?.cellOf?.[node.name];
    return new Promise<Outcome>((resolve) => {
      const pending: Pending = {
        id: task.id,
        node: node.name,
        started: performance.now(),
        timers: [],
        arm: () => undefined,
        resolve: (outcome) => {
          for (const t of pending.timers) clearTimeout(t);
          if (cell !== undefined) this.cellSeconds.set(cell, (this.cellSeconds.get(cell) ?? 0) + outcome.seconds);
          resolve(outcome);
        },
      };
      target.pending = pending;
      this.watch(target, pending, cell);
      try {
        target.channel.post(task);
      } catch (error) {
        target.pending = null;
        pending.resolve({ status: 'failed', error: toErrorRecord(error), seconds: 0 });
      }
    });
  }

  /** Starts the watchdog of a node: the cell's time left, and the worker's resident memory. */
  private watch(slot: Slot, pending: Pending, cell: string | undefined): void {
    const limits = this.limits;
    if (limits === undefined) return;
    if (limits.timeoutS !== null) {
      const left = limits.timeoutS - (cell === undefined ? 0 : (this.cellSeconds.get(cell) ?? 0));
      const arm = (): void => {
        pending.timers.push(setTimeout(() => this.end(slot, pending, { kind: 'timeout', seconds: limits.timeoutS! }), Math.max(0, left * 1000)));
      };
      // A thread sends no 'started': its clock starts now.
      if (slot.channel.pid === null) arm();
      else pending.arm = arm;
    }
    const pid = slot.channel.pid;
    if (limits.maxMemoryMb !== null && pid !== null) {
      const poll = (): void => {
        const mb = residentMb(pid);
        if (mb !== null && mb > limits.maxMemoryMb!) this.end(slot, pending, { kind: 'memory', mb });
        else pending.timers.push(setTimeout(poll, MEMORY_POLL_MS));
      };
      pending.timers.push(setTimeout(poll, MEMORY_POLL_MS));
    }
  }

  /** Ends the worker running `pending` on purpose (its node ends as `why` says). */
  private end(slot: Slot, pending: Pending, why: Ending): void {
    if (slot.pending !== pending || slot.dead || slot.ending !== null) return;
    slot.ending = why;
    void slot.channel.kill();
  }

  interrupt(): void {
    for (const slot of this.slots) {
      if (slot === undefined || slot.pending === null || slot.dead || slot.ending !== null) continue;
      slot.ending = { kind: 'interrupt' };
      void slot.channel.kill();
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.filter((slot) => slot !== undefined).map((slot) => slot.channel.kill()));
  }

  private spawn(index: number): Slot {
    const channel = this.isolation === 'process' ? processChannel(this.limits?.maxMemoryMb ?? null) : threadChannel();
    const slot: Slot = { index, channel, pending: null, dead: false, ending: null };
    channel.on({
      message: (reply) => {
        const pending = slot.pending;
        if (pending === null || reply.id !== pending.id || slot.ending !== null) return;
        if (reply.type === 'started') {
          pending.arm();
          return;
        }
        slot.pending = null;
        pending.resolve({ status: reply.status, error: reply.error, seconds: reply.seconds });
      },
      lost: (reason, error) => this.lost(slot, reason, error),
    });
    return slot;
  }

  /** A worker is gone: its running node fails (or is interrupted), and the slot gets a fresh worker. */
  private lost(slot: Slot, reason: string, error?: Error): void {
    if (slot.dead) return;
    slot.dead = true;
    const pending = slot.pending;
    slot.pending = null;
    if (pending !== null) {
      const seconds = (performance.now() - pending.started) / 1000;
      const ending = slot.ending;
      const memoryLimit = this.limits?.maxMemoryMb ?? null;
      const fatal = slot.channel.stderrTail();
      const outOfHeap = /heap out of memory|Reached heap limit|invalid (array|table) (length|size)|invalid size error/i.test(fatal);
      if (ending?.kind === 'interrupt') {
        pending.resolve({ status: 'interrupted', error: null, seconds });
      } else if (ending?.kind === 'timeout') {
        const message = `node '${pending.node}' was stopped: its cell ran past the timeout of ${ending.seconds} s`;
        pending.resolve({ status: 'failed', error: { code: 'SWEEP_CELL_TIMEOUT', message, hint: 'raise `runner.timeout`, or make the cell cheaper (fewer rows with `sample:`, smaller params)', stack: null }, seconds });
      } else if (ending?.kind === 'memory' || (memoryLimit !== null && outOfHeap && /heap/i.test(fatal))) {
        const used = ending?.kind === 'memory' ? `${Math.round(ending.mb)} MiB resident` : 'the JavaScript heap filled up';
        const message = `node '${pending.node}' was stopped: it went over max_memory_mb (${memoryLimit} MiB; ${used})`;
        pending.resolve({ status: 'failed', error: { code: 'SWEEP_CELL_MEMORY', message, hint: 'raise `runner.max_memory_mb`, or make the cell smaller (`sample:`, fewer estimators)', stack: null }, seconds });
      } else {
        const last = fatal.split('\n').map((l) => l.trim()).filter((l) => /fatal|error/i.test(l)).slice(-1)[0];
        const message = `worker ${slot.index} crashed while running node '${pending.node}': ${reason}${last === undefined ? '' : ` (${last})`}`;
        pending.resolve({ status: 'failed', error: { code: 'SWEEP_CELL_CRASHED', message, hint: CRASH_HINT, stack: error?.stack ?? null }, seconds });
      }
    }
    // The next node for this slot starts a fresh worker.
    if (this.slots[slot.index] === slot) this.slots[slot.index] = undefined;
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
    return new WorkerPool(size, catalog, mainThread, this.options.graceMs, this.options.isolation ?? 'process', options.limits);
  }
}

/** Registry factory: `runners.get('pool')({ jobs })`. */
export function pool(options: PoolRunnerOptions = {}): PoolRunner {
  return new PoolRunner(options);
}
