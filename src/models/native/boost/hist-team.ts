/**
 * The threads that share a gradient-boosting fit's histogram work: this thread plus `jobs − 1`
 * worker threads, started once per fit. The features are cut into `jobs` contiguous ranges; every
 * node step (build a histogram, subtract the sibling, find each feature's best split) runs on all
 * ranges at once, and the per-range bests are merged in feature order, so the trees are the same
 * bytes for any number of threads (as scikit-learn's OpenMP loops over features).
 *
 * The binned matrix, row order, gradients and histograms live in SharedArrayBuffers. A step is one
 * message per worker (read with `receiveMessageOnPort`) and a generation counter the workers
 * `Atomics.wait` on, so the grower stays synchronous and a step costs tens of microseconds.
 */
import { once } from 'node:events';
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { startWorker } from '../../../core/index.js';
import { RangeRunner, type HistArrays, type HistData, type HistTask, type SplitParams, type SplitResult } from './hist-split.js';

/** How long this thread waits for a worker's step before it gives up (a step takes milliseconds). */
const STEP_TIMEOUT_MS = 120_000;

/** Messages to a worker, in the order it reads them. */
export type TeamMessage =
  | { init: { arrays: HistArrays; params: SplitParams; f0: number; f1: number } }
  | { hist: number; buffer: SharedArrayBuffer }
  | { task: HistTask }
  | { quit: true };

/** A worker's answer to a task. */
export type TeamReply = { results: SplitResult[] } | { error: string };

/** The control words: [0] = step generation (this thread bumps it), [w] = the last step worker w finished. */
export interface TeamWorkerData {
  control: SharedArrayBuffer;
  index: number;
  port: MessagePort;
}

interface Member {
  worker: Worker;
  port: MessagePort;
}

/** Feature ranges `[cut[j], cut[j + 1])` of `jobs` threads over `p` features. */
function featureCuts(p: number, jobs: number): number[] {
  return Array.from({ length: jobs + 1 }, (_, j) => Math.round((j * p) / jobs));
}

/** The histogram threads of one fit. */
export class HistTeam {
  /** Histograms by id (3 values per slot). */
  readonly hists: Float64Array[] = [];
  private readonly free: number[] = [];
  private readonly runner: RangeRunner;
  private readonly cuts: number[];
  private generation = 0;

  private constructor(
    readonly arrays: HistArrays,
    private readonly members: Member[],
    private readonly control: Int32Array,
    params: SplitParams,
    jobs: number,
  ) {
    this.runner = new RangeRunner(arrays, params, this.hists);
    this.cuts = featureCuts(arrays.data.p, jobs);
  }

  /** Threads working (this one included). */
  get jobs(): number {
    return this.members.length + 1;
  }

  /**
   * Allocates the row arrays (shared when `jobs > 1`: then `data.bins` must be shared too) and
   * starts `jobs − 1` workers. `trees` = gradient columns (trees per iteration).
   */
  static async start(data: HistData, params: SplitParams, jobs: number, trees: number): Promise<HistTeam> {
    const shared = jobs > 1;
    const { n } = data;
    const f32 = (length: number): Float32Array => new Float32Array(shared ? new SharedArrayBuffer(4 * length) : new ArrayBuffer(4 * length));
    const arrays: HistArrays = {
      data,
      idx: new Int32Array(shared ? new SharedArrayBuffer(4 * n) : new ArrayBuffer(4 * n)),
      og: f32(n),
      oh: f32(n),
      g: f32(n * trees),
      h: f32(n * trees),
    };
    if (!shared) return new HistTeam(arrays, [], new Int32Array(1), params, 1);
    if (!(data.bins.buffer instanceof SharedArrayBuffer)) throw new Error('gradient-boosting: the binned matrix must be shared for worker threads');
    const control = new SharedArrayBuffer(4 * jobs);
    const members: Member[] = [];
    const team = new HistTeam(arrays, members, new Int32Array(control), params, jobs);
    try {
      for (let w = 1; w < jobs; w++) {
        const { port1, port2 } = new MessageChannel();
        const workerData: TeamWorkerData = { control, index: w, port: port2 };
        const worker = startWorker(import.meta.url, 'hist-worker', { workerData, transferList: [port2] });
        members.push({ worker, port: port1 });
        port1.postMessage({ init: { arrays, params, f0: team.cuts[w]!, f1: team.cuts[w + 1]! } } satisfies TeamMessage);
      }
      // Each worker says it is listening once its module has loaded (start-up errors surface here).
      await Promise.all(
        members.map(async ({ worker }) => {
          // (events.once rejects when the worker emits 'error' first.)
          const [msg] = (await once(worker, 'message')) as [unknown];
          if (msg !== 'ready') throw new Error(`gradient-boosting worker did not start: ${String(msg)}`);
        }),
      );
    } catch (error) {
      await team.close();
      throw error;
    }
    return team;
  }

  /** A histogram id (its contents are garbage until a task builds it). */
  takeHist(): number {
    const id = this.free.pop();
    if (id !== undefined) return id;
    const length = 3 * this.arrays.data.slots;
    const next = this.hists.length;
    if (this.members.length === 0) this.hists.push(new Float64Array(length));
    else {
      const buffer = new SharedArrayBuffer(8 * length);
      this.hists.push(new Float64Array(buffer));
      for (const m of this.members) m.port.postMessage({ hist: next, buffer } satisfies TeamMessage);
    }
    return next;
  }

  releaseHist(id: number): void {
    this.free.push(id);
  }

  /** Runs a task on every feature range; the best split of each scan over all features. */
  run(task: HistTask): SplitResult[] {
    if (this.members.length === 0) return this.runner.run(task, 0, this.arrays.data.p);
    for (const m of this.members) m.port.postMessage({ task } satisfies TeamMessage);
    const gen = this.step();
    const merged = this.runner.run(task, this.cuts[0]!, this.cuts[1]!);
    this.members.forEach((m, j) => {
      this.await(j + 1, gen);
      const reply = receiveMessageOnPort(m.port)?.message as TeamReply | undefined;
      if (reply === undefined) throw new Error(`gradient-boosting worker ${j + 1} finished a step without an answer`);
      if ('error' in reply) throw new Error(`gradient-boosting worker failed: ${reply.error}`);
      // Ranges in feature order, the later one only when strictly better: the serial rule.
      reply.results.forEach((r, s) => {
        if (r.gain > merged[s]!.gain) merged[s] = r;
      });
    });
    return merged;
  }

  /** Wakes the workers for the messages just posted; returns the step's generation. */
  private step(): number {
    this.generation = (this.generation + 1) | 0;
    Atomics.store(this.control, 0, this.generation);
    Atomics.notify(this.control, 0);
    return this.generation;
  }

  private await(w: number, gen: number): void {
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    for (;;) {
      const seen = Atomics.load(this.control, w);
      if (seen === gen) return;
      if (Date.now() > deadline) throw new Error(`gradient-boosting worker ${w} did not answer within ${STEP_TIMEOUT_MS / 1000} s`);
      Atomics.wait(this.control, w, seen, 1000);
    }
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    if (this.members.length === 0) return;
    for (const m of this.members) m.port.postMessage({ quit: true } satisfies TeamMessage);
    this.step();
    await Promise.all(this.members.map((m) => m.worker.terminate()));
    for (const m of this.members) m.port.close();
    this.members.length = 0;
  }
}
