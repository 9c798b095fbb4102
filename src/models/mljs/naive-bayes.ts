/**
 * The `mljs` engine of `naive-bayes`: an adapter over ml-naivebayes' `GaussianNB`.
 *
 * ml-naivebayes fits per-class means and standard deviations correctly, but its `predict` is
 * wrong: the feature loop runs to `classes[0][1].length + 1` (always 3), so only the first two
 * features are ever read; a feature with zero variance in a class gives `NaN` likelihoods and the
 * prediction -1; and it compares `exp(log-likelihood)`, which underflows to 0 for rows far from
 * every class (again -1).
 * On Fashion-MNIST it scores 0.10 (scikit-learn: 0.57). The adapter keeps the package's fit and
 * model format and computes the Gaussian log-likelihood itself from the fitted means and variances,
 * as scikit-learn does: population variances plus `epsilon = var_smoothing × max feature variance`.
 */
import { GaussianNB } from 'ml-naivebayes';
import { z } from 'zod';
import { type JsonObject, type Matrix, type Params } from '../../core/index.js';
import { BaseClassifier } from '../base.js';
import { type EncodedLabels, type EngineImplementation, type EstimatorTags, type SerializedEstimator, invalidInput } from '../estimator.js';
import { mljsParamsSchema, toLabelArray, toRowArrays } from './shared.js';

const schema = mljsParamsSchema('naive-bayes', {
  variant: z
    .literal('gaussian', { error: "the mljs engine of naive-bayes has only variant 'gaussian'; use `engine: native` for multinomial, bernoulli or categorical" })
    .default('gaussian').describe("the native engine's variant switch; ml-naivebayes is used for its GaussianNB only"),
  var_smoothing: z.number().min(0).default(1e-9).describe("part of the largest feature variance added to every variance, for stability (scikit-learn's `var_smoothing`)"),
});
type NbParams = z.output<typeof schema>;

const TAGS: EstimatorTags = { proba: true, multiclass: true, handlesMissing: false, deterministic: true, needsScaling: false };

/** The JSON form of ml-naivebayes' fitted GaussianNB. */
interface RawGaussianModel {
  modelName: string;
  means: number[][];
  /** Per class: `[log prior, [1 / (√(2π)·std), -2·std²] per feature]` (std with the n − 1 divisor). */
  calculateProbabilities: Array<[number, ...Array<[number | null, number | null]>]>;
}

/** What prediction needs, derived from the package's model: scikit-learn's `theta_`, `var_` and priors. */
interface GaussianState {
  theta: Float64Array;
  variance: Float64Array;
  /** log prior − ½ Σ log(2π var), per class. */
  constant: Float64Array;
}

/** ml-naivebayes' largest supported class count (it sizes a lookup array with 10,000). */
const MAX_CLASSES = 10_000;

/** ml-naivebayes' GaussianNB fit, with scikit-learn's prediction rule. */
export class MljsNaiveBayes extends BaseClassifier<NbParams> {
  private model: GaussianNB | undefined = undefined;
  private classCount: number[] = [];
  private epsilon = 0;
  private gaussian: GaussianState | undefined = undefined;

  constructor(params: Params = {}) {
    super('naive-bayes', 'mljs', schema, params, TAGS);
  }

  protected fitImpl(X: Matrix, y: EncodedLabels, params: NbParams): void {
    this.model = undefined;
    this.gaussian = undefined;
    const k = y.classes.length;
    if (k > MAX_CLASSES) throw invalidInput(this.algorithm, `${k} classes; ml-naivebayes supports at most ${MAX_CLASSES}`);
    const model = new GaussianNB();
    model.train(toRowArrays(X), toLabelArray(y.codes));
    const counts = new Array<number>(k).fill(0);
    for (const c of y.codes) counts[c]! += 1;
    this.classCount = counts;
    this.epsilon = params.var_smoothing * maxColumnVariance(X);
    this.model = model;
    this.gaussian = deriveGaussian(model.toJSON() as RawGaussianModel, counts, this.epsilon, X.cols);
  }

  /** Per-class joint log-likelihoods, rows × classes. */
  private jointLogLikelihood(X: Matrix): Float64Array {
    const { theta, variance, constant } = this.gaussian!;
    const k = constant.length;
    const d = X.cols;
    const out = new Float64Array(X.rows * k);
    for (let i = 0; i < X.rows; i++) {
      for (let c = 0; c < k; c++) {
        let sum = 0;
        for (let j = 0; j < d; j++) {
          const diff = X.data[i * d + j]! - theta[c * d + j]!;
          sum += (diff * diff) / variance[c * d + j]!;
        }
        out[i * k + c] = constant[c]! - 0.5 * sum;
      }
    }
    return out;
  }

