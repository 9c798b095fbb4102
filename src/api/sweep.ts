/**
 * Sweeps from a script or a notebook: read a config, plan it, run it, read a run's results. Every
 * relative path resolves against the config's project root (the folder holding `conf/`), never
 * against the process's working directory.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRootOf, readSweepConfig, resolveLocation, type SweepConfig } from '../config/index.js';
import type { SweepResults } from '../report/index.js';
import { planOnly, readRunResults, runSweep as runPlannedSweep, type Progress, type RunPart, type RunSweepResult, type SweepPlan } from '../sweep/index.js';

/** A config file as a path (absolute, or relative to the working directory) or a `file:` URL. */
export type ConfigLocation = string | URL;

/** An absolute path from a `ConfigLocation`. */
export function configFile(location: ConfigLocation): string {
  if (location instanceof URL) return fileURLToPath(location);
  return /^file:\/\//i.test(location) ? fileURLToPath(location) : path.resolve(location);
}

/**
 * Reads and validates a config (`conf/sweep.yaml` and its `catalog.yaml`) into the normalized
 * `SweepConfig`: every default filled in and every path absolute. Problems throw one
 * `ConfigError` listing each with its file, line and key.
 *
 * @example
 * const config = await loadSweep(new URL('./conf/sweep.yaml', import.meta.url));
 */
export function loadSweep(configPath: ConfigLocation): Promise<SweepConfig> {
  return readSweepConfig(configFile(configPath));
}

/** Which cells a plan or a run covers. */
export interface SelectOptions {
  /** Glob patterns of dataset names (`--dataset`); all when absent. */
  datasets?: string[];
  /** Glob patterns of algorithm names (`--algorithm`); all when absent. */
  algorithms?: string[];
  /** Only these parts of each cell (`--only`). */
  only?: RunPart[];
}

/** The cells and nodes a run of `config` would have, without running anything. */
export function planSweep(config: SweepConfig, options: SelectOptions = {}): SweepPlan {
  return planOnly(config, {
    ...(options.datasets === undefined ? {} : { datasets: options.datasets }),
    ...(options.algorithms === undefined ? {} : { algorithms: options.algorithms }),
    ...(options.only === undefined ? {} : { only: options.only }),
  });
}

/** Options of the library's `runSweep`. */
export interface RunOptions extends SelectOptions {
  /** Worker processes; 1 runs in this process. Default: the config's `runner.jobs`, else the cores. */
  jobs?: number;
  /** Called as nodes start and end (cells done, running, failed; ETA). */
  onProgress?: (progress: Progress) => void;
  /**
   * Parent folder of the run folder (default: the config's `output.dir`). A relative path resolves
   * against the config's project root, as every path in the config does.
   */
  out?: string;
  /** Recompute every selected node (the cache is still written). */
  force?: boolean;
  /** Neither read nor write the node cache. */
  cache?: boolean;
  /** Stop at the first failure; the cells not finished are skipped. */
  failFast?: boolean;
  /** Aborting stops scheduling: running nodes finish, the rest are skipped. */
  signal?: AbortSignal;
}

/**
 * Runs a sweep as `sweep run` does and writes the same run folder (results.json, report.html, …).
 * Resolves to the results and the folder; `ok` is false when a cell failed (its error is in the
 * results: one failing cell never stops the others).
 *
 * @example
 * const { results, runDir } = await runSweep(config, { datasets: ['letters'], jobs: 1 });
 */
export function runSweep(config: SweepConfig, options: RunOptions = {}): Promise<RunSweepResult> {
  return runPlannedSweep(config, {
    ...(options.datasets === undefined ? {} : { datasets: options.datasets }),
    ...(options.algorithms === undefined ? {} : { algorithms: options.algorithms }),
    ...(options.only === undefined ? {} : { only: options.only }),
    ...(options.jobs === undefined ? {} : { jobs: options.jobs }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.out === undefined ? {} : { outDir: resolveLocation(options.out, projectRootOf(config.configPath)) }),
    ...(options.force === true ? { force: true } : {}),
    ...(options.cache === false ? { noCache: true } : {}),
    ...(options.failFast === true ? { failFast: true } : {}),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
}

/** Reads a run folder's `results.json` (what `runSweep` resolved to, as `sweep report` reads it). */
export function loadResults(runDir: string | URL): Promise<SweepResults> {
  return readRunResults(configFile(runDir));
}
