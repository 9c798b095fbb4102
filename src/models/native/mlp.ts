/**
 * Native multi-layer perceptron: scikit-learn 1.2's MLPClassifier, step for step: Glorot-uniform
 * initialization (bound √(6 / (fan_in + fan_out)), √(2 / …) for `logistic`), a logistic output for
 * two classes and softmax for more, log loss plus ½·alpha·‖W‖² / batch, and the solvers adam, sgd
 * (momentum, Nesterov, constant / invscaling / adaptive rates) and lbfgs (scipy's L-BFGS-B, `lbfgs.ts`).
 * Mini-batches of `batch_size` (auto: min(200, n)) in an order reshuffled every epoch; stopping when
 * the training loss (or, with `early_stopping`, the validation accuracy) has not improved by `tol`
 * for `n_iter_no_change` epochs, as scikit-learn does.
 *
 * Randomness (initial weights, shuffling, the early-stopping split) comes from the project's seeded
 * RNG (`random_state`, 0 when null), so the weights differ from scikit-learn's numpy stream; parity
 * is judged against scikit-learn's accuracy spread over seeds. Every matrix product runs on the dense
 * WebAssembly kernel (`kernels/dense.ts`) in float64.
 *
 * Stopping at `max_iter` before converging is a note (`fitNotes_`), as scikit-learn's
 * ConvergenceWarning; `history_` keeps the loss per epoch (and validation scores).
 */
import { z } from 'zod';
import { Random, type JsonObject, type Matrix, type Params } from '../../core/index.js';
import { BaseClassifier, decodeTypedArray, encodeTypedArray } from '../base.js';
import { invalidInput, type EncodedLabels, type EngineImplementation, type EstimatorTags, type SerializedEstimator, type TrainingHistory } from '../estimator.js';
import { gemm } from './kernels/dense.js';
import { minimizeLbfgs } from './lbfgs.js';
import { softmaxRows } from './softmax.js';

const ALGORITHM = 'mlp';

/** Hyperparameters (scikit-learn's names and defaults). */
export const mlpParamsSchema = z.strictObject({
  hidden_layer_sizes: z.array(z.number().int().positive()).default([100]).describe('units per hidden layer'),
  activation: z.enum(['relu', 'tanh', 'logistic', 'identity']).default('relu'),
  solver: z.enum(['adam', 'sgd', 'lbfgs']).default('adam'),
  alpha: z.number().min(0).default(1e-4).describe('L2 penalty'),
  batch_size: z.union([z.literal('auto'), z.number().int().positive()]).default('auto').describe("'auto' = min(200, n)"),
  learning_rate: z.enum(['constant', 'invscaling', 'adaptive']).default('constant').describe('sgd only'),
  learning_rate_init: z.number().positive().default(1e-3),
  power_t: z.number().default(0.5).describe('invscaling exponent (sgd)'),
  max_iter: z.number().int().positive().default(200).describe('epochs (adam, sgd) or iterations (lbfgs)'),
  shuffle: z.boolean().default(true),
  random_state: z.number().int().min(0).nullable().default(null).describe('seed of initialization, shuffling and the validation split (null: 0)'),
  tol: z.number().min(0).default(1e-4),
  momentum: z.number().min(0).max(1).default(0.9),
  nesterovs_momentum: z.boolean().default(true),
  early_stopping: z.boolean().default(false),
  validation_fraction: z.number().gt(0).lt(1).default(0.1),
  beta_1: z.number().min(0).lt(1).default(0.9),
  beta_2: z.number().min(0).lt(1).default(0.999),
  epsilon: z.number().positive().default(1e-8),
  n_iter_no_change: z.number().int().positive().default(10),
  max_fun: z.number().int().positive().default(15000).describe('lbfgs: most loss evaluations'),
});
export type MlpParams = z.infer<typeof mlpParamsSchema>;

const TAGS: EstimatorTags = { proba: true, multiclass: true, handlesMissing: false, deterministic: false, needsScaling: true };

type Activation = MlpParams['activation'];

