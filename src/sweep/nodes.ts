/**
 * The nodes of a generated sweep pipeline, each declared once with `declareNode`: typed inputs,
 * outputs and args, its ref and its code version. Each is pure: values in, values out; the runner
 * does all I/O. They live in one module so worker threads can import them by their export name.
 */
import { TRAIN_SCORE_SAMPLE_ROWS, type EvaluationConfig, type SearchConfig } from '../config/index.js';
import {
  Random,
  SweepError,
  didYouMean,
  fromRows,
  take,
  takeTableRows,
  toRows,
  type Column,
  type DataNote,
  type JsonObject,
  type JsonValue,
  type Label,
  type Matrix,
  type NumericArray,
  type Params,
  type Table,
} from '../core/index.js';
import {
  averageRocSummaries,
  averagePrSummaries,
  calibrationCurve,
  poolCalibration,
  prSummary,
  type CalibrationData,
  type PrSummary,
  chooseTunedParams,
  classificationReport,
  confusionMatrix,
  learningCurve,
  paramImportance,
  searchCandidates,
  searchHyperparameters,
  validationCurve,
  holdoutSplit,
  kFold,
  metrics as metricRegistry,
  repeatedKFold,
  repeatedStratifiedKFold,
  rocSummary,
  stratifiedKFold,
  stratifiedSample,
  stratifiedShuffleSplit,
  type FitSpec,
  type Fold,
  type SearchOptions,
  type SearchResult,
  type StudyTrial,
} from '../evaluation/index.js';
import { readStudy, studyKey, studyPath, writeStudy, type StudyFile } from './studies.js';
import { createEstimator, loadEstimator, type SerializedEstimator, type TrainingHistory } from '../models/index.js';
import { declareNode, many, maybe, one, out, type InputValues } from '../pipeline/index.js';
import { TablePreprocessor, type PreprocessingConfig } from '../preprocessing/index.js';
import { PERMUTATION_MAX_ROWS, averageImportances, impurityImportances, permutationImportance, type FoldImportances } from './importance.js';
import type { CellReport, ClassificationReportData, CurveResult, DatasetResult, RocCurves, ScoreSet, SearchSummary, TrialData } from '../report/index.js';

/** How the rows of a prepared dataset are split into train/test folds (the config's evaluation, less its metrics). */
export type EvaluationPlan = Pick<EvaluationConfig, 'strategy' | 'testSize' | 'stratify' | 'nSplits' | 'nRepeats' | 'shuffle' | 'seed'>;

/** Arguments of `prepareDataset`. */
export interface PrepareArgs {
  dataset: string;
  target: string;
  drop: string[];
  sample: number | null;
  seed: number;
  evaluation: EvaluationPlan;
  hasTestSet: boolean;
}

/** The folds of a dataset (row indices into the prepared table) and how they were made. */
export interface FoldsArtifact {
  strategy: string;
  /** Rows that came from a given test file start here (null without one). */
  testStart: number | null;
  /**
   * For each prepared row, its row number in its source file (0-based, header excluded), so an
   * outside tool (the scikit-learn benchmark) can rebuild exactly the same folds.
   */
  sourceRows: number[];
  folds: Array<{ train: number[]; test: number[] }>;
}

/** Shape and class balance of a prepared dataset, as results.json reports it. */
export type DatasetSummary = DatasetResult;

/** Splits the target column off a table and returns labels in their natural type. */
export function splitTarget(table: Table, target: string, dataset: string): { X: Table; y: Label[] } {
  const index = table.columns.findIndex((c) => c.name === target);
  if (index < 0) throw targetNotFound(table.columns.map((c) => c.name), target, dataset);
  const column = table.columns[index]!;
  const y = new Array<Label>(table.nRows);
  if (column.kind === 'categorical') {
    for (let i = 0; i < table.nRows; i++) {
      const code = column.codes[i]!;
      y[i] = code < 0 ? '' : column.categories[code]!;
    }
  } else {
    for (let i = 0; i < table.nRows; i++) y[i] = column.values[i]!;
  }
  return { X: { nRows: table.nRows, columns: table.columns.filter((_, j) => j !== index) }, y };
}

/** The error for a target missing from `names`; a one-column header that holds a `;`, tab or `|` is asked about. */
export function targetNotFound(names: readonly string[], target: string, dataset: string): SweepError {
  const only = names.length === 1 ? names[0]! : null;
  const delimiter = only === null ? undefined : [';', '\t', '|'].find((d) => only.includes(d));
  if (delimiter !== undefined) {
    return new SweepError('SWEEP_COLUMN_NOT_FOUND', `dataset '${dataset}': target column '${target}' not found: the header has one column; is the delimiter ${JSON.stringify(delimiter)}?`, {
      hint: `set \`delimiter: ${JSON.stringify(delimiter)}\` in the dataset entry`,
      details: { dataset, column: target },
    });
  }
  const guess = didYouMean(target, names);
  return new SweepError('SWEEP_COLUMN_NOT_FOUND', `dataset '${dataset}': target column '${target}' not found${guess ? `; did you mean '${guess}'?` : ''}`, {
    hint: `set \`target:\` to one of: ${names.slice(0, 20).join(', ')}${names.length > 20 ? ', …' : ''}`,
    details: { dataset, column: target },
  });
}

/** Above this many distinct values, a numeric target with fractions is taken for a regression target. */
const CONTINUOUS_DISTINCT = 20;

/**
 * Refuses a target that looks continuous (sweep does classification): numbers with fractions and
 * more than 20 distinct values, or more than 100 distinct numbers making up over half the rows.
 */
export function checkClassificationTarget(table: Table, target: string, dataset: string): void {
  const column = table.columns.find((c) => c.name === target);
  if (column === undefined || column.kind !== 'numeric') return;
  const distinct = new Set<number>();
  let fractional = false;
  let labeled = 0;
  for (const v of column.values) {
    if (v !== v) continue;
    labeled++;
    distinct.add(v);
    if (!Number.isInteger(v)) fractional = true;
  }
  if ((fractional && distinct.size > CONTINUOUS_DISTINCT) || (distinct.size > 100 && distinct.size > labeled / 2)) {
    throw new SweepError('SWEEP_DATASET_INVALID', `dataset '${dataset}': the target looks continuous (${distinct.size} distinct numeric values); sweep does classification`, {
      hint: `point \`target:\` at a column of class labels, or bin '${target}' into classes first`,
      details: { dataset, column: target, distinct: distinct.size },
    });
  }
}

