/**
 * Native logistic regression: scikit-learn 1.2's LogisticRegression with `solver='lbfgs'`.
 *
 * The objective is scikit-learn's: Σᵢ sᵢ·lossᵢ + ½·(1/C)·‖W‖² (the intercept is not penalized;
 * `penalty: none` drops the penalty), where sᵢ is the row's `class_weight`. Two classes fit one
 * coefficient vector on the binomial loss (`multi_class: auto`); more classes, or
 * `multi_class: multinomial`, fit one row per class on the multinomial (softmax) loss. Parameters
 * are ordered as scikit-learn ravels them, and the optimizer is scipy's L-BFGS-B without bounds
 * (`lbfgs.ts`). The scores X·Wᵀ and the gradient Eᵀ·X run over one resident copy of X
 * (`linear-rows.ts`): sparse rows for one-hot data, the dense WebAssembly kernel otherwise.
 *
 * Not converging within `max_iter` is not an error: the model is kept and `fitNotes_` says so, as
 * scikit-learn's ConvergenceWarning does.
 */
import { z } from 'zod';
import type { JsonObject, Matrix, Params } from '../../core/index.js';
import { BaseClassifier, decodeTypedArray, encodeTypedArray } from '../base.js';
import type { EncodedLabels, EngineImplementation, EstimatorTags, SerializedEstimator } from '../estimator.js';
import { gemm } from './kernels/dense.js';
import { minimizeLbfgs } from './lbfgs.js';
import { softmaxRows } from './softmax.js';
import { linearRows, type LinearRows } from './linear-rows.js';
import { classWeightsFor } from './tree/options.js';
import { classWeightSchema } from './tree/params.js';

const ALGORITHM = 'logistic-regression';

/** Hyperparameters (scikit-learn's names and defaults; `solver` is lbfgs only). */
export const logisticRegressionParamsSchema = z.strictObject({
  penalty: z.enum(['l2', 'none']).default('l2').describe("'l2' (default) or 'none'"),
  C: z.number().positive().default(1.0).describe('inverse regularization strength'),
  tol: z.number().positive().default(1e-4).describe('stop when the largest gradient component is at most this'),
  max_iter: z.number().int().positive().default(100).describe('L-BFGS iterations; stopping there is a note, not a failure'),
  fit_intercept: z.boolean().default(true),
  class_weight: classWeightSchema,
  multi_class: z.enum(['auto', 'multinomial']).default('auto').describe("'auto': binomial for two classes, multinomial for more"),
  solver: z.literal('lbfgs').default('lbfgs'),
});
export type LogisticRegressionParams = z.infer<typeof logisticRegressionParamsSchema>;

const TAGS: EstimatorTags = { proba: true, multiclass: true, handlesMissing: false, deterministic: true, needsScaling: true };

/**
 * The stable log(1 + e^r) − y·r and its derivative from one exponential, as scikit-learn's
 * `closs_grad_half_binomial`; the derivative goes to `lossGrad[0]`, the loss is returned.
 */
function binomialLossGradient(y: number, raw: number, lossGrad: Float64Array): number {
  let loss: number;
  if (raw <= 0) {
    const e = Math.exp(raw);
    loss = raw <= -37 ? e - y * raw : Math.log1p(e) - y * raw;
    lossGrad[0] = ((1 - y) * e - y) / (1 + e);
  } else {
    const e = Math.exp(-raw);
    loss = raw <= 18 ? Math.log1p(e) + (1 - y) * raw : e + (1 - y) * raw;
    lossGrad[0] = (1 - y - y * e) / (1 + e);
  }
  return loss;
}

