/**
 * Typed node declarations: one `declareNode({...})` per kind of node gives its ref (for worker
 * threads), the typed shape of its inputs, outputs and args, and its code version (where a cache
 * key starts). `kind.node({...})` then makes a pipeline `Node` whose bindings and args are checked
 * by the compiler against that one declaration, so no dataset name is ever encoded and decoded.
 */
import { createHash } from 'node:crypto';
import { SweepError, type JsonValue } from '../core/index.js';
import { node, type Node, type NodeFunction, type NodeRef } from './node.js';

/** A typed input slot: one dataset (`one`), an optional one (`maybe`), or a list (`many`). */
export interface InputSlot<T, K extends 'one' | 'maybe' | 'many' = 'one' | 'maybe' | 'many'> {
  readonly kind: K;
  /** Phantom: the value type; never set at run time. */
  readonly __value?: T;
}
/** A typed output slot. */
export interface OutputSlot<T> {
  readonly kind: 'out';
  /** The dataset type that stores it as bytes (intermediate files, the cache): `json`, `table`, `model`. */
  readonly type: string;
  readonly __value?: T;
}

/** An input bound to exactly one dataset. */
export function one<T>(): InputSlot<T, 'one'> {
  return { kind: 'one' };
}
/** An input that may be left unbound (the function then sees `undefined`). */
export function maybe<T>(): InputSlot<T, 'maybe'> {
  return { kind: 'maybe' };
}
/** An input bound to a list of datasets (the function sees their values as an array, in order). */
export function many<T>(): InputSlot<T, 'many'> {
  return { kind: 'many' };
}
/** An output saved to one dataset; `type` is the dataset type that stores it as bytes (default json). */
export function out<T>(type = 'json'): OutputSlot<T> {
  return { kind: 'out', type };
}

type InputSlots = Record<string, InputSlot<unknown, 'one'> | InputSlot<unknown, 'maybe'> | InputSlot<unknown, 'many'>>;
type OutputSlots = Record<string, OutputSlot<unknown>>;
type ValueOf<S> = S extends { readonly __value?: infer T } ? T : never;

/** Keys of required (`one`) inputs, and the others. */
type OneKeys<S extends InputSlots> = { [K in keyof S]: S[K] extends InputSlot<unknown, 'one'> ? K : never }[keyof S];
type ManyKeys<S extends InputSlots> = { [K in keyof S]: S[K] extends InputSlot<unknown, 'many'> ? K : never }[keyof S];
type MaybeKeys<S extends InputSlots> = Exclude<keyof S, OneKeys<S> | ManyKeys<S>>;

/** The values a node function receives for input slots `S`. */
export type InputValues<S extends InputSlots> = { [K in OneKeys<S>]: ValueOf<S[K]> } & { [K in ManyKeys<S>]: Array<ValueOf<S[K]>> } & {
  [K in MaybeKeys<S>]?: ValueOf<S[K]>;
};
/** The dataset names input slots `S` are bound to. */
export type InputBindings<S extends InputSlots> = { [K in OneKeys<S>]: string } & { [K in ManyKeys<S>]: readonly string[] } & {
  [K in MaybeKeys<S>]?: string;
};
/** The values a node function returns for output slots `S`. */
export type OutputValues<S extends OutputSlots> = { [K in keyof S]: ValueOf<S[K]> };
/** The dataset names output slots `S` are saved to. */
export type OutputBindings<S extends OutputSlots> = { [K in keyof S]: string };

/** Args a node takes: data that survives JSON (they travel to workers and into cache keys). */
export type JsonCompatible<T> = T extends string | number | boolean | null
  ? T
  : T extends readonly (infer U)[]
    ? ReadonlyArray<JsonCompatible<U>>
    : T extends object
      ? { [K in keyof T]: JsonCompatible<T[K]> }
      : never;

/** What `declareNode` takes. */
export interface NodeDeclarationSpec<A, I extends InputSlots, O extends OutputSlots> {
  /** The export name of the declaration in `module` (workers import it by this name). */
  name: string;
  /** `import.meta.url` of the module that exports the declaration. */
  module: string;
  /** Bump when the node's results change for the same inputs and args beyond what its source shows. */
  version: number;
  inputs: I;
  outputs: O;
  run(inputs: InputValues<I>, args: A): OutputValues<O> | Promise<OutputValues<O>>;
}

