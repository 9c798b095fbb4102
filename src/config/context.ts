/**
 * What the section readers share while one config is parsed: the sources, the issue list, the
 * registries, and the top-level values other sections default from.
 */
import { isMap, isPair, isScalar } from 'yaml';
import { showValue } from './describe.js';
import type { Report } from './normalize.js';
import type { ConfigRegistries } from './registries.js';
import type { MetricUse } from './rules.js';
import type { EvaluationInput } from './schema.js';
import type { IssueList, KeyPath, YamlSource } from './source.js';
import type { EvaluationConfig } from './types.js';

/** The state of one parse, passed to each section reader. */
export interface ParseContext {
  issues: IssueList;
  registries: ConfigRegistries;
  sweep: YamlSource;
  /** catalog.yaml, when one was given and is a readable map. */
  catalog: YamlSource | null;
  /** catalog.yaml was given but unreadable (its issues are already reported): skip references quietly. */
  catalogBroken: boolean;
  /** Absolute path of sweep.yaml. */
  configPath: string;
  root: string;
  seed: number;
  /** The valid keys of the top-level evaluation block, as written. */
  evaluationRaw: EvaluationInput;
  evaluation: EvaluationConfig;
  /** Metrics in use that every algorithm must be able to serve (for the probability check). */
  probaUses: MetricUse[];
}

/** A report function adding issues at `base` in `source`. */
export function reporter(ctx: ParseContext, source: YamlSource, base: KeyPath): Report {
  return (path, message, hint) => ctx.issues.add(source, [...base, ...path], message, hint);
}

/** A plain map from YAML. */
export type Obj = Record<string, unknown>;

/** True for a plain map (not null, not a list). */
export function isObject(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** What a value is, for messages: `a list`, `nothing`, `number 3`. */
export function kindOf(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return `${typeof value} ${showValue(value)}`;
}

/** Keys of the map at `path`, in file order (JS objects put integer-like keys first). */
export function orderedKeys(source: YamlSource, path: KeyPath, value: Obj): string[] {
  const node = source.doc.getIn(path as unknown[], true);
  if (!isMap(node)) return Object.keys(value);
  const keys: string[] = [];
  for (const item of node.items) {
    if (isPair(item)) {
      const key = isScalar(item.key) ? String(item.key.value) : String(item.key);
      if (Object.hasOwn(value, key) && !keys.includes(key)) keys.push(key);
    }
  }
  for (const key of Object.keys(value)) if (!keys.includes(key)) keys.push(key);
  return keys;
}
