/**
 * The runner template every runner shares: check (free inputs in the catalog, runner-specific
 * needs), then execute the DAG through the runner's executor. Scheduling, failure isolation,
 * cancellation, events and results live here once, so every runner reports the same statuses.
 */
import { SweepError, toErrorRecord, type ErrorRecord } from '../core/index.js';
import type { Catalog, DatasetEntry } from '../catalog/index.js';
import type { Node, Pipeline } from '../pipeline/index.js';
import type { NodeCache } from './cache.js';
import { executeNode } from './execute-node.js';

/** How one node ended. `skippedBecause` is the failed upstream node's name, or `'interrupted'`. */
export interface NodeResult {
  node: string;
  status: 'ok' | 'failed' | 'skipped';
  error: ErrorRecord | null;
  seconds: number;
  /** The worker that ran it (0-based), or null for the main thread / not run. */
  worker: number | null;
  skippedBecause?: string;
  /** With a cache: whether the node's outputs came from it. */
  cache?: 'hit' | 'miss';
}

/**
 * A progress event: `start` when a node is handed to a worker or the main thread, `end` with its
 * result. Skipped nodes get only an `end` event, emitted when the run finishes.
 */
export interface RunnerEvent {
  type: 'start' | 'end';
  node: Node;
  result?: NodeResult;
  worker: number | null;
  /** `Date.now()` when the event happened. */
  time: number;
}

/** Options of a run (a runner factory takes the same ones as defaults). */
export interface RunOptions {
  /** How many worker threads the pool runner starts (default `os.availableParallelism()`). */
  jobs?: number;
  /** Called for every `RunnerEvent`; an exception from it is re-thrown once the run has ended. */
  onEvent?: (e: RunnerEvent) => void;
  /** Aborting stops scheduling; running nodes finish, the rest are skipped as `'interrupted'`. */
  signal?: AbortSignal;
  /** Restore nodes from this cache when their key is there, and record the nodes that ran. */
  cache?: NodeCache;
  /** Stop scheduling at the first failed node (running ones finish; the rest are skipped). */
  failFast?: boolean;
  /** The queue runner's Redis: `redis://host:port[/db]` (other runners ignore it). */
  queue?: string;
  /**
   * What names this run among others sharing a runner's resources (the queue runner tags its jobs
   * with it; default: a random id). `runSweep` passes the run folder.
   */
  run?: string;
  /**
   * Milliseconds running nodes may take to finish after an abort before a runner that can stop
   * them (the pool) does so (default `ABORT_GRACE_MS`).
   */
  graceMs?: number;
  /** Per-cell time and memory limits; runners that run nodes in child processes enforce them. */
  limits?: CellLimits;
}

/** Per-cell limits (`runner.timeout`, `runner.max_memory_mb` in the config). */
export interface CellLimits {
  /** Seconds a cell's nodes may run in all (the times of its nodes add up); null for no limit. */
  timeoutS: number | null;
  /** Resident memory of the process running a node, in MiB; null for no limit. */
  maxMemoryMb: number | null;
  /** The cell of each node; a node absent here (shared by several cells) is limited on its own time. */
  cellOf?: Record<string, string>;
}

/** The outcome of a run: one result per node, in topological order. `ok` is true when all are ok. */
export interface RunResult {
  results: Map<string, NodeResult>;
  ok: boolean;
  seconds: number;
}

/**
 * What a runner can do, declared (never inferred from its name): the sweep plans intermediates and
 * node refs from these.
 */
export interface RunnerTags {
  /**
   * Nodes run in the caller's thread, so `memory` datasets pass between them. When false, every
   * dataset a node reads or writes must be storage its thread or process can open.
   */
  inProcess: boolean;
  /**
   * Nodes may run in another process or on another machine: datasets must live where every worker
   * reaches them (a shared folder, `s3://`, the cache), and node refs must resolve there too.
   */
  remote: boolean;
}

