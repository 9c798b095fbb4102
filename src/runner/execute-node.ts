/**
 * Running one node against a catalog: load its inputs, call its function, check and save its
 * outputs. The main thread and the worker threads share this, so both behave the same.
 */
import { SweepError, type JsonValue } from '../core/index.js';
import type { Catalog } from '../catalog/index.js';
import type { NodeFunction, NodeRef } from '../pipeline/index.js';

/** The parts of a node `executeNode` needs (a worker has no `Node`, only these). */
export interface NodeCall {
  name: string;
  fn: NodeFunction;
  inputs: Record<string, string>;
  outputs: Record<string, string>;
  args: JsonValue;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Loads the inputs, calls the function, and saves exactly the declared outputs. A function must
 * return one key per declared output (or nothing when it declares none); anything else is an error,
 * because a misspelled output key would otherwise leave a dataset silently unwritten.
 */
export async function executeNode(call: NodeCall, catalog: Catalog): Promise<void> {
  const locals = Object.keys(call.inputs);
  const values = await Promise.all(locals.map((local) => catalog.load(call.inputs[local]!)));
  const inputs = Object.fromEntries(locals.map((local, k) => [local, values[k]]));
  const returned: unknown = await call.fn(inputs, call.args);
  const declared = Object.keys(call.outputs);
  if (returned === undefined && declared.length === 0) return;
  if (!isRecord(returned)) {
    throw new SweepError('SWEEP_RUN_FAILED', `node '${call.name}' returned ${returned === null ? 'null' : typeof returned}, not an object of outputs`, {
      hint: `return an object with one key per declared output: ${declared.join(', ') || '(none)'}`,
    });
  }
  const missing = declared.filter((local) => !(local in returned));
  const extra = Object.keys(returned).filter((local) => !(local in call.outputs));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [
      ...(missing.length > 0 ? [`did not return ${missing.map((m) => `'${m}'`).join(', ')}`] : []),
      ...(extra.length > 0 ? [`returned undeclared ${extra.map((m) => `'${m}'`).join(', ')}`] : []),
    ];
    throw new SweepError('SWEEP_RUN_FAILED', `node '${call.name}' ${parts.join(' and ')}`, {
      hint: `return an object with exactly one key per declared output: ${declared.join(', ') || '(none)'}`,
      details: { node: call.name, missing, extra },
    });
  }
  await Promise.all(declared.map((local) => catalog.save(call.outputs[local]!, returned[local])));
}

const REF_HINT =
  'a ref is { module: <file URL of an ES module>, export: <function name> }; use the import.meta.url of the module that defines the function (.ts under src/ with tsx, .js under dist/)';

/** Imports `ref.module` and returns its `ref.export` function, or a `SWEEP_RUN_FAILED` error saying why not. */
export async function resolveRef(nodeName: string, ref: NodeRef): Promise<NodeFunction> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(ref.module)) as Record<string, unknown>;
  } catch (error) {
    throw new SweepError('SWEEP_RUN_FAILED', `node '${nodeName}': cannot import ${ref.module}: ${error instanceof Error ? error.message : String(error)}`, {
      hint: REF_HINT,
      cause: error,
    });
  }
  // A declared node (`declareNode`) is exported as an object whose `fn` the runner calls.
  const exported = mod[ref.export];
  const fn = typeof exported === 'object' && exported !== null && 'fn' in exported ? exported.fn : exported;
  if (typeof fn !== 'function') {
    throw new SweepError('SWEEP_RUN_FAILED', `node '${nodeName}': ${ref.module} has no exported function '${ref.export}'`, {
      hint: `exports found: ${Object.keys(mod).join(', ') || '(none)'}; ${REF_HINT}`,
    });
  }
  return fn as NodeFunction;
}
