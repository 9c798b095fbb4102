/** `sweep plan` and `sweep catalog`: the expansion printed without running anything. */
import { pipelineGraph, planOnly, type RunPart, type SweepPlan } from '../sweep/index.js';
import type { SweepConfig } from '../config/index.js';
import { loadConfig, type ConfigOptions } from './common.js';
import type { CliIO, Style } from './output.js';

/** Options of `sweep plan` / `sweep catalog`. */
export interface PlanCommandOptions extends ConfigOptions {
  dataset?: string[];
  algorithm?: string[];
  only?: RunPart[];
  tags?: string[];
  json?: boolean;
}

function planFrom(config: SweepConfig, options: PlanCommandOptions): SweepPlan {
  return planOnly(config, {
    ...(options.dataset ? { datasets: options.dataset } : {}),
    ...(options.algorithm ? { algorithms: options.algorithm } : {}),
    ...(options.only ? { only: options.only } : {}),
    ...(options.tags ? { tags: options.tags } : {}),
  });
}

/** Prints the cells (with engine, params and resolved preprocessing) and the pipeline's nodes. */
export async function planCommand(io: CliIO, style: Style, options: PlanCommandOptions): Promise<void> {
  const config = await loadConfig(io, options);
  const plan = planFrom(config, options);
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ cells: plan.cells, nodes: pipelineGraph(plan.pipeline).nodes }, null, 2)}\n`);
    return;
  }
  const out = io.stdout;
  out.write(`${style.bold(`${plan.cells.length} cells`)} (${plan.datasets.length} datasets × ${plan.algorithms.length} algorithms), ${plan.pipeline.nodes.length} nodes\n\n`);
  for (const c of plan.cells) {
    const params = Object.keys(c.params).length === 0 ? 'defaults' : JSON.stringify(c.params);
    out.write(`${c.dataset} × ${style.bold(c.algorithm)}  engine=${c.engine}  params=${params}  scale=${c.preprocessing.scale}  categorical=${c.preprocessing.categorical}${c.nativeCategorical ? ' (native splits)' : ''}  folds=${c.folds}${c.tuned ? '  tuned' : ''}\n`);
  }
  out.write(`\n${style.bold('nodes')} (in run order)\n`);
  for (const n of plan.pipeline.nodes) {
    out.write(`  ${n.name}  ${style.dim(`${Object.values(n.inputs).join(', ')} → ${Object.values(n.outputs).join(', ')}  [${n.tags.join(', ')}]`)}\n`);
  }
}

/** Prints every catalog entry, the generated ones included, resolved as the runner sees them. */
export async function catalogCommand(io: CliIO, style: Style, options: PlanCommandOptions): Promise<void> {
  const config = await loadConfig(io, options);
  const plan = planFrom(config, options);
  if (options.json) {
    io.stdout.write(`${JSON.stringify(plan.entries, null, 2)}\n`);
    return;
  }
  const width = Math.max(...plan.entries.map((e) => e.name.length));
  for (const e of plan.entries) {
    const options = e.options === undefined || Object.keys(e.options).length === 0 ? '' : `  ${style.dim(JSON.stringify(e.options))}`;
    io.stdout.write(`${e.name.padEnd(width)}  ${e.type.padEnd(6)}  ${e.path}${options}\n`);
  }
}
