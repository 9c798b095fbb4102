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
import { Pipeline, type InputBindings, type Node } from '../pipeline/index.js';
import { resolveCategoricalEncoding, resolveScaling, type PreprocessingConfig } from '../preprocessing/index.js';
import {
  curveNode,
  evaluatePredictions,
  fitModel,
  predictModel,
  prepareDataset,
  reportCell,
  tuneModel,
  type CurveArgs,
  type EvaluateArgs,
  type EvaluationPlan,
  type FitArgs,
  type PredictArgs,
  type PrepareArgs,
  type ReportArgs,
  type TuneArgs,
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
  /** The estimator splits categorical columns natively (its `nativeCategorical` tag): they reach it as marked ordinal codes. */
  nativeCategorical: boolean;
  folds: number;
  /** Whether a hyperparameter search runs (its best model is then the cell's model). */
  tuned: boolean;
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
  /** Run only these parts of each cell (`--only`); empty or absent means all. */
  only?: RunPart[];
  /** Run only nodes carrying one of these tags, and what they need (`--tags`). */
  tags?: string[];
}

/** The parts of a cell `--only` can select. */
export const RUN_PARTS = ['baseline', 'tune', 'curves'] as const;
/** One part of a cell: the configured params, the hyperparameter search, or the curves. */
export type RunPart = (typeof RUN_PARTS)[number];

