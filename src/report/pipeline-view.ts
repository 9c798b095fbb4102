/**
 * The pipeline as a picture: DOT text (a cluster per dataset, a sub-cluster per algorithm, folds
 * collapsed into one node each) laid out to SVG by Graphviz compiled to WebAssembly.
 */
import type { Graphviz } from '@hpcc-js/wasm-graphviz';
import { quoteDot } from './escape.js';

/** One pipeline node as plain data (what `sweep plan` prints). */
export interface PipelineGraphNode {
  name: string;
  inputs: string[];
  outputs: string[];
  tags: string[];
}

/** A pipeline as plain data, so this layer can draw it without importing the pipeline layer. */
export interface PipelineGraph {
  nodes: PipelineGraphNode[];
}

const SEPARATOR = '::';
const STEP_COLORS: Record<string, string> = {
  prepare: '#dbe9f6',
  fit: '#fde3c8',
  predict: '#e3f1df',
  evaluate: '#efe2f3',
  report: '#f9dcdc',
  search: '#fff4c2',
  curves: '#dff3f1',
};

function collapseFolds(name: string): string {
  return name.replace(/(^|::)fold-\d+(?=::|$)/g, '$1fold-*');
}

function tagValue(tags: readonly string[], key: string): string | null {
  const t = tags.find((x) => x.startsWith(`${key}:`));
  return t === undefined ? null : t.slice(key.length + 1);
}

/** Options of `renderPipelineDot`. */
export interface PipelineDotOptions {
  title?: string;
  /** Draw each fold's nodes separately instead of one node per step with a fold count. */
  allFolds?: boolean;
}

