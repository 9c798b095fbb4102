/**
 * The registered estimators as classes with scikit-learn's names, typed by each algorithm's
 * params: `(await new DecisionTreeClassifier({ max_depth: 4 }).fit(X, y)).predict(X)`. One generic
 * class wraps `createEstimator`, so every class behaves exactly as the sweep's cells do; a test
 * checks that every algorithm of the `algorithms` registry has a class here.
 */
import { SweepError, type Label, type Matrix, type Params } from '../core/index.js';
import { DEFAULT_ENGINE, createEstimator, type AlgorithmParams, type Classifier, type EstimatorTags, type SerializedEstimator } from '../models/index.js';

/** Features as estimators take them: a row-major `Matrix`, or rows of numbers. */
export type MatrixLike = Matrix | ReadonlyArray<ReadonlyArray<number>>;

/** A `Matrix` from rows of numbers (a `Matrix` is returned as is). Ragged rows are an error. */
export function toMatrix(X: MatrixLike): Matrix {
  if (!Array.isArray(X)) return X as Matrix;
  const rows = X as ReadonlyArray<ReadonlyArray<number>>;
  const cols = rows[0]?.length ?? 0;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((row, i) => {
    if (row.length !== cols) {
      throw new SweepError('SWEEP_ESTIMATOR_INVALID_INPUT', `X row ${i} has ${row.length} values, row 0 has ${cols}`, { hint: 'every row needs the same number of features' });
    }
    data.set(row, i * cols);
  });
  return { data, rows: rows.length, cols };
}

/** Hyperparameters a class accepts: any subset of its algorithm's params (defaults fill the rest). */
export type ParamsOf<A extends keyof AlgorithmParams> = Partial<AlgorithmParams[A]>;

/**
 * A registered estimator behind scikit-learn's classifier methods. The constructor stores the
 * params (validated in `fit`); `fit` resolves to `this` (it is async: forests train on worker
 * threads).
 */
export class SweepClassifier<P extends object> {
  /** The estimator of the registry this wraps. */
  protected readonly estimator: Classifier;

  constructor(algorithm: string, params: P, fixed: Params = {}, engine: string = DEFAULT_ENGINE) {
    this.estimator = createEstimator(algorithm, { ...(params as Params), ...fixed }, engine);
  }

  /** The registry key (`decision-tree`). */
  get algorithm(): string {
    return this.estimator.algorithm;
  }

  /** The sorted class labels seen in `fit` (undefined before). */
  get classes_(): Label[] | undefined {
    return this.estimator.classes_;
  }

  /** What the last fit wants you to know (e.g. a solver stopped before converging). */
  get fitNotes_(): readonly string[] {
    return this.estimator.fitNotes_ ?? [];
  }

  /** Capabilities with the current params (`proba`, `multiclass`, …). */
  tags(): EstimatorTags {
    return this.estimator.tags();
  }

  /** Every hyperparameter, defaults filled in (and the class's fixed ones, e.g. naive Bayes' `variant`). */
  getParams(): P & Params {
    return this.estimator.getParams() as P & Params;
  }

  /** Changes hyperparameters (validated at the next `fit`). */
  setParams(params: P): this {
    this.estimator.setParams(params as Params);
    return this;
  }

  /** Learns from `X` and `y`; resolves to `this`. */
  async fit(X: MatrixLike, y: readonly Label[]): Promise<this> {
    await this.estimator.fit(toMatrix(X), y);
    return this;
  }

  /** Predicted labels, one per row. */
  predict(X: MatrixLike): Label[] {
    return this.estimator.predict(toMatrix(X));
  }

  /** Class probabilities (rows × classes in `classes_` order); an error when `tags().proba` is false. */
  predictProba(X: MatrixLike): Matrix {
    if (this.estimator.predictProba === undefined) {
      throw new SweepError('SWEEP_ESTIMATOR_INVALID_INPUT', `${this.algorithm} has no predictProba with these params`, { hint: 'check tags().proba first' });
    }
    return this.estimator.predictProba(toMatrix(X));
  }

  /** Accuracy of `predict(X)` against `y` (scikit-learn's `score`). */
  score(X: MatrixLike, y: readonly Label[]): number {
    const predicted = this.predict(X);
    if (predicted.length !== y.length) throw new SweepError('SWEEP_ESTIMATOR_INVALID_INPUT', `X has ${predicted.length} rows but y has ${y.length} labels`);
    let right = 0;
    for (let i = 0; i < y.length; i++) if (predicted[i] === y[i]) right++;
    return y.length === 0 ? Number.NaN : right / y.length;
  }