/**
 * Runs a pipeline against a catalog.
 *
 * @example
 * const runner = runners.get('pool')({ jobs: 4 });
 * const { ok, results } = await runner.run(pipeline, catalog, { onEvent: drawProgress });
 */
export interface Runner {
  readonly name: string;
  readonly tags: RunnerTags;
  run(pipeline: Pipeline, catalog: Catalog, options?: RunOptions): Promise<RunResult>;
}

/** How a node run by an executor ended; `interrupted` means it was stopped by cancellation. */
export interface Outcome {
  status: 'ok' | 'failed' | 'interrupted';
  error: ErrorRecord | null;
  seconds: number;
  /** With a cache: whether the outputs came from it. */
  cache?: 'hit' | 'miss';
}

/**
 * What a concrete runner plugs into the template: lanes of slots a node can run in (the pool has
 * a lane of worker threads and a main-thread lane), and how to run a node in a slot.
 */
export interface Executor {
  /** Capacity of each lane: how many nodes may run in it at once. */
  readonly lanes: readonly number[];
  /** The lane `node` must run in. */
  laneOf(node: Node): number;
  /** The worker index reported for a slot, or null for the main thread. */
  workerOf(lane: number, slot: number): number | null;
  /** Runs `node` in the slot; must not reject (failures are outcomes). */
  start(node: Node, lane: number, slot: number): Promise<Outcome>;
  /** Milliseconds running nodes may take to finish after an abort (default `ABORT_GRACE_MS`). */
  readonly graceMs?: number;
  /** Cancellation grace period is over: end running nodes now where possible (as `interrupted`). */
  interrupt(): void;
  /** Releases resources (worker threads); called once, after the last node ended. */
  close(): Promise<void>;
}

/** The entry the runner uses for `dataset`: the catalog's, or a `memory` entry for an undeclared output. */
export function plannedEntry(catalog: Catalog, dataset: string): DatasetEntry {
  return catalog.has(dataset) ? catalog.entry(dataset) : { name: dataset, type: 'memory', path: `memory://${dataset}` };
}

/** Runs a node on the main thread with its own function (sequential runner; memory nodes of the pool). */
export async function runInline(node: Node, catalog: Catalog): Promise<Outcome> {
  const started = performance.now();
  try {
    await executeNode(node, catalog);
    return { status: 'ok', error: null, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    return { status: 'failed', error: toErrorRecord(error), seconds: (performance.now() - started) / 1000 };
  }
}

/** A min-heap of topological positions: ready nodes run in topological order. */
class ReadyQueue {
  private readonly heap: number[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(value: number): void {
    const h = this.heap;
    let i = h.push(value) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent]! <= value) break;
      h[i] = h[parent]!;
      i = parent;
    }
    h[i] = value;
  }

  pop(): number {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= h.length) break;
        const child = left + 1 < h.length && h[left + 1]! < h[left]! ? left + 1 : left;
        if (h[child]! >= last) break;
        h[i] = h[child]!;
        i = child;
      }
      h[i] = last;
    }
    return top;
  }
}

interface Finished {
  k: number;
  lane: number;
  slot: number;
  outcome: Outcome;
}

/**
 * The shared template: `check`, then execute through the runner's `Executor`.
 * Subclasses add checks (`problems`) and supply the executor (`open`).
 *
 * @example
 * // runner/inline-pairs.ts: two nodes at a time on the main thread; registered as 'inline-pairs'.
 * export class InlinePairsRunner extends TemplateRunner {
 *   readonly name = 'inline-pairs';
 *   readonly tags = { inProcess: true, remote: false };
 *   protected open(_p: Pipeline, catalog: Catalog): Executor {
 *     return { lanes: [2], laneOf: () => 0, workerOf: () => null, start: (n) => runInline(n, catalog), interrupt: () => {}, close: async () => {} };
 *   }
 * }
 */
export abstract class TemplateRunner implements Runner {
  abstract readonly name: string;
  abstract readonly tags: RunnerTags;

