/**
 * The plan: a normalized config expanded into the n×m cells, their catalog entries and a validated
 * pipeline of pure nodes. Nobody writes the n×m entries by hand; a handful of patterns below make
 * them, in one pass, linear in the number of cells.
 */
import path from 'node:path';
import picomatch from 'picomatch';
import type { DatasetEntry } from '../catalog/index.js';
import type { AlgorithmConfig, DatasetConfig, SweepConfig } from '../config/index.js';
import { SweepError, joinName, unknownNameMessage, type JsonValue, type Params } from '../core/index.js';
import { metrics as metricRegistry } from '../evaluation/index.js';
import { getImplementation } from '../models/index.js';
import { Pipeline, node, type Node } from '../pipeline/index.js';
import { resolveScaling, type PreprocessingConfig } from '../preprocessing/index.js';
import {
  NODES_MODULE,
  evaluatePredictions,
  fitModel,
  predictModel,
  prepareDataset,
  reportCell,
  type EvaluateArgs,
  type EvaluationPlan,
  type FitArgs,
  type PredictArgs,
  type PrepareArgs,
  type ReportArgs,
} from './nodes.js';

/** One dataset × algorithm pair. */
export interface Cell {
  dataset: string;
  algorithm: string;
  /** The registry name of the estimator (differs from `algorithm` for named variants). */
  estimator: string;
  engine: string;
  params: Params;
  preprocessing: PreprocessingConfig;
  folds: number;
  /** Catalog names of this cell's outputs. */
  entries: { report: string; models: string[] };
  /** Node names of this cell (for progress and failure attribution). */
  nodes: string[];
}

/** How intermediate data (prepared tables, predictions) is kept between nodes. */
export type IntermediateStorage = 'memory' | 'file';

/** Options that shape a plan beyond the config. */
export interface PlanOptions {
  /** Glob patterns selecting datasets (`--dataset`); empty means all. */
  datasets?: string[];
  /** Glob patterns selecting algorithms (`--algorithm`); empty means all. */
  algorithms?: string[];
  /** The run's output folder (absolute). */
  runDir: string;
  /** `memory` for in-process runs; `file` when nodes run on worker threads. */
  intermediates: IntermediateStorage;
  /** Worker threads available, used to give a lone forest its own threads. */
  jobs?: number;
}

/** The expansion of a config: cells, catalog entries and the pipeline. */
export interface SweepPlan {
  config: SweepConfig;
  runDir: string;
  datasets: DatasetConfig[];
  algorithms: AlgorithmConfig[];
  cells: Cell[];
  entries: DatasetEntry[];
  pipeline: Pipeline;
}

function ref(name: string): { module: string; export: string } {
  return { module: NODES_MODULE, export: name };
}

/** Selects names by glob patterns; a pattern that matches nothing is an error naming the choices. */
export function selectNames(kind: string, names: readonly string[], patterns: readonly string[] | undefined): string[] {
  if (patterns === undefined || patterns.length === 0) return [...names];
  const selected = new Set<string>();
  for (const pattern of patterns) {
    const isMatch = picomatch(pattern);
    const hits = names.filter((n) => isMatch(n));
    if (hits.length === 0) {
      const { message, hint } = unknownNameMessage(kind, pattern, names);
      throw new SweepError('SWEEP_UNKNOWN_NAME', `${message} (no ${kind} in the config matches it)`, { hint: hint.replace('known', 'configured') });
    }
    for (const h of hits) selected.add(h);
  }
  return names.filter((n) => selected.has(n));
}

function sourceOptions(d: DatasetConfig, labelsPath: string | null): Record<string, JsonValue> {
  const options: Record<string, JsonValue> = { header: d.header, na_values: d.naValues, categorical: d.categorical };
  if (d.columns !== null) options['columns'] = d.columns;
  if (d.delimiter !== null) options['delimiter'] = d.delimiter;
  if (labelsPath !== null) options['labels_path'] = labelsPath;
  return options;
}

/** An entry for data passed between nodes: live in memory, or a file of `type` at `file`. */
function intermediateEntry(name: string, type: string, file: string, mode: IntermediateStorage): DatasetEntry {
  return mode === 'memory' ? { name, type: 'memory', path: `memory://${name}` } : { name, type, path: file };
}

