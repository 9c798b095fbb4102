/**
 * `sweep run --queue … --detach`, `sweep status` and `sweep collect RUN`. Detaching hands the run's
 * scheduler (which enqueues each node once its inputs exist, and writes the run folder at the end)
 * to a background `sweep run` process on this machine; the workers do the work as ever. Its record
 * and log live in `<reports>/.detached/<run-id>.{json,log}`.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { SweepError } from '../core/index.js';
import { countCells, type SweepResults } from '../report/index.js';
import { DEFAULT_QUEUE_NAME, checkRedis, redisOptions, runJobCounts } from '../runner/index.js';
import { timestampId } from '../sweep/index.js';
import type { CliIO, Style } from './output.js';

/** What `--detach` records about the background scheduler. */
export interface DetachedRecord {
  run_id: string;
  run_dir: string;
  pid: number;
  queue: string;
  log: string;
  started_at: string;
}

const BIN = fileURLToPath(new URL('../../bin/sweep.js', import.meta.url));

function recordFile(reportsDir: string, runId: string): string {
  return path.join(reportsDir, '.detached', `${runId}.json`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts `sweep run <argv> --run-id ID --quiet` in the background (its own process group, output to
 * the log) and returns its record. `argv` is the run's own arguments without `--detach`.
 */
export async function detachRun(io: CliIO, style: Style, argv: string[], reportsDir: string, queue: string): Promise<DetachedRecord> {
  await checkRedis(queue); // fail here, not in a log nobody reads
  const runId = timestampId(new Date());
  const dir = path.join(reportsDir, '.detached');
  mkdirSync(dir, { recursive: true });
  const log = path.join(dir, `${runId}.log`);
  const out = openSync(log, 'a');
  const child = spawn(process.execPath, [BIN, 'run', ...argv, '--run-id', runId, '--quiet'], { cwd: io.cwd, detached: true, stdio: ['ignore', out, out], env: { ...process.env, NO_COLOR: '1' } });
  child.unref();
  const record: DetachedRecord = { run_id: runId, run_dir: path.join(reportsDir, runId), pid: child.pid ?? -1, queue, log, started_at: new Date().toISOString() };
  await writeFile(recordFile(reportsDir, runId), `${JSON.stringify(record, null, 2)}\n`);
  io.stderr.write(
    `${style.green('detached')}: run ${style.bold(runId)} is scheduled by process ${record.pid} (log: ${path.relative(io.cwd, log) || log})\n` +
      `  sweep status ${runId}    # progress\n  sweep collect ${runId}   # wait for it and print the summary\n`,
  );
  return record;
}

async function readRecord(reportsDir: string, runId: string): Promise<DetachedRecord | null> {
  try {
    return JSON.parse(await readFile(recordFile(reportsDir, runId), 'utf8')) as DetachedRecord;
  } catch {
    return null;
  }
}

async function readResults(runDir: string): Promise<SweepResults | null> {
  try {
    return JSON.parse(await readFile(path.join(runDir, 'results.json'), 'utf8')) as SweepResults;
  } catch {
    return null;
  }
}

/** The state of a detached run: done (with counts), running (with the queue's job counts), or stopped. */
export interface RunStatus {
  run_id: string;
  run_dir: string;
  state: 'done' | 'running' | 'stopped';
  cells?: { ok: number; failed: number; skipped: number; total: number };
  queue?: Record<string, number>;
  log: string | null;
}

/** `sweep status RUN`: what a detached run is doing. */
export async function statusCommand(io: CliIO, style: Style, runId: string, reportsDir: string, options: { json?: boolean }): Promise<RunStatus> {
  const record = await readRecord(reportsDir, runId);
  const runDir = record?.run_dir ?? path.join(reportsDir, runId);
  const results = await readResults(runDir);
  let status: RunStatus;
  if (results !== null) {
    status = { run_id: runId, run_dir: runDir, state: 'done', cells: countCells(results), log: record?.log ?? null };
  } else if (record === null) {
    throw new SweepError('SWEEP_NOT_FOUND', `no run '${runId}' in ${reportsDir} (no results.json, no detached record)`, { hint: 'give the run id `sweep run --detach` printed' });
  } else {
    const queue = new Queue(DEFAULT_QUEUE_NAME, { connection: redisOptions(record.queue) });
    try {
      await checkRedis(record.queue);
      const counts = await runJobCounts(queue, runDir); // this run's jobs only: runs share the queue
      status = { run_id: runId, run_dir: runDir, state: alive(record.pid) ? 'running' : 'stopped', queue: counts, log: record.log };
    } finally {
      await queue.close();
    }
  }
  if (options.json) io.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
  else if (status.state === 'done') io.stdout.write(`${runId}: ${style.green('done')}, ${status.cells!.ok}/${status.cells!.total} cells ok → ${status.run_dir}\n`);
  else {
    const q = status.queue!;
    io.stdout.write(`${runId}: ${status.state === 'running' ? style.yellow('running') : style.red('stopped before writing results')} (queue: ${q['waiting'] ?? 0} waiting, ${q['active'] ?? 0} active, ${q['completed'] ?? 0} completed, ${q['failed'] ?? 0} failed; log ${status.log})\n`);
  }
  return status;
}

/** `sweep collect RUN`: waits for a detached run's results (polling) and prints its summary. */
export async function collectCommand(io: CliIO, style: Style, runId: string, reportsDir: string, options: { json?: boolean; pollMs?: number }): Promise<{ results: SweepResults; runDir: string; ok: boolean }> {
  const record = await readRecord(reportsDir, runId);
  const runDir = record?.run_dir ?? path.join(reportsDir, runId);
  for (;;) {
    const results = await readResults(runDir);
    if (results !== null) {
      const counts = countCells(results);
      io.stderr.write(`${counts.failed + counts.skipped === 0 ? style.green('done') : style.yellow('done with failures')}: ${counts.ok}/${counts.total} cells ok → ${runDir}/\n`);
      if (options.json) io.stdout.write(`${JSON.stringify({ run_dir: runDir, ...results }, null, 2)}\n`);
      return { results, runDir, ok: counts.ok === counts.total };
    }
    if (record === null) throw new SweepError('SWEEP_NOT_FOUND', `no run '${runId}' in ${reportsDir} (no results.json, no detached record)`, { hint: 'give the run id `sweep run --detach` printed' });
    // Re-read the results once more after the scheduler ends: it writes them just before exiting.
    if (!alive(record.pid) && (await readResults(runDir)) === null) {
      throw new SweepError('SWEEP_RUN_FAILED', `the detached scheduler of run '${runId}' (process ${record.pid}) stopped without writing results`, { hint: `see its log: ${record.log}` });
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1000));
  }
}
