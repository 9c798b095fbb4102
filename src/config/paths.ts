/**
 * Where config files live and how the paths inside them resolve: always against the project root
 * (the folder holding `conf/`), never against the current directory.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The config file's location inside a project. */
export const CONFIG_RELATIVE_PATH = join('conf', 'sweep.yaml');
/** The catalog's file name, next to sweep.yaml. */
export const CATALOG_FILE_NAME = 'catalog.yaml';

/**
 * The project root of a config file: the folder holding `conf/` when the file sits in a folder
 * named `conf`, else the file's own folder.
 */
export function projectRootOf(configPath: string): string {
  const dir = dirname(resolve(configPath));
  return basename(dir) === 'conf' ? dirname(dir) : dir;
}

/** `conf/sweep.yaml` in `cwd` or the nearest parent folder that has one. */
export function findConfig(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    const candidate = join(dir, CONFIG_RELATIVE_PATH);
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

const URL_SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/** True for `scheme://…` locations other than `file://` (kept as written). */
export function isRemoteUrl(location: string): boolean {
  const scheme = URL_SCHEME.exec(location)?.[1];
  return scheme !== undefined && scheme.toLowerCase() !== 'file';
}

/**
 * Resolves a dataset or output location: URLs (`http://`, `https://`, `s3://`, `memory://`, …)
 * are kept; `file://` URLs become paths; relative paths resolve against `root`.
 */
export function resolveLocation(location: string, root: string): string {
  if (isRemoteUrl(location)) return location;
  if (/^file:\/\//i.test(location)) return fileURLToPath(location);
  return resolve(root, location);
}
