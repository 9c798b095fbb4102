/**
 * Cross-validation that cannot leak: for every fold a fresh `TablePreprocessor` is fitted on that
 * fold's training rows only, then transforms its validation rows; the estimator is fitted and
 * scored on the result. Pure (no I/O); the same folds and seed give the same scores.
 */
import { SweepError, take, takeTableRows, type Label, type Matrix, type Params, type Table } from '../core/index.js';
import { createEstimator } from '../models/index.js';
import { TablePreprocessor, type PreprocessingConfig } from '../preprocessing/index.js';
import { metrics as metricRegistry, type MetricSpec } from './metrics.js';
import type { Fold } from './split.js';

/** What every model-selection function needs to fit one candidate. */
export interface FitSpec {
  /** Registry name of the algorithm, e.g. `decision-tree`. */
  algorithm: string;
  /** Engine name, e.g. `native`. */
  engine: string;
  /** Hyperparameters (a search overrides some of them per candidate). */
  params: Params;
  /** How the table becomes a matrix; fitted inside every training fold. */
  preprocessing: Partial<PreprocessingConfig>;
}

/**
 * Called right after a fold's preprocessor was fitted, with the rows it was fitted on (indices
 * into `X`). For tests and diagnostics (the leakage test checks the learned statistics).
 */
export type OnFitHook = (fold: number, preprocessor: TablePreprocessor, trainRows: Int32Array) => void;

/** Options of `crossValidate`. */
export interface CrossValidateOptions {
  /** Metric names from the `metrics` registry. */
  metrics: string[];
  /** Also score each fold's training rows (scikit-learn's `return_train_score`). */
  returnTrainScore?: boolean;
  /**
   * What a failing fit or metric does: `raise` (default: the error propagates, so a broken cell
   * fails loudly) or `nan` (the fold scores `NaN` and the message is kept, scikit-learn's
   * `error_score=nan`).
   */
  errorScore?: 'raise' | 'nan';
  /** See `OnFitHook`. */
  onFit?: OnFitHook;
}

/** Per-fold results of `crossValidate` (arrays in fold order). */
export interface CrossValidateResult {
  /** Test (validation) score of each fold, per metric, in the metric's natural direction. */
  test: Record<string, number[]>;
  /** Training score of each fold per metric, or null unless `returnTrainScore`. */
  train: Record<string, number[]> | null;
  /** Seconds to fit each fold: the preprocessor's fit + transform of the training rows, and the estimator's fit. */
  fit_s: number[];
  /** Seconds to score each fold's validation rows: transform, predict and the metrics. */
  score_s: number[];
  /** The error message of each fold, or null (only non-null with `errorScore: 'nan'`). */
  errors: Array<string | null>;
}

/** One fold, preprocessed: matrices fitted on its training rows only. */
export interface PreparedFold {
  Xtrain: Matrix;
  ytrain: Label[];
  Xtest: Matrix;
  ytest: Label[];
  /** Seconds spent fitting the preprocessor and transforming the training rows. */
  fitSeconds: number;
  /** Seconds spent transforming the validation rows. */
  transformSeconds: number;
}

/** The outcome of fitting one estimator on one prepared fold. */
export interface FoldOutcome {
  test: Record<string, number>;
  train: Record<string, number> | null;
  fitSeconds: number;
  scoreSeconds: number;
  error: string | null;
  /** With `options.staged`: that metric on the validation rows after each iteration (`stagedPredict`), else absent. */
  staged?: number[];
}

/** Seconds since `start` (a `performance.now()` reading). */
export function secondsSince(start: number): number {
  return (performance.now() - start) / 1000;
}

/** The metric specs for `names` (unknown names fail with a did-you-mean); at least one is needed. */
export function resolveMetrics(names: readonly string[]): MetricSpec[] {
  if (names.length === 0) throw new SweepError('SWEEP_CONFIG_INVALID', 'no metric to score with', { hint: 'name at least one metric, e.g. accuracy' });
  return names.map((name) => metricRegistry.get(name));
}

/**
 * Fits a fresh preprocessor on `trainRows` of `X` alone and transforms them and `testRows`.
 * This is the one place model selection turns tables into matrices, so no statistic of a
 * validation row can reach the fit.
 */
