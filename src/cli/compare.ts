/** `sweep compare RUN_A RUN_B`: what changed between two runs, cell by cell. */
import { compareRuns, renderComparisonText, type RunComparison } from '../report/index.js';
import { lowerIsBetterMetrics, readRunResults, resolveRunDir } from '../sweep/index.js';
import type { ConfigOptions } from './common.js';
import type { CliIO, Style } from './output.js';
import { runLookupFor } from './report.js';

/** Options of `sweep compare`. */
export interface CompareCommandOptions extends ConfigOptions {
  json?: boolean;
}

/** Compares run B against run A and prints the changes (text, or JSON with `--json`) on stdout; protocol differences as warnings on stderr. */
export async function compareCommand(io: CliIO, style: Style, runA: string, runB: string, options: CompareCommandOptions): Promise<RunComparison> {
  const { reportsDir } = await runLookupFor(io, options);
  const a = await readRunResults(await resolveRunDir(runA, { cwd: io.cwd, reportsDir }));
  const b = await readRunResults(await resolveRunDir(runB, { cwd: io.cwd, reportsDir }));
  const comparison = compareRuns(a, b);
  // People read stderr: the deltas below are not like for like when the protocols differ.
  for (const w of comparison.warnings) io.stderr.write(`${style.yellow('warning')}: runs differ in protocol: ${w}\n`);
  if (options.json) io.stdout.write(`${JSON.stringify(comparison, null, 2)}\n`);
  else io.stdout.write(renderComparisonText(comparison, style, lowerIsBetterMetrics(comparison.metrics)));
  return comparison;
}
