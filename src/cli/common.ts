/** Helpers every command shares: locating and reading the config, splitting list options. */
import path from 'node:path';
import { findConfig, readSweepConfig, type SweepConfig } from '../config/index.js';
import { SweepError } from '../core/index.js';
import type { CliIO } from './output.js';

/** Options every config-reading command accepts. */
export interface ConfigOptions {
  config?: string;
}

/** The config file a command uses: `--config` (relative to the cwd), else `conf/sweep.yaml` found from the cwd up. */
export function locateConfig(io: CliIO, options: ConfigOptions): string {
  if (options.config !== undefined) return path.resolve(io.cwd, options.config);
  const found = findConfig(io.cwd);
  if (found === undefined) {
    throw new SweepError('SWEEP_CONFIG_NOT_FOUND', `no conf/sweep.yaml in ${io.cwd} or any folder above it`, {
      hint: 'pass --config FILE, or run `sweep init` to scaffold conf/ here',
    });
  }
  return found;
}

/** Reads and validates the config a command uses. */
export async function loadConfig(io: CliIO, options: ConfigOptions): Promise<SweepConfig> {
  return readSweepConfig(locateConfig(io, options));
}

export { parseParts, parsePositiveInt, splitList } from './options.js';