/**
 * The catalog entries every dataset gets: its source file(s), the prepared table, the folds and a
 * summary. Intermediates live in memory or under `<run>/.data/`.
 */
function datasetEntries(d: DatasetConfig, runDir: string, intermediates: IntermediateStorage): DatasetEntry[] {
  const entries: DatasetEntry[] = [{ name: d.name, type: d.type, path: d.path, options: sourceOptions(d, d.labelsPath) }];
  if (d.testPath !== null) {
    entries.push({ name: joinName(d.name, 'test'), type: d.type, path: d.testPath, options: sourceOptions(d, d.testLabelsPath) });
  }
  const dataDir = path.join(runDir, '.data', d.name);
  entries.push(intermediateEntry(joinName(d.name, 'data'), 'table', path.join(dataDir, 'data.table'), intermediates));
  // Folds are small and useful outside (the benchmark rebuilds the same split from them): a run file.
  entries.push({ name: joinName(d.name, 'folds'), type: 'json', path: path.join(runDir, d.name, 'folds.json') });
  entries.push({ name: joinName(d.name, 'summary'), type: 'json', path: path.join(runDir, d.name, 'dataset.json') });
  return entries;
}

function evaluationPlan(d: DatasetConfig): EvaluationPlan {
  const e = d.evaluation;
  return {
    strategy: e.strategy,
    testSize: e.testSize,
    stratify: e.stratify,
    nSplits: e.nSplits,
    nRepeats: e.nRepeats,
    shuffle: e.shuffle,
    seed: e.seed,
  };
}

function foldCount(d: DatasetConfig): number {
  if (d.testPath !== null) return 1;
  const e = d.evaluation;
  switch (e.strategy) {
    case 'holdout':
      return 1;
    case 'repeated_kfold':
    case 'repeated_stratified_kfold':
      return e.nSplits * e.nRepeats;
    default:
      return e.nSplits;
  }
}

/** Params a cell runs with: the user's, plus `n_jobs` for a forest when threads would sit idle. */
function cellParams(a: AlgorithmConfig, threadsPerCell: number): Params {
  const impl = getImplementation(a.algorithm, a.engine);
  const params: Params = { ...a.params };
  const accepts = impl.paramsSchema.safeParse({ n_jobs: threadsPerCell }).success;
  if (accepts && params['n_jobs'] === undefined && threadsPerCell > 1) params['n_jobs'] = threadsPerCell;
  return params;
}

