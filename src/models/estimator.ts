/**
 * The estimator contract, scikit-learn's in TypeScript. Constructors take hyperparameters only and
 * do no work; `fit` validates, learns state whose names end in `_`, and returns `this`; fitting
 * again forgets the previous fit.
 */
import type { z } from 'zod';
import { SweepError, type JsonObject, type Label, type Matrix, type Params } from '../core/index.js';

/** What an estimator can do, checked when a sweep is planned rather than after an hour of work. */
export interface EstimatorTags {
  /** Has `predictProba`. */
  proba: boolean;
  /** Handles more than two classes. */
  multiclass: boolean;
  /** Accepts `NaN` in `X`; otherwise `fit`/`predict` reject it with a clear error. */
  handlesMissing: boolean;
  /** Same data gives the same model without a seed. */
  deterministic: boolean;
  /**
   * Its results depend on the scale of features (distances, dot products, gradient steps), so
   * `scale: auto` standardizes its input; trees and naive Bayes declare `false`.
   */
  needsScaling: boolean;
  /**
   * Splits categorical columns natively (scikit-learn's `categorical_features='from_dtype'`), so
   * the sweep leaves them as ordinal codes, marked in `Matrix.categorical`, instead of one-hot
   * encoding them. Absent means false.
   */
  nativeCategorical?: boolean;
}

/**
 * The training history of an iterative estimator (scikit-learn's `loss_curve_` and
 * `validation_scores_`): the sweep records it in the cell's report and charts it.
 */
export interface TrainingHistory {
  /** The training loss after each iteration (epoch). */
  loss: number[];
  /** The validation score after each epoch, under early stopping. */
  validation_score?: number[];
}

/** The serialized form of a fitted estimator (`model.json`). */
export interface SerializedEstimator {
  algorithm: string;
  engine: string;
  params: Params;
  /** Engine-specific learned state. */
  state: JsonObject;
}

/**
 * A classifier with scikit-learn's contract.
 *
 * @example
 * const est = createEstimator('knn', { n_neighbors: 3 });
 * await est.fit(Xtrain, ytrain);     // returns est
 * const yhat = est.predict(Xtest);    // labels, in the type they were given
 * const p = est.predictProba?.(Xtest); // columns follow est.classes_
 */
export interface Classifier {
  /** The registry key, e.g. `decision-tree`. */
  readonly algorithm: string;
  /** The engine that implements it, e.g. `native` or `mljs`. */
  readonly engine: string;
  /** The sorted class labels seen in `fit` (undefined before fit). */
  classes_: Label[] | undefined;
  /**
   * What the last `fit` wants the user to know, as scikit-learn's warnings (e.g. a solver that
   * stopped at `max_iter` before converging). The sweep records them on the cell; empty when none.
   */
  readonly fitNotes_?: readonly string[];
  /** The capabilities of this estimator with its current params. */
  tags(): EstimatorTags;
  /** All hyperparameters, defaults filled in. */
  getParams(): Params;
  /** Changes hyperparameters (validated in `fit`); returns `this`. */
  setParams(params: Params): this;
  /** Learns from `X` (rows × features) and labels `y`; resolves to `this`. */
  fit(X: Matrix, y: readonly Label[]): Promise<this>;
  /** Predicted labels, one per row of `X`. */
  predict(X: Matrix): Label[];
  /** Class probabilities, one row per sample, columns in `classes_` order (when `tags().proba`). */
  predictProba?(X: Matrix): Matrix;
  /**
   * Labels and probabilities together (when `tags().proba`), equal to `predict` and `predictProba`
   * but from one pass where the labels are the probabilities' argmax (k-NN: one neighbour search).
   */
  predictWithProba?(X: Matrix): { labels: Label[]; proba: Matrix };
  /** The last fit's training history, for estimators that train in iterations (MLP). */
  readonly history_?: TrainingHistory;
  /**
   * Predicted labels after each boosting iteration (scikit-learn's `staged_predict`), for
   * ensembles built in stages (adaboost, gradient-boosting); the last equals `predict`.
   */
  stagedPredict?(X: Matrix): Iterable<Label[]>;
  /** The number of iterations early stopping kept in the last fit; null when it did not run. */
  readonly earlyStoppingIteration_?: number | null;
  /**
   * Impurity-based importance of each input column of the last fit (scikit-learn's
   * `feature_importances_`: normalized total impurity decrease), for tree models that have it.
   */
  readonly featureImportances_?: Float64Array | undefined;
  /** The fitted state as JSON (`model.json`); `fromJSON` of it predicts identically. */
  toJSON(): SerializedEstimator;
}

/** Builds an estimator from params (all optional, defaulted). */
export type EstimatorFactory = (params?: Params) => Classifier;

/** Restores a fitted estimator from `toJSON()` output. */
export type EstimatorLoader = (json: SerializedEstimator) => Classifier;