/** Applies the hidden activation in place. */
function activate(kind: Activation, Z: Float64Array, length: number): void {
  if (kind === 'relu') for (let i = 0; i < length; i++) Z[i] = Z[i]! > 0 ? Z[i]! : 0;
  else if (kind === 'tanh') for (let i = 0; i < length; i++) Z[i] = Math.tanh(Z[i]!);
  else if (kind === 'logistic') for (let i = 0; i < length; i++) Z[i] = 1 / (1 + Math.exp(-Z[i]!));
}

/** Multiplies `delta` by the activation's derivative, given the activated values `A` (scikit-learn's DERIVATIVES). */
function derivative(kind: Activation, A: Float64Array, delta: Float64Array, length: number): void {
  if (kind === 'relu') for (let i = 0; i < length; i++) if (A[i] === 0) delta[i] = 0;
  if (kind === 'tanh') for (let i = 0; i < length; i++) delta[i]! *= 1 - A[i]! * A[i]!;
  if (kind === 'logistic') for (let i = 0; i < length; i++) delta[i]! *= A[i]! * (1 - A[i]!);
}

/** Output activation: logistic for one output, softmax per row otherwise. */
function outputActivation(Z: Float64Array, rows: number, K: number): void {
  if (K === 1) {
    for (let i = 0; i < rows; i++) Z[i] = 1 / (1 + Math.exp(-Z[i]!));
    return;
  }
  softmaxRows(Z, rows, K);
}

const EPS = 2.220446049250313e-16;
function xlogy(x: number, y: number): number {
  return x === 0 ? 0 : x * Math.log(y);
}

/** scikit-learn's log_loss / binary_log_loss of one-hot (or 0/1) targets Y against probabilities P. */
function logLoss(Y: Float64Array, P: Float64Array, rows: number, K: number): number {
  let s = 0;
  if (K === 1) {
    for (let i = 0; i < rows; i++) {
      const p = Math.min(Math.max(P[i]!, EPS), 1 - EPS);
      s += xlogy(Y[i]!, p) + xlogy(1 - Y[i]!, 1 - p);
    }
  } else {
    for (let q = 0; q < rows * K; q++) s += xlogy(Y[q]!, Math.min(Math.max(P[q]!, EPS), 1 - EPS));
  }
  return -s / rows;
}

/** The network's weights: coefs[l] is fan_in × fan_out row-major, intercepts[l] fan_out. */
interface Network {
  sizes: number[];
  coefs: Float64Array[];
  intercepts: Float64Array[];
}

/** Working arrays for a batch of up to `rows` rows. */
class Workspace {
  readonly activations: Float64Array[];
  readonly deltas: Float64Array[];
  readonly coefGrads: Float64Array[];
  readonly interceptGrads: Float64Array[];

  constructor(
    readonly sizes: number[],
    readonly rows: number,
  ) {
    this.activations = sizes.map((s) => new Float64Array(rows * s));
    this.deltas = sizes.slice(1).map((s) => new Float64Array(rows * s));
    this.coefGrads = sizes.slice(1).map((s, l) => new Float64Array(sizes[l]! * s));
    this.interceptGrads = sizes.slice(1).map((s) => new Float64Array(s));
  }
}

/** Forward pass over `rows` rows already in `ws.activations[0]`; returns the output activations. */
function forward(net: Network, ws: Workspace, rows: number, activation: Activation): Float64Array {
  const L = net.sizes.length - 1;
  for (let l = 0; l < L; l++) {
    const fanIn = net.sizes[l]!;
    const fanOut = net.sizes[l + 1]!;
    const Z = ws.activations[l + 1]!;
    gemm(rows, fanOut, fanIn, ws.activations[l]!, net.coefs[l]!, Z);
    const b = net.intercepts[l]!;
    for (let i = 0; i < rows; i++) for (let j = 0; j < fanOut; j++) Z[i * fanOut + j]! += b[j]!;
    if (l + 1 < L) activate(activation, Z, rows * fanOut);
    else outputActivation(Z, rows, fanOut);
  }
  return ws.activations[L]!;
}

/**
 * scikit-learn's `_backprop`: forward pass, loss (with ½·alpha·‖W‖² / rows) and the gradients into
 * `ws.coefGrads` / `ws.interceptGrads`. `Y` is rows × K (one-hot, or 0/1 for one output).
 */