  protected predictProbaImpl(X: Matrix): Matrix {
    const k = this.classes_!.length;
    const jll = this.jointLogLikelihood(X);
    for (let i = 0; i < X.rows; i++) {
      let max = -Infinity;
      for (let c = 0; c < k; c++) max = Math.max(max, jll[i * k + c]!);
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp(jll[i * k + c]! - max);
      for (let c = 0; c < k; c++) jll[i * k + c] = Math.exp(jll[i * k + c]! - max) / sum;
    }
    return { data: jll, rows: X.rows, cols: k };
  }

  /** The argmax of the joint log-likelihood (first class on ties), as scikit-learn. */
  protected override predictCodes(X: Matrix): Int32Array {
    const k = this.classes_!.length;
    const jll = this.jointLogLikelihood(X);
    const out = new Int32Array(X.rows);
    for (let i = 0; i < X.rows; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (jll[i * k + c]! > jll[i * k + best]!) best = c;
      out[i] = best;
    }
    return out;
  }

  protected state(): JsonObject {
    return {
      model: JSON.parse(JSON.stringify(this.model!.toJSON())) as JsonObject,
      class_count: this.classCount,
      epsilon: this.epsilon,
    };
  }

  /** Restores a fitted model from `toJSON` output (through ml-naivebayes' own `load`). */
  static load(json: SerializedEstimator): MljsNaiveBayes {
    const est = new MljsNaiveBayes(json.params);
    est.restoreBase(json);
    const raw = json.state['model'] as unknown as RawGaussianModel;
    est.model = GaussianNB.load(raw);
    est.classCount = json.state['class_count'] as number[];
    est.epsilon = json.state['epsilon'] as number;
    est.gaussian = deriveGaussian(raw, est.classCount, est.epsilon, est.nFeaturesIn_!);
    return est;
  }
}

/** The largest population variance of any column of `X` (scikit-learn's `np.var(X, axis=0).max()`). */
function maxColumnVariance(X: Matrix): number {
  let best = 0;
  for (let j = 0; j < X.cols; j++) {
    let mean = 0;
    for (let i = 0; i < X.rows; i++) mean += X.data[i * X.cols + j]!;
    mean /= X.rows;
    let ss = 0;
    for (let i = 0; i < X.rows; i++) ss += (X.data[i * X.cols + j]! - mean) ** 2;
    best = Math.max(best, ss / X.rows);
  }
  return best;
}

/**
 * scikit-learn's `theta_`, `var_` and constants from the package's model: its stored `-2·std²`
 * (n − 1 divisor) becomes the population variance `std² × (n − 1) / n`, plus `epsilon`.
 */
function deriveGaussian(raw: RawGaussianModel, classCount: readonly number[], epsilon: number, d: number): GaussianState {
  const k = classCount.length;
  const theta = new Float64Array(k * d);
  const variance = new Float64Array(k * d);
  const constant = new Float64Array(k);
  const total = classCount.reduce((a, b) => a + b, 0);
  // With every feature constant, epsilon is 0; any positive value then gives the same decisions.
  const eps = epsilon > 0 ? epsilon : Number.MIN_VALUE;
  for (let c = 0; c < k; c++) {
    const n = classCount[c]!;
    const perFeature = raw.calculateProbabilities[c]!;
    let logDet = 0;
    for (let j = 0; j < d; j++) {
      theta[c * d + j] = raw.means[c]![j]!;
      const c2 = (perFeature[j + 1] as [number | null, number | null])[1];
      const unbiased = n > 1 && c2 !== null ? -c2 / 2 : 0;
      const v = (unbiased * (n - 1)) / n + eps;
      variance[c * d + j] = v;
      logDet += Math.log(2 * Math.PI * v);
    }
    constant[c] = Math.log(n / total) - 0.5 * logDet;
  }
  return { theta, variance, constant };
}

/** `naive-bayes` on the mljs engine. */
export const mljsNaiveBayes: EngineImplementation = {
  create: (params) => new MljsNaiveBayes(params),
  load: (json) => MljsNaiveBayes.load(json),
  paramsSchema: schema,
  tags: TAGS,
  caveat:
    "gaussian only; ml-naivebayes' own predict reads only the first two features and returns -1 on constant features, " +
    "so this adapter keeps the package's fitted means and variances and computes scikit-learn's log-likelihood itself",
};