/** The fewest rows the evaluation can split with `classes` classes, and why. */
export function minimumRows(e: EvaluationPlan, classes: number): { rows: number; why: string } {
  const k = Math.max(1, classes);
  switch (e.strategy) {
    case 'holdout':
    case 'shuffle_split': {
      const side = Math.min(e.testSize, 1 - e.testSize);
      const perSide = e.stratify || e.strategy === 'shuffle_split' ? k : 1;
      return { rows: Math.ceil(perSide / side - 1e-9), why: `a ${e.strategy} split with test_size ${e.testSize} needs ${perSide === 1 ? 'a row' : `a row of each of the ${k} classes`} on both sides` };
    }
    case 'stratified_kfold':
    case 'repeated_stratified_kfold':
      return { rows: e.nSplits * k, why: `${e.nSplits} stratified folds need ${e.nSplits} rows of each of the ${k} classes` };
    default:
      return { rows: e.nSplits, why: `${e.nSplits} folds need a row each` };
  }
}

/** Numeric values of a column the training file read as numbers but the test file as text: unparseable text is missing. */
function coerceNumeric(column: Column, nRows: number): { column: Column; note: DataNote | null } {
  if (column.kind === 'numeric') return { column, note: null };
  const byCode = column.categories.map((c) => {
    const v = Number(c);
    return c.trim() === '' || !Number.isFinite(v) ? NaN : v;
  });
  const values = new Float64Array(nRows);
  let count = 0;
  const examples: string[] = [];
  for (let i = 0; i < nRows; i++) {
    const code = column.codes[i]!;
    const v = code < 0 ? NaN : byCode[code]!;
    values[i] = v;
    if (code >= 0 && v !== v) {
      count++;
      if (examples.length < 5 && !examples.includes(column.categories[code]!)) examples.push(column.categories[code]!);
    }
  }
  const note: DataNote | null =
    count === 0 ? null : { kind: 'unparsed', column: column.name, count, examples, message: `column '${column.name}' (test file): ${count} value${count === 1 ? ' is' : 's are'} not a number (${examples.map((e) => `'${e}'`).join(', ')}); read as missing` };
  return { column: { name: column.name, kind: 'numeric', values }, note };
}

function isMissingLabel(table: Table, target: string): (i: number) => boolean {
  const column = table.columns.find((c) => c.name === target)!;
  if (column.kind === 'categorical') return (i) => column.codes[i]! < 0;
  return (i) => Number.isNaN(column.values[i]!);
}

/**
 * Stacks two tables with the same columns, unifying categories (train's first). Column kinds are
 * the training file's: a test column read as text under a numeric training column is read as
 * numbers (text that is not a number becomes missing, and a note says so).
 */
export function concatTables(a: Table, b: Table, dataset: string): Table {
  const names = a.columns.map((c) => c.name);
  const other = new Map(b.columns.map((c) => [c.name, c]));
  const missing = names.filter((n) => !other.has(n));
  const extra = b.columns.map((c) => c.name).filter((n) => !names.includes(n));
  if (missing.length > 0 || extra.length > 0) {
    throw new SweepError('SWEEP_DATASET_INVALID', `dataset '${dataset}': the test file's columns differ from the training file's`, {
      hint: `${missing.length ? `missing in test: ${missing.join(', ')}. ` : ''}${extra.length ? `only in test: ${extra.join(', ')}.` : ''}`.trim(),
      details: { dataset, missing, extra },
    });
  }
  const n = a.nRows + b.nRows;
  const notes: DataNote[] = [];
  const columns = a.columns.map((ca): Column => {
    let cb = other.get(ca.name)!;
    if (ca.kind === 'numeric' && cb.kind === 'categorical') {
      const coerced = coerceNumeric(cb, b.nRows);
      cb = coerced.column;
      if (coerced.note !== null) notes.push(coerced.note);
    }
    if (ca.kind === 'numeric' && cb.kind === 'numeric') {
      const va: NumericArray = ca.values;
      const vb: NumericArray = cb.values;
      // Keep a narrow dtype (Uint8Array pixels) when both parts share it; else widen to float64.
      const Ctor = (va.constructor === vb.constructor ? va.constructor : Float64Array) as new (k: number) => NumericArray;
      const values = new Ctor(n);
      for (let i = 0; i < a.nRows; i++) values[i] = va[i]!;
      for (let i = 0; i < b.nRows; i++) values[a.nRows + i] = vb[i]!;
      return { name: ca.name, kind: 'numeric', values };
    }
    const sa = asStrings(ca);
    const sb = asStrings(cb);
    const categories: string[] = [];
    const index = new Map<string, number>();
    const codes = new Int32Array(n);
    const put = (value: string | null, at: number): void => {
      if (value === null) {
        codes[at] = -1;
        return;
      }
      let code = index.get(value);
      if (code === undefined) {
        code = categories.length;
        categories.push(value);
        index.set(value, code);
      }
      codes[at] = code;
    };
    sa.forEach((v, i) => put(v, i));
    sb.forEach((v, i) => put(v, a.nRows + i));
    return { name: ca.name, kind: 'categorical', codes, categories };
  });
  return notes.length === 0 ? { nRows: n, columns } : { nRows: n, columns, notes };
}

function asStrings(column: Column): Array<string | null> {
  if (column.kind === 'categorical') return Array.from(column.codes, (c) => (c < 0 ? null : column.categories[c]!));
  return Array.from(column.values, (v) => (Number.isNaN(v) ? null : String(v)));
}

