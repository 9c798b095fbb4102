/**
 * Reading a config from disk: sweep.yaml plus the catalog.yaml next to it, if there is one.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { SweepError } from '../core/index.js';
import { parseConfigWith } from './parse.js';
import { CATALOG_FILE_NAME } from './paths.js';
import { defaultRegistries } from './registries.js';
import type { SweepConfig } from './types.js';

/**
 * Parses and validates config text (pure: no file system, no `process.cwd()` for relative paths
 * inside it). Throws `ConfigError` listing every issue of both files.
 */
export function parseSweepConfig(text: string, configPath: string, catalogText?: string, catalogPath?: string): SweepConfig {
  return parseConfigWith({ text, configPath, catalogText, catalogPath }, defaultRegistries);
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Reads `configPath` and the `catalog.yaml` beside it, and returns the normalized config.
 * Throws `SweepError('SWEEP_CONFIG_NOT_FOUND')` when the file is missing, `ConfigError` when invalid.
 */
export async function readSweepConfig(configPath: string): Promise<SweepConfig> {
  const path = resolve(configPath);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') {
      throw new SweepError('SWEEP_CONFIG_NOT_FOUND', `config file not found: ${path}`, {
        hint: 'run `sweep init` to create conf/sweep.yaml, or pass the path of your config',
        cause: error,
        details: { file: path },
      });
    }
    throw error;
  }
  const catalogPath = join(dirname(path), CATALOG_FILE_NAME);
  const catalogText = await readOptional(catalogPath);
  return parseSweepConfig(text, path, catalogText, catalogText === undefined ? undefined : catalogPath);
}