function backprop(net: Network, ws: Workspace, Y: Float64Array, rows: number, activation: Activation, alpha: number): number {
  const L = net.sizes.length - 1;
  const out = forward(net, ws, rows, activation);
  const K = net.sizes[L]!;
  let loss = logLoss(Y, out, rows, K);
  let norm = 0;
  for (const c of net.coefs) for (let q = 0; q < c.length; q++) norm += c[q]! * c[q]!;
  loss += (0.5 * alpha * norm) / rows;
  const last = ws.deltas[L - 1]!;
  for (let q = 0; q < rows * K; q++) last[q] = out[q]! - Y[q]!;
  for (let l = L - 1; l >= 0; l--) {
    const fanIn = net.sizes[l]!;
    const fanOut = net.sizes[l + 1]!;
    const delta = ws.deltas[l]!;
    const grad = ws.coefGrads[l]!;
    // coef_grads[l] = (A[l]ᵀ · delta[l] + alpha · W[l]) / rows
    gemm(fanIn, fanOut, rows, ws.activations[l]!, delta, grad, { transA: true });
    const W = net.coefs[l]!;
    for (let q = 0; q < grad.length; q++) grad[q] = (grad[q]! + alpha * W[q]!) / rows;
    const gb = ws.interceptGrads[l]!;
    gb.fill(0);
    for (let i = 0; i < rows; i++) for (let j = 0; j < fanOut; j++) gb[j]! += delta[i * fanOut + j]!;
    for (let j = 0; j < fanOut; j++) gb[j]! /= rows;
    if (l > 0) {
      const prev = ws.deltas[l - 1]!;
      gemm(rows, fanIn, fanOut, delta, W, prev, { transB: true });
      derivative(activation, ws.activations[l]!, prev, rows * fanIn);
    }
  }
  return loss;
}

/** Adam or SGD updates over a flat list of parameter arrays (scikit-learn's `_stochastic_optimizers`). */
interface Optimizer {
  update(params: Float64Array[], grads: Float64Array[]): void;
  iterationEnds(timeStep: number): void;
  /** Whether to stop when no improvement was seen; adaptive SGD first divides its rate by 5. */
  triggerStopping(): boolean;
}

function adam(params: Float64Array[], p: MlpParams): Optimizer {
  const ms = params.map((a) => new Float64Array(a.length));
  const vs = params.map((a) => new Float64Array(a.length));
  let t = 0;
  return {
    update(ps, grads) {
      t++;
      const lr = (p.learning_rate_init * Math.sqrt(1 - p.beta_2 ** t)) / (1 - p.beta_1 ** t);
      for (let a = 0; a < ps.length; a++) {
        const w = ps[a]!;
        const g = grads[a]!;
        const m = ms[a]!;
        const v = vs[a]!;
        for (let q = 0; q < w.length; q++) {
          m[q] = p.beta_1 * m[q]! + (1 - p.beta_1) * g[q]!;
          v[q] = p.beta_2 * v[q]! + (1 - p.beta_2) * g[q]! * g[q]!;
          w[q]! += (-lr * m[q]!) / (Math.sqrt(v[q]!) + p.epsilon);
        }
      }
    },
    iterationEnds() {},
    triggerStopping: () => true,
  };
}

function sgd(params: Float64Array[], p: MlpParams): Optimizer {
  const velocities = params.map((a) => new Float64Array(a.length));
  let lr = p.learning_rate_init;
  return {
    update(ps, grads) {
      for (let a = 0; a < ps.length; a++) {
        const w = ps[a]!;
        const g = grads[a]!;
        const v = velocities[a]!;
        for (let q = 0; q < w.length; q++) {
          const u = p.momentum * v[q]! - lr * g[q]!;
          v[q] = u;
          w[q]! += p.nesterovs_momentum ? p.momentum * u - lr * g[q]! : u;
        }
      }
    },
    iterationEnds(timeStep) {
      if (p.learning_rate === 'invscaling') lr = p.learning_rate_init / (timeStep + 1) ** p.power_t;
    },
    triggerStopping() {
      if (p.learning_rate !== 'adaptive') return true;
      if (lr <= 1e-6) return true;
      lr /= 5;
      return false;
    },
  };
}

