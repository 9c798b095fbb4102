/** `sweep merge RUN_DIR…`: the shard folders of one sweep joined into one run folder and report. */
import path from 'node:path';
import { countCells } from '../report/index.js';
import { mergeRuns, type MergeResult } from '../sweep/index.js';
import type { CliIO, Style } from './output.js';

/** Options of `sweep merge`. */
export interface MergeCommandOptions {
  out?: string;
  json?: boolean;
  quiet?: boolean;
}

/** Merges the shard folders; returns the merged run (the caller turns it into an exit code). */
export async function mergeCommand(io: CliIO, style: Style, runDirs: string[], options: MergeCommandOptions): Promise<MergeResult> {
  const merged = await mergeRuns(
    runDirs.map((d) => path.resolve(io.cwd, d)),
    options.out === undefined ? {} : { outDir: path.resolve(io.cwd, options.out) },
  );
  const counts = countCells(merged.results);
  if (!options.quiet) {
    io.stderr.write(
      `${style.green('merged')} ${runDirs.length} shards: ${counts.ok}/${counts.total} cells ok${counts.failed ? `, ${style.red(`${counts.failed} failed`)}` : ''}${counts.skipped ? `, ${counts.skipped} skipped` : ''}\n` +
        `reports: ${path.relative(io.cwd, merged.runDir) || merged.runDir}/ (report.html, summary.md, results.json, results.csv)\n`,
    );
  }
  for (const warning of merged.reportWarnings) io.stderr.write(`${style.yellow('warning')} report: ${warning}\n`);
  if (options.json) io.stdout.write(`${JSON.stringify({ run_dir: merged.runDir, ...merged.results }, null, 2)}\n`);
  return merged;
}
