/**
 * The native `svm` engine: scikit-learn's SVC, i.e. libsvm's C-SVC (`svm/smo.ts`: SMO with
 * second-order working-set selection, shrinking, a float32 kernel-row cache bounded by
 * `cache_size`), trained one-vs-one as libsvm's `svm_train`:
 *
 * - rows grouped by class (sorted labels), one binary problem per pair i < j with class i as +1
 *   (C · weight_i) and class j as −1 (C · weight_j);
 * - support vectors are the rows with a non-zero coefficient in any pair, grouped by class;
 * - prediction by libsvm's vote (decision > 0 votes for i, else j; ties go to the lower class);
 * - `probability: true`: per pair, Platt scaling fitted on decision values from an internal
 *   5-fold cross-validation (`svm_binary_svc_probability`; the fold split is drawn from our seeded
 *   RNG, libsvm draws it from C's `rand()`), then pairwise coupling (`multiclass_probability`).
 *   As in scikit-learn, `predict` still votes on decision values, so on rare rows argmax of
 *   `predictProba` and `predict` can disagree.
 *
 * `decisionFunction` returns scikit-learn's `decision_function_shape='ovo'` values: one column per
 * pair in libsvm's order, positive for class i; with two classes the single column is negated so
 * positive means classes_[1], as scikit-learn does.
 */
import { z } from 'zod';
import { Random, SweepError, type JsonObject, type Matrix, type Params } from '../../core/index.js';
import { BaseClassifier, decodeTypedArray, encodeTypedArray } from '../base.js';
import { validatePredictInput, type EncodedLabels, type EngineImplementation, type EstimatorTags, type SerializedEstimator } from '../estimator.js';
import { forEachKernelBlock, kernelFromDot, TrainingKernel, type KernelSpec } from './svm/kernel.js';
import { multiclassProbability, sigmoidPredict, sigmoidTrain } from './svm/platt.js';
import { CacheArena } from './svm/row-cache.js';
import { solveBinarySvc, type SolverOptions } from './svm/smo.js';
import { classWeightVector } from './tree/options.js';
import { classWeightSchema, DEFAULT_SEED } from './tree/params.js';

const ALGORITHM = 'svm';

/** Hyperparameters of the native SVC (scikit-learn 1.2's names and defaults). */
export const svmSchema = z.strictObject({
  C: z.number().gt(0).default(1).describe('regularization: the box bound of every dual coefficient (times the class weight)'),
  kernel: z.enum(['rbf', 'linear', 'poly', 'sigmoid']).default('rbf'),
  degree: z.number().int().gte(0).default(3).describe('degree of the poly kernel'),
  gamma: z
    .union([z.enum(['scale', 'auto']), z.number().gt(0)])
    .default('scale')
    .describe("kernel coefficient for rbf, poly, sigmoid: 'scale' = 1 / (n_features · X.var()), 'auto' = 1 / n_features, or a number"),
  coef0: z.number().default(0).describe('independent term of the poly and sigmoid kernels'),
  shrinking: z.boolean().default(true),
  probability: z.boolean().default(false).describe("Platt scaling with libsvm's internal 5-fold cross-validation (fit costs about 6×)"),
  tol: z.number().gt(0).default(1e-3).describe('stopping tolerance on the maximal violating pair'),
  cache_size: z.number().gt(0).default(200).describe('kernel cache bound in megabytes (float32 rows, least recently used evicted)'),
  class_weight: classWeightSchema,
  max_iter: z.number().int().gte(-1).default(-1).describe('solver iterations per binary problem; -1 = no limit'),
  random_state: z
    .number()
    .int()
    .nullable()
    .default(null)
    .describe('seed for the internal cross-validation of probability: true; null = the fixed seed 0'),
});

/** Parsed svm params. */
export type SvmParams = z.output<typeof svmSchema>;

const TAGS: EstimatorTags = { proba: false, multiclass: true, handlesMissing: false, deterministic: true, needsScaling: true };