  /** `defaults` are merged under the options given to each `run`. */
  constructor(protected readonly defaults: RunOptions = {}) {}

  /** Checks, then executes; throws only when the check fails (node failures are results). */
  async run(pipeline: Pipeline, catalog: Catalog, options: RunOptions = {}): Promise<RunResult> {
    const started = performance.now();
    const opts: RunOptions = { ...this.defaults, ...options };
    this.check(pipeline, catalog, opts);
    for (const dataset of pipeline.datasets()) if (!catalog.has(dataset)) catalog.add(plannedEntry(catalog, dataset));
    const events = new EventSink(opts.onEvent);
    const opened = await this.open(pipeline, catalog, opts);
    const executor = opts.cache === undefined ? opened : cachedExecutor(opened, opts.cache, pipeline, catalog);
    let outcomes: Array<{ outcome: Outcome; worker: number | null } | undefined>;
    try {
      outcomes = await schedule(pipeline, executor, events, opts.signal, opts.failFast === true);
    } finally {
      await executor.close();
    }
    const failedFast = opts.failFast === true && outcomes.some((o) => o?.outcome.status === 'failed');
    const results = finalResults(pipeline, outcomes, opts.signal?.aborted === true || failedFast);
    for (const n of pipeline.nodes) {
      const result = results.get(n.name)!;
      if (result.status === 'skipped' && !events.started.has(n.name)) {
        events.emit({ type: 'end', node: n, result, worker: null, time: Date.now() });
      }
    }
    events.rethrow();
    const ok = [...results.values()].every((r) => r.status === 'ok');
    return { results, ok, seconds: (performance.now() - started) / 1000 };
  }

  /**
   * Throws one error listing every reason the run cannot start: free inputs missing from the
   * catalog, plus the runner's own needs (`problems`). Outputs without an entry are fine: the run
   * adds a `memory` entry for each (as Kedro does), so they can be loaded afterwards.
   */
  check(pipeline: Pipeline, catalog: Catalog, options: RunOptions = {}): void {
    const missing = pipeline.freeInputs().filter((d) => !catalog.has(d));
    const readers = new Map<string, string[]>(missing.map((d) => [d, []]));
    for (const n of pipeline.nodes) for (const d of new Set(Object.values(n.inputs))) readers.get(d)?.push(`'${n.name}'`);
    const problems = [
      ...missing.map((d) => `input dataset '${d}' is not in the catalog (read by ${readers.get(d)!.join(', ')})`),
      ...this.problems(pipeline, catalog, options),
    ];
    if (problems.length === 0) return;
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    throw new SweepError(missing.length > 0 ? 'SWEEP_DATASET_NOT_FOUND' : 'SWEEP_PIPELINE_INVALID', `cannot run the pipeline with the ${this.name} runner (${count}):\n${problems.map((p) => `  ${p}`).join('\n')}`, {
      hint: missing.length > 0 ? 'add the missing datasets to the catalog (`sweep catalog` lists them)' : 'fix the nodes above, or use the sequential runner',
      details: { runner: this.name, missingDatasets: missing, problems },
    });
  }

  /** Runner-specific reasons the run cannot start (none by default). */
  protected problems(_pipeline: Pipeline, _catalog: Catalog, _options: RunOptions): string[] {
    return [];
  }

  /** Prepares the executor for this run (e.g. starts worker threads). */
  protected abstract open(pipeline: Pipeline, catalog: Catalog, options: RunOptions): Executor | Promise<Executor>;
}

/**
 * Wraps an executor so a node whose key is in the cache is restored instead of run (on the main
 * thread, in the slot it was given), and a node that ran is recorded in the cache.
 */