/**
 * A multi-layer perceptron classifier (scikit-learn's MLPClassifier).
 *
 * @example
 * const mlp = await new NativeMlp({ hidden_layer_sizes: [64], random_state: 0 }).fit(X, y);
 * mlp.history_?.loss; // loss per epoch
 */
export class NativeMlp extends BaseClassifier<MlpParams> {
  net_: Network | undefined;
  nIter_: number | undefined;
  history_: TrainingHistory | undefined;

  constructor(params: Params = {}) {
    super(ALGORITHM, 'native', mlpParamsSchema as unknown as z.ZodType<MlpParams>, params, TAGS);
  }

  protected fitImpl(X: Matrix, y: EncodedLabels, params: MlpParams): void {
    this.net_ = undefined;
    this.history_ = undefined;
    const rng = new Random(params.random_state ?? 0);
    const nClasses = y.classes.length;
    const K = nClasses === 2 ? 1 : nClasses;
    const sizes = [X.cols, ...params.hidden_layer_sizes, K];
    const factor = params.activation === 'logistic' ? 2 : 6;
    const net: Network = { sizes, coefs: [], intercepts: [] };
    for (let l = 0; l + 1 < sizes.length; l++) {
      const fanIn = sizes[l]!;
      const fanOut = sizes[l + 1]!;
      const bound = Math.sqrt(factor / (fanIn + fanOut));
      const W = new Float64Array(fanIn * fanOut);
      for (let q = 0; q < W.length; q++) W[q] = (rng.random() * 2 - 1) * bound;
      const b = new Float64Array(fanOut);
      for (let q = 0; q < fanOut; q++) b[q] = (rng.random() * 2 - 1) * bound;
      net.coefs.push(W);
      net.intercepts.push(b);
    }
    const Y = new Float64Array(X.rows * K);
    for (let i = 0; i < X.rows; i++) {
      if (K === 1) Y[i] = y.codes[i]!;
      else Y[i * K + y.codes[i]!] = 1;
    }
    if (params.solver === 'lbfgs') this.fitLbfgs(net, X, Y, params);
    else this.fitStochastic(net, X, Y, y.codes, params, rng);
    this.net_ = net;
  }

  private fitLbfgs(net: Network, X: Matrix, Y: Float64Array, params: MlpParams): void {
    const ws = new Workspace(net.sizes, X.rows);
    ws.activations[0]!.set(X.data.subarray(0, X.rows * X.cols));
    const arrays = [...net.coefs, ...net.intercepts];
    const total = arrays.reduce((a, w) => a + w.length, 0);
    const unpack = (x: Float64Array): void => {
      let o = 0;
      for (const w of arrays) {
        w.set(x.subarray(o, o + w.length));
        o += w.length;
      }
    };
    const x0 = new Float64Array(total);
    let o = 0;
    for (const w of arrays) {
      x0.set(w, o);
      o += w.length;
    }
    const losses: number[] = [];
    const result = minimizeLbfgs(
      (x, grad) => {
        unpack(x);
        const loss = backprop(net, ws, Y, X.rows, params.activation, params.alpha);
        let q = 0;
        for (const g of [...ws.coefGrads, ...ws.interceptGrads]) {
          grad.set(g, q);
          q += g.length;
        }
        return loss;
      },
      x0,
      { maxiter: params.max_iter, maxfun: params.max_fun, gtol: params.tol, onIteration: (f) => losses.push(f) },
    );
    unpack(result.x);
    this.nIter_ = Math.min(result.nit, params.max_iter);
    this.history_ = { loss: losses };
    if (result.status !== 0) {
      this.fitNotes_.push(`lbfgs failed to converge (status=${result.status}: ${result.message}) after ${this.nIter_} iterations; increase max_iter (scikit-learn's ConvergenceWarning)`);
    }
  }