  /** The fitted model as JSON (what the sweep writes as `model.json`). */
  toJSON(): SerializedEstimator {
    return this.estimator.toJSON();
  }
}

/** A class of `SweepClassifier` for one algorithm; `algorithm` and `fixed` say what it builds. */
export interface EstimatorClass<P extends object> {
  new (params?: P): SweepClassifier<P>;
  /** The registry key it builds. */
  readonly algorithm: string;
  /** Params it always passes (naive Bayes' `variant`). */
  readonly fixed: Readonly<Params>;
}

/** Makes the class of `algorithm`; `fixed` params are set by the class and cannot be passed. */
export function estimatorClass<P extends object>(algorithm: string, fixed: Params = {}): EstimatorClass<P> {
  return class extends SweepClassifier<P> {
    static readonly algorithm = algorithm;
    static readonly fixed = Object.freeze({ ...fixed });
    constructor(params: P = {} as P) {
      super(algorithm, params, fixed);
    }
  };
}

type NaiveBayesVariant<V extends string> = Partial<Omit<Extract<AlgorithmParams['naive-bayes'], { variant: V }>, 'variant'>>;

export const DecisionTreeClassifier = estimatorClass<ParamsOf<'decision-tree'>>('decision-tree');
export const RandomForestClassifier = estimatorClass<ParamsOf<'random-forest'>>('random-forest');
export const KNeighborsClassifier = estimatorClass<ParamsOf<'knn'>>('knn');
export const GaussianNB = estimatorClass<NaiveBayesVariant<'gaussian'>>('naive-bayes', { variant: 'gaussian' });
export const MultinomialNB = estimatorClass<NaiveBayesVariant<'multinomial'>>('naive-bayes', { variant: 'multinomial' });
export const BernoulliNB = estimatorClass<NaiveBayesVariant<'bernoulli'>>('naive-bayes', { variant: 'bernoulli' });
export const CategoricalNB = estimatorClass<NaiveBayesVariant<'categorical'>>('naive-bayes', { variant: 'categorical' });
export const LogisticRegression = estimatorClass<ParamsOf<'logistic-regression'>>('logistic-regression');
export const MLPClassifier = estimatorClass<ParamsOf<'mlp'>>('mlp');
export const SVC = estimatorClass<ParamsOf<'svm'>>('svm');
export const LinearSVC = estimatorClass<ParamsOf<'linear-svm'>>('linear-svm');
export const AdaBoostClassifier = estimatorClass<ParamsOf<'adaboost'>>('adaboost');
export const HistGradientBoostingClassifier = estimatorClass<ParamsOf<'gradient-boosting'>>('gradient-boosting');

/** Instance types, so `let model: DecisionTreeClassifier` reads as in scikit-learn. */
export type DecisionTreeClassifier = InstanceType<typeof DecisionTreeClassifier>;
export type RandomForestClassifier = InstanceType<typeof RandomForestClassifier>;
export type KNeighborsClassifier = InstanceType<typeof KNeighborsClassifier>;
export type GaussianNB = InstanceType<typeof GaussianNB>;
export type MultinomialNB = InstanceType<typeof MultinomialNB>;
export type BernoulliNB = InstanceType<typeof BernoulliNB>;
export type CategoricalNB = InstanceType<typeof CategoricalNB>;
export type LogisticRegression = InstanceType<typeof LogisticRegression>;
export type MLPClassifier = InstanceType<typeof MLPClassifier>;
export type SVC = InstanceType<typeof SVC>;
export type LinearSVC = InstanceType<typeof LinearSVC>;
export type AdaBoostClassifier = InstanceType<typeof AdaBoostClassifier>;
export type HistGradientBoostingClassifier = InstanceType<typeof HistGradientBoostingClassifier>;

/** Every class by its scikit-learn name (a test checks each registered algorithm has one). */
export const estimatorClasses = {
  DecisionTreeClassifier,
  RandomForestClassifier,
  KNeighborsClassifier,
  GaussianNB,
  MultinomialNB,
  BernoulliNB,
  CategoricalNB,
  LogisticRegression,
  MLPClassifier,
  SVC,
  LinearSVC,
  AdaBoostClassifier,
  HistGradientBoostingClassifier,
} as const;
