/**
 * The native `linear-svm` engine: scikit-learn's LinearSVC (liblinear's L2-regularized
 * L2-loss/L1-loss SVC solved in the dual, `svm/linear-dual-cd.ts`), one-vs-rest for more than two
 * classes, the intercept as liblinear's extra constant feature (`intercept_scaling`).
 *
 * As in liblinear's `train`: with two classes one problem, classes_[1] positive with C times its
 * class weight, classes_[0] negative with C times its own; with K > 2 classes, K problems, class k
 * positive with C·weight_k against all others with plain C. Labels are predicted as scikit-learn's
 * LinearClassifierMixin: decision > 0 (two classes) or the first largest decision (K classes).
 * LinearSVC has no `predict_proba`, so neither has this (`tags().proba` is false).
 */
import { z } from 'zod';
import { Random, SweepError, type JsonObject, type Matrix, type Params } from '../../core/index.js';
import { BaseClassifier, decodeTypedArray, encodeTypedArray } from '../base.js';
import { validatePredictInput, type EncodedLabels, type EngineImplementation, type EstimatorTags, type SerializedEstimator } from '../estimator.js';
import { solveLinearSvcDual } from './svm/linear-dual-cd.js';
import { packRows } from './svm/rows.js';
import { classWeightVector } from './tree/options.js';
import { classWeightSchema, DEFAULT_SEED } from './tree/params.js';

const ALGORITHM = 'linear-svm';

/** Hyperparameters of the native LinearSVC (scikit-learn 1.2's names and defaults; dual, l2 penalty, ovr only). */
export const linearSvmSchema = z.strictObject({
  C: z.number().gt(0).default(1).describe('inverse regularization strength'),
  loss: z.enum(['squared_hinge', 'hinge']).default('squared_hinge').describe('squared_hinge (L2-loss, the default) or hinge (L1-loss)'),
  tol: z.number().gt(0).default(1e-4).describe('stop when the projected gradient spans at most tol (liblinear eps)'),
  max_iter: z.number().int().gte(1).default(1000).describe('outer iterations (passes over the rows) per binary problem'),
  fit_intercept: z.boolean().default(true),
  intercept_scaling: z.number().gt(0).default(1).describe('value of the constant feature liblinear appends for the intercept'),
  class_weight: classWeightSchema,
  random_state: z
    .number()
    .int()
    .nullable()
    .default(null)
    .describe('seed for the order rows are visited in; null = the fixed seed 0, so results are reproducible'),
});

/** Parsed linear-svm params. */
export type LinearSvmParams = z.output<typeof linearSvmSchema>;

const TAGS: EstimatorTags = { proba: false, multiclass: true, handlesMissing: false, deterministic: false, needsScaling: true };

/** scikit-learn's LinearSVC on the native engine. */
export class NativeLinearSvm extends BaseClassifier<LinearSvmParams> {
  /** Weights, one row per binary problem (1 for two classes, K otherwise), `nFeaturesIn_` columns. */
  coef_: Float64Array | undefined = undefined;
  /** Intercept per binary problem (intercept_scaling × the bias feature's weight). */
  intercept_: Float64Array | undefined = undefined;
  /** Outer iterations of the slowest binary problem (scikit-learn's `n_iter_`). */
  nIter_: number | undefined = undefined;

  constructor(params: Params = {}) {
    super(ALGORITHM, 'native', linearSvmSchema as unknown as z.ZodType<LinearSvmParams>, params, TAGS);
  }