/** DOT text of a pipeline: nodes as boxes (colored by step), datasets as small notes, clusters per dataset and algorithm. */
export function renderPipelineDot(graph: PipelineGraph, options: PipelineDotOptions = {}): string {
  const collapse = options.allFolds ? (s: string) => s : collapseFolds;
  type Step = { name: string; count: number; tags: Set<string>; inputs: Set<string>; outputs: Set<string>; dataset: string | null; algorithm: string | null };
  const steps = new Map<string, Step>();
  for (const n of graph.nodes) {
    const name = collapse(n.name);
    const step = steps.get(name) ?? { name, count: 0, tags: new Set<string>(), inputs: new Set<string>(), outputs: new Set<string>(), dataset: tagValue(n.tags, 'dataset'), algorithm: tagValue(n.tags, 'algorithm') };
    step.count++;
    for (const t of n.tags) if (!t.startsWith('fold:')) step.tags.add(t);
    for (const i of n.inputs) step.inputs.add(collapse(i));
    for (const o of n.outputs) step.outputs.add(collapse(o));
    steps.set(name, step);
  }
  const producer = new Map<string, Step>();
  for (const s of steps.values()) for (const o of s.outputs) producer.set(o, s);
  const ids = new Map<string, string>();
  const id = (key: string): string => {
    let v = ids.get(key);
    if (v === undefined) ids.set(key, (v = `n${ids.size}`));
    return v;
  };
  // Group everything by dataset, then algorithm.
  const clusters = new Map<string, Map<string, string[]>>();
  const place = (dataset: string | null, algorithm: string | null, line: string): void => {
    const d = dataset ?? '';
    const byAlgorithm = clusters.get(d) ?? new Map<string, string[]>();
    const list = byAlgorithm.get(algorithm ?? '') ?? [];
    list.push(line);
    byAlgorithm.set(algorithm ?? '', list);
    clusters.set(d, byAlgorithm);
  };
  const short = (name: string, dataset: string | null, algorithm: string | null): string => {
    const parts = name.split(SEPARATOR);
    const drop = parts[0] === dataset ? (parts[1] === algorithm && algorithm !== null ? 2 : 1) : 0;
    // Folds drawn once say so in their label (`× 10 folds`); the `fold-*` part adds nothing.
    return parts.slice(drop).filter((p) => p !== 'fold-*').join(SEPARATOR) || name;
  };
  for (const s of steps.values()) {
    const kind = s.name.split(SEPARATOR).at(-1) ?? '';
    const extra = [...s.tags].filter((t) => !t.startsWith('dataset:') && !t.startsWith('algorithm:') && t !== kind);
    const lines = [short(s.name, s.dataset, s.algorithm)];
    if (s.count > 1) lines.push(`× ${s.count} folds`);
    if (extra.length > 0) lines.push(`[${extra.join(', ')}]`);
    const fill = STEP_COLORS[kind] ?? '#eeeeee';
    place(s.dataset, s.algorithm, `${id(`node:${s.name}`)} [label=${quoteDot(lines.join('\n'))}, shape=box, style="rounded,filled", fillcolor="${fill}", color="#6e7781", tooltip=${quoteDot(`node ${s.name}\ntags: ${[...s.tags].join(', ')}`)}];`);
  }
  const datasets = new Set<string>();
  for (const s of steps.values()) for (const d of [...s.inputs, ...s.outputs]) datasets.add(d);
  for (const d of datasets) {
    const p = producer.get(d);
    const owner = p ?? [...steps.values()].find((s) => s.inputs.has(d));
    const dataset = owner?.dataset ?? null;
    // Intermediate data sits with its producer; free inputs (source files) with the dataset's first consumer.
    const algorithm = p === undefined ? null : p.algorithm;
    const label = p === undefined ? d : short(d, dataset, algorithm);
    const shape = p === undefined ? 'cylinder' : 'note';
    place(dataset, algorithm, `${id(`data:${d}`)} [label=${quoteDot(label)}, shape=${shape}, fontsize=8, height=0.25, margin="0.05,0.02", color="#8c959f", fontcolor="#57606a", tooltip=${quoteDot(`dataset ${d}`)}];`);
  }
  const out: string[] = [
    'digraph pipeline {',
    '  graph [rankdir=LR, nodesep=0.12, ranksep=0.3, fontname="Helvetica", fontsize=11, bgcolor="white", pad=0.2' + (options.title ? `, label=${quoteDot(options.title)}, labelloc=t, fontsize=13` : '') + '];',
    '  node [fontname="Helvetica", fontsize=10, height=0.3, margin="0.08,0.03"];',
    '  edge [color="#8c959f", arrowsize=0.5, penwidth=0.8];',
  ];
  let c = 0;
  // Graphviz stacks LR clusters bottom-up in definition order; define them reversed so the first dataset is on top.
  for (const [dataset, byAlgorithm] of [...clusters].reverse()) {
    const indent = dataset === '' ? '  ' : '    ';
    if (dataset !== '') out.push(`  subgraph cluster_${c++} {`, `    label=${quoteDot(dataset)}; style="rounded,filled"; fillcolor="#f6f8fa"; color="#d0d7de"; fontsize=12; fontname="Helvetica-Bold";`);
    for (const [algorithm, lines] of [...byAlgorithm].reverse()) {
      if (algorithm === '') for (const l of lines) out.push(`${indent}${l}`);
      else {
        out.push(`${indent}subgraph cluster_${c++} {`, `${indent}  label=${quoteDot(algorithm)}; style="rounded,filled"; fillcolor="white"; color="#d0d7de"; fontsize=10; fontname="Helvetica";`);
        for (const l of lines) out.push(`${indent}  ${l}`);
        out.push(`${indent}}`);
      }
    }
    if (dataset !== '') out.push('  }');
  }
  for (const s of steps.values()) {
    const node = id(`node:${s.name}`);
    for (const i of s.inputs) out.push(`  ${id(`data:${i}`)} -> ${node};`);
    for (const o of s.outputs) out.push(`  ${node} -> ${id(`data:${o}`)};`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

let graphviz: Promise<Graphviz> | undefined;

/** Lays out DOT text to SVG with Graphviz (WebAssembly, loaded once). */
export async function renderDotSvg(dot: string): Promise<string> {
  // Imported on first use: a run whose pictures all come from the cache never loads it.
  graphviz ??= import('@hpcc-js/wasm-graphviz').then((m) => m.Graphviz.load());
  return (await graphviz).dot(dot, 'svg');
}

/**
 * The pipeline with one cell of each kind (cells whose steps are the same once the dataset and
 * algorithm are named alike), so a picture of a 4 × 4 sweep is not 16 copies of one shape; `note`
 * says which cells each drawn one stands for.
 */
export function oneCellPerKind(graph: PipelineGraph): { graph: PipelineGraph; note: string } {
  const cells = new Map<string, { dataset: string; algorithm: string; nodes: PipelineGraphNode[] }>();
  for (const n of graph.nodes) {
    const d = tagValue(n.tags, 'dataset');
    const a = tagValue(n.tags, 'algorithm');
    if (d === null || a === null) continue;
    const key = `${d}\u0000${a}`;
    const cell = cells.get(key) ?? { dataset: d, algorithm: a, nodes: [] };
    cell.nodes.push(n);
    cells.set(key, cell);
  }
  const kinds = new Map<string, Array<{ dataset: string; algorithm: string; nodes: PipelineGraphNode[] }>>();
  for (const cell of cells.values()) {
    const prefix = `${cell.dataset}${SEPARATOR}${cell.algorithm}${SEPARATOR}`;
    const signature = [...new Set(cell.nodes.map((n) => collapseFolds(n.name.startsWith(prefix) ? n.name.slice(prefix.length) : n.name)))].sort().join('\n');
    kinds.set(signature, [...(kinds.get(signature) ?? []), cell]);
  }
  if ([...kinds.values()].every((k) => k.length === 1)) return { graph, note: '' };
  const drawn = [...kinds.values()].map((k) => k[0]!);
  const keepCells = new Set(drawn.flatMap((c) => c.nodes));
  const keepDatasets = new Set(drawn.map((c) => c.dataset));
  const nodes = graph.nodes.filter((n) => keepCells.has(n) || (tagValue(n.tags, 'algorithm') === null && (tagValue(n.tags, 'dataset') === null || keepDatasets.has(tagValue(n.tags, 'dataset')!))));
  const note = `One cell of each kind is drawn (${cells.size} cells, ${kinds.size} kind${kinds.size === 1 ? '' : 's'}): ${[...kinds.values()]
    .map((k) => `${k[0]!.dataset} × ${k[0]!.algorithm} stands for ${k.length} cell${k.length === 1 ? '' : 's'}`)
    .join('; ')}.`;
  return { graph: { nodes }, note };
}