function makeFolds(y: readonly Label[], e: EvaluationPlan): Fold[] {
  switch (e.strategy) {
    case 'holdout':
      return [holdoutSplit(y, { testSize: e.testSize, stratify: e.stratify, seed: e.seed })];
    case 'kfold':
      return kFold(y.length, { nSplits: e.nSplits, shuffle: e.shuffle, seed: e.seed });
    case 'stratified_kfold':
      return stratifiedKFold(y, { nSplits: e.nSplits, shuffle: e.shuffle, seed: e.seed });
    case 'repeated_kfold':
      return repeatedKFold(y.length, { nSplits: e.nSplits, nRepeats: e.nRepeats, shuffle: true, seed: e.seed });
    case 'repeated_stratified_kfold':
      return repeatedStratifiedKFold(y, { nSplits: e.nSplits, nRepeats: e.nRepeats, shuffle: true, seed: e.seed });
    case 'shuffle_split':
      return stratifiedShuffleSplit(y, { nSplits: e.nSplits, testSize: e.testSize, seed: e.seed });
    default:
      throw new SweepError('SWEEP_CONFIG_INVALID', `unknown evaluation strategy '${e.strategy}'`);
  }
}

/**
 * Node: checks the target and dropped columns, drops rows without a label, draws the stratified
 * sample, stacks a given test file under the training rows, and makes the folds. Every algorithm
 * of the dataset reads these same folds, so comparisons are paired.
 */
export const prepareDataset = declareNode({
  name: 'prepareDataset',
  module: import.meta.url,
  version: 1,
  inputs: { source: one<Table>(), test: maybe<Table>() },
  outputs: { data: out<Table>('table'), folds: out<FoldsArtifact>(), summary: out<DatasetSummary>() },
  run: prepare,
});

function prepare(inputs: { source: Table; test?: Table }, args: PrepareArgs): { data: Table; folds: FoldsArtifact; summary: DatasetSummary } {
  let train = inputs.source;
  let test = args.hasTestSet ? inputs.test! : null;
  const notes: DataNote[] = [
    ...(train.notes ?? []),
    ...(test?.notes ?? []).map((n) => ({ ...n, message: `test file: ${n.message}` })),
  ];
  const names = train.columns.map((c) => c.name);
  splitTarget(train, args.target, args.dataset); // fails early, naming the dataset and target
  checkClassificationTarget(train, args.target, args.dataset);
  const unknownDrops = args.drop.filter((d) => !names.includes(d));
  if (unknownDrops.length > 0) {
    const guess = didYouMean(unknownDrops[0]!, names);
    throw new SweepError('SWEEP_COLUMN_NOT_FOUND', `dataset '${args.dataset}': cannot drop unknown column${unknownDrops.length > 1 ? 's' : ''} ${unknownDrops.map((d) => `'${d}'`).join(', ')}${guess ? `; did you mean '${guess}'?` : ''}`, {
      hint: 'fix `drop:` in the dataset entry',
      details: { dataset: args.dataset, columns: unknownDrops },
    });
  }
  if (args.drop.includes(args.target)) {
    throw new SweepError('SWEEP_CONFIG_INVALID', `dataset '${args.dataset}': the target '${args.target}' is listed in \`drop:\``, { hint: 'remove it from `drop:`' });
  }
  const keep = (t: Table): Table => ({ nRows: t.nRows, columns: t.columns.filter((c) => !args.drop.includes(c.name)) });
  train = keep(train);
  if (test !== null) test = keep(test);

  // Rows without a label cannot be used for supervised learning.
  let dropped = 0;
  const labeledRows = (t: Table): number[] => {
    const missing = isMissingLabel(t, args.target);
    const rows: number[] = [];
    for (let i = 0; i < t.nRows; i++) if (!missing(i)) rows.push(i);
    dropped += t.nRows - rows.length;
    return rows;
  };
  let trainRows = labeledRows(train);
  const testRows = test === null ? [] : labeledRows(test);

  let sampledFrom: number | null = null;
  if (args.sample !== null && args.sample < trainRows.length) {
    sampledFrom = trainRows.length;
    const y = take(splitTarget(train, args.target, args.dataset).y, trainRows);
    trainRows = Array.from(stratifiedSample(y, args.sample, args.seed), (k) => trainRows[k]!);
  }
  if (trainRows.length < train.nRows) train = takeTableRows(train, trainRows);
  if (test !== null && testRows.length < test.nRows) test = takeTableRows(test, testRows);

  let data: Table;
  let folds: Fold[];
  let testStart: number | null = null;
  if (test !== null) {
    data = concatTables(train, test, args.dataset);
    notes.push(...(data.notes ?? []));
    testStart = train.nRows;
    const trainIdx = Int32Array.from({ length: train.nRows }, (_, i) => i);
    const testIdx = Int32Array.from({ length: test.nRows }, (_, i) => train.nRows + i);
    folds = [{ train: trainIdx, test: testIdx }];
  } else {
    data = train;
    const labels = splitTarget(data, args.target, args.dataset).y;
    const need = minimumRows(args.evaluation, new Set(labels).size);
    if (labels.length < need.rows) {
      const what = sampledFrom === null ? `it has ${labels.length} labelled rows` : `\`sample: ${args.sample}\` keeps ${labels.length}`;
      throw new SweepError('SWEEP_DATASET_INVALID', `dataset '${args.dataset}': too few rows to split: ${what}, and ${need.why} (at least ${need.rows} rows)`, {
        hint: sampledFrom === null ? 'use more data, or a split that needs fewer rows' : `set \`sample:\` to ${need.rows} or more`,
        details: { dataset: args.dataset, rows: labels.length, minimum: need.rows },
      });
    }
    folds = makeFolds(labels, args.evaluation);
  }

  const { X, y } = splitTarget(data, args.target, args.dataset);
  const counts = new Map<Label, number>();
  for (const label of y) counts.set(label, (counts.get(label) ?? 0) + 1);
  let missingValues = 0;
  for (const c of X.columns) {
    if (c.kind === 'categorical') {
      for (const code of c.codes) missingValues += code < 0 ? 1 : 0;
    } else if (c.values instanceof Float64Array || c.values instanceof Float32Array) {
      for (const v of c.values) missingValues += Number.isNaN(v) ? 1 : 0;
    }
  }
  const summary: DatasetSummary = {
    dataset: args.dataset,
    rows: data.nRows,
    features: X.columns.length,
    numeric: X.columns.filter((c) => c.kind === 'numeric').length,
    categorical: X.columns.filter((c) => c.kind === 'categorical').length,
    target: args.target,
    classes: [...counts.entries()].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count),
    dropped_missing_target: dropped,
    sampled_from: sampledFrom,
    missing_values: missingValues,
    notes,
  };
  const artifact: FoldsArtifact = {
    strategy: test !== null ? 'given' : args.evaluation.strategy,
    testStart,
    sourceRows: [...trainRows, ...testRows],
    folds: folds.map((f) => ({ train: Array.from(f.train), test: Array.from(f.test) })),
  };
  return { data, folds: artifact, summary };
}

