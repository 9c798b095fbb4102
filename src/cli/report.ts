/** `sweep report [RUN]`: redraws every report of a run from its results, without running anything. */
import path from 'node:path';
import { findConfig, readSweepConfig } from '../config/index.js';
import { readRunResults, renderRunReports, resolveRunDir, type RenderRunResult } from '../sweep/index.js';
import type { ConfigOptions } from './common.js';
import type { CliIO, Style } from './output.js';

/** Options of `sweep report`. */
export interface ReportCommandOptions extends ConfigOptions {
  baseline?: string;
  /** The metric to rank, color and test on (default: the run's `evaluation.scoring`). */
  metric?: string;
  json?: boolean;
  quiet?: boolean;
}

/**
 * The folder run ids are looked up in: the config's `output.dir` when a config is found (or
 * given), else `reports/` under the current folder.
 */
export async function reportsDirFor(io: CliIO, options: ConfigOptions): Promise<string> {
  return (await runLookupFor(io, options)).reportsDir;
}

/**
 * Where runs are looked up: the reports folder (see `reportsDirFor`) and, when a config is found
 * or given, its sweep's name, so a bare `sweep report` redraws that sweep's last run.
 */
export async function runLookupFor(io: CliIO, options: ConfigOptions): Promise<{ reportsDir: string; sweep?: string }> {
  if (options.config !== undefined) {
    const config = await readSweepConfig(path.resolve(io.cwd, options.config));
    return { reportsDir: config.outputDir, sweep: config.name };
  }
  const found = findConfig(io.cwd);
  if (found !== undefined) {
    try {
      const config = await readSweepConfig(found);
      return { reportsDir: config.outputDir, sweep: config.name };
    } catch {
      // A broken config should not stop redrawing an existing run: fall back to the project's reports/.
      return { reportsDir: path.join(path.dirname(path.dirname(found)), 'reports') };
    }
  }
  return { reportsDir: path.join(io.cwd, 'reports') };
}

/** Re-renders a run's reports (RUN: a run folder or a run id; default: the config's sweep's last complete run). */
export async function reportCommand(io: CliIO, style: Style, run: string | undefined, options: ReportCommandOptions): Promise<RenderRunResult & { runDir: string }> {
  const runDir = await resolveRunDir(run, { cwd: io.cwd, ...(await runLookupFor(io, options)) });
  const results = await readRunResults(runDir);
  const rendered = await renderRunReports(runDir, results, {
    ...(options.baseline === undefined ? {} : { baseline: options.baseline }),
    ...(options.metric === undefined ? {} : { metric: options.metric }),
  });
  const shown = path.relative(io.cwd, runDir) || runDir;
  if (!options.quiet) {
    for (const w of rendered.warnings) io.stderr.write(`${style.yellow('warning')}: ${w}\n`);
    io.stderr.write(
      `${style.green('report')}: ${path.join(shown, 'report.html')} (${rendered.charts} charts in ${rendered.seconds.charts.toFixed(1)} s; ` +
        `also summary.md, results.csv, tables.tex, statistics.json, charts/)\n`,
    );
  }
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ run_dir: runDir, files: rendered.files, charts: rendered.charts, seconds: rendered.seconds, warnings: rendered.warnings }, null, 2)}\n`);
  }
  return { ...rendered, runDir };
}