/** The expansion of a config: cells, catalog entries and the pipeline. */
export interface SweepPlan {
  config: SweepConfig;
  runDir: string;
  datasets: DatasetConfig[];
  algorithms: AlgorithmConfig[];
  cells: Cell[];
  entries: DatasetEntry[];
  /** Names of the entries that are intermediate data between nodes (not run files); see `IntermediateStorage`. */
  intermediateEntries: ReadonlySet<string>;
  pipeline: Pipeline;
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
  if (d.decimal !== null) options['decimal'] = d.decimal;
  if (d.encoding !== null) options['encoding'] = d.encoding;
  if (d.strict) options['strict'] = true;
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
function datasetEntries(d: DatasetConfig, runDir: string, inter: (name: string, type: string, file: string) => DatasetEntry): DatasetEntry[] {
  const entries: DatasetEntry[] = [{ name: d.name, type: d.type, path: d.path, options: sourceOptions(d, d.labelsPath) }];
  if (d.testPath !== null) {
    entries.push({ name: joinName(d.name, 'test'), type: d.type, path: d.testPath, options: sourceOptions(d, d.testLabelsPath) });
  }
  const dataDir = path.join(runDir, '.data', d.name);
  entries.push(inter(joinName(d.name, 'data'), 'table', path.join(dataDir, 'data.table')));
  // Folds are small and useful outside (the benchmark rebuilds the same split from them): a run file.
  entries.push({ name: joinName(d.name, 'folds'), type: 'json', path: path.join(runDir, d.name, 'folds.json') });
  entries.push({ name: joinName(d.name, 'summary'), type: 'json', path: path.join(runDir, d.name, 'dataset.json') });
  return entries;
}

function evaluationPlan(d: DatasetConfig): EvaluationPlan {
  const { strategy, testSize, stratify, nSplits, nRepeats, shuffle, seed } = d.evaluation;
  return { strategy, testSize, stratify, nSplits, nRepeats, shuffle, seed };
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

/**
 * A dataset's scaling choice before the algorithm is known. `auto` on images (`idx`) means none:
 * pixels already share one scale; standardizing each pixel divides the near-constant border pixels
 * by tiny deviations and moves the data off k-NN's exact integer kernel.
 */
function scaleFor(d: DatasetConfig): DatasetConfig['preprocessing']['scale'] {
  return d.preprocessing.scale === 'auto' && d.type === 'idx' ? 'none' : d.preprocessing.scale;
}

/**
 * Params a cell runs with: the user's, plus the sweep's seed as `random_state` when the estimator
 * takes one (same config, same bytes out), and `n_jobs` for a forest when threads would sit idle.
 */
function cellParams(a: AlgorithmConfig, threadsPerCell: number, seed: number): Params {
  const schema = getImplementation(a.algorithm, a.engine).paramsSchema;
  const params: Params = { ...a.params };
  if (params['random_state'] === undefined && schema.safeParse({ random_state: seed }).success) params['random_state'] = seed;
  if (params['n_jobs'] === undefined && threadsPerCell > 1 && schema.safeParse({ n_jobs: threadsPerCell }).success) params['n_jobs'] = threadsPerCell;
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
  const intermediateEntries = new Set<string>();
  const inter = (name: string, type: string, file: string): DatasetEntry => {
    intermediateEntries.add(name);
    return intermediateEntry(name, type, file, options.intermediates);
  };
  const wants = (part: RunPart): boolean => options.only === undefined || options.only.length === 0 || options.only.includes(part);

  // Params depend on the algorithm only: validated once per algorithm, not once per cell.
  const paramsOf = new Map(algorithms.map((a) => [a, cellParams(a, threadsPerCell, config.seed)]));
  for (const d of datasets) {
    entries.push(...datasetEntries(d, runDir, inter));
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
      prepareDataset.node({
        name: joinName(d.name, 'prepare'),
        inputs: d.testPath !== null ? { source: d.name, test: joinName(d.name, 'test') } : { source: d.name },
        outputs: { data, folds, summary: joinName(d.name, 'summary') },
        tags: [`dataset:${d.name}`, 'prepare'],
        args: prepareArgs,
      }),
    );
    const nFolds = foldCount(d);
    const needsProba = d.evaluation.metrics.some((m) => metricRegistry.get(m).needsProba);

    for (const a of algorithms) {
      const cellDir = path.join(runDir, d.name, a.name);
      const interDir = path.join(runDir, '.data', d.name, a.name);
      const tags = [`dataset:${d.name}`, `algorithm:${a.name}`];
      const estimatorTags = getImplementation(a.algorithm, a.engine).tags;
      const nativeCategorical = estimatorTags.nativeCategorical === true;
      const preprocessing: PreprocessingConfig = {
        ...d.preprocessing,
        scale: resolveScaling(scaleFor(d), estimatorTags.needsScaling),
        categorical: resolveCategoricalEncoding(d.preprocessing.categorical, nativeCategorical),
      };
      const params = paramsOf.get(a)!;
      const parts = {
        baseline: wants('baseline'),
        tuned: a.search !== null && wants('tune'),
        learningCurve: config.learningCurve !== null && wants('curves'),
        validationCurve: a.validationCurve !== null && wants('curves'),
      };
      const cellNodes: string[] = [];
      const models: string[] = [];
      const add = (n: Node): void => {
        nodes.push(n);
        cellNodes.push(n.name);
      };
      // What the report reads: every part of the cell that runs adds its outputs here.
      const reportInputs: InputBindings<typeof reportCell.inputs> = {
        models: [], metrics: [], predictions: [], tunedModels: [], tunedMetrics: [], tunedPredictions: [], searches: [],
      };
      const baseArgs: FitArgs = { dataset: d.name, algorithm: a.algorithm, name: a.name, engine: a.engine, params, target: d.target, fold: 0, preprocessing };
      // One evaluation (predict → evaluate) of a model entry on fold k; `kind` names its entries.
      const evaluation = (k: number, prefix: string, kind: '' | 'tuned-', model: string, foldTags: string[], key: 'baseline' | 'tune'): { predictions: string; metrics: string } => {
        const fold = nFolds === 1 ? [] : [`fold-${k + 1}`];
        const predictions = joinName(prefix, `${kind}predictions`);
        const scores = joinName(prefix, `${kind}metrics`);
        entries.push({ name: predictions, type: 'json', path: path.join(cellDir, ...fold, `${kind}predictions.json`) });
        entries.push(inter(scores, 'json', path.join(interDir, ...fold, `${kind}metrics.json`)));
        const predictArgs: PredictArgs = { dataset: d.name, target: d.target, fold: k, proba: needsProba, trainScore: d.evaluation.trainScore, seed: config.seed, ...(d.evaluation.permutationImportance > 0 ? { permutationRepeats: d.evaluation.permutationImportance } : {}) };
        const evaluateArgs: EvaluateArgs = { metrics: d.evaluation.metrics };
        add(predictModel.node({ name: joinName(prefix, `${kind}predict`), inputs: { data, folds, model }, outputs: { predictions }, tags: [...foldTags, key, 'predict'], args: predictArgs }));
        add(evaluatePredictions.node({ name: joinName(prefix, `${kind}evaluate`), inputs: { predictions }, outputs: { metrics: scores }, tags: [...foldTags, key, 'evaluate'], args: evaluateArgs }));
        return { predictions, metrics: scores };
      };
      // Every fold's search: the curves start from the tuned params chosen over all of them.
      const searches: string[] = [];
      for (let k = 0; k < nFolds; k++) {
        const fold = nFolds === 1 ? [] : [`fold-${k + 1}`];
        const prefix = joinName(d.name, a.name, ...fold);
        const foldDir = path.join(cellDir, ...fold);
        const foldTags = [...tags, ...(nFolds === 1 ? [] : [`fold:${k + 1}`])];
        if (parts.baseline) {
          const model = joinName(prefix, 'model');
          // With a search, the tuned model is the cell's model.json; the baseline keeps its own file.
          entries.push({ name: model, type: 'model', path: path.join(foldDir, parts.tuned ? 'baseline-model.json' : 'model.json') });
          if (!parts.tuned) models.push(model);
          const fitArgs: FitArgs = { ...baseArgs, fold: k };
          add(fitModel.node({ name: joinName(prefix, 'fit'), inputs: { data, folds }, outputs: { model }, tags: [...foldTags, 'baseline', 'fit'], args: fitArgs }));
          const evaluated = evaluation(k, prefix, '', model, foldTags, 'baseline');
          reportInputs.models = [...reportInputs.models, model];
          reportInputs.metrics = [...reportInputs.metrics, evaluated.metrics];
          reportInputs.predictions = [...reportInputs.predictions, evaluated.predictions];
        }
        if (parts.tuned) {
          const model = joinName(prefix, 'tuned-model');
          const search = joinName(prefix, 'search');
          entries.push({ name: model, type: 'model', path: path.join(foldDir, 'model.json') });
          entries.push({ name: search, type: 'json', path: path.join(foldDir, 'search.json') });
          models.push(model);
          searches.push(search);
          const tuneArgs: TuneArgs = { ...baseArgs, fold: k, search: a.search!, seed: config.seed, metrics: d.evaluation.metrics, studyDir: path.join(path.dirname(runDir), 'studies', d.name, a.name) };
          add(tuneModel.node({ name: joinName(prefix, 'tune'), inputs: { data, folds }, outputs: { search, model }, tags: [...foldTags, 'tune', 'fit'], args: tuneArgs }));
          const evaluated = evaluation(k, prefix, 'tuned-', model, foldTags, 'tune');
          reportInputs.searches = [...reportInputs.searches, search];
          reportInputs.tunedModels = [...reportInputs.tunedModels, model];
          reportInputs.tunedMetrics = [...reportInputs.tunedMetrics, evaluated.metrics];
          reportInputs.tunedPredictions = [...reportInputs.tunedPredictions, evaluated.predictions];
        }
      }
      const curve = (kind: 'learning' | 'validation'): string => {
        const name = joinName(d.name, a.name, `${kind}-curve`);
        entries.push(inter(name, 'json', path.join(interDir, `${kind}-curve.json`)));
        const lc = config.learningCurve;
        const vc = a.validationCurve;
        const curveArgs: CurveArgs = {
          ...baseArgs,
          kind,
          trainSizes: lc?.trainSizes ?? [],
          param: vc?.param ?? '',
          values: vc?.values ?? [],
          cv: kind === 'learning' ? (lc?.cv ?? 5) : (a.search?.cv ?? lc?.cv ?? 5),
          scoring: d.evaluation.scoring,
          seed: config.seed,
        };
        add(curveNode.node({ name, inputs: { data, folds, searches }, outputs: { curve: name }, tags: [...tags, 'curves', `${kind}-curve`], args: curveArgs }));
        return name;
      };
      if (parts.learningCurve) reportInputs.learningCurve = curve('learning');
      if (parts.validationCurve) reportInputs.validationCurve = curve('validation');

      const report = joinName(d.name, a.name, 'report');
      entries.push({ name: report, type: 'json', path: path.join(cellDir, 'report.json') });
      const reportArgs: ReportArgs = { dataset: d.name, algorithm: a.algorithm, name: a.name, engine: a.engine };
      add(reportCell.node({ name: report, inputs: reportInputs, outputs: { report }, tags: [...tags, 'report'], args: reportArgs }));
      cells.push({
        dataset: d.name,
        algorithm: a.name,
        estimator: a.algorithm,
        engine: a.engine,
        params,
        preprocessing,
        nativeCategorical,
        folds: nFolds,
        tuned: parts.tuned,
        entries: { report, models },
        nodes: [joinName(d.name, 'prepare'), ...cellNodes],
      });
    }
  }
  const sources = datasets.flatMap((d) => (d.testPath !== null ? [d.name, joinName(d.name, 'test')] : [d.name]));
  let pipeline = new Pipeline(nodes, { inputs: sources });
  let selectedCells = cells;
  if (options.tags !== undefined && options.tags.length > 0) {
    pipeline = pipeline.filter({ tags: options.tags, withUpstream: true });
    const kept = new Set(pipeline.nodes.map((n) => n.name));
    // A cell none of whose own nodes was selected is not part of this run.
    selectedCells = cells.filter((c) => c.nodes.slice(1).some((n) => kept.has(n)));
  }
  return { config, runDir, datasets, algorithms, cells: selectedCells, entries, intermediateEntries, pipeline };
}
