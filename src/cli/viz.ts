/** `sweep viz`: draws the generated pipeline (nodes, datasets, tags) as an SVG with Graphviz. */
import { mkdir, realpath, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderDotSvg, renderPipelineDot } from '../report/index.js';
import { latestLinkName, pipelineGraph, planOnly } from '../sweep/index.js';
import { loadConfig, type ConfigOptions } from './common.js';
import type { CliIO, Style } from './output.js';

/** Options of `sweep viz`. */
export interface VizCommandOptions extends ConfigOptions {
  dataset?: string[];
  algorithm?: string[];
  tags?: string[];
  out?: string;
  /** Write the DOT text instead of the SVG. */
  dot?: boolean;
  /** Draw every fold's nodes instead of one node per step. */
  allFolds?: boolean;
}

/** `1 cell`, `2 cells`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Where `sweep viz` writes without `--out`: the sweep's last complete run folder
 * (`latest-<sweep>`), else the config's reports folder; never the current folder.
 */
async function defaultVizDir(outputDir: string, sweep: string): Promise<string> {
  const run = path.join(outputDir, latestLinkName(sweep));
  try {
    if ((await stat(run)).isDirectory()) return await realpath(run);
  } catch {
    // no run of this sweep yet
  }
  await mkdir(outputDir, { recursive: true });
  return outputDir;
}

/** Writes the pipeline picture (`pipeline-viz.svg` in the sweep's last run folder, else its reports folder; or `--out FILE`; `-` for stdout). */
export async function vizCommand(io: CliIO, style: Style, options: VizCommandOptions): Promise<{ file: string | null; nodes: number }> {
  const config = await loadConfig(io, options);
  const plan = planOnly(config, {
    ...(options.dataset ? { datasets: options.dataset } : {}),
    ...(options.algorithm ? { algorithms: options.algorithm } : {}),
    ...(options.tags ? { tags: options.tags } : {}),
  });
  const filters = [options.dataset && `datasets ${options.dataset.join(',')}`, options.algorithm && `algorithms ${options.algorithm.join(',')}`, options.tags && `tags ${options.tags.join(',')}`].filter(Boolean);
  const title = `${config.name}: ${plan.pipeline.nodes.length} nodes${filters.length ? ` (${filters.join('; ')})` : ''}`;
  const dot = renderPipelineDot(pipelineGraph(plan.pipeline), { title, ...(options.allFolds ? { allFolds: true } : {}) });
  const text = options.dot ? dot : await renderDotSvg(dot);
  if (options.out === '-') {
    io.stdout.write(text);
    return { file: null, nodes: plan.pipeline.nodes.length };
  }
  const file = options.out !== undefined ? path.resolve(io.cwd, options.out) : path.join(await defaultVizDir(config.outputDir, config.name), options.dot ? 'pipeline-viz.dot' : 'pipeline-viz.svg');
  await writeFile(file, text);
  io.stderr.write(`${style.green('viz')}: ${path.relative(io.cwd, file) || file} (${plural(plan.pipeline.nodes.length, 'node')}, ${plural(plan.cells.length, 'cell')})\n`);
  return { file, nodes: plan.pipeline.nodes.length };
}