/** Arguments of `fitModel`. */
export interface FitArgs {
  dataset: string;
  algorithm: string;
  name: string;
  engine: string;
  params: Params;
  target: string;
  fold: number;
  preprocessing: PreprocessingConfig;
}

/** A fitted cell: the estimator's `model.json` form plus the preprocessing fitted with it. */
export interface ModelArtifact extends SerializedEstimator {
  name: string;
  preprocessing: PreprocessingConfig;
  preprocessor: JsonObject;
  feature_names: string[];
  n_train: number;
  fit_s: number;
  /** What the fit wanted the user to know (e.g. a solver stopped at max_iter); empty when nothing. */
  fit_notes: string[];
  /** Loss per epoch (and validation score) of an iterative estimator (MLP); null for others. */
  training_history: TrainingHistory | null;
}

function foldOf(artifact: FoldsArtifact, fold: number, dataset: string): { train: number[]; test: number[] } {
  const f = artifact.folds[fold];
  if (f === undefined) throw new SweepError('SWEEP_RUN_FAILED', `dataset '${dataset}': fold ${fold} does not exist`);
  return f;
}

async function fitArtifact(X: Table, y: readonly Label[], rows: readonly number[], args: FitArgs, params: Params): Promise<ModelArtifact> {
  const preprocessor = new TablePreprocessor(args.preprocessing);
  const Xtrain = preprocessor.fitTransform(takeTableRows(X, rows));
  const ytrain = take(y, rows);
  const estimator = createEstimator(args.algorithm, params, args.engine);
  const start = process.hrtime.bigint();
  await estimator.fit(Xtrain, ytrain);
  const fitSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  return {
    ...estimator.toJSON(),
    name: args.name,
    preprocessing: args.preprocessing,
    preprocessor: preprocessor.toJSON(),
    feature_names: preprocessor.featureNames_,
    n_train: Xtrain.rows,
    fit_s: fitSeconds,
    fit_notes: [...(estimator.fitNotes_ ?? [])],
    training_history: estimator.history_ ?? null,
  };
}

/** The inputs every model-fitting node reads: the prepared table and its folds. */
const FOLD_INPUTS = { data: one<Table>(), folds: one<FoldsArtifact>() };

/** Node: fits the preprocessing and the estimator on the training rows of one fold. */
export const fitModel = declareNode({
  name: 'fitModel',
  module: import.meta.url,
  version: 1,
  inputs: FOLD_INPUTS,
  outputs: { model: out<ModelArtifact>('model') },
  run: async (inputs, args: FitArgs) => {
    const { X, y } = splitTarget(inputs.data, args.target, args.dataset);
    const fold = foldOf(inputs.folds, args.fold, args.dataset);
    return { model: await fitArtifact(X, y, fold.train, args, args.params) };
  },
});

/** Arguments of `tuneModel`: a fit plus the search to run on the fold's training rows. */
export interface TuneArgs extends FitArgs {
  search: SearchConfig;
  seed: number;
  metrics: string[];
  /** Adaptive searches (tpe): the folder of this cell's studies (`<output>/studies/<dataset>/<algorithm>`). */
  studyDir?: string;
}

/**
 * Node: searches hyperparameters with inner cross-validation on the training rows of one outer
 * fold (never its test rows), then refits the best candidate on all of those training rows.
 */
export const tuneModel = declareNode({
  name: 'tuneModel',
  module: import.meta.url,
  version: 1,
  inputs: FOLD_INPUTS,
  outputs: { search: out<SearchResult>(), model: out<ModelArtifact>('model') },
  run: tune,
});

async function tune(inputs: { data: Table; folds: FoldsArtifact }, args: TuneArgs): Promise<{ search: SearchResult; model: ModelArtifact }> {
  const { X, y } = splitTarget(inputs.data, args.target, args.dataset);
  const fold = foldOf(inputs.folds, args.fold, args.dataset);
  const spec: FitSpec = { algorithm: args.algorithm, engine: args.engine, params: args.params, preprocessing: args.preprocessing };
  const seed = Random.derive(args.seed, 'search', args.dataset, args.name, args.fold).nextUint32();
  const result = await searchHyperparameters(X, y, fold.train, spec, args.search, {
    seed,
    metrics: args.metrics.filter((m) => m !== args.search.scoring && !metricRegistry.get(m).needsProba),
    returnTrainScore: true,
    ...(await openStudy(args, seed, fold.train)),
  });
  const model = await fitArtifact(X, y, fold.train, args, { ...args.params, ...result.best_params });
  return { search: result, model };
}

/**
 * The persisted study of an adaptive search (none for grid, random, halving): its earlier trials
 * and a callback that writes each new trial as soon as it finishes.
 */
async function openStudy(args: TuneArgs, seed: number, trainRows: readonly number[]): Promise<Pick<SearchOptions, 'study'>> {
  if (args.studyDir === undefined || searchCandidates(args.search, seed) !== null) return {};
  const { nTrials: _n, timeout: _t, ...space } = args.search;
  const key = studyKey({ dataset: args.dataset, target: args.target, rows: studyKey(Array.from(trainRows)), algorithm: args.algorithm, engine: args.engine, params: args.params, preprocessing: args.preprocessing, search: space, seed, fold: args.fold } as unknown as JsonValue);
  const file = studyPath(args.studyDir, key, args.fold);
  const study: StudyFile = (await readStudy(file)) ?? {
    key,
    dataset: args.dataset,
    algorithm: args.name,
    fold: args.fold,
    method: args.search.method,
    scoring: args.search.scoring,
    direction: metricRegistry.get(args.search.scoring).greaterIsBetter ? 'maximize' : 'minimize',
    trials: [],
  };
  const earlier = [...study.trials];
  return {
    study: {
      trials: earlier,
      onTrial: async (trial) => {
        study.trials.push(trial);
        await writeStudy(file, study);
      },
    },
  };
}