/** One engine's implementation of an algorithm. */
export interface EngineImplementation {
  /** Creates an unfitted estimator. */
  create: EstimatorFactory;
  /** Restores a fitted estimator. */
  load: EstimatorLoader;
  /**
   * The hyperparameters this engine accepts (zod object schema, strict). Config validation uses it,
   * so `algorithms.knn.n_neighbors: -1` is reported with its file and line before anything runs.
   */
  paramsSchema: z.ZodType<Params>;
  /** Capabilities with default params. */
  tags: EstimatorTags;
  /** A known limitation shown by `sweep list algorithms` and in reports (e.g. an ml.js defect). */
  caveat?: string;
}

/**
 * An algorithm: one name, several engines. The file name is the key
 * (`decision-tree.ts` ↔ `"decision-tree"`).
 *
 * @example
 * export const knn: AlgorithmSpec = {
 *   name: 'knn',
 *   summary: 'k-nearest neighbours',
 *   engines: { native: nativeKnn, mljs: mljsKnn },
 * };
 */
export interface AlgorithmSpec {
  name: string;
  /** One line for `sweep list algorithms`. */
  summary: string;
  /** Implementations by engine name. */
  engines: Partial<Record<string, EngineImplementation>>;
}

/** The error for a call that needs a fitted estimator. */
export function notFitted(algorithm: string): SweepError {
  return new SweepError('SWEEP_ESTIMATOR_NOT_FITTED', `${algorithm}: this estimator is not fitted yet`, {
    hint: 'call fit(X, y) before predict',
  });
}

/** The error for bad input to `fit`/`predict`. */
export function invalidInput(algorithm: string, message: string, hint?: string): SweepError {
  return new SweepError('SWEEP_ESTIMATOR_INVALID_INPUT', `${algorithm}: ${message}`, hint === undefined ? {} : { hint });
}

/**
 * Sorts labels as numpy's `np.unique` does: numbers numerically, strings by code unit; numbers
 * before strings when mixed.
 */
export function compareLabels(a: Label, b: Label): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Labels encoded as class indices: `classes[codes[i]] === y[i]`, classes sorted. */
export interface EncodedLabels {
  classes: Label[];
  codes: Int32Array;
}

/** Encodes labels as indices into their sorted unique values. */
export function encodeLabels(y: readonly Label[]): EncodedLabels {
  const unique = [...new Set(y)].sort(compareLabels);
  const index = new Map<Label, number>(unique.map((label, i) => [label, i]));
  const codes = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) codes[i] = index.get(y[i]!)!;
  return { classes: unique, codes };
}

/**
 * The checks every `fit` makes: shapes agree, no empty input, at least two classes, and no `NaN`
 * unless the estimator handles missing values. Returns the encoded labels.
 */
export function validateFitInput(algorithm: string, X: Matrix, y: readonly Label[], handlesMissing: boolean): EncodedLabels {
  if (X.data.length !== X.rows * X.cols) throw invalidInput(algorithm, `X has ${X.data.length} values, expected rows×cols = ${X.rows}×${X.cols}`);
  if (X.rows === 0) throw invalidInput(algorithm, 'X has no rows', 'check the dataset and its split');
  if (X.cols === 0) throw invalidInput(algorithm, 'X has no feature columns', 'check the dataset: every column but the target was dropped');
  if (y.length !== X.rows) throw invalidInput(algorithm, `X has ${X.rows} rows but y has ${y.length} labels`);
  if (!handlesMissing) assertFinite(algorithm, X);
  const encoded = encodeLabels(y);
  if (encoded.classes.length < 2) {
    throw invalidInput(
      algorithm,
      `the training data has a single class (${JSON.stringify(encoded.classes[0])}); a classifier needs at least two`,
      'check the target column, or use a stratified split or sample',
    );
  }
  return encoded;
}

/** The checks every `predict` makes: fitted, right number of features, no `NaN` unless handled. */
export function validatePredictInput(algorithm: string, X: Matrix, nFeatures: number | undefined, handlesMissing: boolean): void {
  if (nFeatures === undefined) throw notFitted(algorithm);
  if (X.cols !== nFeatures) throw invalidInput(algorithm, `X has ${X.cols} features, but the model was fitted with ${nFeatures}`);
  if (!handlesMissing) assertFinite(algorithm, X);
}

/** Rejects `NaN`/`Infinity` with the row and column of the first offender. */
export function assertFinite(algorithm: string, X: Matrix): void {
  const d = X.data;
  // Fast path: x * 0 is 0 for every finite x and NaN for NaN or ±Infinity, so one tight sum
  // answers "all finite?" without a branch per value; only a hit pays for locating it.
  let probe = 0;
  for (let k = 0; k < d.length; k++) probe += d[k]! * 0;
  if (probe === 0) return;
  for (let k = 0; k < d.length; k++) {
    if (!Number.isFinite(d[k]!)) {
      const row = Math.floor(k / X.cols);
      const col = k % X.cols;
      const name = X.columns?.[col];
      throw invalidInput(
        algorithm,
        `X contains ${d[k]} at row ${row}, column ${name === undefined ? col : `'${name}'`}`,
        "this algorithm does not handle missing values: set the dataset's `impute:` strategy",
      );
    }
  }
}
