/**
 * Native naive Bayes: scikit-learn's GaussianNB, MultinomialNB, BernoulliNB and CategoricalNB as one
 * estimator with a `variant` param. Every formula follows scikit-learn 1.2 step by step (joint log
 * likelihoods, then scipy's logsumexp), so probabilities agree to ~1e-12.
 *
 * Feeding the variants: `gaussian` takes any numeric features; `multinomial` takes non-negative
 * counts (pixel intensities, word counts, one-hot); `bernoulli` binarizes at `binarize` (features
 * `> binarize` count as 1); `categorical` takes integer category codes `0..n-1` per feature, so the
 * sweep should feed it ordinal-encoded features (`categorical: ordinal`); one-hot input also works
 * (every column is then a 2-category feature, i.e. bernoulli-like). A category code at predict time
 * that was never reachable in fit (`>= n_categories_`) is rejected, as scikit-learn rejects it.
 */
import { z } from 'zod';
import type { JsonObject, Matrix, Params } from '../../core/index.js';
import { BaseClassifier, decodeTypedArray, encodeTypedArray } from '../base.js';
import { invalidInput, notFitted, type EncodedLabels, type EngineImplementation, type EstimatorTags, type SerializedEstimator } from '../estimator.js';

const ALGORITHM = 'naive-bayes';
/** scikit-learn's `_ALPHA_MIN`: smaller `alpha` is raised to it (as `force_alpha=False`). */
const ALPHA_MIN = 1e-10;

/** The four variants, scikit-learn's four classes. */
export type NaiveBayesVariant = 'gaussian' | 'multinomial' | 'bernoulli' | 'categorical';

const probabilityVector = z.array(z.number().min(0)).nullable();

const gaussianSchema = z.strictObject({
  variant: z.literal('gaussian'),
  var_smoothing: z.number().min(0).default(1e-9),
  priors: probabilityVector.default(null),
});
const discreteShape = {
  alpha: z.number().min(0).default(1.0),
  fit_prior: z.boolean().default(true),
  class_prior: probabilityVector.default(null),
};
const multinomialSchema = z.strictObject({ variant: z.literal('multinomial'), ...discreteShape });
const bernoulliSchema = z.strictObject({ variant: z.literal('bernoulli'), ...discreteShape, binarize: z.number().nullable().default(0.0) });
const categoricalSchema = z.strictObject({
  variant: z.literal('categorical'),
  ...discreteShape,
  min_categories: z.union([z.number().int().min(1), z.array(z.number().int().min(1))]).nullable().default(null),
});

/** Which variants accept each variant-specific param (for a clear error when one is misplaced). */
const PARAM_VARIANTS: Record<string, NaiveBayesVariant[]> = {
  var_smoothing: ['gaussian'],
  priors: ['gaussian'],
  alpha: ['multinomial', 'bernoulli', 'categorical'],
  fit_prior: ['multinomial', 'bernoulli', 'categorical'],
  class_prior: ['multinomial', 'bernoulli', 'categorical'],
  binarize: ['bernoulli'],
  min_categories: ['categorical'],
};

/**
 * Hyperparameters of the native naive Bayes (scikit-learn names). `variant` (default `gaussian`)
 * picks the model; each variant accepts only its own params (`alpha` given to `gaussian` is an error
 * rather than silently ignored), each defaulted as in scikit-learn.
 */
export const naiveBayesParamsSchema = z.preprocess(
  (value, ctx) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const raw = value as Record<string, unknown>;
    const variant = raw['variant'] ?? 'gaussian';
    for (const key of Object.keys(raw)) {
      const allowed = Object.hasOwn(PARAM_VARIANTS, key) ? PARAM_VARIANTS[key] : undefined;
      if (allowed !== undefined && typeof variant === 'string' && !allowed.includes(variant as NaiveBayesVariant)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `'${key}' applies to variant ${allowed.join(' | ')}, not '${variant}'`,
        });
      }
    }
    return { ...raw, variant };
  },
  z.discriminatedUnion('variant', [gaussianSchema, multinomialSchema, bernoulliSchema, categoricalSchema]),
);