  protected fitImpl(X: Matrix, y: EncodedLabels, params: LinearSvmParams): void {
    this.coef_ = undefined;
    this.intercept_ = undefined;
    const K = y.classes.length;
    const l = X.rows;
    const n = X.cols;
    const weights = classWeightVector(ALGORITHM, params.class_weight, y.classes, y.codes) ?? new Float64Array(K).fill(1);
    const store = packRows(X);
    const bias = params.fit_intercept ? params.intercept_scaling : 0;
    // liblinear groups the rows by class (stable) before solving.
    const order = new Int32Array(l);
    let at = 0;
    for (let c = 0; c < K; c++) for (let i = 0; i < l; i++) if (y.codes[i] === c) order[at++] = i;
    const rng = new Random(params.random_state ?? DEFAULT_SEED);
    const nW = K === 2 ? 1 : K;
    const coef = new Float64Array(nW * n);
    const intercept = new Float64Array(nW);
    const sign = new Int8Array(l);
    const C = new Float64Array(l);
    let nIter = 0;
    for (let k = 0; k < nW; k++) {
      const positive = K === 2 ? 1 : k;
      for (let i = 0; i < l; i++) {
        const isPositive = y.codes[i] === positive;
        sign[i] = isPositive ? 1 : -1;
        if (K === 2) C[i] = params.C * weights[y.codes[i]!]!;
        else C[i] = isPositive ? params.C * weights[k]! : params.C;
      }
      const { w, nIter: iters } = solveLinearSvcDual({ X: store, y: sign, C, loss: params.loss, bias, eps: params.tol, maxIter: params.max_iter, order }, rng);
      coef.set(w.subarray(0, n), k * n);
      intercept[k] = params.fit_intercept ? params.intercept_scaling * w[n]! : 0;
      nIter = Math.max(nIter, iters);
    }
    if (nIter >= params.max_iter) {
      this.fitNotes_.push(`${ALGORITHM}: liblinear failed to converge in max_iter = ${params.max_iter} iterations (scikit-learn's ConvergenceWarning); increase max_iter or scale the data`);
    }
    this.coef_ = coef;
    this.intercept_ = intercept;
    this.nIter_ = nIter;
  }

  /** scikit-learn's `decision_function`: one column for two classes (positive = classes_[1]), else one per class. */
  decisionFunction(X: Matrix): Matrix {
    validatePredictInput(ALGORITHM, X, this.nFeaturesIn_, false);
    return this.decisions(X);
  }

  private decisions(X: Matrix): Matrix {
    const coef = this.coef_!;
    const intercept = this.intercept_!;
    const nW = intercept.length;
    const n = X.cols;
    const out = new Float64Array(X.rows * nW);
    for (let i = 0; i < X.rows; i++) {
      const base = i * n;
      for (let k = 0; k < nW; k++) {
        let s = 0;
        const wb = k * n;
        for (let j = 0; j < n; j++) s += X.data[base + j]! * coef[wb + j]!;
        out[i * nW + k] = s + intercept[k]!;
      }
    }
    return { data: out, rows: X.rows, cols: nW };
  }

  protected override predictCodes(X: Matrix): Int32Array {
    const d = this.decisions(X);
    const out = new Int32Array(X.rows);
    if (d.cols === 1) {
      for (let i = 0; i < X.rows; i++) out[i] = d.data[i]! > 0 ? 1 : 0;
      return out;
    }
    for (let i = 0; i < X.rows; i++) {
      let best = 0;
      for (let k = 1; k < d.cols; k++) if (d.data[i * d.cols + k]! > d.data[i * d.cols + best]!) best = k;
      out[i] = best;
    }
    return out;
  }

  protected predictProbaImpl(): Matrix {
    throw new SweepError('SWEEP_ESTIMATOR_INVALID_INPUT', `${ALGORITHM}: has no predict_proba (neither has scikit-learn's LinearSVC)`, {
      hint: 'use svm with probability: true, or a metric that needs only labels',
    });
  }

  protected state(): JsonObject {
    return { coef: encodeTypedArray(this.coef_!), intercept: encodeTypedArray(this.intercept_!), n_iter: this.nIter_! };
  }

  /** Restores a fitted model from `toJSON` output; it predicts identically. */
  static fromJSON(json: SerializedEstimator): NativeLinearSvm {
    const est = new NativeLinearSvm(json.params);
    est.restoreBase(json);
    est.coef_ = decodeTypedArray(json.state['coef'] as string, Float64Array);
    est.intercept_ = decodeTypedArray(json.state['intercept'] as string, Float64Array);
    est.nIter_ = json.state['n_iter'] as number;
    return est;
  }
}

/** The native engine's linear-svm. */
export const nativeLinearSvm: EngineImplementation = {
  create: (params) => new NativeLinearSvm(params),
  load: (json) => NativeLinearSvm.fromJSON(json),
  paramsSchema: linearSvmSchema as unknown as z.ZodType<Params>,
  tags: TAGS,
};
