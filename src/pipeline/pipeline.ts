/**
 * A validated DAG of nodes, sorted topologically. Built once, never mutated: filtering returns a
 * new Pipeline. Validation reports every offender at once.
 */
import { SweepError, unknownNameMessage, type JsonValue } from '../core/index.js';
import type { Node, NodeRef } from './node.js';

/** Options of `new Pipeline(nodes, options)`. */
export interface PipelineOptions {
  /** When given, every free input (read but produced by no node) must be one of these. */
  inputs?: string[];
}

/** Which nodes `Pipeline.filter` keeps; tags and names intersect, then the closures are added. */
export interface PipelineFilter {
  /** Keep nodes carrying any of these tags. */
  tags?: string[];
  /** Keep exactly these nodes. */
  names?: string[];
  /** Also keep every node the kept nodes depend on (transitively). */
  withUpstream?: boolean;
  /** Also keep every node depending on a kept node (transitively). */
  withDownstream?: boolean;
}

/** One validation problem, as listed in the `SWEEP_PIPELINE_INVALID` error and its `details`. */
export interface PipelineProblem {
  kind: 'duplicate-node' | 'duplicate-output' | 'cycle' | 'undeclared-input';
  message: string;
  /** Nodes involved; for a cycle, the path in order, first node repeated at the end. */
  nodes: string[];
  /** Datasets involved; for a cycle, the dataset on each edge of the path. */
  datasets: string[];
}

/** A JSON-safe view of one node (for `sweep plan --json`). */
export interface NodeDescription {
  name: string;
  inputs: Record<string, string>;
  outputs: Record<string, string>;
  tags: string[];
  args: JsonValue;
  ref: NodeRef | null;
}

/** A JSON-safe view of a pipeline: nodes in topological order, plus its free inputs and outputs. */
export interface PipelineDescription {
  nodes: NodeDescription[];
  freeInputs: string[];
  outputs: string[];
}

/** A binary min-heap of small non-negative integers: the ready set of Kahn's algorithm. */
class IntHeap {
  private data: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(1, capacity));
  }

  push(value: number): void {
    if (this.size === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const d = this.data;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (d[parent]! <= value) break;
      d[i] = d[parent]!;
      i = parent;
    }
    d[i] = value;
  }

  pop(): number {
    const d = this.data;
    const top = d[0]!;
    const last = d[--this.size]!;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.size) break;
      const right = left + 1;
      const child = right < this.size && d[right]! < d[left]! ? right : left;
      if (d[child]! >= last) break;
      d[i] = d[child]!;
      i = child;
    }
    d[i] = last;
    return top;
  }
}

/** Direct edges between node indices, deduplicated: `succ[i]` are the nodes reading an output of i. */
function buildEdges(nodes: readonly Node[], producers: Map<string, number[]>): { succ: number[][]; pred: number[][] } {
  const succ: number[][] = nodes.map(() => []);
  const pred: number[][] = nodes.map(() => []);
  const seen = new Int32Array(nodes.length).fill(-1);
  nodes.forEach((n, j) => {
    for (const dataset of Object.values(n.inputs)) {
      for (const i of producers.get(dataset) ?? []) {
        if (seen[i] === j) continue;
        seen[i] = j;
        succ[i]!.push(j);
        pred[j]!.push(i);
      }
    }
  });
  return { succ, pred };
}

/**
 * Kahn's algorithm; among ready nodes the earliest inserted goes first, so a list that is already
 * in dependency order comes out unchanged. O((V + E) log V) because of the heap.
 */
function kahn(succ: number[][], pred: number[][]): number[] {
  const n = succ.length;
  const waiting = new Int32Array(n);
  const ready = new IntHeap(n);
  for (let i = 0; i < n; i++) {
    waiting[i] = pred[i]!.length;
    if (waiting[i] === 0) ready.push(i);
  }
  const order: number[] = [];
  while (ready.size > 0) {
    const i = ready.pop();
    order.push(i);
    for (const j of succ[i]!) if (--waiting[j]! === 0) ready.push(j);
  }
  return order;
}