/** Parsed naive Bayes params (one shape per variant). */
export type NaiveBayesParams = z.infer<typeof naiveBayesParamsSchema>;

const TAGS: EstimatorTags = { proba: true, multiclass: true, handlesMissing: false, deterministic: true, needsScaling: false };

/** Learned state of the gaussian variant (scikit-learn's names). */
interface GaussianState {
  kind: 'gaussian';
  theta: Float64Array; // classes × features
  var: Float64Array; // classes × features, epsilon added
  classPrior: Float64Array;
  classCount: Float64Array;
  epsilon: number;
}
/** Learned state of the multinomial and bernoulli variants. */
interface LinearState {
  kind: 'multinomial' | 'bernoulli';
  featureLogProb: Float64Array; // classes × features
  classLogPrior: Float64Array;
  classCount: Float64Array;
  binarize: number | null;
}
/** Learned state of the categorical variant: per feature a classes × n_categories block. */
interface CategoricalState {
  kind: 'categorical';
  nCategories: Int32Array;
  /** Start of feature i's block in `featureLogProb` (block is classes × nCategories[i], row-major). */
  offsets: Int32Array;
  featureLogProb: Float64Array;
  classLogPrior: Float64Array;
  classCount: Float64Array;
}
type NbState = GaussianState | LinearState | CategoricalState;

/** Naive Bayes classifier on the native engine (all four scikit-learn variants). */
export class NativeNaiveBayes extends BaseClassifier<NaiveBayesParams> {
  private model: NbState | undefined = undefined;

  constructor(params: Params = {}) {
    super(ALGORITHM, 'native', naiveBayesParamsSchema as unknown as z.ZodType<NaiveBayesParams>, params, TAGS);
  }

  protected fitImpl(X: Matrix, y: EncodedLabels, params: NaiveBayesParams): void {
    this.model = undefined;
    const nClasses = y.classes.length;
    const classCount = new Float64Array(nClasses);
    for (let i = 0; i < y.codes.length; i++) classCount[y.codes[i]!]! += 1;
    switch (params.variant) {
      case 'gaussian':
        this.model = fitGaussian(X, y.codes, classCount, params.var_smoothing, params.priors);
        return;
      case 'multinomial':
        this.model = fitLinear('multinomial', X, y.codes, classCount, params.alpha, params.fit_prior, params.class_prior, null);
        return;
      case 'bernoulli':
        this.model = fitLinear('bernoulli', X, y.codes, classCount, params.alpha, params.fit_prior, params.class_prior, params.binarize);
        return;
      case 'categorical':
        this.model = fitCategorical(X, y.codes, classCount, params.alpha, params.fit_prior, params.class_prior, params.min_categories);
        return;
    }
  }

  /** Joint log likelihood per sample and class (scikit-learn's `_joint_log_likelihood`), for validated input. */
  private jointLogLikelihood(X: Matrix): Matrix {
    const model = this.model;
    if (model === undefined) throw notFitted(ALGORITHM);
    switch (model.kind) {
      case 'gaussian':
        return jllGaussian(model, X);
      case 'multinomial':
      case 'bernoulli':
        return jllLinear(model, X);
      case 'categorical':
        return jllCategorical(model, X);
    }
  }

