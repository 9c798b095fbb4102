/** Helpers every command shares: locating and reading the config, splitting list options. */
import { InvalidArgumentError } from 'commander';
import path from 'node:path';
import { findConfig, readSweepConfig, type SweepConfig } from '../config/index.js';
import { SweepError, unknownNameMessage } from '../core/index.js';
import { RUN_PARTS, type RunPart } from '../sweep/index.js';
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

/** Splits `a,b , c` into names; repeated options accumulate. An empty value (`--dataset ''`) is a usage error, never "all". */
export function splitList(value: string, previous: string[] = []): string[] {
  const names = value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (names.length === 0) throw new InvalidArgumentError('expected one or more names (comma-separated), got an empty value');
  return [...previous, ...names];
}

/** Parses a positive integer option, with a clear usage error. */
export function parsePositiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) {
      throw new SweepError('SWEEP_USAGE', `${name} expects a positive integer, got '${value}'`, { hint: `e.g. ${name} 2` });
    }
    return n;
  };
}

/** Parses `--only baseline,tune` into run parts, rejecting unknown ones with a did-you-mean. */
export function parseParts(value: string, previous: RunPart[] = []): RunPart[] {
  const parts = splitList(value);
  for (const p of parts) {
    if (!(RUN_PARTS as readonly string[]).includes(p)) {
      const { message, hint } = unknownNameMessage('part', p, RUN_PARTS);
      throw new SweepError('SWEEP_USAGE', `--only: ${message}`, { hint });
    }
  }
  return [...previous, ...(parts as RunPart[])];
}
