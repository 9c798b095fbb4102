/**
 * The sweep package itself: its root folder and version, read from its package.json. `src/` (tsx)
 * and `dist/` (compiled) both sit one level below the root, so the same code finds it from either.
 * Read lazily: code compiled elsewhere (tests) only pays, or fails, when it asks.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let cached: { root: string; version: string } | undefined;

function read(): { root: string; version: string } {
  if (cached === undefined) {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { name?: string; version?: string };
    cached = { root, version: pkg.version ?? '0.0.0' };
  }
  return cached;
}

/** The absolute folder holding sweep's package.json (with a trailing separator). */
export function packageRoot(): string {
  return read().root;
}

/** sweep's version from its package.json (`0.1.0`): what a queue worker and its submitter must share. */
export function sweepVersion(): string {
  return read().version;
}
