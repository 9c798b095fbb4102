/** `sweep viz`: draws the generated pipeline (nodes, datasets, tags) as an SVG with Graphviz. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderDotSvg, renderPipelineDot } from '../report/index.js';
import { pipelineGraph, planOnly } from '../sweep/index.js';
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

/** Writes the pipeline picture (`pipeline.svg` in the current folder, or `--out FILE`; `-` for stdout). */
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
  const file = path.resolve(io.cwd, options.out ?? (options.dot ? 'pipeline.dot' : 'pipeline.svg'));
  await writeFile(file, text);
  io.stderr.write(`${style.green('viz')}: ${path.relative(io.cwd, file) || file} (${plan.pipeline.nodes.length} nodes, ${plan.cells.length} cells)\n`);
  return { file, nodes: plan.pipeline.nodes.length };
}