/** What `kind.node()` takes: the node's name, its bindings, args and tags. */
export interface NodeUse<A, I extends InputSlots, O extends OutputSlots> {
  name: string;
  inputs: InputBindings<I>;
  outputs: OutputBindings<O>;
  /** JSON-safe by type: a field that JSON cannot carry (a function, undefined-only) fails to compile. */
  args: A & JsonCompatible<A>;
  tags?: string[];
}

/**
 * A declared kind of node. `fn` is the untyped form the runner calls (it regroups list inputs);
 * `ref` is where a worker finds it; `version` starts every cache key of its nodes.
 *
 * @example
 * export const double = declareNode({
 *   name: 'double', module: import.meta.url, version: 1,
 *   inputs: { x: one<number>() }, outputs: { y: out<number>() },
 *   run: ({ x }, args: { by: number }) => ({ y: x * args.by }),
 * });
 * const n = double.node({ name: 'a::double', inputs: { x: 'a' }, outputs: { y: 'a::doubled' }, args: { by: 2 } });
 */
export interface NodeDeclaration<A, I extends InputSlots, O extends OutputSlots> {
  readonly name: string;
  readonly ref: NodeRef;
  readonly version: string;
  readonly inputs: I;
  readonly outputs: O;
  readonly fn: NodeFunction;
  node(use: NodeUse<A, I, O>): Node;
}

/** The local input name of item `k` of list input `key` (an implementation detail of the binding). */
function itemLocal(key: string, k: number): string {
  return `${key}[${k}]`;
}

/**
 * Declares a kind of node once. The ref, the typed bindings, the untyped runner function and the
 * code version (a hash of the declared `version`, the name and the source of `run`) derive from it.
 */
export function declareNode<A extends object, I extends InputSlots, O extends OutputSlots>(
  spec: NodeDeclarationSpec<A, I, O>,
): NodeDeclaration<A, I, O> {
  const slots = Object.entries(spec.inputs);
  const fn: NodeFunction = (flat, args) => {
    const inputs: Record<string, unknown> = {};
    for (const [key, slot] of slots) {
      if (slot.kind !== 'many') {
        if (key in flat) inputs[key] = flat[key];
        continue;
      }
      const items: unknown[] = [];
      for (let k = 0; itemLocal(key, k) in flat; k++) items.push(flat[itemLocal(key, k)]);
      inputs[key] = items;
    }
    return spec.run(inputs as InputValues<I>, args as unknown as A) as Record<string, unknown> | Promise<Record<string, unknown>>;
  };
  const version = createHash('sha256').update(`${spec.name}\n${spec.version}\n${spec.run.toString()}`).digest('hex').slice(0, 16);
  const ref: NodeRef = Object.freeze({ module: spec.module, export: spec.name });
  const outputTypes = Object.freeze(Object.fromEntries(Object.entries(spec.outputs).map(([local, slot]) => [local, slot.type])));
  return Object.freeze({
    name: spec.name,
    ref,
    version,
    inputs: spec.inputs,
    outputs: spec.outputs,
    fn,
    node(use: NodeUse<A, I, O>): Node {
      const inputs: Record<string, string> = {};
      const bound = use.inputs as Record<string, string | readonly string[] | undefined>;
      for (const [key, slot] of slots) {
        const value = bound[key];
        if (slot.kind === 'many') {
          (value as readonly string[] | undefined ?? []).forEach((dataset, k) => (inputs[itemLocal(key, k)] = dataset));
        } else if (typeof value === 'string') {
          inputs[key] = value;
        } else if (slot.kind === 'one') {
          throw new SweepError('SWEEP_PIPELINE_INVALID', `node '${use.name}': input '${key}' of ${spec.name} is not bound`);
        }
      }
      return node({
        name: use.name,
        fn,
        ref,
        version,
        inputs,
        outputs: use.outputs as Record<string, string>,
        outputTypes,
        tags: use.tags ?? [],
        // Sound: `args` is `JsonCompatible<A>` (interfaces have no index signature, hence the cast).
        args: use.args as unknown as JsonValue,
      });
    },
  });
}
