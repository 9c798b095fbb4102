/**
 * YAML sources with positions: parses a config file keeping each node's range, so every issue can
 * point at the line of the key it is about (or of its parent when the key is missing).
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { ConfigIssue } from '../core/index.js';

/** A key path into a YAML document: map keys and sequence indices. */
export type KeyPath = ReadonlyArray<string | number>;

/** A parsed YAML file: its display name, document and line counter. */
export interface YamlSource {
  /** The file as shown in issues (the path as given, e.g. `conf/sweep.yaml`). */
  file: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** The document as plain JS values (`undefined` for an empty document). */
  value: unknown;
}

/** Formats a key path as `algorithms.knn.n_neighbors` / `evaluation.metrics[2]`. */
export function formatKeyPath(path: KeyPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

/**
 * Parses YAML text. Syntax errors (and duplicate keys) become issues with their line; the source is
 * returned only when there are none.
 */
export function parseYamlSource(text: string, file: string): { source: YamlSource | null; issues: ConfigIssue[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const issues: ConfigIssue[] = doc.errors.map((error) => {
    const pos = error.linePos?.[0];
    const firstLine = error.message.split('\n')[0] ?? error.message;
    const message = `YAML syntax error: ${firstLine.replace(/ at line \d+, column \d+:?$/, '')}`;
    return {
      file,
      ...(pos === undefined ? {} : { line: pos.line, column: pos.col }),
      key: '',
      message,
      hint: error.code === 'DUPLICATE_KEY' ? 'each key may appear once per map; merge the two entries' : 'check indentation, colons and brackets around this line',
    };
  });
  if (issues.length > 0) return { source: null, issues };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    return { source: null, issues: [{ file, line: 1, key: '', message: `YAML could not be read: ${(error as Error).message}` }] };
  }
  return { source: { file, doc, lineCounter, value }, issues: [] };
}

/** A 1-based line and column in a source. */
export interface Position {
  line: number;
  column: number;
}

/** Where `node` (a key or value node) starts, if it has a range. */
function positionOf(source: YamlSource, node: unknown): Position | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  if (range === undefined) return undefined;
  const { line, col } = source.lineCounter.linePos(range[0]);
  return { line, column: col };
}

/**
 * The position of the deepest node along `path`: the key of the last map entry found (so a bad
 * value points at its key), or the parent's key when the rest of the path does not exist.
 */
export function positionAt(source: YamlSource, path: KeyPath): Position {
  let node: unknown = source.doc.contents;
  let position = positionOf(source, node) ?? { line: 1, column: 1 };
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(part));
      if (pair === undefined) return position;
      position = positionOf(source, pair.key) ?? positionOf(source, pair.value) ?? position;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part];
      if (item === undefined) return position;
      position = positionOf(source, item) ?? position;
      node = item;
    } else {
      return position;
    }
  }
  return position;
}

/** The line of `positionAt`. */
export function lineAt(source: YamlSource, path: KeyPath): number {
  return positionAt(source, path).line;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

/** Collects issues for one or more sources; the config is rejected when any were added. */
export class IssueList {
  readonly items: ConfigIssue[] = [];

  /** Adds an issue located at `path` in `source`. */
  add(source: YamlSource, path: KeyPath, message: string, hint?: string): void {
    const { line, column } = positionAt(source, path);
    this.items.push({
      file: source.file,
      line,
      column,
      key: formatKeyPath(path),
      message,
      ...(hint === undefined ? {} : { hint }),
    });
  }

  /** Adds ready-made issues. */
  push(...issues: ConfigIssue[]): void {
    this.items.push(...issues);
  }

  /** How many issues were collected. */
  get size(): number {
    return this.items.length;
  }
}
