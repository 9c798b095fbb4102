/** `sweep run`: plans and runs the sweep, shows progress on stderr, writes the run folder. */
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { countCells } from '../report/index.js';
import { runSweep, type RunPart, type RunSweepResult, type ShardSpec } from '../sweep/index.js';
import { loadConfig, type ConfigOptions } from './common.js';
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
      `${status}: ${counts.ok}/${counts.total} cells ok${counts.failed ? `, ${style.red(`${counts.failed} failed`)}` : ''}${counts.skipped ? `, ${counts.skipped} skipped` : ''} in ${formatDuration(result.results.wall_s)}\n` +
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
