/**
 * Learning and validation curves, as scikit-learn's `learning_curve` and `validation_curve`: the
 * score as the training set grows, and as one hyperparameter varies. Both cross-validate inside
 * the given rows with a preprocessor fitted on each fit's own training rows.
 */
import { Random, SweepError, type JsonValue, type Label, type Table } from '../core/index.js';
import { checkFolds, fitAndScore, meanStd, prepareFold, resolveMetrics, type FitSpec, type OnFitHook } from './cross-validate.js';
import { checkParamNames, innerFolds } from './search.js';
import type { Fold } from './split.js';

/** Options of `learningCurve`. */
export interface LearningCurveOptions {
  /** Fractions in (0, 1] of the largest training part, or absolute row counts (integers > 1). */
  trainSizes: number[];
  /** Number of stratified folds over `rows`. */
  cv: number;
  /** A metric name from the registry. */
  scoring: string;
  /** Seeds the folds and the shuffle of each training part. */
  seed: number;
  /** Folds to use instead of seeded stratified k-fold (row indices of `X`, within `rows`). */
  folds?: readonly Fold[];
  /** See `OnFitHook`; `fold` counts over (split, size) pairs: `split * nSizes + size`. */
  onFit?: OnFitHook;
}

/** A learning curve: one entry per training size (ascending). */
export interface LearningCurveResult {
  scoring: string;
  /** Absolute training sizes, ascending and distinct. */
  train_sizes: number[];
  train_mean: number[];
  train_std: number[];
  test_mean: number[];
  test_std: number[];
  fit_s_mean: number[];
  fit_s_std: number[];
  /** Messages of failed fits (e.g. a tiny training part with a single class), which score NaN. */
  errors: string[];
}

/** Options of `validationCurve`. */
export interface ValidationCurveOptions {
  /** The hyperparameter that varies. */
  param: string;
  /** Its values, in the order reported. */
  values: JsonValue[];
  cv: number;
  scoring: string;
  seed: number;
  /** Folds to use instead of seeded stratified k-fold (row indices of `X`, within `rows`). */
  folds?: readonly Fold[];
  /** See `OnFitHook` (once per fold: the preprocessing does not depend on the parameter). */
  onFit?: OnFitHook;
}

/** A validation curve: one entry per value of the parameter. */
export interface ValidationCurveResult {
  scoring: string;
  param: string;
  values: JsonValue[];
  train_mean: number[];
  train_std: number[];
  test_mean: number[];
  test_std: number[];
  fit_s_mean: number[];
  /** Messages of failed fits, which score NaN. */
  errors: string[];
}

function configError(message: string, hint?: string): SweepError {
  return new SweepError('SWEEP_CONFIG_INVALID', message, hint === undefined ? {} : { hint });
}

/**
 * Absolute training sizes for a largest training part of `nMax` rows, as scikit-learn's
 * `_translate_train_sizes`: a fraction `f` in (0, 1] becomes `floor(f * nMax)` (at least 1), an
 * integer > 1 is a row count (at most `nMax`); the result is sorted and duplicates dropped.
 */
export function translateTrainSizes(sizes: readonly number[], nMax: number): number[] {
  if (sizes.length === 0) throw configError('train_sizes needs at least one size');
  const out = sizes.map((s) => {
    if (s > 0 && s <= 1) return Math.max(1, Math.min(nMax, Math.floor(s * nMax)));
    if (Number.isInteger(s) && s > 1) {
      if (s > nMax) throw configError(`train size ${s} is larger than the ${nMax} rows of the smallest training part`, `use sizes ≤ ${nMax} or fractions in (0, 1]`);
      return s;
    }
    throw configError(`train size ${s} is neither a fraction in (0, 1] nor a row count > 1`);
  });
  return [...new Set(out)].sort((a, b) => a - b);
}

function curveFolds(X: Table, y: readonly Label[], rows: ArrayLike<number>, cv: number, seed: number, stream: string, explicit?: readonly Fold[]): Fold[] {
  if (y.length !== X.nRows) throw new RangeError(`X has ${X.nRows} rows but y has ${y.length} labels`);
  const r = Int32Array.from(rows);
  checkFolds([{ train: r, test: new Int32Array(0) }], X.nRows);
  return innerFolds(y, r, cv, seed, stream, explicit);
}

/**
 * Scores for growing training sets, as scikit-learn's `learning_curve`: for each of `cv`
 * stratified folds over `rows`, the estimator is fitted on the first `n` rows of the fold's
 * training part for each size `n`, and scored on those `n` rows and on the fold's validation
 * rows. A fresh preprocessor is fitted on those same `n` rows for every point.
 *
 * Deviation: scikit-learn's default `shuffle=False` takes the first `n` rows in file order, which
 * biases the curve when the data are sorted (e.g. by class); here each training part is shuffled
 * with a stream of `seed` first (scikit-learn's `shuffle=True`), so the sizes are nested random
 * subsets. Sizes are relative to the smallest training part (scikit-learn uses the first fold's;
 * with stratified k-fold the two differ by at most one row).
 */