/** Expands a config into cells, catalog entries and a validated pipeline. */
export function planSweep(config: SweepConfig, options: PlanOptions): SweepPlan {
  const datasetNames = selectNames('dataset', config.datasets.map((d) => d.name), options.datasets);
  const algorithmNames = selectNames('algorithm', config.algorithms.map((a) => a.name), options.algorithms);
  const datasets = config.datasets.filter((d) => datasetNames.includes(d.name));
  const algorithms = config.algorithms.filter((a) => algorithmNames.includes(a.name));
  const { runDir } = options;
  const nCells = datasets.length * algorithms.length;
  const jobs = Math.max(1, options.jobs ?? 1);
  const threadsPerCell = nCells === 0 ? 1 : Math.max(1, Math.floor(jobs / Math.min(jobs, nCells)));

  const entries: DatasetEntry[] = [];
  const nodes: Node[] = [];
  const cells: Cell[] = [];
  const inter = (name: string, type: string, file: string): DatasetEntry => intermediateEntry(name, type, file, options.intermediates);

  for (const d of datasets) {
    entries.push(...datasetEntries(d, runDir, options.intermediates));
    const data = joinName(d.name, 'data');
    const folds = joinName(d.name, 'folds');
    const prepareArgs: PrepareArgs = {
      dataset: d.name,
      target: d.target,
      drop: d.drop,
      sample: d.sample,
      seed: config.seed,
      evaluation: evaluationPlan(d),
      hasTestSet: d.testPath !== null,
    };
    nodes.push(
      node({
        name: joinName(d.name, 'prepare'),
        fn: prepareDataset,
        ref: ref('prepareDataset'),
        inputs: d.testPath !== null ? { source: d.name, test: joinName(d.name, 'test') } : { source: d.name },
        outputs: { data, folds, summary: joinName(d.name, 'summary') },
        tags: [`dataset:${d.name}`, 'prepare'],
        args: prepareArgs as unknown as JsonValue,
      }),
    );
    const nFolds = foldCount(d);
    const needsProba = d.evaluation.metrics.some((m) => metricRegistry.get(m).needsProba);

    for (const a of algorithms) {
      const cellDir = path.join(runDir, d.name, a.name);
      const interDir = path.join(runDir, '.data', d.name, a.name);
      const tags = [`dataset:${d.name}`, `algorithm:${a.name}`];
      const preprocessing: PreprocessingConfig = {
        ...d.preprocessing,
        scale: resolveScaling(d.preprocessing.scale, a.algorithm),
      };
      const params = cellParams(a, threadsPerCell);
      const cellNodes: string[] = [];
      const models: string[] = [];
      const reportInputs: Record<string, string> = {};
      for (let k = 0; k < nFolds; k++) {
        const fold = nFolds === 1 ? [] : [`fold-${k + 1}`];
        const prefix = joinName(d.name, a.name, ...fold);
        const model = joinName(prefix, 'model');
        const predictions = joinName(prefix, 'predictions');
        const scores = joinName(prefix, 'metrics');
        const foldDir = path.join(cellDir, ...fold);
        entries.push({ name: model, type: 'model', path: path.join(foldDir, 'model.json') });
        entries.push(inter(predictions, 'json', path.join(interDir, ...fold, 'predictions.json')));
        entries.push(inter(scores, 'json', path.join(interDir, ...fold, 'metrics.json')));
        models.push(model);
        const foldTags = [...tags, ...(nFolds === 1 ? [] : [`fold:${k + 1}`])];
        const fitArgs: FitArgs = { dataset: d.name, algorithm: a.algorithm, name: a.name, engine: a.engine, params, target: d.target, fold: k, preprocessing };
        const predictArgs: PredictArgs = { dataset: d.name, target: d.target, fold: k, proba: needsProba };
        const evaluateArgs: EvaluateArgs = { metrics: d.evaluation.metrics };
        nodes.push(
          node({ name: joinName(prefix, 'fit'), fn: fitModel, ref: ref('fitModel'), inputs: { data, folds }, outputs: { model }, tags: [...foldTags, 'fit'], args: fitArgs as unknown as JsonValue }),
          node({ name: joinName(prefix, 'predict'), fn: predictModel, ref: ref('predictModel'), inputs: { data, folds, model }, outputs: { predictions }, tags: [...foldTags, 'predict'], args: predictArgs as unknown as JsonValue }),
          node({ name: joinName(prefix, 'evaluate'), fn: evaluatePredictions, ref: ref('evaluatePredictions'), inputs: { predictions }, outputs: { metrics: scores }, tags: [...foldTags, 'evaluate'], args: evaluateArgs as unknown as JsonValue }),
        );
        cellNodes.push(joinName(prefix, 'fit'), joinName(prefix, 'predict'), joinName(prefix, 'evaluate'));
        reportInputs[`model${k}`] = model;
        reportInputs[`metrics${k}`] = scores;
        reportInputs[`predictions${k}`] = predictions;
      }
      const report = joinName(d.name, a.name, 'report');
      entries.push({ name: report, type: 'json', path: path.join(cellDir, 'report.json') });
      const reportArgs: ReportArgs = { dataset: d.name, algorithm: a.algorithm, name: a.name, engine: a.engine, folds: nFolds };
      nodes.push(node({ name: joinName(d.name, a.name, 'report'), fn: reportCell, ref: ref('reportCell'), inputs: reportInputs, outputs: { report }, tags: [...tags, 'report'], args: reportArgs as unknown as JsonValue }));
      cellNodes.push(joinName(d.name, a.name, 'report'));
      cells.push({
        dataset: d.name,
        algorithm: a.name,
        estimator: a.algorithm,
        engine: a.engine,
        params,
        preprocessing,
        folds: nFolds,
        entries: { report, models },
        nodes: [joinName(d.name, 'prepare'), ...cellNodes],
      });
    }
  }
  const sources = datasets.flatMap((d) => (d.testPath !== null ? [d.name, joinName(d.name, 'test')] : [d.name]));
  const pipeline = new Pipeline(nodes, { inputs: sources });
  return { config, runDir, datasets, algorithms, cells, entries, pipeline };
}