  protected predictProbaImpl(X: Matrix): Matrix {
    const jll = this.jointLogLikelihood(X);
    const { rows, cols, data } = jll;
    const out = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      // scipy.special.logsumexp: max, exp(a - max), sum, log, + max.
      let max = -Infinity;
      for (let j = 0; j < cols; j++) max = Math.max(max, data[i * cols + j]!);
      if (!Number.isFinite(max)) max = 0;
      let sum = 0;
      for (let j = 0; j < cols; j++) sum += Math.exp(data[i * cols + j]! - max);
      const logProbX = Math.log(sum) + max;
      for (let j = 0; j < cols; j++) out[i * cols + j] = Math.exp(data[i * cols + j]! - logProbX);
    }
    return { data: out, rows, cols };
  }

  /** scikit-learn predicts the argmax of the joint log likelihood (first class on ties). */
  protected override predictCodes(X: Matrix): Int32Array {
    return argmaxRows(this.jointLogLikelihood(X));
  }

  protected state(): JsonObject {
    const m = this.model!;
    switch (m.kind) {
      case 'gaussian':
        return {
          kind: m.kind,
          theta: encodeTypedArray(m.theta),
          var: encodeTypedArray(m.var),
          class_prior: encodeTypedArray(m.classPrior),
          class_count: encodeTypedArray(m.classCount),
          epsilon: m.epsilon,
        };
      case 'multinomial':
      case 'bernoulli':
        return {
          kind: m.kind,
          feature_log_prob: encodeTypedArray(m.featureLogProb),
          class_log_prior: encodeTypedArray(m.classLogPrior),
          class_count: encodeTypedArray(m.classCount),
          binarize: m.binarize,
        };
      case 'categorical':
        return {
          kind: m.kind,
          n_categories: encodeTypedArray(m.nCategories),
          feature_log_prob: encodeTypedArray(m.featureLogProb),
          class_log_prior: encodeTypedArray(m.classLogPrior),
          class_count: encodeTypedArray(m.classCount),
        };
    }
  }

  /** Restores a fitted model from `toJSON` output; it predicts identically. */
  static fromJSON(json: SerializedEstimator): NativeNaiveBayes {
    const est = new NativeNaiveBayes(json.params);
    est.restoreBase(json);
    const s = json.state;
    const f64 = (key: string): Float64Array => decodeTypedArray(s[key] as string, Float64Array);
    const kind = s['kind'] as NaiveBayesVariant;
    if (kind === 'gaussian') {
      est.model = { kind, theta: f64('theta'), var: f64('var'), classPrior: f64('class_prior'), classCount: f64('class_count'), epsilon: s['epsilon'] as number };
    } else if (kind === 'multinomial' || kind === 'bernoulli') {
      est.model = {
        kind,
        featureLogProb: f64('feature_log_prob'),
        classLogPrior: f64('class_log_prior'),
        classCount: f64('class_count'),
        binarize: s['binarize'] as number | null,
      };
    } else {
      const nCategories = decodeTypedArray(s['n_categories'] as string, Int32Array);
      est.model = {
        kind,
        nCategories,
        offsets: categoryOffsets(nCategories, est.classes_!.length),
        featureLogProb: f64('feature_log_prob'),
        classLogPrior: f64('class_log_prior'),
        classCount: f64('class_count'),
      };
    }
    return est;
  }
}

function argmaxRows(m: Matrix): Int32Array {
  const out = new Int32Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let best = 0;
    let bestValue = -Infinity;
    for (let j = 0; j < m.cols; j++) {
      const v = m.data[i * m.cols + j]!;
      if (v > bestValue) {
        bestValue = v;
        best = j;
      }
    }
    out[i] = best;
  }
  return out;
}