  private fitStochastic(net: Network, Xall: Matrix, Yall: Float64Array, codes: Int32Array, params: MlpParams, rng: Random): void {
    const K = net.sizes[net.sizes.length - 1]!;
    const p = Xall.cols;
    // Early stopping holds out validation_fraction of the rows (seeded), as train_test_split does.
    let train = Int32Array.from({ length: Xall.rows }, (_, i) => i);
    let validation: Int32Array | null = null;
    if (params.early_stopping) {
      const perm = rng.permutation(Xall.rows);
      const nVal = Math.ceil(params.validation_fraction * Xall.rows);
      if (nVal >= Xall.rows) throw invalidInput(ALGORITHM, `validation_fraction = ${params.validation_fraction} leaves no training rows out of ${Xall.rows}`, 'lower validation_fraction or turn early_stopping off');
      validation = perm.slice(0, nVal);
      train = perm.slice(nVal);
    }
    const n = train.length;
    const batch = params.batch_size === 'auto' ? Math.min(200, n) : Math.min(Math.max(1, params.batch_size), n);
    const ws = new Workspace(net.sizes, batch);
    const Yb = new Float64Array(batch * K);
    const params_ = [...net.coefs, ...net.intercepts];
    const optimizer = params.solver === 'adam' ? adam(params_, params) : sgd(params_, params);
    const order = Int32Array.from(train);
    const loss: number[] = [];
    const validationScores: number[] = [];
    let bestLoss = Infinity;
    let bestScore = -Infinity;
    let bestNet: Network | null = null;
    let noImprovement = 0;
    let t = 0;
    let epochs = 0;
    let stoppedEarly = false;
    for (let it = 0; it < params.max_iter; it++) {
      if (params.shuffle) rng.shuffle(order);
      let accumulated = 0;
      for (let start = 0; start < n; start += batch) {
        const rows = Math.min(batch, n - start);
        const A0 = ws.activations[0]!;
        for (let r = 0; r < rows; r++) {
          const i = order[start + r]!;
          A0.set(Xall.data.subarray(i * p, (i + 1) * p), r * p);
          for (let k = 0; k < K; k++) Yb[r * K + k] = Yall[i * K + k]!;
        }
        const batchLoss = backprop(net, ws, Yb, rows, params.activation, params.alpha);
        accumulated += batchLoss * rows;
        optimizer.update(params_, [...ws.coefGrads, ...ws.interceptGrads]);
      }
      epochs++;
      t += n;
      const epochLoss = accumulated / n;
      loss.push(epochLoss);
      if (validation !== null) {
        const score = this.accuracyOn(net, Xall, codes, validation, K, params.activation);
        validationScores.push(score);
        if (score < bestScore + params.tol) noImprovement++;
        else noImprovement = 0;
        if (score > bestScore) {
          bestScore = score;
          bestNet = { sizes: net.sizes, coefs: net.coefs.map((c) => c.slice()), intercepts: net.intercepts.map((c) => c.slice()) };
        }
      } else {
        if (epochLoss > bestLoss - params.tol) noImprovement++;
        else noImprovement = 0;
        if (epochLoss < bestLoss) bestLoss = epochLoss;
      }
      optimizer.iterationEnds(t);
      if (noImprovement > params.n_iter_no_change) {
        if (optimizer.triggerStopping()) {
          stoppedEarly = true;
          break;
        }
        noImprovement = 0;
      }
    }
    if (bestNet !== null) {
      for (let l = 0; l < net.coefs.length; l++) {
        net.coefs[l]!.set(bestNet.coefs[l]!);
        net.intercepts[l]!.set(bestNet.intercepts[l]!);
      }
    }
    this.nIter_ = epochs;
    this.history_ = validation !== null ? { loss, validation_score: validationScores } : { loss };
    if (!stoppedEarly && epochs === params.max_iter) {
      this.fitNotes_.push(`Stochastic Optimizer: Maximum iterations (${params.max_iter}) reached and the optimization hasn't converged yet (scikit-learn's ConvergenceWarning)`);
    }
  }