export function prepareFold(
  X: Table,
  y: readonly Label[],
  trainRows: Int32Array,
  testRows: Int32Array,
  preprocessing: Partial<PreprocessingConfig>,
  hook?: { onFit: OnFitHook | undefined; fold: number },
): PreparedFold {
  let start = performance.now();
  const preprocessor = new TablePreprocessor(preprocessing);
  const Xtrain = preprocessor.fitTransform(takeTableRows(X, trainRows));
  const fitSeconds = secondsSince(start);
  hook?.onFit?.(hook.fold, preprocessor, trainRows);
  start = performance.now();
  const Xtest = preprocessor.transform(takeTableRows(X, testRows));
  const transformSeconds = secondsSince(start);
  return { Xtrain, ytrain: take(y, trainRows), Xtest, ytest: take(y, testRows), fitSeconds, transformSeconds };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Scores a fitted estimator on (X, y) with every metric; a failing metric throws or gives NaN. */
function scoreWith(
  estimator: ReturnType<typeof createEstimator>,
  X: Matrix,
  y: readonly Label[],
  specs: readonly MetricSpec[],
  errorScore: 'raise' | 'nan',
  errors: string[],
): Record<string, number> {
  const yPred = estimator.predict(X);
  const needsProba = specs.some((m) => m.needsProba);
  if (needsProba && estimator.predictProba === undefined) {
    throw new SweepError('SWEEP_ESTIMATOR_UNSUPPORTED', `${estimator.algorithm} (${estimator.engine}) has no predictProba, but ${specs.filter((m) => m.needsProba).map((m) => m.name).join(', ')} need probabilities`);
  }
  const proba = needsProba ? estimator.predictProba!(X) : undefined;
  const classes = estimator.classes_ ?? [];
  const out: Record<string, number> = {};
  for (const spec of specs) {
    try {
      out[spec.name] = spec.compute(proba === undefined ? { yTrue: y, yPred, classes } : { yTrue: y, yPred, classes, proba });
    } catch (error) {
      if (errorScore === 'raise') throw error;
      errors.push(`${spec.name}: ${messageOf(error)}`);
      out[spec.name] = NaN;
    }
  }
  return out;
}

/**
 * Fits `algorithm` with `params` on a prepared fold and scores it. With `errorScore: 'nan'` a
 * failing fit or metric gives `NaN` scores and the error's message; otherwise it throws.
 */
export async function fitAndScore(
  fold: PreparedFold,
  spec: { algorithm: string; engine: string; params: Params },
  specs: readonly MetricSpec[],
  options: { returnTrainScore: boolean; errorScore: 'raise' | 'nan'; staged?: MetricSpec },
): Promise<FoldOutcome> {
  const nanScores = (): Record<string, number> => Object.fromEntries(specs.map((m) => [m.name, NaN]));
  let start = performance.now();
  let fitSeconds = fold.fitSeconds;
  const errors: string[] = [];
  try {
    const estimator = createEstimator(spec.algorithm, spec.params, spec.engine);
    await estimator.fit(fold.Xtrain, fold.ytrain);
    fitSeconds += secondsSince(start);
    start = performance.now();
    const test = scoreWith(estimator, fold.Xtest, fold.ytest, specs, options.errorScore, errors);
    const scoreSeconds = fold.transformSeconds + secondsSince(start);
    const train = options.returnTrainScore ? scoreWith(estimator, fold.Xtrain, fold.ytrain, specs, options.errorScore, errors) : null;
    const outcome: FoldOutcome = { test, train, fitSeconds, scoreSeconds, error: errors.length === 0 ? null : errors.join('; ') };
    if (options.staged !== undefined && estimator.stagedPredict !== undefined && !options.staged.needsProba) {
      const metric = options.staged;
      outcome.staged = Array.from(estimator.stagedPredict(fold.Xtest), (yPred) => metric.compute({ yTrue: fold.ytest, yPred, classes: estimator.classes_ ?? [] }));
    }
    return outcome;
  } catch (error) {
    if (options.errorScore === 'raise') throw error;
    return {
      test: nanScores(),
      train: options.returnTrainScore ? nanScores() : null,
      fitSeconds: fitSeconds + secondsSince(start),
      scoreSeconds: 0,
      error: messageOf(error),
    };
  }
}

/** Checks that fold indices are integers within `[0, n)`. */
export function checkFolds(folds: readonly Fold[], n: number): void {
  if (folds.length === 0) throw new SweepError('SWEEP_CONFIG_INVALID', 'cross-validation needs at least one fold');
  folds.forEach((fold, f) => {
    for (const side of [fold.train, fold.test]) {
      for (let k = 0; k < side.length; k++) {
        const i = side[k]!;
        if (!(i >= 0 && i < n)) throw new RangeError(`fold ${f}: row index ${i} is outside the ${n} rows of X`);
      }
    }
  });
}

/**
 * Fits and scores `spec` on each fold of (X, y), as scikit-learn's `cross_validate`. Fold indices
 * are rows of `X`. Each fold gets its own preprocessor, fitted on its training rows only. Scores
 * are in each metric's natural direction (`log_loss` is a positive loss, not `neg_log_loss`).
 *
 * @example
 * const folds = stratifiedKFold(y, { nSplits: 5, shuffle: true, seed: 0 });
 * const cv = await crossValidate(X, y, folds, { algorithm: 'knn', engine: 'native', params: {}, preprocessing: { scale: 'standard' } }, { metrics: ['accuracy'] });
 * cv.test.accuracy; // five numbers
 */
export async function crossValidate(
  X: Table,
  y: readonly Label[],
  folds: readonly Fold[],
  spec: FitSpec,
  options: CrossValidateOptions,
): Promise<CrossValidateResult> {
  if (y.length !== X.nRows) throw new RangeError(`X has ${X.nRows} rows but y has ${y.length} labels`);
  checkFolds(folds, X.nRows);
  const specs = resolveMetrics(options.metrics);
  const returnTrainScore = options.returnTrainScore ?? false;
  const errorScore = options.errorScore ?? 'raise';
  const result: CrossValidateResult = {
    test: Object.fromEntries(specs.map((m) => [m.name, [] as number[]])),
    train: returnTrainScore ? Object.fromEntries(specs.map((m) => [m.name, [] as number[]])) : null,
    fit_s: [],
    score_s: [],
    errors: [],
  };
  for (let f = 0; f < folds.length; f++) {
    const fold = folds[f]!;
    const prepared = prepareFold(X, y, fold.train, fold.test, spec.preprocessing, { onFit: options.onFit, fold: f });
    const outcome = await fitAndScore(prepared, spec, specs, { returnTrainScore, errorScore });
    for (const m of specs) {
      result.test[m.name]!.push(outcome.test[m.name]!);
      if (result.train !== null) result.train[m.name]!.push(outcome.train![m.name]!);
    }
    result.fit_s.push(outcome.fitSeconds);
    result.score_s.push(outcome.scoreSeconds);
    result.errors.push(outcome.error);
  }
  return result;
}

/** Mean and population standard deviation (numpy's defaults); any NaN gives NaN. */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  if (values.length === 0) return { mean: NaN, std: NaN };
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return { mean, std: Math.sqrt(ss / values.length) };
}
