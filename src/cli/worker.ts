/**
 * `sweep worker --queue redis://…`: takes node jobs from the queue until stopped (Ctrl-C or
 * SIGTERM finishes the running jobs first). Start as many as you like, on any machine that sees
 * the run's storage and has the same sweep version installed.
 */
import { sweepVersion } from '../core/index.js';
import { startQueueWorker, type QueueWorkerEvent } from '../runner/index.js';
import type { CliIO, Style } from './output.js';

/** Options of `sweep worker`. */
export interface WorkerCommandOptions {
  queue: string;
  jobs?: number;
  /** Milliseconds without a lock renewal before a job counts as stalled and goes to another worker. */
  lockMs?: number;
  quiet?: boolean;
}

/** Runs a worker until SIGINT/SIGTERM, or until `stop` (tests) resolves. Returns the jobs it ran. */
export async function workerCommand(io: CliIO, style: Style, options: WorkerCommandOptions, stop?: Promise<void>): Promise<{ ran: number; failed: number; refused: number }> {
  const counts = { ran: 0, failed: 0, refused: 0 };
  const log = (event: QueueWorkerEvent): void => {
    if (event.type === 'end') {
      counts.ran++;
      if (event.result.status !== 'ok') counts.failed++;
    }
    if (event.type === 'refused') counts.refused++;
    if (options.quiet === true) return;
    if (event.type === 'start') io.stderr.write(`${style.dim('→')} ${event.node} ${style.dim(`(job ${event.job})`)}\n`);
    else if (event.type === 'refused') io.stderr.write(`${style.red('refused')} ${event.node} (job ${event.job}): ${event.message}\n`);
    else if (event.result.status === 'ok') io.stderr.write(`${style.green('✓')} ${event.node} ${style.dim(`${event.result.seconds.toFixed(2)} s`)}\n`);
    else io.stderr.write(`${style.red('✗')} ${event.node}: ${event.result.error?.message.split('\n')[0] ?? 'failed'}\n`);
  };
  const worker = await startQueueWorker({
    url: options.queue,
    jobs: options.jobs ?? 1,
    ...(options.lockMs === undefined ? {} : { lockMs: options.lockMs }),
    onEvent: log,
  });
  if (options.quiet !== true) io.stderr.write(`${style.bold('sweep worker')} ${worker.id} (sweep ${sweepVersion()}), ${options.jobs ?? 1} at a time, waiting for jobs\n`);
  let onSignal: (() => void) | undefined;
  const signalled = new Promise<void>((resolve) => {
    onSignal = () => {
      io.stderr.write(`${style.yellow('stopping')}: finishing running jobs\n`);
      resolve();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  try {
    await Promise.race(stop === undefined ? [signalled] : [signalled, stop]);
  } finally {
    process.off('SIGINT', onSignal!);
    process.off('SIGTERM', onSignal!);
    await worker.close();
  }
  return counts;
}