/** The fitted model, libsvm's layout. */
interface SvmModel {
  spec: KernelSpec;
  /** Support vectors, row-major (nSV × cols), grouped by class. */
  sv: Float64Array;
  /** Support vectors per class. */
  nSupport: Int32Array;
  /** Training-row index of each support vector. */
  support: Int32Array;
  /** (K − 1) × nSV dual coefficients, libsvm's `sv_coef`. */
  svCoef: Float64Array;
  /** ρ per pair (decision = Σ coef K − ρ). */
  rho: Float64Array;
  probA: Float64Array | null;
  probB: Float64Array | null;
}

/** Resolves gamma as scikit-learn: 'scale' uses the variance of all values of X (1 when it is 0). */
export function resolveGamma(gamma: SvmParams['gamma'], X: Matrix): number {
  if (typeof gamma === 'number') return gamma;
  if (gamma === 'auto') return 1 / X.cols;
  const d = X.data;
  let mean = 0;
  for (let k = 0; k < d.length; k++) mean += d[k]!;
  mean /= d.length;
  let v = 0;
  for (let k = 0; k < d.length; k++) v += (d[k]! - mean) ** 2;
  v /= d.length;
  return v === 0 ? 1 : 1 / (X.cols * v);
}

/** Σ coef_s K(x_r, x_{svRows[s]}) − ρ for training rows `evalRows`, all from the training kernel. */
function decisionOnTrainingRows(kernel: TrainingKernel, svRows: Int32Array, coef: Float64Array, rho: number, evalRows: ArrayLike<number>, out: Float64Array): void {
  const { sq, spec } = kernel;
  for (let e = 0; e < evalRows.length; e++) {
    const r = evalRows[e]!;
    const dots = kernel.dots(r, svRows, 0, svRows.length);
    let sum = 0;
    for (let s = 0; s < svRows.length; s++) {
      const c = coef[s]!;
      if (c !== 0) sum += c * kernelFromDot(spec, dots[s]!, sq[r]!, sq[svRows[s]!]!);
    }
    out[e] = sum - rho;
  }
}

/**
 * libsvm's `svm_binary_svc_probability`: decision values of every row of the pair from a 5-fold
 * cross-validation, then Platt's sigmoid on them. `pos` rows are class i (+1), `neg` class j.
 */