/** The logistic sigmoid as scipy's `expit`. */
function expit(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * Loss and gradient of the objective for parameter vector `w` (scikit-learn's layout: binomial
 * [w₀..w_{p−1}, b]; multinomial feature-major, w[j·K + k], intercepts last).
 */
function makeObjective(
  X: LinearRows,
  codes: Int32Array,
  weights: Float64Array,
  K: number,
  p: number,
  fitIntercept: boolean,
  l2: number,
): (w: Float64Array, grad: Float64Array) => number {
  const n = codes.length;
  const W = new Float64Array(K * p);
  const raw = new Float64Array(n * K);
  const E = new Float64Array(n * K);
  const G = new Float64Array(K * p);
  const multinomial = K > 1;
  const intercepts = new Float64Array(K);
  const lossGrad = new Float64Array(1);
  return (w, grad) => {
    for (let k = 0; k < K; k++) for (let j = 0; j < p; j++) W[k * p + j] = multinomial ? w[j * K + k]! : w[j]!;
    X.timesTransposed(W, K, raw);
    let loss = 0;
    if (fitIntercept) for (let k = 0; k < K; k++) intercepts[k] = w[p * K + k]!;
    if (!multinomial) {
      const b = intercepts[0]!;
      for (let i = 0; i < n; i++) {
        const r = raw[i]! + b;
        const y = codes[i] === 1 ? 1 : 0;
        const s = weights[i]!;
        loss += s * binomialLossGradient(y, r, lossGrad);
        E[i] = s * lossGrad[0]!;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const o = i * K;
        let max = -Infinity;
        for (let k = 0; k < K; k++) {
          const r = raw[o + k]! + intercepts[k]!;
          raw[o + k] = r;
          if (r > max) max = r;
        }
        let sum = 0;
        for (let k = 0; k < K; k++) {
          const e = Math.exp(raw[o + k]! - max);
          E[o + k] = e;
          sum += e;
        }
        const s = weights[i]!;
        const yi = codes[i]!;
        loss += s * (Math.log(sum) + max - raw[o + yi]!);
        for (let k = 0; k < K; k++) E[o + k] = s * (E[o + k]! / sum - (k === yi ? 1 : 0));
      }
    }
    X.transposeTimes(E, K, G);
    let norm2 = 0;
    for (let q = 0; q < K * p; q++) norm2 += W[q]! * W[q]!;
    loss += 0.5 * l2 * norm2;
    for (let k = 0; k < K; k++) for (let j = 0; j < p; j++) grad[multinomial ? j * K + k : j] = G[k * p + j]! + l2 * W[k * p + j]!;
    if (fitIntercept) {
      for (let k = 0; k < K; k++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += E[i * K + k]!;
        grad[p * K + k] = s;
      }
    }
    return loss;
  };
}

/**
 * A logistic regression classifier (scikit-learn's LogisticRegression, lbfgs).
 *
 * @example
 * const lr = await new NativeLogisticRegression({ C: 0.5 }).fit(X, y);
 * lr.predictProba(Xtest);
 */
export class NativeLogisticRegression extends BaseClassifier<LogisticRegressionParams> {
  /** K × p coefficients (K = 1 for the binomial model), row-major. */
  coef_: Float64Array | undefined;
  intercept_: Float64Array | undefined;
  nIter_: number | undefined;

  constructor(params: Params = {}) {
    super(ALGORITHM, 'native', logisticRegressionParamsSchema as unknown as z.ZodType<LogisticRegressionParams>, params, TAGS);
  }

  protected fitImpl(X: Matrix, y: EncodedLabels, params: LogisticRegressionParams): void {
    this.coef_ = undefined;
    this.intercept_ = undefined;
    const { rows: n, cols: p } = X;
    const nClasses = y.classes.length;
    const multinomial = nClasses > 2 || params.multi_class === 'multinomial';
    const K = multinomial ? nClasses : 1;
    const weights = classWeightsFor(ALGORITHM, params.class_weight, y.classes, y.codes) ?? new Float64Array(n).fill(1);
    const l2 = params.penalty === 'none' ? 0 : 1 / params.C;
    const rows = linearRows(X);
    const dof = K * (p + (params.fit_intercept ? 1 : 0));
    const objective = makeObjective(rows, y.codes, weights, K, p, params.fit_intercept, l2);
    const result = minimizeLbfgs(objective, new Float64Array(dof), { maxiter: params.max_iter, gtol: params.tol, maxfun: 15000 });
    const w = result.x;
    const coef = new Float64Array(K * p);
    const intercept = new Float64Array(K);
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < p; j++) coef[k * p + j] = multinomial ? w[j * K + k]! : w[j]!;
      if (params.fit_intercept) intercept[k] = w[p * K + k]!;
    }
    this.coef_ = coef;
    this.intercept_ = intercept;
    this.nIter_ = Math.min(result.nit, params.max_iter);
    if (result.status !== 0) {
      this.fitNotes_.push(
        `lbfgs failed to converge (status=${result.status}: ${result.message}) after ${this.nIter_} iterations; increase max_iter or scale the data (scikit-learn's ConvergenceWarning)`,
      );
    }
  }

  /** Raw scores X·Wᵀ + b (n × K). */
  decisionFunction(X: Matrix): Float64Array {
    const K = this.intercept_!.length;
    const out = new Float64Array(X.rows * K);
    gemm(X.rows, K, X.cols, X.data, this.coef_!, out, { transB: true });
    for (let i = 0; i < X.rows; i++) for (let k = 0; k < K; k++) out[i * K + k]! += this.intercept_![k]!;
    return out;
  }

  protected predictProbaImpl(X: Matrix): Matrix {
    const K = this.intercept_!.length;
    const raw = this.decisionFunction(X);
    const nClasses = this.classes_!.length;
    const data = new Float64Array(X.rows * nClasses);
    if (K === 1) {
      for (let i = 0; i < X.rows; i++) {
        const p1 = expit(raw[i]!);
        data[i * 2] = 1 - p1;
        data[i * 2 + 1] = p1;
      }
    } else {
      data.set(raw);
      softmaxRows(data, X.rows, K);
    }
    return { data, rows: X.rows, cols: nClasses };
  }

  protected override predictCodes(X: Matrix): Int32Array {
    const K = this.intercept_!.length;
    const raw = this.decisionFunction(X);
    const out = new Int32Array(X.rows);
    for (let i = 0; i < X.rows; i++) {
      if (K === 1) {
        out[i] = raw[i]! > 0 ? 1 : 0;
        continue;
      }
      let best = 0;
      for (let k = 1; k < K; k++) if (raw[i * K + k]! > raw[i * K + best]!) best = k;
      out[i] = best;
    }
    return out;
  }

  protected state(): JsonObject {
    return { coef: encodeTypedArray(this.coef_!), intercept: encodeTypedArray(this.intercept_!), n_iter: this.nIter_ ?? 0, notes: this.fitNotes_ };
  }

  /** Restores a fitted model from `toJSON` output. */
  static fromJSON(json: SerializedEstimator): NativeLogisticRegression {
    const est = new NativeLogisticRegression(json.params);
    est.restoreBase(json);
    est.coef_ = decodeTypedArray(json.state['coef'] as string, Float64Array);
    est.intercept_ = decodeTypedArray(json.state['intercept'] as string, Float64Array);
    est.nIter_ = json.state['n_iter'] as number;
    est.fitNotes_ = [...((json.state['notes'] as string[] | undefined) ?? [])];
    return est;
  }
}

/** The native engine's `logistic-regression`. */
export const nativeLogisticRegression: EngineImplementation = {
  create: (params) => new NativeLogisticRegression(params),
  load: (json) => NativeLogisticRegression.fromJSON(json),
  paramsSchema: logisticRegressionParamsSchema as unknown as z.ZodType<Params>,
  tags: TAGS,
};
