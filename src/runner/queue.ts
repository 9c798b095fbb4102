/**
 * The queue runner: each node becomes a BullMQ job on Redis, taken by `sweep worker` processes on
 * any number of machines. This process schedules (a node is enqueued once its inputs exist) and
 * waits for results; datasets travel as catalog entries, so they must live on storage every worker
 * reaches (a shared folder, `s3://`). Nodes touching thread-local datasets run here meanwhile.
 */
import { randomUUID } from 'node:crypto';
import type { Job, Queue, QueueEvents } from 'bullmq';
import { SweepError, sweepVersion, type ErrorRecord } from '../core/index.js';
import type { Catalog, DatasetEntry } from '../catalog/index.js';
import type { Node, Pipeline } from '../pipeline/index.js';
import { moduleIdOf } from './module-id.js';
import { needsMainThread } from './pool.js';
import { DEFAULT_QUEUE_NAME, REFUSED_PREFIX, type QueueJobData, type QueueJobResult } from './queue-protocol.js';
import { checkRedis, redactUrl, redisOptions } from './redis.js';
import { runInline, TemplateRunner, type Executor, type Outcome, type RunnerTags, type RunOptions } from './runner.js';

/** Options of the queue runner: the run options plus the queue's name and how many jobs may wait at once. */
export interface QueueRunnerOptions extends RunOptions {
  /** BullMQ queue name (default `sweep`); workers must listen on the same one. */
  queueName?: string;
  /** Jobs enqueued and not yet finished, at most (default 256). */
  inFlight?: number;
}

/** A failed job's reason as an error record: a worker's refusal keeps its code, the rest are queue failures. */
export function failedJobError(reason: string): ErrorRecord {
  if (reason.startsWith(REFUSED_PREFIX)) {
    return { code: 'SWEEP_VERSION_MISMATCH', message: reason.slice(REFUSED_PREFIX.length), hint: 'run workers of the same sweep version as the submitter (npm ci in the same commit)', stack: null };
  }
  return { code: 'SWEEP_RUN_FAILED', message: `queue job failed: ${reason}`, hint: 'a worker stopped more than once while running this node (killed, or blocked past its lock); see the workers\' logs', stack: null };
}

interface Waiting {
  resolve: (outcome: Outcome) => void;
  started: number;
  job?: Job;
}

/** The job states `runJobCounts` counts. */
const JOB_STATES = ['waiting', 'active', 'completed', 'failed', 'delayed'] as const;

/**
 * How many jobs of one run (`QueueJobData.run`) are in each state. Runs share a queue, so the
 * queue's own counts mix them; this reads the jobs and keeps the run's.
 */
export async function runJobCounts(queue: Queue, run: string): Promise<Record<(typeof JOB_STATES)[number], number>> {
  const counts = { waiting: 0, active: 0, completed: 0, failed: 0, delayed: 0 };
  for (const state of JOB_STATES) {
    for (const job of await queue.getJobs([state])) if ((job?.data as Partial<QueueJobData> | undefined)?.run === run) counts[state]++;
  }
  return counts;
}

/** Queue lane 0 (jobs on Redis), main-thread lane 1. */
class QueueExecutor implements Executor {
  readonly lanes: readonly number[];
  private readonly waiting = new Set<Waiting>();
  private readonly removals: Array<Promise<unknown>> = [];

  constructor(
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly catalog: Catalog,
    private readonly mainThreadNodes: ReadonlySet<string>,
    inFlight: number,
    private readonly run: string,
  ) {
    this.lanes = [inFlight, 1];
  }

  laneOf(node: Node): number {
    return this.mainThreadNodes.has(node.name) ? 1 : 0;
  }

  workerOf(lane: number, slot: number): number | null {
    return lane === 0 ? slot : null;
  }