/** Arguments of the curve nodes. */
export interface CurveArgs extends FitArgs {
  kind: 'learning' | 'validation';
  trainSizes: number[];
  param: string;
  values: JsonValue[];
  cv: number;
  scoring: string;
  seed: number;
}

/**
 * Node: a learning curve (scores as the training set grows) or a validation curve (scores as one
 * hyperparameter varies), with inner cross-validation on the training rows of the first outer
 * fold. With a search, the curve starts from the cell's tuned params (`chooseTunedParams` over
 * every outer fold's search, the rule all reports use) and records them in `params`.
 */
export const curveNode = declareNode({
  name: 'curveNode',
  module: import.meta.url,
  version: 1,
  inputs: { ...FOLD_INPUTS, searches: many<SearchResult>() },
  outputs: { curve: out<CurveResult>() },
  run: curve,
});

async function curve(inputs: { data: Table; folds: FoldsArtifact; searches: SearchResult[] }, args: CurveArgs): Promise<{ curve: CurveResult }> {
  const { X, y } = splitTarget(inputs.data, args.target, args.dataset);
  const fold = foldOf(inputs.folds, 0, args.dataset);
  const searches = inputs.searches;
  const tuned = chooseTunedParams(searches, searches[0] === undefined || !metricRegistry.has(searches[0].scoring) || metricRegistry.get(searches[0].scoring).greaterIsBetter);
  const params = { ...args.params, ...(tuned?.params ?? {}) };
  const used = { params: tuned?.params ?? args.params, source: tuned === null ? 'configured' : 'tuned' } as const;
  const spec: FitSpec = { algorithm: args.algorithm, engine: args.engine, params, preprocessing: args.preprocessing };
  const seed = Random.derive(args.seed, 'curve', args.kind, args.dataset, args.name).nextUint32();
  if (args.kind === 'learning') {
    const r = await learningCurve(X, y, fold.train, spec, { trainSizes: args.trainSizes, cv: args.cv, scoring: args.scoring, seed });
    const curve: CurveResult = { scoring: r.scoring, x_label: 'training rows', x: r.train_sizes, train_mean: r.train_mean, train_std: r.train_std, test_mean: r.test_mean, test_std: r.test_std, fit_s_mean: r.fit_s_mean, params_used: used };
    return { curve };
  }
  const r = await validationCurve(X, y, fold.train, spec, { param: args.param, values: args.values, cv: args.cv, scoring: args.scoring, seed });
  const x = r.values.map((v) => (v === null || typeof v !== 'object' ? v : JSON.stringify(v)));
  const curve: CurveResult = { scoring: r.scoring, x_label: r.param, x, train_mean: r.train_mean, train_std: r.train_std, test_mean: r.test_mean, test_std: r.test_std, fit_s_mean: r.fit_s_mean, params_used: used };
  return { curve };
}

/** ROC curves are drawn for at most this many classes (one curve per class). */
const MAX_ROC_CLASSES = 30;

/** Arguments of `predictModel`. */
export interface PredictArgs {
  dataset: string;
  target: string;
  fold: number;
  /** Keep class probabilities (a selected metric needs them). */
  proba: boolean;
  /** Which training rows are predicted for the train scores (default `sample`). */
  trainScore?: 'full' | 'sample' | 'off';
  /** Seed of the `sample` draw (the run's seed). */
  seed?: number;
  /** Shuffles per input column for permutation importance on the test rows (absent: none). */
  permutationRepeats?: number;
}

/** The training rows scored: all, a seeded sample of at most `TRAIN_SCORE_SAMPLE_ROWS` (in row order), or none. */
export function trainScoreRows(train: number[], mode: 'full' | 'sample' | 'off', seed: number, dataset: string, fold: number): number[] {
  if (mode === 'off') return [];
  if (mode === 'full' || train.length <= TRAIN_SCORE_SAMPLE_ROWS) return train;
  const picked = Random.derive(seed, 'train-score', dataset, fold).sampleWithoutReplacement(train.length, TRAIN_SCORE_SAMPLE_ROWS);
  return Array.from(picked).sort((a, b) => a - b).map((k) => train[k]!);
}

/** Labels and (optionally) probabilities on one part of a fold. */
export interface PredictionSet {
  y_true: Label[];
  y_pred: Label[];
  proba: number[][] | null;
}

/** Predictions of a fitted cell on its train and test rows, with timings. */
export interface PredictionsArtifact {
  classes: Label[];
  train: PredictionSet;
  test: PredictionSet;
  /** Seconds predicting the test rows (labels and, when kept, probabilities: one call). */
  predict_s: number;
  predict_train_s: number;
  /** Seconds restoring the model and preprocessing the test and train rows (outside predict_s). */
  load_s?: number;
  transform_s?: number;
  transform_train_s?: number;
  /** Training rows the train scores are computed on, and how they were chosen. */
  n_train_scored?: number;
  train_score?: 'full' | 'sample' | 'off';
  n_test: number;
  /** One-vs-rest ROC curves on the test rows, when the estimator has probabilities. */
  roc: RocCurves | null;
  /** Precision–recall curves on the test rows (whenever ROC curves are drawn); absent in older artifacts. */
  pr?: PrSummary | null;
  /** Reliability curve of the test probabilities, when a selected metric needs probabilities (log_loss, …). */
  calibration?: CalibrationData | null;
  /** Impurity importances the estimator declares, and permutation importance when configured. */
  importances?: FoldImportances | null;
  /** Boosted ensembles: accuracy after each iteration on the train and test rows, and where early stopping stopped. */
  staged?: StagedScores | null;
}

/** Accuracy per boosting iteration (scikit-learn's `staged_predict`) of one fold. */
export interface StagedScores {
  train: number[];
  test: number[];
  /** The iterations early stopping kept; null when it did not run. */
  early_stopping_iteration: number | null;
}

