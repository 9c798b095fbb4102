/**
 * Dual coordinate descent for L2-regularized L1-/L2-loss linear SVMs: liblinear's
 * `solve_l2r_l1l2_svc` (Hsieh et al., ICML 2008, Algorithm 3) as scikit-learn 1.2 bundles it,
 * with per-row C (its sample-weight patch), shrinking, and the stopping rule
 * `PGmax - PGmin <= eps` on the projected gradient. The row order of each outer iteration is a
 * random permutation of the active rows drawn from our seeded RNG (liblinear draws from its own
 * Mersenne Twister, so iterates differ from scikit-learn's; the optimum they approach is the same).
 *
 *   min_α ½ αᵀ(Q + D)α − eᵀα,  0 ≤ α_i ≤ U_i,  Q_ij = y_i y_j x_iᵀx_j
 *   squared hinge: U_i = ∞, D_ii = 1/(2 C_i);  hinge: U_i = C_i, D_ii = 0.
 *
 * The intercept is liblinear's: an extra feature of constant value `bias` (intercept_scaling),
 * regularized like the others.
 */
import type { Random } from '../../../core/index.js';
import { denseAxpy, denseDot, rowSquaredNorms, type RowStore } from './rows.js';

/** One binary problem for `solveLinearSvcDual`. */
export interface LinearSvcProblem {
  X: RowStore;
  /** +1 / −1 per row. */
  y: Int8Array;
  /** C per row (C times the row's class weight). */
  C: Float64Array;
  loss: 'hinge' | 'squared_hinge';
  /** Value of the extra constant feature; 0 for no intercept. */
  bias: number;
  eps: number;
  maxIter: number;
  /** The order rows are visited in before the first shuffle (liblinear: grouped by class). */
  order: Int32Array;
}

/** The solution: `w` has `cols + 1` entries, the last one the bias feature's weight. */
export interface LinearSvcSolution {
  w: Float64Array;
  nIter: number;
}

/** Solves one binary L2-regularized (squared) hinge-loss SVM in the dual. */
export function solveLinearSvcDual(problem: LinearSvcProblem, rng: Random): LinearSvcSolution {
  const { X, y, C: Crow, loss, bias, eps, maxIter } = problem;
  const l = X.rows;
  const n = X.cols;
  const w = new Float64Array(n + 1);
  const diag = new Float64Array(l);
  const upper = new Float64Array(l);
  for (let i = 0; i < l; i++) {
    if (loss === 'squared_hinge') {
      diag[i] = 0.5 / Crow[i]!;
      upper[i] = Infinity;
    } else {
      diag[i] = 0;
      upper[i] = Crow[i]!;
    }
  }
  const QD = rowSquaredNorms(X);
  const bb = bias * bias;
  for (let i = 0; i < l; i++) QD[i] = QD[i]! + diag[i]! + bb;
  // The rows' arrays as locals, so the per-coordinate dot and axpy below are inlined loops.
  const sparse = X.kind === 'sparse';
  const indptr = X.kind === 'sparse' ? X.indptr : new Int32Array(1);
  const indices = X.kind === 'sparse' ? X.indices : new Int32Array(0);
  const values = X.kind === 'sparse' ? X.values : new Float64Array(0);
  const data = X.kind === 'dense' ? X.data : new Float64Array(0);
  // Per row [alpha, QD, diag, upper] side by side: rows are visited in random order, so one cache
  // line per row instead of four.
  const rec = new Float64Array(4 * l);
  for (let i = 0; i < l; i++) {
    rec[4 * i + 1] = QD[i]!;
    rec[4 * i + 2] = diag[i]!;
    rec[4 * i + 3] = upper[i]!;
  }
  const index = problem.order.slice();
  let activeSize = l;
  let PGmaxOld = Infinity;
  let PGminOld = -Infinity;
  let iter = 0;
  while (iter < maxIter) {
    let PGmaxNew = -Infinity;
    let PGminNew = Infinity;
    for (let s = 0; s < activeSize; s++) {
      const j = s + rng.randint(activeSize - s);
      const t = index[s]!;
      index[s] = index[j]!;
      index[j] = t;
    }
    for (let s = 0; s < activeSize; s++) {
      const i = index[s]!;
      const yi = y[i]!;
      let dot = 0;
      if (sparse) {
        for (let q = indptr[i]!, end = indptr[i + 1]!; q < end; q++) dot += w[indices[q]!]! * values[q]!;
      } else dot = denseDot(data, i * n, n, w);
      let G = (dot + w[n]! * bias) * yi - 1;
      const r = 4 * i;
      const a = rec[r]!;
      const C = rec[r + 3]!;
      G += a * rec[r + 2]!;
      let PG = 0;
      if (a === 0) {
        if (G > PGmaxOld) {
          activeSize--;
          index[s] = index[activeSize]!;
          index[activeSize] = i;
          s--;
          continue;
        } else if (G < 0) PG = G;
      } else if (a === C) {
        if (G < PGminOld) {
          activeSize--;
          index[s] = index[activeSize]!;
          index[activeSize] = i;
          s--;
          continue;
        } else if (G > 0) PG = G;
      } else PG = G;
      if (PG > PGmaxNew) PGmaxNew = PG;
      if (PG < PGminNew) PGminNew = PG;
      if (Math.abs(PG) > 1e-12) {
        const next = Math.min(Math.max(a - G / rec[r + 1]!, 0), C);
        rec[r] = next;
        const d = (next - a) * yi;
        if (sparse) {
          for (let q = indptr[i]!, end = indptr[i + 1]!; q < end; q++) w[indices[q]!]! += d * values[q]!;
        } else denseAxpy(data, i * n, n, d, w);
        w[n]! += d * bias;
      }
    }
    iter++;
    if (PGmaxNew - PGminNew <= eps) {
      if (activeSize === l) break;
      activeSize = l;
      PGmaxOld = Infinity;
      PGminOld = -Infinity;
      continue;
    }
    PGmaxOld = PGmaxNew;
    PGminOld = PGminNew;
    if (PGmaxOld <= 0) PGmaxOld = Infinity;
    if (PGminOld >= 0) PGminOld = -Infinity;
  }
  return { w, nIter: iter };
}