function cachedExecutor(inner: Executor, cache: NodeCache, pipeline: Pipeline, catalog: Catalog): Executor {
  cache.plan(pipeline);
  return {
    lanes: inner.lanes,
    laneOf: (n) => inner.laneOf(n),
    workerOf: (lane, slot) => inner.workerOf(lane, slot),
    ...(inner.graceMs === undefined ? {} : { graceMs: inner.graceMs }),
    interrupt: () => inner.interrupt(),
    close: () => inner.close(),
    async start(node, lane, slot) {
      const started = performance.now();
      try {
        if (await cache.restore(node, catalog)) return { status: 'ok', error: null, seconds: (performance.now() - started) / 1000, cache: 'hit' };
      } catch (error) {
        cache.warnings.push(`cache entry of '${node.name}' unusable, recomputed: ${error instanceof Error ? error.message : String(error)}`);
      }
      try {
        await cache.materialize(Object.values(node.inputs), catalog);
      } catch (error) {
        return { status: 'failed', error: toErrorRecord(error), seconds: (performance.now() - started) / 1000, cache: 'miss' };
      }
      const outcome = await inner.start(node, lane, slot);
      if (outcome.status === 'ok') await cache.store(node, catalog, outcome.seconds);
      return { ...outcome, cache: 'miss' };
    },
  };
}

/** Delivers events; a listener's exception must not wreck the run, so it is kept and re-thrown at the end. */
class EventSink {
  readonly started = new Set<string>();
  private error: { value: unknown } | null = null;

  constructor(private readonly listener: ((e: RunnerEvent) => void) | undefined) {}

  emit(event: RunnerEvent): void {
    if (event.type === 'start') this.started.add(event.node.name);
    if (this.listener === undefined) return;
    try {
      this.listener(event);
    } catch (error) {
      this.error ??= { value: error };
    }
  }

  rethrow(): void {
    if (this.error !== null) throw this.error.value;
  }
}

/** How long running nodes may take to finish after an abort before the executor interrupts them. */
export const ABORT_GRACE_MS = 5_000;