/** Accuracy of each stage's predictions against `yTrue`. */
function stagedAccuracy(stages: Iterable<Label[]>, yTrue: readonly Label[]): number[] {
  const out: number[] = [];
  for (const yPred of stages) {
    let hits = 0;
    for (let i = 0; i < yTrue.length; i++) if (yPred[i] === yTrue[i]) hits++;
    out.push(yTrue.length === 0 ? 0 : hits / yTrue.length);
  }
  return out;
}

/** One-vs-rest ROC curves of test probabilities, with micro and macro averages (see `rocSummary`). */
export function rocCurves(yTrue: readonly Label[], proba: Matrix, classes: readonly Label[]): RocCurves {
  return rocSummary(yTrue, proba, classes);
}

/** Node: predicts the train and test rows of one fold with a fitted cell. */
export const predictModel = declareNode({
  name: 'predictModel',
  module: import.meta.url,
  version: 3,
  inputs: { ...FOLD_INPUTS, model: one<ModelArtifact>() },
  outputs: { predictions: out<PredictionsArtifact>() },
  run: predict,
});

function predict(inputs: { data: Table; folds: FoldsArtifact; model: ModelArtifact }, args: PredictArgs): { predictions: PredictionsArtifact } {
  const model = inputs.model;
  const { X, y } = splitTarget(inputs.data, args.target, args.dataset);
  const fold = foldOf(inputs.folds, args.fold, args.dataset);
  const seconds = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e9;
  const loading = process.hrtime.bigint();
  const preprocessor = TablePreprocessor.fromJSON(model.preprocessor);
  const estimator = loadEstimator(model);
  const loadSeconds = seconds(loading);
  const classes = estimator.classes_ ?? [];
  const hasProba = estimator.predictProba !== undefined && estimator.tags().proba;
  let roc: RocCurves | null = null;
  let pr: PrSummary | null = null;
  let calibration: CalibrationData | null = null;
  const part = (rows: number[], withRoc: boolean): { set: PredictionSet; seconds: number; transform: number; staged: number[] | null } => {
    const transforming = process.hrtime.bigint();
    const Xp = preprocessor.transform(takeTableRows(X, rows));
    const transform = seconds(transforming);
    const start = process.hrtime.bigint();
    const wantProba = hasProba && (args.proba || (withRoc && classes.length <= MAX_ROC_CLASSES));
    // Labels and probabilities from one pass when the estimator can (k-NN: one neighbour search).
    const both = wantProba ? (estimator.predictWithProba?.(Xp) ?? { labels: estimator.predict(Xp), proba: estimator.predictProba!(Xp) }) : null;
    const yPred = both?.labels ?? estimator.predict(Xp);
    const probaMatrix = both?.proba ?? null;
    const elapsed = seconds(start);
    const yTrue = take(y, rows);
    if (withRoc && probaMatrix !== null && classes.length <= MAX_ROC_CLASSES) {
      roc = rocCurves(yTrue, probaMatrix, classes);
      pr = prSummary(yTrue, probaMatrix, classes);
    }
    if (withRoc && probaMatrix !== null && args.proba) calibration = calibrationCurve(yTrue, probaMatrix, classes);
    const staged = estimator.stagedPredict === undefined ? null : stagedAccuracy(estimator.stagedPredict(Xp), yTrue);
    return { set: { y_true: yTrue, y_pred: yPred, proba: args.proba && probaMatrix !== null ? toRows(probaMatrix) : null }, seconds: elapsed, transform, staged };
  };
  const test = part(fold.test, true);
  const impurity = impurityImportances(estimator, model.feature_names);
  let permutation: FoldImportances['permutation'] = null;
  if ((args.permutationRepeats ?? 0) > 0) {
    const seed = Random.derive(args.seed ?? 0, 'permutation-importance', args.dataset, args.fold).nextUint32();
    const rows = fold.test.length <= PERMUTATION_MAX_ROWS ? fold.test : [...new Random(seed).permutation(fold.test.length).slice(0, PERMUTATION_MAX_ROWS)].sort((a, b) => a - b).map((i) => fold.test[i]!);
    permutation = permutationImportance(estimator, preprocessor, takeTableRows(X, rows), take(y, rows), args.permutationRepeats!, seed);
  }
  const mode = args.trainScore ?? 'sample';
  const scored = trainScoreRows(fold.train, mode, args.seed ?? 0, args.dataset, args.fold);
  // `train_score: off`: no training rows predicted (no train scores, no train staged line).
  const train = scored.length > 0 ? part(scored, false) : { set: { y_true: [], y_pred: [], proba: null }, seconds: 0, transform: 0, staged: test.staged === null ? null : [] };
  const predictions: PredictionsArtifact = {
    classes: estimator.classes_ ?? [],
    train: train.set,
    test: test.set,
    predict_s: test.seconds,
    predict_train_s: train.seconds,
    load_s: loadSeconds,
    transform_s: test.transform,
    transform_train_s: train.transform,
    n_train_scored: scored.length,
    train_score: mode,
    n_test: fold.test.length,
    roc,
    pr,
    calibration,
    importances: impurity === null && permutation === null ? null : { impurity, permutation },
    staged:
      test.staged === null || train.staged === null
        ? null
        : { train: train.staged, test: test.staged, early_stopping_iteration: estimator.earlyStoppingIteration_ ?? null },
  };
  return { predictions };
}

/** Arguments of `evaluatePredictions`. */
export interface EvaluateArgs {
  metrics: string[];
}

/** Scores of one fold on train and test, with the per-class report and confusion matrix. */
export interface MetricsArtifact {
  test: Record<string, number | null>;
  train: Record<string, number | null>;
  classification_report: { train: ClassificationReportData; test: ClassificationReportData };
  confusion_matrix: { labels: Label[]; train: number[][]; test: number[][] };
  /** Why a metric is missing (`test.roc_auc_ovr`: the message), when it could not be computed. */
  notes: Record<string, string>;
}

/** Node: computes the selected metrics, the classification report and the confusion matrix. */
export const evaluatePredictions = declareNode({
  name: 'evaluatePredictions',
  module: import.meta.url,
  version: 2,
  inputs: { predictions: one<PredictionsArtifact>() },
  outputs: { metrics: out<MetricsArtifact>() },
  run: evaluate,
});

