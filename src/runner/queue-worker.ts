/**
 * A queue worker (`sweep worker`): takes node jobs from the BullMQ queue and runs each on one of
 * `jobs` worker threads, so this thread stays free to renew the jobs' locks. A worker killed
 * mid-job stops renewing; BullMQ's stalled-job check then hands the job to another worker.
 */
import { hostname } from 'node:os';
import type { Worker as Thread } from 'node:worker_threads';
import type { Job } from 'bullmq';
import { startWorker, sweepVersion, toErrorRecord } from '../core/index.js';
import { resolveModuleId } from './module-id.js';
import type { WorkerReply, WorkerTask } from './protocol.js';
import { DEFAULT_QUEUE_NAME, REFUSED_PREFIX, type QueueJobData, type QueueJobResult } from './queue-protocol.js';
import { checkRedis, redisOptions } from './redis.js';

/** What a worker reports as it goes (the CLI prints these on stderr). */
export type QueueWorkerEvent =
  | { type: 'start'; node: string; job: string }
  | { type: 'end'; node: string; job: string; result: QueueJobResult }
  | { type: 'refused'; node: string; job: string; message: string };

/** Options of `startQueueWorker`. */
export interface QueueWorkerOptions {
  /** `redis://host:port[/db]`. */
  url: string;
  queueName?: string;
  /** Jobs run at once, each on its own thread (default 1). */
  jobs?: number;
  /** Milliseconds a job's lock lasts without renewal before it counts as stalled (BullMQ default 30 s). */
  lockMs?: number;
  onEvent?: (event: QueueWorkerEvent) => void;
}

/** A running worker; `close()` waits for its running jobs, then disconnects. */
export interface QueueWorkerHandle {
  readonly id: string;
  close(): Promise<void>;
}

/** One thread per concurrent job, started on first use and replaced when it dies. */
class Threads {
  private readonly idle: Thread[] = [];
  private readonly all = new Set<Thread>();
  private nextId = 0;

  run(task: Omit<WorkerTask, 'id' | 'type'>): Promise<WorkerReply> {
    const thread = this.idle.pop() ?? this.spawn();
    const id = ++this.nextId;
    return new Promise<WorkerReply>((resolve) => {
      const started = performance.now();
      const done = (reply: WorkerReply, keep: boolean): void => {
        thread.off('message', onMessage);
        thread.off('exit', onExit);
        if (keep) this.idle.push(thread);
        resolve(reply);
      };
      const onMessage = (reply: WorkerReply): void => {
        if (reply.id === id) done(reply, true);
      };
      const onExit = (code: number): void => {
        this.all.delete(thread);
        const message = `the worker thread running node '${task.node}' exited with code ${code}`;
        done({ type: 'done', id, status: 'failed', error: { code: 'SWEEP_RUN_FAILED', message, hint: 'the node ended its thread (process.exit, or out of memory)', stack: null }, seconds: (performance.now() - started) / 1000 }, false);
      };
      thread.on('message', onMessage);
      thread.on('exit', onExit);
      thread.postMessage({ ...task, type: 'run', id } satisfies WorkerTask);
    });
  }

  private spawn(): Thread {
    const thread = startWorker(import.meta.url, 'worker');
    thread.on('error', () => {}); // surfaces as 'exit'
    this.all.add(thread);
    return thread;
  }

  async close(): Promise<void> {
    await Promise.all([...this.all].map((t) => t.terminate()));
  }
}

/** Starts a worker on the queue at `url`; throws `SWEEP_QUEUE_UNREACHABLE` when Redis does not answer. */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorkerHandle> {
  await checkRedis(options.url);
  const { UnrecoverableError, Worker } = await import('bullmq');
  const id = `${hostname()}:${process.pid}`;
  const version = sweepVersion();
  const threads = new Threads();
  const emit = (event: QueueWorkerEvent): void => options.onEvent?.(event);
  const lockDuration = options.lockMs ?? 30_000;

  const processor = async (job: Job<QueueJobData, QueueJobResult>): Promise<QueueJobResult> => {
    const data = job.data;
    const jobId = job.id ?? '?';
    if (data.sweep !== version) {
      const message = `worker ${id} runs sweep ${version} but node '${data.node}' was submitted by sweep ${data.sweep}; it refuses the job`;
      emit({ type: 'refused', node: data.node, job: jobId, message });
      throw new UnrecoverableError(`${REFUSED_PREFIX}${message}`);
    }
    emit({ type: 'start', node: data.node, job: jobId });
    let reply: WorkerReply;
    try {
      const ref = { module: resolveModuleId(data.ref.module), export: data.ref.export };
      reply = await threads.run({ node: data.node, ref, args: data.args, inputs: data.inputs, outputs: data.outputs });
    } catch (error) {
      reply = { type: 'done', id: 0, status: 'failed', error: toErrorRecord(error), seconds: 0 };
    }
    const result: QueueJobResult = { status: reply.status, error: reply.error, seconds: reply.seconds, worker: id };
    emit({ type: 'end', node: data.node, job: jobId, result });
    return result;
  };

  const worker = new Worker<QueueJobData, QueueJobResult>(options.queueName ?? DEFAULT_QUEUE_NAME, processor, {
    connection: redisOptions(options.url),
    concurrency: Math.max(1, options.jobs ?? 1),
    lockDuration,
    stalledInterval: Math.max(500, Math.floor(lockDuration / 2)),
    maxStalledCount: 1,
  });
  worker.on('error', () => {}); // connection errors: ioredis reconnects; jobs are retried by stalled checks
  await worker.waitUntilReady();
  return {
    id,
    async close() {
      await worker.close();
      await threads.close();
    },
  };
}