function binaryProbability(kernel: TrainingKernel, pos: Int32Array, neg: Int32Array, Cp: number, Cn: number, options: SolverOptions, rng: Random): { A: number; B: number } {
  const l = pos.length + neg.length;
  const rows = new Int32Array(l);
  rows.set(pos);
  rows.set(neg, pos.length);
  const positive = new Uint8Array(l);
  positive.fill(1, 0, pos.length);
  const perm = new Int32Array(l);
  for (let i = 0; i < l; i++) perm[i] = i;
  for (let i = 0; i < l; i++) {
    const j = i + rng.randint(l - i);
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  const dec = new Float64Array(l);
  const nrFold = 5;
  for (let f = 0; f < nrFold; f++) {
    const begin = Math.floor((f * l) / nrFold);
    const end = Math.floor(((f + 1) * l) / nrFold);
    const train: number[] = [];
    for (let j = 0; j < begin; j++) train.push(perm[j]!);
    for (let j = end; j < l; j++) train.push(perm[j]!);
    const held = perm.subarray(begin, end);
    let pCount = 0;
    for (const t of train) if (positive[t]) pCount++;
    const nCount = train.length - pCount;
    if (pCount === 0 || nCount === 0) {
      const v = pCount === 0 && nCount === 0 ? 0 : pCount > 0 ? 1 : -1;
      for (const t of held) dec[t] = v;
      continue;
    }
    // libsvm trains the fold's model through svm_train, which sorts the labels (-1 before +1): the
    // negative class's rows come first, as the solver's +1, and the decision is negated back.
    const order = [...train.filter((t) => !positive[t]), ...train.filter((t) => positive[t])];
    const sub = Int32Array.from(order, (t) => rows[t]!);
    const y = Int8Array.from(order, (t) => (positive[t] ? -1 : 1));
    const C = Float64Array.from(order, (t) => (positive[t] ? Cp : Cn));
    const { coef, rho } = solveBinarySvc(kernel, { rows: sub, y, C }, options);
    const heldRows = Int32Array.from(held, (t) => rows[t]!);
    const out = new Float64Array(held.length);
    decisionOnTrainingRows(kernel, sub, coef, rho, heldRows, out);
    for (let e = 0; e < held.length; e++) dec[held[e]!] = -out[e]!;
  }
  return sigmoidTrain(dec, positive);
}

/** scikit-learn's SVC on the native engine. */
export class NativeSvm extends BaseClassifier<SvmParams> {
  private model: SvmModel | undefined = undefined;

  constructor(params: Params = {}) {
    super(ALGORITHM, 'native', svmSchema as unknown as z.ZodType<SvmParams>, params, TAGS);
  }

  override tags(): EstimatorTags {
    return { ...TAGS, proba: this.getParams()['probability'] === true };
  }

  /** Support vectors per class (scikit-learn's `n_support_`). */
  get nSupport_(): Int32Array | undefined {
    return this.model?.nSupport;
  }

  /** Training-row indices of the support vectors (scikit-learn's `support_`). */
  get support_(): Int32Array | undefined {
    return this.model?.support;
  }

  protected fitImpl(X: Matrix, y: EncodedLabels, params: SvmParams): void {
    this.model = undefined;
    const K = y.classes.length;
    const l = X.rows;
    const d = X.cols;
    const spec: KernelSpec = { kernel: params.kernel, gamma: resolveGamma(params.gamma, X), degree: params.degree, coef0: params.coef0 };
    const weights = classWeightVector(ALGORITHM, params.class_weight, y.classes, y.codes) ?? new Float64Array(K).fill(1);
    const weightedC = weights.map((w) => params.C * w);
    // svm_group_classes: rows by class (sorted labels), original order within a class.
    const count = new Int32Array(K);
    for (let i = 0; i < l; i++) count[y.codes[i]!]!++;
    const start = new Int32Array(K);
    for (let c = 1; c < K; c++) start[c] = start[c - 1]! + count[c - 1]!;
    const perm = new Int32Array(l);
    const fill = start.slice();
    for (let i = 0; i < l; i++) perm[fill[y.codes[i]!]!++] = i;
    const kernel = new TrainingKernel(X.data, l, d, spec, perm);
    const options: SolverOptions = { eps: params.tol, shrinking: params.shrinking, cacheBytes: params.cache_size * 1048576, maxIter: params.max_iter, arena: new CacheArena() };
    const rng = new Random(params.random_state ?? DEFAULT_SEED);
    const nPairs = (K * (K - 1)) / 2;
    const rho = new Float64Array(nPairs);
    const probA = params.probability ? new Float64Array(nPairs) : null;
    const probB = params.probability ? new Float64Array(nPairs) : null;
    const nonzero = new Uint8Array(l); // by grouped position
    const pairCoef: Float64Array[] = [];
    let stopped = 0;
    let p = 0;
    for (let i = 0; i < K; i++) {
      for (let j = i + 1; j < K; j++) {
        const ci = count[i]!;
        const cj = count[j]!;
        const rows = new Int32Array(ci + cj);
        rows.set(perm.subarray(start[i]!, start[i]! + ci));
        rows.set(perm.subarray(start[j]!, start[j]! + cj), ci);
        const sign = new Int8Array(ci + cj).fill(1, 0, ci).fill(-1, ci);
        const C = new Float64Array(ci + cj).fill(weightedC[i]!, 0, ci).fill(weightedC[j]!, ci);
        if (probA !== null && probB !== null) {
          const { A, B } = binaryProbability(kernel, rows.subarray(0, ci), rows.subarray(ci), weightedC[i]!, weightedC[j]!, options, rng);
          probA[p] = A;
          probB[p] = B;
        }
        const solution = solveBinarySvc(kernel, { rows, y: sign, C }, options);
        if (solution.stoppedEarly) stopped++;
        rho[p] = solution.rho;
        pairCoef.push(solution.coef);
        for (let k = 0; k < ci; k++) if (solution.coef[k] !== 0) nonzero[start[i]! + k] = 1;
        for (let k = 0; k < cj; k++) if (solution.coef[ci + k] !== 0) nonzero[start[j]! + k] = 1;
        p++;
      }
    }
    if (stopped > 0) {
      this.fitNotes_.push(
        `${ALGORITHM}: the solver stopped at max_iter = ${params.max_iter} in ${stopped} of ${nPairs} binary problems before converging (scikit-learn's ConvergenceWarning); raise max_iter or scale the data`,
      );
    }
    // Support vectors grouped by class, libsvm's model->SV and sv_coef.
    const nSupport = new Int32Array(K);
    const nzStart = new Int32Array(K);
    let total = 0;
    for (let c = 0; c < K; c++) {
      nzStart[c] = total;
      for (let k = 0; k < count[c]!; k++) if (nonzero[start[c]! + k]) nSupport[c]!++;
      total += nSupport[c]!;
    }
    const sv = new Float64Array(total * d);
    const support = new Int32Array(total);
    let at = 0;
    for (let g = 0; g < l; g++) {
      if (!nonzero[g]) continue;
      support[at] = perm[g]!;
      sv.set(X.data.subarray(perm[g]! * d, (perm[g]! + 1) * d), at * d);
      at++;
    }
    const svCoef = new Float64Array(Math.max(K - 1, 1) * total);
    p = 0;
    for (let i = 0; i < K; i++) {
      for (let j = i + 1; j < K; j++) {
        const coef = pairCoef[p]!;
        const ci = count[i]!;
        let q = nzStart[i]!;
        for (let k = 0; k < ci; k++) if (nonzero[start[i]! + k]) svCoef[(j - 1) * total + q++] = coef[k]!;
        q = nzStart[j]!;
        for (let k = 0; k < count[j]!; k++) if (nonzero[start[j]! + k]) svCoef[i * total + q++] = coef[ci + k]!;
        p++;
      }
    }
    this.model = { spec, sv, nSupport, support, svCoef, rho, probA, probB };
  }

  /** libsvm's decision values (rows × pairs, positive for the pair's first class). */
  private ovoDecisions(X: Matrix): Matrix {
    const m = this.model!;
    const K = m.nSupport.length;
    const nPairs = (K * (K - 1)) / 2;
    const total = m.support.length;
    const start = new Int32Array(K);
    for (let c = 1; c < K; c++) start[c] = start[c - 1]! + m.nSupport[c - 1]!;
    const out = new Float64Array(X.rows * nPairs);
    forEachKernelBlock(m.spec, X.data, X.rows, X.cols, m.sv, total, (r0, rows, kv) => {
      for (let r = 0; r < rows; r++) {
        const kb = r * total;
        let p = 0;
        for (let i = 0; i < K; i++) {
          for (let j = i + 1; j < K; j++) {
            let sum = 0;
            const c1 = (j - 1) * total;
            const c2 = i * total;
            for (let k = start[i]!, e = start[i]! + m.nSupport[i]!; k < e; k++) sum += m.svCoef[c1 + k]! * kv[kb + k]!;
            for (let k = start[j]!, e = start[j]! + m.nSupport[j]!; k < e; k++) sum += m.svCoef[c2 + k]! * kv[kb + k]!;
            out[(r0 + r) * nPairs + p] = sum - m.rho[p]!;
            p++;
          }
        }
      }
    });
    return { data: out, rows: X.rows, cols: nPairs };
  }

  /**
   * scikit-learn's `decision_function` with `decision_function_shape='ovo'`: one column per class
   * pair (i < j, positive for i); with two classes one column, positive for classes_[1].
   */
  decisionFunction(X: Matrix): Matrix {
    validatePredictInput(ALGORITHM, X, this.nFeaturesIn_, false);
    const d = this.ovoDecisions(X);
    if (d.cols === 1) for (let i = 0; i < d.data.length; i++) d.data[i] = -d.data[i]!;
    return d;
  }

  protected override predictCodes(X: Matrix): Int32Array {
    const d = this.ovoDecisions(X);
    const K = this.model!.nSupport.length;
    const out = new Int32Array(X.rows);
    const vote = new Int32Array(K);
    for (let r = 0; r < X.rows; r++) {
      vote.fill(0);
      let p = 0;
      for (let i = 0; i < K; i++) for (let j = i + 1; j < K; j++) vote[d.data[r * d.cols + p++]! > 0 ? i : j]!++;
      let best = 0;
      for (let c = 1; c < K; c++) if (vote[c]! > vote[best]!) best = c;
      out[r] = best;
    }
    return out;
  }

  protected predictProbaImpl(X: Matrix): Matrix {
    const m = this.model!;
    if (m.probA === null || m.probB === null) {
      throw new SweepError('SWEEP_ESTIMATOR_INVALID_INPUT', `${ALGORITHM}: predict_proba needs probability: true (as scikit-learn's SVC)`, {
        hint: 'set probability: true in the algorithm params (fit then runs an internal 5-fold cross-validation)',
      });
    }
    const K = m.nSupport.length;
    const d = this.ovoDecisions(X);
    const out = new Float64Array(X.rows * K);
    const r = new Float64Array(K * K);
    const Q = new Float64Array(K * K);
    const Qp = new Float64Array(K);
    const prob = new Float64Array(K);
    const minProb = 1e-7;
    for (let row = 0; row < X.rows; row++) {
      let p = 0;
      for (let i = 0; i < K; i++) {
        for (let j = i + 1; j < K; j++) {
          const v = Math.min(Math.max(sigmoidPredict(d.data[row * d.cols + p]!, m.probA[p]!, m.probB[p]!), minProb), 1 - minProb);
          r[i * K + j] = v;
          r[j * K + i] = 1 - v;
          p++;
        }
      }
      multiclassProbability(K, r, prob, Q, Qp);
      out.set(prob, row * K);
    }
    return { data: out, rows: X.rows, cols: K };
  }

  protected state(): JsonObject {
    const m = this.model!;
    return {
      kernel: m.spec.kernel,
      gamma: m.spec.gamma,
      degree: m.spec.degree,
      coef0: m.spec.coef0,
      n_support: Array.from(m.nSupport),
      support: encodeTypedArray(m.support),
      support_vectors: encodeTypedArray(m.sv),
      dual_coef: encodeTypedArray(m.svCoef),
      rho: encodeTypedArray(m.rho),
      prob_a: m.probA === null ? null : encodeTypedArray(m.probA),
      prob_b: m.probB === null ? null : encodeTypedArray(m.probB),
    };
  }

  /** Restores a fitted model from `toJSON` output; it predicts identically. */
  static fromJSON(json: SerializedEstimator): NativeSvm {
    const est = new NativeSvm(json.params);
    est.restoreBase(json);
    const s = json.state;
    est.model = {
      spec: { kernel: s['kernel'] as KernelSpec['kernel'], gamma: s['gamma'] as number, degree: s['degree'] as number, coef0: s['coef0'] as number },
      nSupport: Int32Array.from(s['n_support'] as number[]),
      support: decodeTypedArray(s['support'] as string, Int32Array),
      sv: decodeTypedArray(s['support_vectors'] as string, Float64Array),
      svCoef: decodeTypedArray(s['dual_coef'] as string, Float64Array),
      rho: decodeTypedArray(s['rho'] as string, Float64Array),
      probA: typeof s['prob_a'] === 'string' ? decodeTypedArray(s['prob_a'], Float64Array) : null,
      probB: typeof s['prob_b'] === 'string' ? decodeTypedArray(s['prob_b'], Float64Array) : null,
    };
    return est;
  }
}

/** The native engine's svm. */
export const nativeSvm: EngineImplementation = {
  create: (params) => new NativeSvm(params),
  load: (json) => NativeSvm.fromJSON(json),
  paramsSchema: svmSchema as unknown as z.ZodType<Params>,
  tags: TAGS,
};