function evaluate(inputs: { predictions: PredictionsArtifact }, args: EvaluateArgs): { metrics: MetricsArtifact } {
  const p = inputs.predictions;
  const notes: Record<string, string> = {};
  const score = (set: PredictionSet, part: 'train' | 'test'): Record<string, number | null> => {
    const out: Record<string, number | null> = {};
    if (set.y_true.length === 0) {
      // `train_score: off`: no training rows were predicted, so no train scores.
      for (const name of args.metrics) out[name] = null;
      return out;
    }
    for (const name of args.metrics) {
      const metric = metricRegistry.get(name);
      if (metric.needsProba && set.proba === null) {
        out[name] = null;
        continue;
      }
      const input = set.proba === null
        ? { yTrue: set.y_true, yPred: set.y_pred, classes: p.classes }
        : { yTrue: set.y_true, yPred: set.y_pred, classes: p.classes, proba: fromRows(set.proba) };
      try {
        out[name] = metric.compute(input);
      } catch (error) {
        // A metric undefined on this data (e.g. one-vs-rest AUC when a rare class is absent from a
        // test fold) leaves a gap with its reason; the other metrics of the cell still count.
        if (!(error instanceof SweepError)) throw error;
        out[name] = null;
        notes[`${part}.${name}`] = error.message;
      }
    }
    return out;
  };
  const labels = [...p.classes];
  for (const l of [...p.test.y_true, ...p.test.y_pred]) if (!labels.includes(l)) labels.push(l);
  const metrics: MetricsArtifact = {
    test: score(p.test, 'test'),
    train: score(p.train, 'train'),
    classification_report: {
      train: p.train.y_true.length === 0 ? EMPTY_REPORT : classificationReport(p.train.y_true, p.train.y_pred),
      test: classificationReport(p.test.y_true, p.test.y_pred),
    },
    confusion_matrix: {
      labels,
      train: p.train.y_true.length === 0 ? labels.map(() => labels.map(() => 0)) : confusionMatrix(p.train.y_true, p.train.y_pred, labels).matrix,
      test: confusionMatrix(p.test.y_true, p.test.y_pred, labels).matrix,
    },
    notes,
  };
  return { metrics };
}

/** Arguments of `reportCell`: which cell it reports. */
export interface ReportArgs {
  dataset: string;
  algorithm: string;
  name: string;
  engine: string;
}


function meanStd(values: Array<number | null>): { mean: number | null; std: number | null } {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (xs.length === 0) return { mean: null, std: null };
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
  return { mean, std: Math.sqrt(variance) };
}

/** Everything one evaluation (baseline or tuned) says, summarized over its folds. */
type FoldSummary = Pick<CellReport, 'params' | 'preprocessing' | 'n_train' | 'n_test' | 'n_features' | 'feature_names' | 'timing' | 'metrics' | 'metrics_std' | 'folds' | 'classification_report' | 'confusion_matrix' | 'roc' | 'pr' | 'calibration' | 'feature_importances' | 'metric_notes' | 'fit_notes' | 'training_history' | 'staged_scores'>;

function summarizeFolds(models: ModelArtifact[], scores: MetricsArtifact[], predictions: PredictionsArtifact[]): FoldSummary {
  const names = Object.keys(scores[0]!.test);
  const aggregate = (part: 'test' | 'train'): { mean: Record<string, number | null>; std: Record<string, number | null> } => {
    const mean: Record<string, number | null> = {};
    const std: Record<string, number | null> = {};
    for (const name of names) {
      const m = meanStd(scores.map((s) => s[part][name] ?? null));
      mean[name] = m.mean;
      std[name] = m.std;
    }
    return { mean, std };
  };
  const test = aggregate('test');
  const train = aggregate('train');
  const first = models[0]!;
  const single = scores.length === 1;
  const labels = scores[0]!.confusion_matrix.labels;
  const all = (part: 'train' | 'test', key: 'y_true' | 'y_pred'): Label[] => predictions.flatMap((p) => p[part][key]);
  return {
    params: first.params,
    preprocessing: { ...first.preprocessing },
    n_train: first.n_train,
    n_test: predictions[0]!.n_test,
    n_features: first.feature_names.length,
    feature_names: first.feature_names,
    timing: {
      fit_s: meanStd(models.map((m) => m.fit_s)).mean ?? 0,
      predict_s: meanStd(predictions.map((p) => p.predict_s)).mean ?? 0,
      predict_train_s: meanStd(predictions.map((p) => p.predict_train_s)).mean ?? 0,
      load_s: meanStd(predictions.map((p) => p.load_s ?? 0)).mean ?? 0,
      transform_s: meanStd(predictions.map((p) => (p.transform_s ?? 0) + (p.transform_train_s ?? 0))).mean ?? 0,
      n_train_scored: predictions[0]!.n_train_scored ?? first.n_train,
      train_score: predictions[0]!.train_score ?? 'full',
    },
    metrics: { test: test.mean, train: train.mean },
    metrics_std: { test: test.std, train: train.std },
    folds: scores.map((s, k) => ({ test: s.test, train: s.train, fit_s: models[k]!.fit_s, predict_s: predictions[k]!.predict_s })),
    // Over several folds: the report and matrix of all out-of-fold predictions together.
    classification_report: single
      ? scores[0]!.classification_report
      : { train: classificationReport(all('train', 'y_true'), all('train', 'y_pred')), test: classificationReport(all('test', 'y_true'), all('test', 'y_pred')) },
    confusion_matrix: single
      ? scores[0]!.confusion_matrix
      : { labels, train: confusionMatrix(all('train', 'y_true'), all('train', 'y_pred'), labels).matrix, test: confusionMatrix(all('test', 'y_true'), all('test', 'y_pred'), labels).matrix },
    // Over several folds: the mean curve of the folds with a ±1 std band.
    roc: averageRocSummaries(predictions.map((p) => p.roc)),
    // PR curves as ROC (mean over folds, ±1 std band); calibration bins pooled over folds.
    pr: averagePrSummaries(predictions.map((p) => p.pr ?? null)),
    calibration: poolCalibration(predictions.map((p) => p.calibration ?? null)),
    feature_importances: averageImportances(predictions.map((p) => p.importances)),
    metric_notes: Object.assign({}, ...scores.map((s, k) => Object.fromEntries(Object.entries(s.notes ?? {}).map(([key, why]) => [scores.length === 1 ? key : `fold-${k + 1}.${key}`, why])))),
    fit_notes: [...new Set(models.flatMap((m, k) => (m.fit_notes ?? []).map((note) => (models.length === 1 ? note : `fold-${k + 1}: ${note}`))))],
    training_history: models.some((m) => m.training_history) ? models.flatMap((m, k) => (m.training_history ? [{ fold: k + 1, ...m.training_history }] : [])) : null,
    staged_scores: predictions.some((p) => p.staged) ? predictions.flatMap((p, k) => (p.staged ? [{ fold: k + 1, ...p.staged }] : [])) : null,
  };
}

