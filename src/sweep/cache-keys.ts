/**
 * What the node cache keys on beyond a node's own args: the content of the source files (each
 * dataset's file(s), with its type and options) and a fingerprint of the code that computes.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { storageDrivers, schemeOf, type DatasetEntry } from '../catalog/index.js';
import { canonicalJson } from '../runner/index.js';
import type { StatIndex } from './stat-index.js';

let fingerprint: Promise<string> | undefined;

async function codeFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await codeFiles(full)));
    else if (/\.(js|ts|mjs|wasm)$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(full);
  }
  return out.sort();
}

/**
 * A hash of every code file of this build (`dist/` or `src/`): any change to an estimator, a metric
 * or a node gives new cache keys, so a cached result is never one the current code would not give.
 */
export function codeFingerprint(): Promise<string> {
  fingerprint ??= (async () => {
    const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
    const hash = createHash('sha256');
    for (const file of await codeFiles(root)) hash.update(path.relative(root, file)).update('\0').update(await readFile(file)).update('\0');
    return hash.digest('hex');
  })();
  return fingerprint;
}

/**
 * The key of a source dataset: a hash of its type, options and the content hash of its file(s).
 * With a `StatIndex`, local files unchanged since they were last hashed (size, mtime, inode) are
 * not read again.
 */
export async function sourceKey(entry: DatasetEntry, index?: StatIndex): Promise<string> {
  const hash = createHash('sha256').update(canonicalJson({ type: entry.type, options: entry.options ?? {} }));
  const files = [entry.path, ...Object.entries(entry.options ?? {}).filter(([k, v]) => k.endsWith('_path') && typeof v === 'string').map(([, v]) => v as string)];
  for (const url of files) {
    const local = schemeOf(url) === 'file' && !/^file:/i.test(url);
    const content = index !== undefined && local ? await index.contentHash(url) : createHash('sha256').update(await storageDrivers.get(schemeOf(url)).read(url)).digest('hex');
    hash.update('\0').update(content);
  }
  return hash.digest('hex');
}