/** Strongly connected components (Tarjan, iterative) of the subgraph of nodes flagged in `member`. */
function components(candidates: number[], succ: number[][], member: Uint8Array): number[][] {
  const n = succ.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const found: number[][] = [];
  let counter = 0;
  for (const root of candidates) {
    if (index[root] !== -1) continue;
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    const work: Array<[number, number]> = [[root, 0]];
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const v = frame[0];
      const edges = succ[v]!;
      if (frame[1] < edges.length) {
        const w = edges[frame[1]++]!;
        if (member[w] === 0) continue;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          work.push([w, 0]);
        } else if (onStack[w] === 1) {
          low[v] = Math.min(low[v]!, index[w]!);
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low[parent[0]] = Math.min(low[parent[0]]!, low[v]!);
      if (low[v] === index[v]) {
        const component: number[] = [];
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          component.push(w);
        } while (w !== v);
        found.push(component);
      }
    }
  }
  return found;
}

/** The shortest cycle through the earliest-inserted node of a component, or null if it has none. */
function cycleIn(component: number[], succ: number[][]): number[] | null {
  const inside = new Set(component);
  const start = component.reduce((a, b) => Math.min(a, b));
  const parent = new Map<number, number>([[start, -1]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head]!;
    for (const w of succ[u]!) {
      if (w === start) {
        const back: number[] = []; // u, parent(u), …, back to the node after start
        for (let v = u; v !== start; v = parent.get(v)!) back.push(v);
        return [start, ...back.reverse(), start];
      }
      if (inside.has(w) && !parent.has(w)) {
        parent.set(w, u);
        queue.push(w);
      }
    }
  }
  return null;
}

function quoteList(names: readonly string[]): string {
  return names.map((n) => `'${n}'`).join(', ');
}

/**
 * A validated, topologically sorted DAG of nodes.
 *
 * @example
 * const p = new Pipeline([
 *   node({ name: 'fit', fn: fit, inputs: { X: 'train' }, outputs: { model: 'model' } }),
 *   node({ name: 'score', fn: score, inputs: { model: 'model', X: 'test' }, outputs: { score: 'score' } }),
 * ], { inputs: ['train', 'test'] });
 * p.filter({ names: ['score'], withUpstream: true }).nodes.map((n) => n.name); // ['fit', 'score']
 */
export class Pipeline {
  /** Nodes in topological order; among independent nodes, insertion order is kept. */
  readonly nodes: readonly Node[];
  private readonly position = new Map<string, number>();
  private readonly succ: number[][];
  private readonly pred: number[][];
  private sets: { read: ReadonlySet<string>; produced: ReadonlySet<string> } | undefined;