const EMPTY_SCORES: ScoreSet = { test: {}, train: {} };
const EMPTY_REPORT: ClassificationReportData = {
  classes: [],
  accuracy: null,
  micro_avg: null,
  macro_avg: { precision: 0, recall: 0, f1: 0, support: 0 },
  weighted_avg: { precision: 0, recall: 0, f1: 0, support: 0 },
};

/** A study trial as report.json keeps it (no ASHA rungs or candidate details). */
function trialData(t: StudyTrial): TrialData {
  return {
    number: t.number,
    params: t.params,
    value: t.value,
    state: t.state,
    intermediate: t.intermediate,
    ...(t.pruned_step === undefined ? {} : { pruned_step: t.pruned_step }),
    duration_s: t.duration_s,
    ...(t.iterations === undefined ? {} : { iterations: t.iterations }),
    ...(t.error === undefined ? {} : { error: t.error }),
  };
}

/**
 * Node: assembles a cell's `report.json`: the main result (tuned when a search ran, else the
 * configured params) with per-fold scores, mean and std over folds and timings; the baseline next
 * to it when tuned; each fold's search; and the curves.
 */
/** What `reportCell` reads: each part of the cell that ran (empty lists for parts that did not). */
const REPORT_INPUTS = {
  models: many<ModelArtifact>(),
  metrics: many<MetricsArtifact>(),
  predictions: many<PredictionsArtifact>(),
  tunedModels: many<ModelArtifact>(),
  tunedMetrics: many<MetricsArtifact>(),
  tunedPredictions: many<PredictionsArtifact>(),
  searches: many<SearchResult>(),
  learningCurve: maybe<CurveResult>(),
  validationCurve: maybe<CurveResult>(),
};

export const reportCell = declareNode({
  name: 'reportCell',
  module: import.meta.url,
  version: 2,
  inputs: REPORT_INPUTS,
  outputs: { report: out<CellReport>() },
  run: report,
});


async function report(inputs: InputValues<typeof REPORT_INPUTS>, args: ReportArgs): Promise<{ report: CellReport }> {
  const hasBaseline = inputs.models.length > 0;
  const hasTuned = inputs.tunedModels.length > 0;
  const baseline = hasBaseline ? summarizeFolds(inputs.models, inputs.metrics, inputs.predictions) : null;
  const tuned = hasTuned ? summarizeFolds(inputs.tunedModels, inputs.tunedMetrics, inputs.tunedPredictions) : null;
  const main = tuned ?? baseline;
  const searches = inputs.searches.map((r): SearchSummary => ({
    method: r.method,
    scoring: r.scoring,
    best_params: r.best_params,
    best_score: r.best_score,
    n_candidates: r.n_candidates,
    candidates: r.candidates.map((c) => ({ params: c.params, mean_test: c.mean_test, std_test: c.std_test, mean_train: c.mean_train, fit_s: c.fit_s, rank: c.rank })),
    ...(r.trials === undefined ? {} : { trials: r.trials.map(trialData) }),
  }));
  const scoring = searches[0]?.scoring;
  const choice = chooseTunedParams(searches, scoring === undefined || !metricRegistry.has(scoring) || metricRegistry.get(scoring).greaterIsBetter);
  const cell: CellReport = {
    dataset: args.dataset,
    algorithm: args.name,
    estimator: args.algorithm,
    engine: args.engine,
    params: choice !== null && main !== null ? { ...main.params, ...choice.params } : main?.params ?? {},
    tuned_params: choice,
    preprocessing: main?.preprocessing ?? {},
    n_train: main?.n_train ?? 0,
    n_test: main?.n_test ?? 0,
    n_features: main?.n_features ?? 0,
    feature_names: main?.feature_names ?? [],
    timing: main?.timing ?? { fit_s: 0, predict_s: 0, predict_train_s: 0 },
    metrics: main?.metrics ?? EMPTY_SCORES,
    metrics_std: main?.metrics_std ?? EMPTY_SCORES,
    folds: main?.folds ?? [],
    classification_report: main?.classification_report ?? { train: EMPTY_REPORT, test: EMPTY_REPORT },
    confusion_matrix: main?.confusion_matrix ?? { labels: [], train: [], test: [] },
    roc: main?.roc ?? null,
    pr: main?.pr ?? null,
    calibration: main?.calibration ?? null,
    feature_importances: main?.feature_importances ?? null,
    metric_notes: main?.metric_notes ?? {},
    fit_notes: main?.fit_notes ?? [],
    training_history: main?.training_history ?? null,
    staged_scores: main?.staged_scores ?? null,
    baseline: tuned !== null && baseline !== null
      ? { params: baseline.params, metrics: baseline.metrics, metrics_std: baseline.metrics_std, folds: baseline.folds.map((f) => ({ test: f.test, train: f.train })) }
      : null,
    search: hasTuned ? searches : null,
    ...(searches.some((r) => r.trials !== undefined)
      ? { trials: searches.flatMap((r, fold) => (r.trials ?? []).map((t) => ({ ...t, fold }))), param_importance: await paramImportance(inputs.searches[0]?.trials ?? [], 0) }
      : {}),
    learning_curve: inputs.learningCurve ?? null,
    validation_curve: inputs.validationCurve ?? null,
  };
  return { report: cell };
}
