/**
 * Turns zod issues into config issues people can act on: `expected a positive integer, got -1` at
 * the key's line, and `unknown key 'n_neighbours'; did you mean 'n_neighbors'?` for typos. The
 * wording comes from the schema itself (via its JSON Schema), so hyperparameter schemas written in
 * the models layer get the same messages as the config's own keys.
 */
import { z } from 'zod';
import { didYouMean } from '../core/index.js';
import type { IssueList, KeyPath, YamlSource } from './source.js';

/** A JSON Schema node, loosely typed (only the keywords zod emits are read). */
interface JsonSchemaNode {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchemaNode>;
  additionalProperties?: JsonSchemaNode | boolean;
  items?: JsonSchemaNode;
  prefixItems?: JsonSchemaNode[];
  anyOf?: JsonSchemaNode[];
  oneOf?: JsonSchemaNode[];
  allOf?: JsonSchemaNode[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  pattern?: string;
  $ref?: string;
  $defs?: Record<string, JsonSchemaNode>;
}

const jsonSchemas = new WeakMap<object, JsonSchemaNode | null>();

/** The JSON Schema (input side) of a zod schema, or null when it cannot be represented. */
export function jsonSchemaOf(schema: z.ZodType): JsonSchemaNode | null {
  let cached = jsonSchemas.get(schema);
  if (cached === undefined) {
    try {
      cached = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;
    } catch {
      cached = null;
    }
    jsonSchemas.set(schema, cached);
  }
  return cached;
}

function deref(root: JsonSchemaNode, node: JsonSchemaNode): JsonSchemaNode {
  let current = node;
  for (let i = 0; i < 20 && current.$ref !== undefined; i++) {
    const name = /^#\/\$defs\/(.+)$/.exec(current.$ref)?.[1];
    const next = name === undefined ? undefined : root.$defs?.[name];
    if (next === undefined) return current;
    current = next;
  }
  return current;
}

function options(root: JsonSchemaNode, node: JsonSchemaNode): JsonSchemaNode[] {
  const n = deref(root, node);
  const alts = n.anyOf ?? n.oneOf;
  if (alts !== undefined) return alts.flatMap((alt) => options(root, alt));
  if (n.allOf !== undefined) return n.allOf.flatMap((alt) => options(root, alt));
  return [n];
}

/** The schema nodes a value at `path` may match (several when unions are involved). */
function nodesAt(root: JsonSchemaNode, path: KeyPath): JsonSchemaNode[] {
  let nodes = options(root, root);
  for (const part of path) {
    const next: JsonSchemaNode[] = [];
    for (const node of nodes) {
      if (typeof part === 'number') {
        const item = node.prefixItems?.[part] ?? node.items;
        if (item !== undefined) next.push(...options(root, item));
      } else {
        const prop = node.properties?.[part];
        if (prop !== undefined) next.push(...options(root, prop));
        else if (typeof node.additionalProperties === 'object') next.push(...options(root, node.additionalProperties));
      }
    }
    nodes = next;
  }
  return nodes;
}

/** Known keys of the map at `path` (for did-you-mean). */
export function knownKeysAt(schema: z.ZodType, path: KeyPath): string[] {
  const root = jsonSchemaOf(schema);
  if (root === null) return [];
  const keys = new Set<string>();
  for (const node of nodesAt(root, path)) for (const key of Object.keys(node.properties ?? {})) keys.add(key);
  return [...keys];
}

function bound(node: JsonSchemaNode): string {
  const parts: string[] = [];
  if (node.exclusiveMinimum !== undefined) parts.push(`> ${node.exclusiveMinimum}`);
  else if (node.minimum !== undefined && node.minimum > Number.MIN_SAFE_INTEGER) parts.push(`>= ${node.minimum}`);
  if (node.exclusiveMaximum !== undefined) parts.push(`< ${node.exclusiveMaximum}`);
  else if (node.maximum !== undefined && node.maximum < Number.MAX_SAFE_INTEGER) parts.push(`<= ${node.maximum}`);
  return parts.join(' and ');
}

/** `a`, `a or b`, `a, b or c`; enum alternatives (`one of "x", "y"`) are flattened into the list. */
function joinAlternatives(descriptions: readonly string[]): string {
  const parts: string[] = [];
  for (const d of descriptions) {
    const values = d.startsWith('one of ') ? d.slice('one of '.length).split(', ') : [d];
    for (const v of values) if (!parts.includes(v)) parts.push(v);
  }
  // Put null last: "a positive integer or null" reads better than the reverse.
  parts.sort((a, b) => Number(a === 'null') - Number(b === 'null'));
  if (parts.length <= 1) return parts[0] ?? 'anything';
  return `${parts.slice(0, -1).join(', ')} or ${parts.at(-1)!}`;
}

function describeOne(root: JsonSchemaNode, raw: JsonSchemaNode): string {
  const node = deref(root, raw);
  if (node.enum !== undefined) {
    const values = node.enum.map((v) => JSON.stringify(v));
    return values.length === 1 ? values[0]! : `one of ${values.join(', ')}`;
  }
  if (node.const !== undefined) return JSON.stringify(node.const);
  const alts = node.anyOf ?? node.oneOf;
  if (alts !== undefined) return joinAlternatives(alts.map((alt) => describeOne(root, alt)));
  const type = Array.isArray(node.type) ? node.type : node.type === undefined ? [] : [node.type];
  if (type.length > 1) return joinAlternatives(type.map((t) => describeOne(root, { ...node, type: t })));
  switch (type[0]) {
    case 'integer': {
      const min = node.exclusiveMinimum ?? node.minimum;
      const hasMax = (node.maximum ?? Infinity) < Number.MAX_SAFE_INTEGER || node.exclusiveMaximum !== undefined;
      if (!hasMax && ((node.exclusiveMinimum === 0) || node.minimum === 1)) return 'a positive integer';
      if (!hasMax && node.minimum === 0 && node.exclusiveMinimum === undefined) return 'a non-negative integer';
      const b = bound(node);
      return min === undefined || b === '' ? 'an integer' : `an integer ${b}`;
    }
    case 'number': {
      const b = bound(node);
      if (b === '> 0') return 'a positive number';
      return b === '' ? 'a number' : `a number ${b}`;
    }
    case 'string':
      if (node.pattern !== undefined) return `a string matching /${node.pattern}/`;
      return node.minLength !== undefined && node.minLength > 0 ? 'a non-empty string' : 'a string';
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'null';
    case 'array': {
      if (node.prefixItems !== undefined) return `a list of ${node.prefixItems.length} values [${node.prefixItems.map((p) => describeOne(root, p)).join(', ')}]`;
      const item = node.items === undefined ? '' : describeOne(root, node.items);
      const of = item === '' || item === 'anything' ? '' : ` of ${plural(item)}`;
      return node.minItems !== undefined && node.minItems > 0 ? `a non-empty list${of}` : `a list${of}`;
    }
    case 'object':
      return 'a map';
    default:
      return 'anything';
  }
}

/** `a string or a number` → `strings or numbers`; other phrasings become `values: …`. */
function plural(description: string): string {
  const parts = description.split(' or ');
  if (parts.every((part) => /^an? [a-z-]+( [a-z-]+)?$/.test(part))) return parts.map((part) => `${part.replace(/^an? /, '')}s`).join(' or ');
  return `values (${description})`;
}

/** A short description of what the schema accepts at `path` (e.g. `a positive integer`). */
export function describeExpected(schema: z.ZodType, path: KeyPath): string | undefined {
  const root = jsonSchemaOf(schema);
  if (root === null) return undefined;
  const nodes = nodesAt(root, path);
  if (nodes.length === 0) return undefined;
  const text = joinAlternatives(nodes.map((n) => describeOne(root, n)));
  return text === 'anything' ? undefined : text;
}

/** A value shown in a message: JSON, shortened. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function valueAt(value: unknown, path: KeyPath): unknown {
  let current = value;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[part];
  }
  return current;
}

/** Options for `reportZodIssues`. */
export interface ReportOptions {
  /** What the value is called in "unknown key" messages (default `key`). */
  keyKind?: string;
  /** Names the owner of the known keys in hints (e.g. `knn (engine native)`). */
  knownLabel?: string;
  /** Maps a path relative to the validated value to one relative to `base` (e.g. into `params:`). */
  mapPath?: (path: KeyPath) => KeyPath;
}

/**
 * Adds one config issue per zod issue. `value` is what was validated, found at `base` in `source`;
 * `schema` is the schema it was validated with (for descriptions and did-you-mean).
 */
export function reportZodIssues(
  list: IssueList,
  source: YamlSource,
  base: KeyPath,
  schema: z.ZodType,
  value: unknown,
  zodIssues: readonly z.core.$ZodIssue[],
  options: ReportOptions = {},
): void {
  for (const issue of withoutEchoes(zodIssues, schema, value, [])) reportOne(list, source, base, schema, value, issue, [], options);
}

/**
 * Drops "missing required key 'range'" when the same map has the unknown key 'rang' that
 * did-you-mean turns into it: one typo, one issue.
 */
function withoutEchoes(issues: readonly z.core.$ZodIssue[], schema: z.ZodType, value: unknown, prefix: KeyPath): z.core.$ZodIssue[] {
  const suggested = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const rel = [...prefix, ...(issue.path as Array<string | number>)];
    const known = knownKeysAt(schema, rel);
    for (const key of issue.keys) {
      const guess = didYouMean(key, known);
      if (guess !== undefined) suggested.add(JSON.stringify([...rel, guess]));
    }
  }
  if (suggested.size === 0) return [...issues];
  return issues.filter((issue) => {
    const rel = [...prefix, ...(issue.path as Array<string | number>)];
    return !(issue.code === 'invalid_type' && valueAt(value, rel) === undefined && suggested.has(JSON.stringify(rel)));
  });
}