  start(node: Node, lane: number): Promise<Outcome> {
    if (lane === 1) return runInline(node, this.catalog);
    const started = performance.now();
    const seconds = (): number => (performance.now() - started) / 1000;
    return new Promise<Outcome>((resolve) => {
      const entry: Waiting = { resolve, started };
      this.waiting.add(entry);
      const finish = (outcome: Outcome): void => {
        if (!this.waiting.delete(entry)) return; // already interrupted
        resolve(outcome);
      };
      this.queue
        .add(node.name, this.jobData(node), { attempts: 1, removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } })
        .then((job) => {
          entry.job = job;
          if (!this.waiting.has(entry)) this.removeJob(job); // interrupted while it was being added
          return job.waitUntilFinished(this.events) as Promise<QueueJobResult>;
        })
        .then(
          (result) => finish({ status: result.status, error: result.error, seconds: result.seconds }),
          (error: unknown) => finish({ status: 'failed', error: failedJobError(error instanceof Error ? error.message : String(error)), seconds: seconds() }),
        );
    });
  }

  private jobData(node: Node): QueueJobData {
    const entries = (names: Record<string, string>): Record<string, DatasetEntry> =>
      Object.fromEntries(Object.entries(names).map(([local, d]) => [local, this.catalog.entry(d)]));
    return {
      sweep: sweepVersion(),
      run: this.run,
      node: node.name,
      ref: { module: moduleIdOf(node.ref!.module), export: node.ref!.export },
      args: node.args,
      inputs: entries(node.inputs),
      outputs: entries(node.outputs),
    };
  }

  /**
   * Stops waiting: the nodes still out end as interrupted. Jobs no worker has taken yet are removed,
   * so no worker runs a node of a run nobody waits for; a running one may still finish.
   */
  interrupt(): void {
    for (const w of [...this.waiting]) {
      this.waiting.delete(w);
      if (w.job !== undefined) this.removeJob(w.job);
      w.resolve({ status: 'interrupted', error: null, seconds: (performance.now() - w.started) / 1000 });
    }
  }

  private removeJob(job: Job): void {
    this.removals.push(job.remove().catch(() => undefined)); // a taken (locked) job refuses: it finishes
  }

  async close(): Promise<void> {
    await Promise.all(this.removals);
    await Promise.all([this.events.close(), this.queue.close()]);
  }
}

/**
 * Runs nodes as BullMQ jobs on the Redis at `queue` (`redis://host:port[/db]`). Start workers with
 * `sweep worker --queue URL` (or `startQueueWorker`); every node that runs on one needs a `ref`.
 */
export class QueueRunner extends TemplateRunner {
  readonly name = 'queue';
  readonly tags: RunnerTags = { inProcess: false, remote: true };

  constructor(private readonly options: QueueRunnerOptions = {}) {
    super(options);
  }

  protected override problems(pipeline: Pipeline, catalog: Catalog, options: RunOptions): string[] {
    const problems: string[] = [];
    if ((options.queue ?? this.options.queue) === undefined) problems.push('no queue: pass its Redis URL (--queue redis://host:port, or runner.queue in the config)');
    const missing = new Set(pipeline.freeInputs().filter((d) => !catalog.has(d)));
    for (const n of pipeline.nodes) {
      if (n.ref === undefined && !needsMainThread(n, catalog, missing)) problems.push(`node '${n.name}' has no ref, so a queue worker cannot import its function`);
    }
    return problems;
  }

  protected async open(pipeline: Pipeline, catalog: Catalog, options: RunOptions): Promise<Executor> {
    const url = (options.queue ?? this.options.queue)!;
    await checkRedis(url);
    const name = this.options.queueName ?? DEFAULT_QUEUE_NAME;
    const connection = redisOptions(url);
    // BullMQ is loaded only by runs that use the queue (it costs a third of a second to import).
    const { Queue, QueueEvents } = await import('bullmq');
    const queue = new Queue(name, { connection });
    const events = new QueueEvents(name, { connection });
    try {
      await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    } catch (error) {
      await Promise.allSettled([queue.close(), events.close()]);
      throw new SweepError('SWEEP_QUEUE_UNREACHABLE', `cannot open queue '${name}' on ${redactUrl(url)}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const mainThread = new Set(pipeline.nodes.filter((n) => needsMainThread(n, catalog)).map((n) => n.name));
    return new QueueExecutor(queue, events, catalog, mainThread, Math.max(1, this.options.inFlight ?? 256), options.run ?? randomUUID());
  }
}

/** Registry factory: `runners.get('queue')({ queue: 'redis://127.0.0.1:6379' })`. */
export function queue(options: QueueRunnerOptions = {}): QueueRunner {
  return new QueueRunner(options);
}