  /** Validates and sorts; throws one `SWEEP_PIPELINE_INVALID` error listing every problem. */
  constructor(nodes: readonly Node[], options: PipelineOptions = {}) {
    const problems: PipelineProblem[] = [];

    const byName = new Map<string, number[]>();
    nodes.forEach((n, i) => {
      const list = byName.get(n.name);
      if (list === undefined) byName.set(n.name, [i]);
      else list.push(i);
    });
    for (const [name, at] of byName) {
      if (at.length > 1) {
        problems.push({
          kind: 'duplicate-node',
          message: `node name '${name}' is used by ${at.length} nodes (positions ${at.join(', ')})`,
          nodes: [name],
          datasets: [],
        });
      }
    }

    const producers = new Map<string, number[]>();
    nodes.forEach((n, i) => {
      for (const dataset of Object.values(n.outputs)) {
        const list = producers.get(dataset);
        if (list === undefined) producers.set(dataset, [i]);
        else list.push(i);
      }
    });
    for (const [dataset, at] of producers) {
      if (at.length > 1) {
        const names = at.map((i) => nodes[i]!.name);
        problems.push({
          kind: 'duplicate-output',
          message: `dataset '${dataset}' is produced by more than one node: ${quoteList(names)}`,
          nodes: names,
          datasets: [dataset],
        });
      }
    }

    const { succ, pred } = buildEdges(nodes, producers);
    const order = kahn(succ, pred);
    if (order.length < nodes.length) {
      const member = new Uint8Array(nodes.length).fill(1);
      for (const i of order) member[i] = 0;
      const left: number[] = [];
      for (let i = 0; i < nodes.length; i++) if (member[i] === 1) left.push(i);
      const cycles = components(left, succ, member)
        .map((c) => cycleIn(c, succ))
        .filter((c): c is number[] => c !== null)
        .sort((a, b) => a[0]! - b[0]!);
      for (const path of cycles) {
        const names = path.map((i) => nodes[i]!.name);
        const via = path.slice(1).map((to, k) => {
          const from = path[k]!;
          const outputs = new Set(Object.values(nodes[from]!.outputs));
          return Object.values(nodes[to]!.inputs).find((d) => outputs.has(d))!;
        });
        const text = names.map((name, k) => (k === 0 ? name : `-(${via[k - 1]})-> ${name}`)).join(' ');
        problems.push({ kind: 'cycle', message: `cycle: ${text}`, nodes: names, datasets: via });
      }
    }

    if (options.inputs !== undefined) {
      const declared = new Set(options.inputs);
      const readers = new Map<string, string[]>();
      for (const n of nodes) {
        for (const dataset of Object.values(n.inputs)) {
          if (producers.has(dataset) || declared.has(dataset)) continue;
          const list = readers.get(dataset);
          if (list === undefined) readers.set(dataset, [n.name]);
          else if (list[list.length - 1] !== n.name) list.push(n.name);
        }
      }
      for (const [dataset, by] of readers) {
        problems.push({
          kind: 'undeclared-input',
          message: `input '${dataset}' (read by ${quoteList(by)}) is produced by no node and not declared as an input`,
          nodes: by,
          datasets: [dataset],
        });
      }
    }

    if (problems.length > 0) {
      const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
      throw new SweepError('SWEEP_PIPELINE_INVALID', `invalid pipeline (${count}):\n${problems.map((p) => `  ${p.message}`).join('\n')}`, {
        hint: 'node names must be unique, each dataset produced by one node, no cycles, and every free input declared',
        details: { problems },
      });
    }

    const rank = new Int32Array(nodes.length);
    order.forEach((i, k) => (rank[i] = k));
    this.nodes = Object.freeze(order.map((i) => nodes[i]!));
    this.succ = order.map((i) => succ[i]!.map((j) => rank[j]!).sort((a, b) => a - b));
    this.pred = order.map((i) => pred[i]!.map((j) => rank[j]!).sort((a, b) => a - b));
    this.nodes.forEach((n, k) => this.position.set(n.name, k));
  }

  /** Datasets read by some node and produced by none, in order of first use. */
  freeInputs(): string[] {
    const { read, produced } = this.datasetSets();
    return [...read].filter((d) => !produced.has(d));
  }

  /** Datasets produced by some node and read by none (the pipeline's results), in node order. */
  outputs(): string[] {
    const { read, produced } = this.datasetSets();
    return [...produced].filter((d) => !read.has(d));
  }

  /** Every dataset the pipeline reads or writes, in order of first mention. */
  datasets(): string[] {
    const seen = new Set<string>();
    for (const n of this.nodes) {
      for (const d of Object.values(n.inputs)) seen.add(d);
      for (const d of Object.values(n.outputs)) seen.add(d);
    }
    return [...seen];
  }

  /** Every tag used by some node, sorted. */
  tags(): string[] {
    return [...new Set(this.nodes.flatMap((n) => n.tags))].sort();
  }

  /** The node called `name`, or a `SWEEP_UNKNOWN_NAME` error with a did-you-mean. */
  get(name: string): Node {
    return this.nodes[this.indexOf(name)]!;
  }

  /** Names of every node `nodeName` depends on, transitively, in topological order. */
  upstreamOf(nodeName: string): string[] {
    return this.names(this.closure([this.indexOf(nodeName)], this.pred, false));
  }