function fitGaussian(X: Matrix, codes: Int32Array, classCount: Float64Array, varSmoothing: number, priors: number[] | null): GaussianState {
  const { rows, cols, data } = X;
  const nClasses = classCount.length;
  // Two passes over X instead of four: class sums (whose total gives the overall mean), then the
  // squared deviations from the class mean and from the overall mean together.
  const theta = new Float64Array(nClasses * cols);
  for (let i = 0; i < rows; i++) {
    const t = codes[i]! * cols;
    const off = i * cols;
    for (let j = 0; j < cols; j++) theta[t + j]! += data[off + j]!;
  }
  const mean = new Float64Array(cols);
  for (let c = 0; c < nClasses; c++) for (let j = 0; j < cols; j++) mean[j]! += theta[c * cols + j]!;
  for (let j = 0; j < cols; j++) mean[j]! /= rows;
  for (let c = 0; c < nClasses; c++) for (let j = 0; j < cols; j++) theta[c * cols + j]! /= classCount[c]!;
  const variance = new Float64Array(nClasses * cols);
  const sq = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const t = codes[i]! * cols;
    const off = i * cols;
    for (let j = 0; j < cols; j++) {
      const x = data[off + j]!;
      const d = x - theta[t + j]!;
      variance[t + j]! += d * d;
      const e = x - mean[j]!;
      sq[j]! += e * e;
    }
  }
  // epsilon = var_smoothing * max over features of np.var(X, axis=0)
  let maxVar = -Infinity;
  for (let j = 0; j < cols; j++) {
    const v = sq[j]! / rows;
    if (!Number.isFinite(v)) {
      throw invalidInput(ALGORITHM, `the variance of feature ${j} overflows float64 (values near ±1.8e308); Gaussian naive Bayes cannot model it`, 'scale or clip that feature, or drop it with `drop:`');
    }
    maxVar = Math.max(maxVar, v);
  }
  // Every feature constant: scikit-learn divides by a zero variance and predicts NaN. Smoothing as
  // if the largest variance were 1 keeps the likelihoods finite: the class priors then decide.
  const epsilon = varSmoothing * (maxVar > 0 ? maxVar : 1);
  for (let c = 0; c < nClasses; c++) for (let j = 0; j < cols; j++) variance[c * cols + j] = variance[c * cols + j]! / classCount[c]! + epsilon;

  let classPrior: Float64Array;
  if (priors !== null) {
    if (priors.length !== nClasses) throw invalidInput(ALGORITHM, `priors has ${priors.length} values but there are ${nClasses} classes`);
    const total = priors.reduce((a, b) => a + b, 0);
    // np.isclose(sum, 1.0): |sum - 1| <= 1e-8 + 1e-5
    if (Math.abs(total - 1) > 1e-8 + 1e-5) throw invalidInput(ALGORITHM, `the sum of priors should be 1, got ${total}`);
    classPrior = Float64Array.from(priors);
  } else {
    classPrior = new Float64Array(nClasses);
    for (let c = 0; c < nClasses; c++) classPrior[c] = classCount[c]! / rows;
  }
  return { kind: 'gaussian', theta, var: variance, classPrior, classCount, epsilon };
}

function jllGaussian(m: GaussianState, X: Matrix): Matrix {
  const { rows, cols, data } = X;
  const nClasses = m.classPrior.length;
  const out = new Float64Array(rows * nClasses);
  const base = new Float64Array(nClasses);
  for (let c = 0; c < nClasses; c++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.log(2 * Math.PI * m.var[c * cols + j]!);
    base[c] = Math.log(m.classPrior[c]!) - 0.5 * s;
  }
  // Multiplying by 1 / var instead of dividing: a division per term was half the predict time.
  const inv = new Float64Array(m.var.length);
  for (let k = 0; k < inv.length; k++) inv[k] = 1 / m.var[k]!;
  const theta = m.theta;
  for (let i = 0; i < rows; i++) {
    const off = i * cols;
    for (let c = 0; c < nClasses; c++) {
      const t = c * cols;
      let s = 0;
      for (let j = 0; j < cols; j++) {
        const d = data[off + j]! - theta[t + j]!;
        s += d * d * inv[t + j]!;
      }
      out[i * nClasses + c] = base[c]! - 0.5 * s;
    }
  }
  return { data: out, rows, cols: nClasses };
}

/** `class_log_prior_` as scikit-learn's `_update_class_log_prior`. */
function classLogPrior(classCount: Float64Array, fitPrior: boolean, classPrior: number[] | null): Float64Array {
  const n = classCount.length;
  const out = new Float64Array(n);
  if (classPrior !== null) {
    if (classPrior.length !== n) throw invalidInput(ALGORITHM, `class_prior has ${classPrior.length} values but there are ${n} classes`);
    for (let c = 0; c < n; c++) out[c] = Math.log(classPrior[c]!);
  } else if (fitPrior) {
    let total = 0;
    for (let c = 0; c < n; c++) total += classCount[c]!;
    const logTotal = Math.log(total);
    for (let c = 0; c < n; c++) out[c] = Math.log(classCount[c]!) - logTotal;
  } else {
    out.fill(-Math.log(n));
  }
  return out;
}