function reportOne(
  list: IssueList,
  source: YamlSource,
  base: KeyPath,
  schema: z.ZodType,
  value: unknown,
  issue: z.core.$ZodIssue,
  prefix: KeyPath,
  options: ReportOptions,
): void {
  const rel = [...prefix, ...(issue.path as Array<string | number>)];
  const path = [...base, ...(options.mapPath === undefined ? rel : options.mapPath(rel))];
  const got = valueAt(value, rel);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(schema, rel);
      for (const key of issue.keys) {
        const guess = didYouMean(key, known);
        const kind = options.keyKind ?? 'key';
        const keyPath = [...base, ...(options.mapPath === undefined ? [...rel, key] : options.mapPath([...rel, key]))];
        list.add(
          source,
          keyPath,
          `unknown ${kind} '${key}'${guess === undefined ? '' : `; did you mean '${guess}'?`}`,
          known.length === 0 ? undefined : `${options.knownLabel === undefined ? `known ${kind}s here` : `${options.knownLabel} ${kind}s`}: ${[...known].sort().join(', ')}`,
        );
      }
      return;
    }
    case 'invalid_union': {
      // Follow the one alternative whose type matched (an object with a bad key inside, say).
      const matching = issue.errors.filter((errs) => !errs.some((e) => e.code === 'invalid_type' && e.path.length === 0));
      if (matching.length === 1) {
        for (const inner of withoutEchoes(matching[0]!, schema, value, rel)) reportOne(list, source, base, schema, value, inner, rel, options);
        return;
      }
      const expected = issue.message !== 'Invalid input' ? issue.message : `expected ${describeExpected(schema, rel) ?? 'a different value'}`;
      list.add(source, path, `${expected}, got ${showValue(got)}`);
      return;
    }
    case 'invalid_type':
    case 'invalid_value':
    case 'too_small':
    case 'too_big':
    case 'not_multiple_of':
    case 'invalid_format': {
      const expected = describeExpected(schema, rel);
      if (got === undefined && issue.code === 'invalid_type') {
        const key = rel[rel.length - 1];
        list.add(source, path, `missing required key '${String(key)}'${expected === undefined ? '' : ` (${expected})`}`);
        return;
      }
      const tooMany = issue.code === 'too_big' && Array.isArray(got);
      const tooFew = issue.code === 'too_small' && Array.isArray(got);
      if (expected !== undefined && !tooMany && !tooFew) {
        list.add(source, path, `expected ${expected}, got ${showValue(got)}`);
      } else if (tooFew && issue.code === 'too_small') {
        list.add(source, path, `expected at least ${String(issue.minimum)} item${Number(issue.minimum) === 1 ? '' : 's'}, got ${showValue(got)}`);
      } else if (tooMany && issue.code === 'too_big') {
        list.add(source, path, `expected at most ${String(issue.maximum)} items, got ${showValue(got)}`);
      } else {
        list.add(source, path, `${issue.message.replace(/^Invalid input: /, '')}, got ${showValue(got)}`);
      }
      return;
    }
    default:
      list.add(source, path, issue.message);
  }
}
