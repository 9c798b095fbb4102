/**
 * A node: a pure function with named inputs and outputs (catalog dataset names) and tags. The
 * runner does all I/O; the function only sees values.
 */
import { SweepError, type JsonValue } from '../core/index.js';

/**
 * The computation of a node. It receives `{local: value}` for each input and returns
 * `{local: value}` for each output; it may be async.
 *
 * @example
 * const add: NodeFunction = ({ a, b }) => ({ sum: (a as number) + (b as number) });
 */
export type NodeFunction = (
  inputs: Record<string, unknown>,
  args: JsonValue,
) => Record<string, unknown> | Promise<Record<string, unknown>>;

/**
 * Where a worker thread finds a node's function: the file URL of an ES module and an export name.
 * Functions cannot cross threads, so the pool runner sends this instead.
 *
 * @example
 * const ref: NodeRef = { module: new URL('./nodes.js', import.meta.url).href, export: 'fit' };
 */
export interface NodeRef {
  module: string;
  export: string;
}

/** One step of a pipeline. `inputs`/`outputs` map the function's local names to dataset names. */
export interface Node {
  name: string;
  fn: NodeFunction;
  ref?: NodeRef;
  /** The code version of the node's function (from its declaration): where its cache keys start. */
  version?: string;
  /** The dataset type that stores each output as bytes (from its declaration), for the cache. */
  outputTypes?: Record<string, string>;
  inputs: Record<string, string>;
  outputs: Record<string, string>;
  tags: string[];
  args: JsonValue;
}

/** What `node()` accepts: a name and a function; everything else defaults to empty. */
export interface NodeSpec {
  name: string;
  fn: NodeFunction;
  ref?: NodeRef;
  version?: string;
  outputTypes?: Record<string, string>;
  inputs?: Record<string, string>;
  outputs?: Record<string, string>;
  tags?: string[];
  args?: JsonValue;
}

function invalid(message: string): SweepError {
  return new SweepError('SWEEP_PIPELINE_INVALID', message, {
    hint: 'node() needs a non-empty name, a function, and string dataset names for inputs and outputs',
  });
}

function copyNames(owner: string, what: 'inputs' | 'outputs', names: Record<string, string> | undefined): Record<string, string> {
  const copy: Record<string, string> = {};
  if (names === undefined) return Object.freeze(copy);
  // for…in over own keys: plans build tens of thousands of nodes, and Object.entries allocates a pair per key.
  for (const local in names) {
    if (!Object.hasOwn(names, local)) continue;
    const dataset = names[local];
    if (typeof dataset !== 'string' || dataset === '') {
      throw invalid(`node '${owner}': ${what}.${local} must be a non-empty dataset name`);
    }
    copy[local] = dataset;
  }
  return Object.freeze(copy) as Record<string, string>;
}

/** The tags without repeats, first occurrence kept; a copy either way (a node's tags are its own). */
function uniqueTags(tags: readonly string[] | undefined): string[] {
  if (tags === undefined) return [];
  for (let i = 1; i < tags.length; i++) if (tags.lastIndexOf(tags[i]!, i - 1) >= 0) return [...new Set(tags)];
  return tags.slice();
}

/**
 * Builds a frozen Node. Names are free strings (generated ones use `::`, e.g. `adult::knn::fit`).
 * Structural checks across nodes (duplicates, cycles) belong to `Pipeline`.
 */
export function node(spec: NodeSpec): Node {
  if (typeof spec.name !== 'string' || spec.name === '') throw invalid('a node needs a non-empty name');
  if (typeof spec.fn !== 'function') throw invalid(`node '${spec.name}': fn must be a function`);
  if (spec.ref !== undefined && (typeof spec.ref.module !== 'string' || typeof spec.ref.export !== 'string')) {
    throw invalid(`node '${spec.name}': ref must be { module: <file URL>, export: <name> }`);
  }
  const built: Node = {
    name: spec.name,
    fn: spec.fn,
    inputs: copyNames(spec.name, 'inputs', spec.inputs),
    outputs: copyNames(spec.name, 'outputs', spec.outputs),
    tags: Object.freeze(uniqueTags(spec.tags)) as string[],
    args: spec.args ?? null,
  };
  // A frozen ref (one per declared kind of node) is shared by its nodes rather than copied per node.
  if (spec.ref !== undefined) built.ref = Object.isFrozen(spec.ref) ? spec.ref : Object.freeze({ module: spec.ref.module, export: spec.ref.export });
  if (spec.version !== undefined) built.version = spec.version;
  if (spec.outputTypes !== undefined) built.outputTypes = spec.outputTypes;
  return Object.freeze(built);
}