function fitLinear(
  kind: 'multinomial' | 'bernoulli',
  X: Matrix,
  codes: Int32Array,
  classCount: Float64Array,
  alphaIn: number,
  fitPrior: boolean,
  classPrior: number[] | null,
  binarize: number | null,
): LinearState {
  const { rows, cols, data } = X;
  const nClasses = classCount.length;
  const alpha = Math.max(alphaIn, ALPHA_MIN);
  const fc = new Float64Array(nClasses * cols);
  for (let i = 0; i < rows; i++) {
    const t = codes[i]! * cols;
    const off = i * cols;
    if (kind === 'multinomial') {
      for (let j = 0; j < cols; j++) {
        const v = data[off + j]!;
        if (v === 0) continue;
        if (v < 0) throw invalidInput(ALGORITHM, `the multinomial variant needs non-negative features; X has ${v} at row ${i}, column ${j}`, "use variant 'gaussian', or scale: minmax");
        fc[t + j]! += v;
      }
    } else if (binarize !== null) {
      for (let j = 0; j < cols; j++) if (data[off + j]! > binarize) fc[t + j]! += 1;
    } else {
      for (let j = 0; j < cols; j++) fc[t + j]! += data[off + j]!;
    }
  }
  const flp = new Float64Array(nClasses * cols);
  for (let c = 0; c < nClasses; c++) {
    let denom: number;
    if (kind === 'multinomial') {
      denom = 0;
      for (let j = 0; j < cols; j++) denom += fc[c * cols + j]! + alpha;
    } else {
      denom = classCount[c]! + alpha * 2;
    }
    const logDenom = Math.log(denom);
    for (let j = 0; j < cols; j++) flp[c * cols + j] = Math.log(fc[c * cols + j]! + alpha) - logDenom;
  }
  return { kind, featureLogProb: flp, classLogPrior: classLogPrior(classCount, fitPrior, classPrior), classCount, binarize };
}

function jllLinear(m: LinearState, X: Matrix): Matrix {
  const { rows, cols, data } = X;
  const nClasses = m.classLogPrior.length;
  const out = new Float64Array(rows * nClasses);
  let weights = m.featureLogProb;
  const base = Float64Array.from(m.classLogPrior);
  if (m.kind === 'bernoulli') {
    // jll = X @ (flp - log(1 - exp(flp))).T + class_log_prior + sum(log(1 - exp(flp)))
    weights = new Float64Array(m.featureLogProb.length);
    for (let c = 0; c < nClasses; c++) {
      let negSum = 0;
      for (let j = 0; j < cols; j++) {
        const f = m.featureLogProb[c * cols + j]!;
        const neg = Math.log(1 - Math.exp(f));
        weights[c * cols + j] = f - neg;
        negSum += neg;
      }
      base[c] = m.classLogPrior[c]! + negSum;
    }
  }
  const bin = m.kind === 'bernoulli' ? m.binarize : null;
  const row = new Float64Array(cols);
  const acc = new Float64Array(nClasses);
  const wT = new Float64Array(cols * nClasses); // features × classes, so a feature's weights are contiguous
  for (let c = 0; c < nClasses; c++) for (let j = 0; j < cols; j++) wT[j * nClasses + c] = weights[c * cols + j]!;
  for (let i = 0; i < rows; i++) {
    const off = i * cols;
    if (bin !== null) for (let j = 0; j < cols; j++) row[j] = data[off + j]! > bin ? 1 : 0;
    else for (let j = 0; j < cols; j++) row[j] = data[off + j]!;
    acc.fill(0);
    // X @ W.T, feature by feature (zeros skipped: they add nothing, pixels and counts are sparse)
    for (let j = 0; j < cols; j++) {
      const v = row[j]!;
      if (v === 0) continue;
      if (v < 0 && m.kind === 'multinomial') {
        throw invalidInput(ALGORITHM, `the multinomial variant needs non-negative features; X has ${v} at row ${i}, column ${j}`);
      }
      const w = j * nClasses;
      for (let c = 0; c < nClasses; c++) acc[c]! += v * wT[w + c]!;
    }
    for (let c = 0; c < nClasses; c++) out[i * nClasses + c] = acc[c]! + base[c]!;
  }
  return { data: out, rows, cols: nClasses };
}

