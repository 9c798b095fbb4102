/** `sweep run`: plans and runs the sweep, shows progress on stderr, writes the run folder. */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { countCells, describeCache } from '../report/index.js';
import { runSweep, type RunPart, type RunSweepResult, type ShardSpec } from '../sweep/index.js';
import { loadConfig, type ConfigOptions } from './common.js';
import type { DetachedRecord } from './detach.js';
import { SweepError } from '../core/index.js';
import { type CliIO, type Style, formatDuration } from './output.js';
import { createProgressDisplay } from './progress.js';

/** Options of `sweep run`. */
export interface RunCommandOptions extends ConfigOptions {
  dataset?: string[];
  algorithm?: string[];
  only?: RunPart[];
  tags?: string[];
  jobs?: number;
  runner?: string;
  queue?: string;
  shard?: ShardSpec;
  /** With a queue: leave the scheduling to a background process and return (`sweep status`, `sweep collect`). */
  detach?: boolean;
  runId?: string;
  out?: string;
  json?: boolean;
  keepData?: boolean;
  quiet?: boolean;
  force?: boolean;
  /** commander's `--no-cache` sets `cache: false`. */
  cache?: boolean;
  failFast?: boolean;
}

/** Runs the sweep; returns the result (the caller turns it into an exit code). */
export async function runCommand(io: CliIO, style: Style, options: RunCommandOptions): Promise<RunSweepResult> {
  const config = await loadConfig(io, options);
  const display = options.quiet ? undefined : createProgressDisplay(io.stderr, style);
  const controller = new AbortController();
  const onSignal = (): void => {
    io.stderr.write(`\n${style.yellow('interrupted')}: finishing running nodes, then writing partial results (Ctrl-C again to abort)\n`);
    controller.abort();
    process.off('SIGINT', onSignal);
  };
  process.on('SIGINT', onSignal);
  const cores = availableParallelism();
  if (options.jobs !== undefined && options.jobs > cores && !options.quiet) {
    io.stderr.write(`note: --jobs ${options.jobs} capped at the ${cores} available cores (more workers than cores only cost memory)\n`);
  }
  let result: RunSweepResult;
  try {
    if (!options.quiet) io.stderr.write(`${style.bold('sweep')} ${config.name}: ${path.relative(io.cwd, config.configPath) || config.configPath}\n`);
    result = await runSweep(config, {
      ...(options.dataset === undefined ? {} : { datasets: options.dataset }),
      ...(options.algorithm === undefined ? {} : { algorithms: options.algorithm }),
      ...(options.only === undefined ? {} : { only: options.only }),
      ...(options.tags === undefined ? {} : { tags: options.tags }),
      ...(options.jobs === undefined ? {} : { jobs: options.jobs }),
      ...(options.runner === undefined ? {} : { runner: options.runner }),
      ...(options.queue === undefined ? {} : { queue: options.queue }),
      ...(options.shard === undefined ? {} : { shard: options.shard }),
      ...(options.runId === undefined ? {} : { runId: options.runId }),
      ...(options.out === undefined ? {} : { outDir: path.resolve(io.cwd, options.out) }),
      ...(options.keepData ? { keepData: true } : {}),
      ...(options.force ? { force: true } : {}),
      ...(options.cache === false ? { noCache: true } : {}),
      ...(options.failFast ? { failFast: true } : {}),
      ...(display === undefined ? {} : { onProgress: (p) => display.update(p) }),
      signal: controller.signal,
    });
  } finally {
    process.off('SIGINT', onSignal);
    display?.done();
  }
  const counts = countCells(result.results);
  if (!options.quiet) {
    const status = counts.failed + counts.skipped === 0 ? style.green('done') : style.yellow('done with failures');
    io.stderr.write(
      `${status}: ${counts.ok}/${counts.total} cells ok${counts.failed ? `, ${style.red(`${counts.failed} failed`)}` : ''}${counts.skipped ? `, ${counts.skipped} skipped` : ''} in ${formatDuration(result.results.wall_s)}${describeCache(result.results) === '' ? '' : ` (${describeCache(result.results)})`}\n` +
        `reports: ${path.relative(io.cwd, result.runDir) || result.runDir}/ (report.html, summary.md, results.json, results.csv)\n`,
    );
  }
  for (const d of result.results.datasets) {
    for (const n of d.notes ?? []) io.stderr.write(`${n.kind === 'sniffed' ? 'note' : style.yellow('warning')} dataset '${d.dataset}': ${n.message}\n`);
  }
  for (const warning of result.reportWarnings) io.stderr.write(`${style.yellow('warning')} report: ${warning}\n`);
  if (options.json) io.stdout.write(`${JSON.stringify({ run_dir: result.runDir, ...result.results }, null, 2)}\n`);
  return result;
}

/** `sweep run --detach`: the same run, scheduled by a background process (needs a queue). */
export async function detachCommand(io: CliIO, style: Style, options: RunCommandOptions): Promise<DetachedRecord> {
  const config = await loadConfig(io, options);
  const queue = options.queue ?? config.queue ?? undefined;
  if (queue === undefined) {
    throw new SweepError('SWEEP_USAGE', '--detach needs a queue: the workers do the work while nobody waits', { hint: 'add --queue redis://host:port (and start `sweep worker --queue …`)' });
  }
  const list = (flag: string, values: readonly string[] | undefined): string[] => (values === undefined ? [] : [flag, values.join(',')]);
  const argv = [
    '--config', config.configPath,
    '--queue', queue,
    ...list('--dataset', options.dataset),
    ...list('--algorithm', options.algorithm),
    ...list('--only', options.only),
    ...list('--tags', options.tags),
    ...(options.jobs === undefined ? [] : ['--jobs', String(options.jobs)]),
    ...(options.runner === undefined ? [] : ['--runner', options.runner]),
    ...(options.shard === undefined ? [] : ['--shard', `${options.shard.index}/${options.shard.count}`]),
    ...(options.out === undefined ? [] : ['--out', path.resolve(io.cwd, options.out)]),
    ...(options.keepData ? ['--keep-data'] : []),
    ...(options.force ? ['--force'] : []),
    ...(options.cache === false ? ['--no-cache'] : []),
    ...(options.failFast ? ['--fail-fast'] : []),
  ];
  const reportsDir = options.out === undefined ? config.outputDir : path.resolve(io.cwd, options.out);
  const { detachRun } = await import('./detach.js'); // bullmq only when detaching
  const record = await detachRun(io, style, argv, reportsDir, queue);
  if (options.json) io.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
  return record;
}