export async function learningCurve(X: Table, y: readonly Label[], rows: ArrayLike<number>, spec: FitSpec, options: LearningCurveOptions): Promise<LearningCurveResult> {
  const specs = resolveMetrics([options.scoring]);
  const metric = specs[0]!;
  const folds = curveFolds(X, y, rows, options.cv, options.seed, 'learning-curve', options.folds);
  const nMax = Math.min(...folds.map((f) => f.train.length));
  const sizes = translateTrainSizes(options.trainSizes, nMax);
  const train: number[][] = sizes.map(() => []);
  const test: number[][] = sizes.map(() => []);
  const fit: number[][] = sizes.map(() => []);
  const errors: string[] = [];
  for (let f = 0; f < folds.length; f++) {
    const fold = folds[f]!;
    const shuffled = Random.derive(options.seed, 'learning-curve', 'shuffle', f).shuffle(Int32Array.from(fold.train));
    for (let s = 0; s < sizes.length; s++) {
      const part = shuffled.slice(0, sizes[s]!).sort();
      const prepared = prepareFold(X, y, part, fold.test, spec.preprocessing, { onFit: options.onFit, fold: f * sizes.length + s });
      const outcome = await fitAndScore(prepared, spec, specs, { returnTrainScore: true, errorScore: 'nan' });
      train[s]!.push(outcome.train![metric.name]!);
      test[s]!.push(outcome.test[metric.name]!);
      fit[s]!.push(outcome.fitSeconds);
      if (outcome.error !== null) errors.push(`fold ${f}, ${sizes[s]} rows: ${outcome.error}`);
    }
  }
  const stats = (values: number[][]) => values.map((v) => meanStd(v));
  const tr = stats(train);
  const te = stats(test);
  const ft = stats(fit);
  return {
    scoring: metric.name,
    train_sizes: sizes,
    train_mean: tr.map((s) => s.mean),
    train_std: tr.map((s) => s.std),
    test_mean: te.map((s) => s.mean),
    test_std: te.map((s) => s.std),
    fit_s_mean: ft.map((s) => s.mean),
    fit_s_std: ft.map((s) => s.std),
    errors,
  };
}

/**
 * Scores as one hyperparameter takes each of `values`, as scikit-learn's `validation_curve`: on
 * each of `cv` stratified folds over `rows` (preprocessed once per fold, fitted on its training
 * rows), the estimator with `{...spec.params, [param]: value}` is fitted and scored on the
 * training and validation rows. An unknown `param` fails up front, naming the parameter and the
 * algorithm with a did-you-mean; a value the estimator rejects scores NaN (message in `errors`).
 */
export async function validationCurve(X: Table, y: readonly Label[], rows: ArrayLike<number>, spec: FitSpec, options: ValidationCurveOptions): Promise<ValidationCurveResult> {
  const specs = resolveMetrics([options.scoring]);
  const metric = specs[0]!;
  if (options.values.length === 0) throw configError(`validation curve of ${options.param}: values needs at least one value`);
  checkParamNames(
    spec,
    options.values.map((value) => ({ [options.param]: value })),
    `validation curve of ${spec.algorithm}`,
  );
  const folds = curveFolds(X, y, rows, options.cv, options.seed, 'validation-curve', options.folds);
  const train: number[][] = options.values.map(() => []);
  const test: number[][] = options.values.map(() => []);
  const fit: number[][] = options.values.map(() => []);
  const errors: string[] = [];
  for (let f = 0; f < folds.length; f++) {
    const fold = folds[f]!;
    const prepared = prepareFold(X, y, fold.train, fold.test, spec.preprocessing, { onFit: options.onFit, fold: f });
    for (let v = 0; v < options.values.length; v++) {
      const params = { ...spec.params, [options.param]: options.values[v]! };
      const outcome = await fitAndScore(prepared, { algorithm: spec.algorithm, engine: spec.engine, params }, specs, { returnTrainScore: true, errorScore: 'nan' });
      train[v]!.push(outcome.train![metric.name]!);
      test[v]!.push(outcome.test[metric.name]!);
      fit[v]!.push(outcome.fitSeconds);
      if (outcome.error !== null) errors.push(`fold ${f}, ${options.param}=${JSON.stringify(options.values[v])}: ${outcome.error}`);
    }
  }
  const tr = train.map((v) => meanStd(v));
  const te = test.map((v) => meanStd(v));
  return {
    scoring: metric.name,
    param: options.param,
    values: [...options.values],
    train_mean: tr.map((s) => s.mean),
    train_std: tr.map((s) => s.std),
    test_mean: te.map((s) => s.mean),
    test_std: te.map((s) => s.std),
    fit_s_mean: fit.map((v) => meanStd(v).mean),
    errors,
  };
}