function categoryOffsets(nCategories: Int32Array, nClasses: number): Int32Array {
  const offsets = new Int32Array(nCategories.length + 1);
  for (let j = 0; j < nCategories.length; j++) offsets[j + 1] = offsets[j]! + nClasses * nCategories[j]!;
  return offsets;
}

function checkCategoryCodes(X: Matrix): void {
  const { cols, data } = X;
  for (let k = 0; k < data.length; k++) {
    const v = data[k]!;
    if (v < 0 || !Number.isInteger(v)) {
      throw invalidInput(
        ALGORITHM,
        `the categorical variant needs non-negative integer category codes; X has ${v} at row ${Math.floor(k / cols)}, column ${k % cols}`,
        'encode categorical features as ordinal codes (categorical: ordinal) and drop numeric ones, or use another variant',
      );
    }
  }
}

function fitCategorical(
  X: Matrix,
  codes: Int32Array,
  classCount: Float64Array,
  alphaIn: number,
  fitPrior: boolean,
  classPrior: number[] | null,
  minCategories: number | number[] | null,
): CategoricalState {
  checkCategoryCodes(X);
  const { rows, cols, data } = X;
  const nClasses = classCount.length;
  const alpha = Math.max(alphaIn, ALPHA_MIN);
  if (Array.isArray(minCategories) && minCategories.length !== cols) {
    throw invalidInput(ALGORITHM, `min_categories has ${minCategories.length} values but X has ${cols} features`);
  }
  const nCategories = new Int32Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) nCategories[j] = Math.max(nCategories[j]!, data[i * cols + j]! + 1);
  if (minCategories !== null) {
    for (let j = 0; j < cols; j++) {
      const min = Array.isArray(minCategories) ? minCategories[j]! : minCategories;
      nCategories[j] = Math.max(nCategories[j]!, min);
    }
  }
  const offsets = categoryOffsets(nCategories, nClasses);
  const counts = new Float64Array(offsets[cols]!);
  for (let i = 0; i < rows; i++) {
    const c = codes[i]!;
    for (let j = 0; j < cols; j++) counts[offsets[j]! + c * nCategories[j]! + data[i * cols + j]!]! += 1;
  }
  const flp = new Float64Array(counts.length);
  for (let j = 0; j < cols; j++) {
    const n = nCategories[j]!;
    for (let c = 0; c < nClasses; c++) {
      const start = offsets[j]! + c * n;
      let denom = 0;
      for (let k = 0; k < n; k++) denom += counts[start + k]! + alpha;
      const logDenom = Math.log(denom);
      for (let k = 0; k < n; k++) flp[start + k] = Math.log(counts[start + k]! + alpha) - logDenom;
    }
  }
  return { kind: 'categorical', nCategories, offsets, featureLogProb: flp, classLogPrior: classLogPrior(classCount, fitPrior, classPrior), classCount };
}

function jllCategorical(m: CategoricalState, X: Matrix): Matrix {
  checkCategoryCodes(X);
  const { rows, cols, data } = X;
  const nClasses = m.classLogPrior.length;
  const out = new Float64Array(rows * nClasses);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = data[i * cols + j]!;
      const n = m.nCategories[j]!;
      if (v >= n) {
        throw invalidInput(ALGORITHM, `category code ${v} at row ${i}, column ${j} was not seen in fit (the feature has ${n} categories)`, 'set min_categories, or encode with the same encoder as the training data');
      }
      // jll += feature_log_prob_[j][:, X[:, j]].T, feature by feature as scikit-learn sums
      for (let c = 0; c < nClasses; c++) out[i * nClasses + c]! += m.featureLogProb[m.offsets[j]! + c * n + v]!;
    }
    for (let c = 0; c < nClasses; c++) out[i * nClasses + c]! += m.classLogPrior[c]!;
  }
  return { data: out, rows, cols: nClasses };
}

/** The native engine's naive Bayes. */
export const nativeNaiveBayes: EngineImplementation = {
  create: (params) => new NativeNaiveBayes(params),
  load: (json) => NativeNaiveBayes.fromJSON(json),
  paramsSchema: naiveBayesParamsSchema as unknown as z.ZodType<Params>,
  tags: TAGS,
};
