/**
 * Module ids that survive a move: a node's ref names a module by file URL, which is only true on
 * the machine that planned the run. A queue job carries `sweep:<path from the package root>`
 * instead for sweep's own modules, and the worker resolves it against its own install, from
 * sources (`src/…/x.ts`, under tsx) or compiled code (`dist/…/x.js`), whichever it runs from.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { packageRoot, SweepError } from '../core/index.js';

const PREFIX = 'sweep:';

/** `file:///…/sweep/src/sweep/nodes.ts` → `sweep:src/sweep/nodes.ts`; a module outside the package keeps its URL. */
export function moduleIdOf(url: string): string {
  if (!url.startsWith('file:')) return url;
  const relative = path.relative(packageRoot(), fileURLToPath(url));
  if (relative.startsWith('..') || path.isAbsolute(relative)) return url;
  return `${PREFIX}${relative.split(path.sep).join('/')}`;
}

/** The same module as compiled code (`src/a.ts` → `dist/a.js`) or as source (`dist/a.js` → `src/a.ts`). */
function counterpart(relative: string): string | null {
  const src = /^src\/(.*)\.ts$/.exec(relative);
  if (src !== null) return `dist/${src[1]}.js`;
  const dist = /^dist\/(.*)\.js$/.exec(relative);
  if (dist !== null) return `src/${dist[1]}.ts`;
  return null;
}

/**
 * The file URL of a module id on this machine. A `sweep:` id resolves against this install,
 * preferring the form this code runs as (sources under tsx, else compiled); other ids are URLs.
 */
export function resolveModuleId(id: string): string {
  if (!id.startsWith(PREFIX)) return id;
  const relative = id.slice(PREFIX.length);
  const fromSources = import.meta.url.endsWith('.ts');
  const other = counterpart(relative);
  const mine = relative.startsWith(fromSources ? 'src/' : 'dist/') ? relative : other;
  const candidates = [mine, mine === relative ? other : relative].filter((c): c is string => c !== null);
  for (const candidate of candidates) {
    const file = path.join(packageRoot(), candidate);
    if (existsSync(file)) return pathToFileURL(file).href;
  }
  throw new SweepError('SWEEP_RUN_FAILED', `module ${id} is not in this sweep install (${packageRoot()})`, {
    hint: `looked for ${candidates.join(' and ')}; install the same sweep version on this worker (npm ci, then npm run build)`,
  });
}