  /** Names of every node that depends on `nodeName`, transitively, in topological order. */
  downstreamOf(nodeName: string): string[] {
    return this.names(this.closure([this.indexOf(nodeName)], this.succ, false));
  }

  /** A new pipeline of the selected nodes (see `PipelineFilter`); unknown names or tags are errors. */
  filter(by: PipelineFilter): Pipeline {
    const unknown: string[] = [];
    let selected: number[] = this.nodes.map((_, k) => k);
    if (by.tags !== undefined) {
      const known = this.tags();
      for (const tag of by.tags) if (!known.includes(tag)) unknown.push(unknownNameMessage('tag', tag, known).message);
      const wanted = new Set(by.tags);
      selected = selected.filter((k) => this.nodes[k]!.tags.some((t) => wanted.has(t)));
    }
    if (by.names !== undefined) {
      const wanted = new Set<number>();
      for (const name of by.names) {
        const k = this.position.get(name);
        if (k === undefined) unknown.push(unknownNameMessage('node', name, [...this.position.keys()]).message);
        else wanted.add(k);
      }
      selected = selected.filter((k) => wanted.has(k));
    }
    if (unknown.length > 0) {
      throw new SweepError('SWEEP_UNKNOWN_NAME', unknown.join('; '), {
        hint: `known tags: ${this.tags().join(', ') || '(none)'}; \`sweep plan\` lists node names`,
      });
    }
    const keep = new Set(selected);
    if (by.withUpstream === true) for (const k of this.closure(selected, this.pred, true)) keep.add(k);
    if (by.withDownstream === true) for (const k of this.closure(selected, this.succ, true)) keep.add(k);
    return new Pipeline([...keep].sort((a, b) => a - b).map((k) => this.nodes[k]!));
  }

  /** A JSON-safe description of the nodes (for `sweep plan --json`). */
  describe(): PipelineDescription {
    return {
      nodes: this.nodes.map((n) => ({
        name: n.name,
        inputs: { ...n.inputs },
        outputs: { ...n.outputs },
        tags: [...n.tags],
        args: n.args,
        ref: n.ref === undefined ? null : { ...n.ref },
      })),
      freeInputs: this.freeInputs(),
      outputs: this.outputs(),
    };
  }

  /** Same as `describe()`, so `JSON.stringify(pipeline)` works. */
  toJSON(): PipelineDescription {
    return this.describe();
  }

  private indexOf(name: string): number {
    const k = this.position.get(name);
    if (k === undefined) {
      const { message, hint } = unknownNameMessage('node', name, [...this.position.keys()]);
      throw new SweepError('SWEEP_UNKNOWN_NAME', message, { hint });
    }
    return k;
  }

  /** Nodes reachable from `from` along `edges`; `from` itself only if `includeStart`. Sorted. */
  private closure(from: readonly number[], edges: number[][], includeStart: boolean): number[] {
    const seen = new Uint8Array(this.nodes.length);
    const stack = [...from];
    for (const k of from) seen[k] = 1;
    const out: number[] = includeStart ? [...from] : [];
    while (stack.length > 0) {
      for (const w of edges[stack.pop()!]!) {
        if (seen[w] === 1) continue;
        seen[w] = 1;
        out.push(w);
        stack.push(w);
      }
    }
    return out.sort((a, b) => a - b);
  }

  private names(indices: readonly number[]): string[] {
    return indices.map((k) => this.nodes[k]!.name);
  }

  /** Datasets read and produced, each in order of first mention; computed once (the pipeline never changes). */
  private datasetSets(): { read: ReadonlySet<string>; produced: ReadonlySet<string> } {
    if (this.sets === undefined) {
      const read = new Set<string>();
      const produced = new Set<string>();
      for (const n of this.nodes) {
        for (const d of Object.values(n.inputs)) read.add(d);
        for (const d of Object.values(n.outputs)) produced.add(d);
      }
      this.sets = { read, produced };
    }
    return this.sets;
  }
}