  /** Accuracy of the current network on the rows `rows` of X. */
  private accuracyOn(net: Network, X: Matrix, codes: Int32Array, rows: Int32Array, K: number, activation: Activation): number {
    const sub = new Float64Array(rows.length * X.cols);
    for (let r = 0; r < rows.length; r++) sub.set(X.data.subarray(rows[r]! * X.cols, (rows[r]! + 1) * X.cols), r * X.cols);
    const out = this.outputs(net, { data: sub, rows: rows.length, cols: X.cols }, activation);
    let hits = 0;
    for (let r = 0; r < rows.length; r++) if (argmaxRow(out, r, K) === codes[rows[r]!]) hits++;
    return hits / rows.length;
  }

  /** Output activations for every row of X, in chunks. */
  private outputs(net: Network, X: Matrix, activation: Activation): Float64Array {
    const K = net.sizes[net.sizes.length - 1]!;
    const out = new Float64Array(X.rows * K);
    const chunk = Math.min(X.rows, 1024);
    const ws = new Workspace(net.sizes, chunk);
    for (let start = 0; start < X.rows; start += chunk) {
      const rows = Math.min(chunk, X.rows - start);
      ws.activations[0]!.set(X.data.subarray(start * X.cols, (start + rows) * X.cols));
      const res = forward(net, ws, rows, activation);
      out.set(res.subarray(0, rows * K), start * K);
    }
    return out;
  }

  protected predictProbaImpl(X: Matrix): Matrix {
    const net = this.net_!;
    const K = net.sizes[net.sizes.length - 1]!;
    const out = this.outputs(net, X, this.params.activation);
    if (K > 1) return { data: out, rows: X.rows, cols: K };
    const data = new Float64Array(X.rows * 2);
    for (let i = 0; i < X.rows; i++) {
      data[i * 2] = 1 - out[i]!;
      data[i * 2 + 1] = out[i]!;
    }
    return { data, rows: X.rows, cols: 2 };
  }

  protected override predictCodes(X: Matrix): Int32Array {
    const net = this.net_!;
    const K = net.sizes[net.sizes.length - 1]!;
    const out = this.outputs(net, X, this.params.activation);
    const codes = new Int32Array(X.rows);
    for (let i = 0; i < X.rows; i++) codes[i] = argmaxRow(out, i, K);
    return codes;
  }

  protected state(): JsonObject {
    const net = this.net_!;
    return {
      sizes: net.sizes,
      coefs: net.coefs.map((c) => encodeTypedArray(c)),
      intercepts: net.intercepts.map((c) => encodeTypedArray(c)),
      n_iter: this.nIter_ ?? 0,
      notes: this.fitNotes_,
      loss_curve: this.history_?.loss ?? [],
      validation_scores: this.history_?.validation_score ?? null,
    };
  }

  /** Restores a fitted network from `toJSON` output. */
  static fromJSON(json: SerializedEstimator): NativeMlp {
    const est = new NativeMlp(json.params);
    est.restoreBase(json);
    const s = json.state;
    est.net_ = {
      sizes: s['sizes'] as number[],
      coefs: (s['coefs'] as string[]).map((t) => decodeTypedArray(t, Float64Array)),
      intercepts: (s['intercepts'] as string[]).map((t) => decodeTypedArray(t, Float64Array)),
    };
    est.nIter_ = s['n_iter'] as number;
    est.fitNotes_ = [...((s['notes'] as string[] | undefined) ?? [])];
    const validation = s['validation_scores'] as number[] | null;
    est.history_ = validation === null ? { loss: s['loss_curve'] as number[] } : { loss: s['loss_curve'] as number[], validation_score: validation };
    return est;
  }
}

/** Class index of row i: `> 0.5` for one logistic output (scikit-learn's LabelBinarizer threshold), else the first argmax. */
function argmaxRow(out: Float64Array, i: number, K: number): number {
  if (K === 1) return out[i]! > 0.5 ? 1 : 0;
  let best = 0;
  for (let k = 1; k < K; k++) if (out[i * K + k]! > out[i * K + best]!) best = k;
  return best;
}

/** The native engine's `mlp`. */
export const nativeMlp: EngineImplementation = {
  create: (params) => new NativeMlp(params),
  load: (json) => NativeMlp.fromJSON(json),
  paramsSchema: mlpParamsSchema as unknown as z.ZodType<Params>,
  tags: TAGS,
};