/** Dependency-driven scheduling over lanes; returns each node's outcome (undefined = never ran). */
async function schedule(
  pipeline: Pipeline,
  executor: Executor,
  events: EventSink,
  signal: AbortSignal | undefined,
  failFast: boolean,
): Promise<Array<{ outcome: Outcome; worker: number | null } | undefined>> {
  const nodes = pipeline.nodes;
  const n = nodes.length;
  const producer = new Map<string, number>();
  nodes.forEach((x, k) => Object.values(x.outputs).forEach((d) => producer.set(d, k)));
  const succ: number[][] = nodes.map(() => []);
  const waiting = new Int32Array(n);
  nodes.forEach((x, k) => {
    const preds = new Set<number>();
    for (const d of Object.values(x.inputs)) {
      const p = producer.get(d);
      if (p !== undefined) preds.add(p);
    }
    waiting[k] = preds.size;
    for (const p of preds) succ[p]!.push(k);
  });

  const lanes = nodes.map((x) => executor.laneOf(x));
  const ready = executor.lanes.map(() => new ReadyQueue());
  const freeSlots = executor.lanes.map((capacity) => Array.from({ length: capacity }, (_, s) => capacity - 1 - s)); // pop() takes the lowest
  const doomed = new Uint8Array(n);
  const outcomes: Array<{ outcome: Outcome; worker: number | null } | undefined> = new Array(n).fill(undefined);
  for (let k = 0; k < n; k++) if (waiting[k] === 0) ready[lanes[k]!]!.push(k);

  const finished: Finished[] = [];
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  let aborted = signal?.aborted === true;
  let graceTimer: NodeJS.Timeout | undefined;
  const onAbort = (): void => {
    aborted = true;
    graceTimer ??= setTimeout(() => executor.interrupt(), executor.graceMs ?? ABORT_GRACE_MS);
    notify();
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  let running = 0;
  try {
    for (;;) {
      if (!aborted) {
        ready.forEach((queue, lane) => {
          const slots = freeSlots[lane]!;
          while (queue.size > 0 && slots.length > 0) {
            const k = queue.pop();
            const slot = slots.pop()!;
            const node = nodes[k]!;
            const worker = executor.workerOf(lane, slot);
            events.emit({ type: 'start', node, worker, time: Date.now() });
            running++;
            void executor.start(node, lane, slot).then(
              (outcome) => {
                finished.push({ k, lane, slot, outcome });
                notify();
              },
              (error: unknown) => {
                finished.push({ k, lane, slot, outcome: { status: 'failed', error: toErrorRecord(error), seconds: 0 } });
                notify();
              },
            );
          }
        });
      }
      if (running === 0) break;
      if (finished.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      while (finished.length > 0) {
        const { k, lane, slot, outcome } = finished.shift()!;
        running--;
        const slots = freeSlots[lane]!;
        slots.push(slot);
        slots.sort((a, b) => b - a);
        const worker = executor.workerOf(lane, slot);
        outcomes[k] = { outcome, worker };
        const result = toResult(nodes[k]!.name, outcome, worker);
        events.emit({ type: 'end', node: nodes[k]!, result, worker, time: Date.now() });
        if (outcome.status === 'ok') {
          for (const j of succ[k]!) if (--waiting[j]! === 0 && doomed[j] === 0) ready[lanes[j]!]!.push(j);
        } else if (outcome.status === 'failed') {
          if (failFast) aborted = true;
          const stack = [k];
          while (stack.length > 0) {
            for (const j of succ[stack.pop()!]!) {
              if (doomed[j] === 1) continue;
              doomed[j] = 1;
              stack.push(j);
            }
          }
        }
      }
    }
  } finally {
    clearTimeout(graceTimer);
    signal?.removeEventListener('abort', onAbort);
  }
  return outcomes;
}

function toResult(name: string, outcome: Outcome, worker: number | null): NodeResult {
  if (outcome.status === 'interrupted') {
    return { node: name, status: 'skipped', error: null, seconds: outcome.seconds, worker, skippedBecause: 'interrupted' };
  }
  return { node: name, status: outcome.status, error: outcome.error, seconds: outcome.seconds, worker, ...(outcome.cache === undefined ? {} : { cache: outcome.cache }) };
}

/**
 * One result per node, in topological order. A node that never ran is skipped because of its
 * earliest failed ancestor (in topological order, so the reason does not depend on timing), or
 * because the run was interrupted.
 */
function finalResults(
  pipeline: Pipeline,
  outcomes: ReadonlyArray<{ outcome: Outcome; worker: number | null } | undefined>,
  aborted: boolean,
): Map<string, NodeResult> {
  const nodes = pipeline.nodes;
  const producer = new Map<string, number>();
  nodes.forEach((x, k) => Object.values(x.outputs).forEach((d) => producer.set(d, k)));
  const NONE = Number.MAX_SAFE_INTEGER;
  // firstFailed[k]: the earliest failed node among k and its ancestors.
  const firstFailed: number[] = [];
  const results = new Map<string, NodeResult>();
  nodes.forEach((x, k) => {
    let upstream = NONE;
    for (const d of Object.values(x.inputs)) {
      const p = producer.get(d);
      if (p !== undefined) upstream = Math.min(upstream, firstFailed[p]!);
    }
    const ran = outcomes[k];
    firstFailed[k] = ran?.outcome.status === 'failed' ? Math.min(upstream, k) : upstream;
    if (ran !== undefined) {
      results.set(x.name, toResult(x.name, ran.outcome, ran.worker));
    } else if (upstream !== NONE) {
      results.set(x.name, { node: x.name, status: 'skipped', error: null, seconds: 0, worker: null, skippedBecause: nodes[upstream]!.name });
    } else {
      if (!aborted) throw new Error(`runner bug: node '${x.name}' never ran, yet nothing failed and the run was not aborted`);
      results.set(x.name, { node: x.name, status: 'skipped', error: null, seconds: 0, worker: null, skippedBecause: 'interrupted' });
    }
  });
  return results;
}
