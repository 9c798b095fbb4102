/**
 * Running a sweep: plan it, build the catalog, hand the pipeline to a runner, then gather every
 * cell's report (or its error) into `results.json`, `results.csv` and `summary.md`.
 */
import { mkdir, open, rename, rm, stat, symlink, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { Catalog, csvColumnNames, datasetTypes, schemeOf, type DatasetEntry } from '../catalog/index.js';
import type { DatasetConfig, SweepConfig } from '../config/index.js';
import { ConfigError, SweepError, joinName, type ConfigIssue, type ErrorRecord } from '../core/index.js';
import {
  type CellReport,
  type CellResult,
  type DatasetResult,
  type SweepResults,
} from '../report/index.js';
import { chooseTunedParams } from '../evaluation/index.js';
import { NodeCache, defaultRunnerName, runners, type NodeResult, type Runner, type RunResult, type RunnerEvent } from '../runner/index.js';
import { targetNotFound, type DatasetSummary } from './nodes.js';
import { planSweep, type Cell, type RunPart, type SweepPlan } from './plan.js';
import { codeFingerprint, sourceKey } from './cache-keys.js';
import { StatIndex } from './stat-index.js';
import { latestLinkName, pipelineGraph, renderRunReports } from './reports.js';
import { shardPlan, type ShardInfo, type ShardSpec } from './shard.js';

/** What a person watching the run sees: cells done, running and failed, and the node per worker. */
export interface Progress {
  cellsTotal: number;
  cellsDone: number;
  cellsFailed: number;
  cellsRunning: number;
  nodesTotal: number;
  nodesDone: number;
  /** Node currently running on each worker (key: worker index, or -1 for the main thread). */
  current: Map<number, string>;
  elapsed_s: number;
  /** Estimated seconds left, from the cells done so far (null until one is done). */
  eta_s: number | null;
  /** The cell that just finished, if this update is for one. */
  finished?: { cell: Cell; status: 'ok' | 'failed' | 'skipped'; error: string | null };
}

/** Options of `runSweep`. */
export interface RunSweepOptions {
  datasets?: string[];
  algorithms?: string[];
  /** Only these parts of each cell (`--only baseline|tune|curves`). */
  only?: RunPart[];
  /** Only nodes with these tags and what they need (`--tags`). */
  tags?: string[];
  /** Worker threads; 1 runs in-process. Default: the config's `runner.jobs`, else the core count. */
  jobs?: number;
  /** The runner by name (`--runner`); default: the config's `runner:`, else `defaultRunnerName(jobs)`. */
  runner?: string;
  /** The queue runner's Redis (`--queue redis://…`); names the `queue` runner unless `runner` is given. */
  queue?: string;
  /** Run only this shard's cells (`--shard i/N`), chosen by `shardPlan`; `sweep merge` joins the shards. */
  shard?: ShardSpec;
  /** Parent folder of run folders (default: the config's `output.dir`, i.e. `reports/`). */
  outDir?: string;
  /** Keep `<run>/.data` (intermediate tables and predictions) after the run. */
  keepData?: boolean;
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
  /** Fixed run id (tests); default: a timestamp. */
  runId?: string;
  /** Recompute every selected node (the cache is still written): `--force`. */
  force?: boolean;
  /** Neither read nor write the node cache: `--no-cache`. */
  noCache?: boolean;
  /** Stop at the first failed node; the cells not finished are skipped: `--fail-fast`. */
  failFast?: boolean;
}

/** The outcome of a run: results plus where they were written. */
export interface RunSweepResult {
  results: SweepResults;
  runDir: string;
  ok: boolean;
  /** Parts of the report that could not be drawn (the results themselves are complete). */
  reportWarnings: string[];
}

/** A run id from a time: `YYYYMMDD-HHMMSS` (UTC). */
export function timestampId(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}-${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}`;
}

/**
 * Claims a fresh run folder under `outDir`: `<timestamp>`, with `-2`, `-3`… if taken. `mkdir`
 * without `recursive` is the lock: of runs started at the same moment, exactly one creates each
 * name and the others move on to the next (EEXIST), so no two runs share a folder.
 */
async function makeRunDir(outDir: string, runId: string | undefined): Promise<{ runId: string; runDir: string }> {
  const base = runId ?? timestampId(new Date());
  await mkdir(outDir, { recursive: true });
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    const runDir = path.join(outDir, id);
    try {
      await mkdir(runDir);
      return { runId: id, runDir };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * Points `<outDir>/latest` (the last complete run of any sweep) and, given the sweep's name,
 * `<outDir>/latest-<name>` (its own last complete run) at the run.
 */
export async function linkLatest(outDir: string, runId: string, sweepName?: string): Promise<void> {
  await replaceLink(outDir, 'latest', runId);
  if (sweepName !== undefined) await replaceLink(outDir, latestLinkName(sweepName), runId);
}

/** Points `<outDir>/<name>` at `runId` (a relative symlink, replaced atomically). */
async function replaceLink(outDir: string, name: string, runId: string): Promise<void> {
  const link = path.join(outDir, name);
  const temp = path.join(outDir, `.latest-${process.pid}-${randomBytes(4).toString('hex')}`);
  await unlink(temp).catch(() => undefined);
  await symlink(runId, temp);
  try {
    await rename(temp, link);
  } catch {
    // A real folder named `latest` (not ours): leave it alone.
    await unlink(temp).catch(() => undefined);
  }
}

function cellOutcome(cell: Cell, results: Map<string, NodeResult>): { status: CellResult['status']; error: CellResult['error'] } {
  for (const name of cell.nodes) {
    const r = results.get(name);
    if (r?.status === 'failed') {
      const e = r.error as ErrorRecord;
      return { status: 'failed', error: { code: e.code, message: e.message, hint: e.hint, node: name } };
    }
  }
  for (const name of cell.nodes) {
    const r = results.get(name);
    if (r === undefined || r.status !== 'ok') {
      const why =
        r === undefined ? 'not selected by --tags: only part of this cell ran'
        : r.skippedBecause === 'interrupted' ? 'the run was interrupted before this cell finished'
        : 'not run';
      return { status: 'skipped', error: { code: 'SWEEP_RUN_FAILED', message: why, hint: 'run `sweep run` again for this cell', node: name } };
    }
  }
  return { status: 'ok', error: null };
}

/** Wall seconds of every node of a cell (as the runner measured them: load, call, save), and their sum. */
function cellSeconds(cell: Cell, results: Map<string, NodeResult>): { cell_s: number; nodes_s: Record<string, number> } {
  const prefix = joinName(cell.dataset, cell.algorithm, '');
  const nodes_s: Record<string, number> = {};
  let total = 0;
  for (const name of cell.nodes) {
    const seconds = results.get(name)?.seconds ?? 0;
    nodes_s[name.startsWith(prefix) ? name.slice(prefix.length) : name] = seconds;
    total += seconds;
  }
  return { cell_s: total, nodes_s };
}

function emptyCell(cell: Cell, outcome: ReturnType<typeof cellOutcome>): CellResult {
  return {
    dataset: cell.dataset,
    algorithm: cell.algorithm,
    estimator: cell.estimator,
    engine: cell.engine,
    params: cell.params,
    status: outcome.status,
    error: outcome.error,
    metrics: { test: {}, train: {} },
    metrics_std: { test: {}, train: {} },
    folds: [],
    timing: { fit_s: null, predict_s: null },
    n_train: null,
    n_test: null,
    n_features: null,
    report: null,
    baseline: null,
    best_params: null,
    learning_curve: null,
    validation_curve: null,
  };
}

/** Tracks runner events as cell-level progress. */
class ProgressTracker {
  private readonly started = Date.now();
  private readonly nodeToCells = new Map<string, Cell[]>();
  private readonly remaining = new Map<Cell, number>();
  private readonly failedCells = new Set<Cell>();
  private readonly runningCells = new Map<Cell, number>();
  private readonly progress: Progress;

  constructor(plan: SweepPlan, private readonly onProgress: (p: Progress) => void) {
    // Count only the nodes that will run (`--tags` may leave some of a cell's nodes out).
    const scheduled = new Set(plan.pipeline.nodes.map((n) => n.name));
    for (const cell of plan.cells) {
      const nodes = cell.nodes.filter((n) => scheduled.has(n));
      this.remaining.set(cell, nodes.length);
      for (const n of nodes) {
        const list = this.nodeToCells.get(n) ?? [];
        list.push(cell);
        this.nodeToCells.set(n, list);
      }
    }
    this.progress = {
      cellsTotal: plan.cells.length,
      cellsDone: 0,
      cellsFailed: 0,
      cellsRunning: 0,
      nodesTotal: plan.pipeline.nodes.length,
      nodesDone: 0,
      current: new Map(),
      elapsed_s: 0,
      eta_s: null,
    };
  }

  handle(event: RunnerEvent): void {
    const p = this.progress;
    const key = event.worker ?? -1;
    const cells = this.nodeToCells.get(event.node.name) ?? [];
    if (event.type === 'start') {
      p.current.set(key, event.node.name);
      for (const c of cells) this.runningCells.set(c, (this.runningCells.get(c) ?? 0) + 1);
    } else {
      if (p.current.get(key) === event.node.name) p.current.delete(key);
      p.nodesDone++;
      for (const c of cells) {
        this.runningCells.set(c, Math.max(0, (this.runningCells.get(c) ?? 1) - 1));
        if (event.result?.status === 'failed' && !this.failedCells.has(c)) {
          this.failedCells.add(c);
          this.finish(c, 'failed', event.result.error?.message ?? 'failed');
        } else if (event.result?.status === 'skipped' && event.result.skippedBecause === 'interrupted' && !this.failedCells.has(c)) {
          // Never run because of Ctrl-C: the cell is skipped, not done (its other nodes end the same way).
          this.failedCells.add(c);
          this.finish(c, 'skipped', 'the run was interrupted');
        } else if (!this.failedCells.has(c)) {
          const left = (this.remaining.get(c) ?? 1) - 1;
          this.remaining.set(c, left);
          if (left === 0) this.finish(c, 'ok', null);
        }
      }
    }
    this.emit();
  }

  private finish(cell: Cell, status: 'ok' | 'failed' | 'skipped', error: string | null): void {
    this.progress.cellsDone++;
    if (status === 'failed') this.progress.cellsFailed++;
    this.runningCells.delete(cell);
    this.emit({ cell, status, error });
  }

  private emit(finished?: Progress['finished']): void {
    const p = this.progress;
    p.elapsed_s = (Date.now() - this.started) / 1000;
    p.cellsRunning = [...this.runningCells.entries()].filter(([c, n]) => n > 0 && !this.failedCells.has(c) && (this.remaining.get(c) ?? 0) > 0).length;
    p.eta_s = p.cellsDone > 0 && p.cellsDone < p.cellsTotal ? (p.elapsed_s / p.cellsDone) * (p.cellsTotal - p.cellsDone) : p.cellsDone === p.cellsTotal ? 0 : null;
    const snapshot: Progress = { ...p, current: new Map(p.current) };
    if (finished !== undefined) snapshot.finished = finished;
    this.onProgress(snapshot);
  }
}

/**
 * Checks, before anything runs, that every local file the selected datasets name exists, and
 * reports all missing ones at once with the config file and line that names them.
 */
export async function checkSources(datasets: readonly DatasetConfig[], entries: readonly DatasetEntry[] = []): Promise<void> {
  const issues: ConfigIssue[] = [];
  for (const d of datasets) {
    const files: Array<[string, string | null]> = [['path', d.path], ['test_path', d.testPath], ['labels_path', d.labelsPath], ['test_labels_path', d.testLabelsPath]];
    const at = (key: string, message: string, hint: string): void => {
      issues.push({ file: d.source.file, line: d.source.line, key: `datasets.${d.name}.${key}`, message: `dataset '${d.name}': ${message}`, hint });
    };
    for (const [key, file] of files) {
      if (file === null || /^[a-z][a-z0-9+.-]*:\/\//i.test(file)) continue;
      let info;
      try {
        info = await stat(file);
      } catch {
        at(key, `file not found: ${file}`, 'relative paths resolve against the project root (the folder holding conf/)');
        continue;
      }
      if (info.isDirectory()) at(key, `${file} is a folder, not a file`, 'point it at the data file inside');
      else if (!info.isFile()) at(key, `${file} is not a regular file (a device, pipe or socket)`, 'sweep reads regular files and URLs');
      else if (key === 'path' && d.type === 'csv' && !file.endsWith('.gz')) {
        // The header is enough to find a missing target (or a wrong delimiter) before anything runs.
        const entry = entries.find((e) => e.name === d.name);
        if (entry === undefined) continue;
        let names: string[];
        try {
          names = csvColumnNames(await readHead(file), entry);
        } catch (error) {
          at(key, error instanceof Error ? error.message : String(error), 'fix the file or its options');
          continue;
        }
        if (!names.includes(d.target)) {
          const e = targetNotFound(names, d.target, d.name);
          issues.push({ file: d.source.file, line: d.source.line, key: `datasets.${d.name}.target`, message: e.message, ...(e.hint === undefined ? {} : { hint: e.hint }) });
        }
      }
    }
  }
  if (issues.length > 0) throw new ConfigError(issues, { hint: 'fix the paths above, or narrow the run with --dataset' });
}

/** The first 64 KiB of a file (a CSV header fits). */
async function readHead(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Resolves the number of worker threads: explicit, else config, else the core count. */
export function resolveJobs(config: SweepConfig, jobs: number | undefined): number {
  return Math.min(Math.max(1, jobs ?? config.jobs ?? os.availableParallelism()), os.availableParallelism());
}

/**
 * The runner a run uses, by name: `--runner`, else the config's `runner:`, else the default for
 * `jobs`. An unknown name is the registry's did-you-mean error, located at the config line when
 * the name came from there.
 */
export function chooseRunner(config: SweepConfig, options: { runner?: string; queue?: string; jobs: number }): Runner {
  const queue = options.queue ?? config.queue ?? undefined;
  // Per-cell limits are enforced on worker processes: with limits, the local default is the pool.
  const limited = config.limits.timeoutS !== null || config.limits.maxMemoryMb !== null;
  const name = options.runner ?? (options.queue !== undefined ? 'queue' : undefined) ?? config.runner?.name ?? (queue !== undefined ? 'queue' : limited ? 'pool' : defaultRunnerName(options.jobs));
  try {
    return runners.get(name)({ jobs: options.jobs, ...(queue === undefined ? {} : { queue }) });
  } catch (error) {
    const source = options.runner === undefined ? config.runner?.source : undefined;
    if (source === undefined || !(error instanceof SweepError) || error.code !== 'SWEEP_UNKNOWN_NAME') throw error;
    throw new ConfigError([{ file: source.file, line: source.line, key: 'runner', message: error.message, ...(error.hint === undefined ? {} : { hint: error.hint }) }]);
  }
}

/**
 * Plans and runs a sweep, then writes `results.json`, `results.csv`, `summary.md` and points
 * `latest` at the run. Cells are isolated: a failing cell is recorded with its error and the
 * others finish; `ok` is false if any cell failed.
 */
export async function runSweep(config: SweepConfig, options: RunSweepOptions = {}): Promise<RunSweepResult> {
  const outDir = options.outDir ?? config.outputDir;
  const jobs = resolveJobs(config, options.jobs);
  const started = new Date();
  const runner = chooseRunner(config, {
    jobs,
    ...(options.runner === undefined ? {} : { runner: options.runner }),
    ...(options.queue === undefined ? {} : { queue: options.queue }),
  });
  const planFor = (runDir: string): SweepPlan =>
    planSweep(config, {
      ...(options.datasets === undefined ? {} : { datasets: options.datasets }),
      ...(options.algorithms === undefined ? {} : { algorithms: options.algorithms }),
      ...(options.only === undefined ? {} : { only: options.only }),
      ...(options.tags === undefined ? {} : { tags: options.tags }),
      runDir,
      intermediates: runner.tags.inProcess ? 'memory' : 'file',
      jobs,
    });
  // Plan and check first, so a bad selection or a missing file leaves no empty run folder behind.
  const dryPlan = planFor(outDir);
  await checkSources(dryPlan.datasets, dryPlan.entries);
  const shardSuffix = options.shard === undefined ? '' : `-shard-${options.shard.index}of${options.shard.count}`;
  const { runId, runDir } = await makeRunDir(outDir, options.runId ?? (shardSuffix === '' ? undefined : `${timestampId(started)}${shardSuffix}`));
  let plan = planFor(runDir);
  let shard: ShardInfo | undefined;
  if (options.shard !== undefined) ({ plan, info: shard } = shardPlan(plan, options.shard));
  const cache = config.cache === null || options.noCache === true ? undefined : await openCache(config.cache, plan, options.force === true, scratchOf(runDir, options.keepData === true));
  // Nodes off this thread write intermediates straight into the shared cache and read them from there.
  const inCache = cache !== undefined && !runner.tags.inProcess && options.keepData !== true;
  const catalog = new Catalog(inCache ? intermediatesInCache(plan, cache) : plan.entries);
  const tracker = options.onProgress === undefined ? undefined : new ProgressTracker(plan, options.onProgress);
  const run: RunResult = await runner.run(plan.pipeline, catalog, {
    jobs,
    run: runDir,
    limits: { ...config.limits, cellOf: cellOfNodes(plan) },
    ...(tracker === undefined ? {} : { onEvent: (e: RunnerEvent) => tracker.handle(e) }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(cache === undefined ? {} : { cache }),
    ...(options.failFast === true ? { failFast: true } : {}),
  });
  const results = await collectResults(plan, catalog, run, { runId, started, jobs, runner: runner.name });
  if (shard !== undefined) results.shard = shard;
  results.protocol = protocolOf(config, options);
  const rendered = await renderRunReports(runDir, results, { pipeline: pipelineGraph(plan.pipeline), configPath: config.configPath, ...(cache === undefined ? {} : { svgCache: cache.root }) });
  if (!options.keepData) await rm(path.join(runDir, '.data'), { recursive: true, force: true });
  // `latest` points only at complete runs: never at one cut short by Ctrl-C.
  const interrupted = [...run.results.values()].some((r) => r.status === 'skipped' && r.skippedBecause === 'interrupted');
  if (!interrupted) await linkLatest(outDir, runId, config.name);
  return { results, runDir, ok: results.cells.every((c) => c.status === 'ok'), reportWarnings: [...(cache?.warnings ?? []), ...rendered.warnings] };
}

/** What makes two runs' scores comparable: splits, samples, seed and the filters of the command line. */
function protocolOf(config: SweepConfig, options: RunSweepOptions): NonNullable<SweepResults['protocol']> {
  return {
    seed: config.seed,
    datasets: Object.fromEntries(
      config.datasets.map((d) => {
        const { metrics: _m, scoring: _s, ...split } = d.evaluation;
        return [d.name, { evaluation: split as unknown as Record<string, unknown>, sample: d.sample ?? null, test_path: d.testPath !== undefined && d.testPath !== null }];
      }),
    ),
    filters: {
      datasets: options.datasets ?? null,
      algorithms: options.algorithms ?? null,
      only: options.only ?? null,
      tags: options.tags ?? null,
      shard: options.shard === undefined ? null : `${options.shard.index}/${options.shard.count}`,
    },
  };
}

/** The node cache of a run: keyed on the code fingerprint and the content of every source file. */
async function openCache(root: string, plan: SweepPlan, force: boolean, defer: (entry: DatasetEntry) => boolean): Promise<NodeCache> {
  const byName = new Map(plan.entries.map((e) => [e.name, e]));
  const sources: Record<string, string> = {};
  const index = await StatIndex.open(root);
  for (const dataset of plan.pipeline.freeInputs()) sources[dataset] = await sourceKey(byName.get(dataset)!, index);
  await index.save();
  const cache = new NodeCache({ root, salt: await codeFingerprint(), sources, force, defer });
  cache.plan(plan.pipeline);
  return cache;
}

/**
 * What a run does not keep, so a cache hit need not write it: memory values, and the scratch
 * files under `<run>/.data` (removed after the run unless `--keep-data`).
 */
function scratchOf(runDir: string, keepData: boolean): (entry: DatasetEntry) => boolean {
  const scratch = path.join(runDir, '.data') + path.sep;
  return (entry) => schemeOf(entry.path) === 'memory' || datasetTypes.get(entry.type).live === true || (!keepData && entry.path.startsWith(scratch));
}

/**
 * The plan's entries with every intermediate a keyed node writes placed at its cache location, so
 * workers (threads, processes, other machines) write it once into the shared cache and read it from
 * there, and a later run of the same cells finds it. Run files (models, predictions, reports) stay
 * in the run folder; the cache copies them.
 */
function intermediatesInCache(plan: SweepPlan, cache: NodeCache): DatasetEntry[] {
  const placed = new Map<string, string>();
  for (const n of plan.pipeline.nodes) {
    for (const [local, dataset] of Object.entries(n.outputs)) {
      const url = plan.intermediateEntries.has(dataset) ? cache.outputUrl(n.name, local) : undefined;
      if (url !== undefined) placed.set(dataset, url);
    }
  }
  return plan.entries.map((e) => {
    const url = placed.get(e.name);
    return url === undefined || e.type === 'memory' ? e : { ...e, path: url };
  });
}

/** How a cell's nodes met the cache: all restored, none, or some. */
function cellCache(cell: Cell, results: Map<string, NodeResult>): 'hit' | 'miss' | 'partial' | undefined {
  // The cell's own nodes: its dataset's prepare node is shared with the other cells of the dataset.
  const states = cell.nodes.slice(1).map((n) => results.get(n)?.cache).filter((c) => c !== undefined);
  if (states.length === 0) return undefined;
  if (states.every((c) => c === 'hit')) return 'hit';
  return states.every((c) => c === 'miss') ? 'miss' : 'partial';
}

/** The cell of each node that belongs to exactly one cell (a dataset's shared nodes belong to none). */
function cellOfNodes(plan: SweepPlan): Record<string, string> {
  const owners = new Map<string, string | null>();
  for (const cell of plan.cells) {
    const key = `${cell.dataset}::${cell.algorithm}`;
    for (const n of cell.nodes) owners.set(n, owners.has(n) ? null : key);
  }
  const out: Record<string, string> = {};
  for (const [n, key] of owners) if (key !== null) out[n] = key;
  return out;
}

/** Reads every cell's report (or its error) and every dataset's summary into the results. */
async function collectResults(
  plan: SweepPlan,
  catalog: Catalog,
  run: RunResult,
  meta: { runId: string; started: Date; jobs: number; runner: string },
): Promise<SweepResults> {
  const cells: CellResult[] = [];
  for (const cell of plan.cells) {
    const outcome = cellOutcome(cell, run.results);
    const cache = cellCache(cell, run.results);
    if (outcome.status !== 'ok') {
      cells.push({ ...emptyCell(cell, outcome), ...(cache === undefined ? {} : { cache }) });
      continue;
    }
    const report = await catalog.load<CellReport>(cell.entries.report);
    cells.push({
      ...emptyCell(cell, outcome),
      params: report.params,
      metrics: report.metrics,
      metrics_std: report.metrics_std,
      folds: report.folds,
      timing: {
        fit_s: report.timing.fit_s,
        predict_s: report.timing.predict_s,
        predict_train_s: report.timing.predict_train_s,
        n_train_scored: report.timing.n_train_scored ?? null,
        ...(report.timing.train_score === undefined ? {} : { train_score: report.timing.train_score }),
        ...cellSeconds(cell, run.results),
      },
      n_train: report.n_train,
      n_test: report.n_test,
      n_features: report.n_features,
      report: path.relative(plan.runDir, catalog.entry(cell.entries.report).path),
      baseline: report.baseline === null ? null : { metrics: report.baseline.metrics, metrics_std: report.baseline.metrics_std },
      best_params: report.search === null ? null : (report.tuned_params ?? chooseTunedParams(report.search))?.params ?? null,
      learning_curve: report.learning_curve,
      validation_curve: report.validation_curve,
      metric_notes: report.metric_notes,
      fit_notes: report.fit_notes,
      ...(cache === undefined ? {} : { cache }),
    });
  }
  const datasets: DatasetResult[] = [];
  for (const d of plan.datasets) {
    const name = joinName(d.name, 'summary');
    if (run.results.get(joinName(d.name, 'prepare'))?.status !== 'ok') continue;
    const s = await catalog.load<DatasetSummary>(name);
    datasets.push(s);
  }
  const finished = new Date();
  const metricNames: string[] = [];
  for (const d of plan.datasets) for (const m of d.evaluation.metrics) if (!metricNames.includes(m)) metricNames.push(m);
  return {
    run_id: meta.runId,
    name: plan.config.name,
    config_path: plan.config.configPath,
    seed: plan.config.seed,
    started_at: meta.started.toISOString(),
    finished_at: finished.toISOString(),
    wall_s: (finished.getTime() - meta.started.getTime()) / 1000,
    runner: meta.runner,
    jobs: meta.jobs,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    metrics: metricNames,
    scoring: plan.config.evaluation.scoring,
    datasets,
    cells,
  };
}

/** Plans without running (for `sweep plan` and `sweep catalog`); intermediates shown as files. */
export function planOnly(config: SweepConfig, options: { datasets?: string[]; algorithms?: string[]; jobs?: number; only?: RunPart[]; tags?: string[] }): SweepPlan {
  return planSweep(config, {
    ...options,
    runDir: path.join(config.outputDir, '<run-id>'),
    intermediates: 'file',
  });
}
