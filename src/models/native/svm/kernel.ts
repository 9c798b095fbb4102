/**
 * SVM kernels as libsvm computes them. In training (`Kernel::kernel_*`), rbf is
 * exp(-γ(|x_i|² + |x_j|² − 2 x_i·x_j)); at prediction (`k_function`) it is exp(-γ Σ(x − sv)²).
 * poly is (γ x·y + coef0)^degree by repeated squaring (`powi`), sigmoid tanh(γ x·y + coef0).
 *
 * `kernelBlock` is the one place kernel values are computed from dot products: the solver asks it
 * for a block of one row (the entries a kernel row still lacks), prediction for a block of
 * test rows × support vectors (dot products from the dense kernel's `gemm`).
 */
import { gemm } from '../kernels/dense.js';
import { denseDot, packRows, rowSquaredNorms, sparseDot, type RowStore } from './rows.js';

/** Kernel name and parameters (gamma already resolved from 'scale'/'auto'). */
export interface KernelSpec {
  kernel: 'linear' | 'poly' | 'rbf' | 'sigmoid';
  gamma: number;
  degree: number;
  coef0: number;
}

/** libsvm's `powi`: base^times by repeated squaring. */
export function powi(base: number, times: number): number {
  let tmp = base;
  let ret = 1;
  for (let t = times; t > 0; t = Math.floor(t / 2)) {
    if (t % 2 === 1) ret *= tmp;
    tmp *= tmp;
  }
  return ret;
}

/** The kernel value from a dot product (and, for rbf, both squared norms). */
export function kernelFromDot(spec: KernelSpec, dot: number, sqA: number, sqB: number): number {
  switch (spec.kernel) {
    case 'linear':
      return dot;
    case 'poly':
      return powi(spec.gamma * dot + spec.coef0, spec.degree);
    case 'rbf':
      return Math.exp(-spec.gamma * (sqA + sqB - 2 * dot));
    case 'sigmoid':
      return Math.tanh(spec.gamma * dot + spec.coef0);
  }
}

/**
 * Training rows for the solver: row-major data, its squared norms, and the kernel. Dot products
 * of mostly-zero rows (one-hot columns) run over the other row's non-zeros only, against the first
 * row scattered into a dense vector (libsvm's sparse dot, without the index merge).
 */
export class TrainingKernel {
  readonly sq: Float64Array;
  private readonly store: RowStore;
  /** The row scattered densely for sparse dots, and which row it is (−1: none). */
  private readonly scattered: Float64Array;
  private scatteredRow = -1;

  constructor(
    readonly data: Float64Array,
    readonly rows: number,
    readonly cols: number,
    readonly spec: KernelSpec,
  ) {
    this.store = packRows({ data, rows, cols });
    this.scattered = new Float64Array(cols);
    this.sq = rowSquaredNorms(this.store);
  }

  /** K(x_a, x_a). */
  diag(a: number): number {
    return kernelFromDot(this.spec, this.sq[a]!, this.sq[a]!, this.sq[a]!);
  }

  /**
   * A block of one kernel row: `out[k] = ya · sign[k] · K(x_a, x_{rows[k]})` for k in [from, to)
   * (the solver's Q row is y_a y_b K(a, b)).
   */
  block(a: number, rows: Int32Array, sign: Int8Array, ya: number, from: number, to: number, out: Float32Array): void {
    const { sq, spec } = this;
    const sqa = sq[a]!;
    const kind = spec.kernel;
    const g = spec.gamma;
    const dots = this.dots(a, rows, from, to);
    for (let k = from; k < to; k++) {
      const dot = dots[k - from]!;
      let v: number;
      if (kind === 'rbf') v = Math.exp(-g * (sqa + sq[rows[k]!]! - 2 * dot));
      else if (kind === 'linear') v = dot;
      else v = kernelFromDot(spec, dot, sqa, sq[rows[k]!]!);
      out[k] = ya * sign[k]! * v;
    }
  }

  private dotBuffer = new Float64Array(0);

  /** x_a · x_{rows[k]} for k in [from, to), in a scratch array indexed from 0 (valid until the next call). */
  dots(a: number, rows: Int32Array, from: number, to: number): Float64Array {
    if (this.dotBuffer.length < to - from) this.dotBuffer = new Float64Array(Math.max(to - from, this.dotBuffer.length * 2));
    const out = this.dotBuffer;
    const store = this.store;
    if (store.kind === 'dense') {
      const { data, cols } = store;
      const xa = data.subarray(a * cols, (a + 1) * cols);
      for (let k = from; k < to; k++) out[k - from] = denseDot(data, rows[k]! * cols, cols, xa);
      return out;
    }
    const { indptr, indices, values } = store;
    const xa = this.scattered;
    if (this.scatteredRow !== a) {
      if (this.scatteredRow >= 0) for (let q = indptr[this.scatteredRow]!; q < indptr[this.scatteredRow + 1]!; q++) xa[indices[q]!] = 0;
      for (let q = indptr[a]!; q < indptr[a + 1]!; q++) xa[indices[q]!] = values[q]!;
      this.scatteredRow = a;
    }
    for (let k = from; k < to; k++) out[k - from] = sparseDot(indptr, indices, values, rows[k]!, xa);
    return out;
  }
}

/** Test rows per `gemm` call at prediction (bounds the block of kernel values). */
const PREDICT_BLOCK = 256;

/**
 * Kernel values between test rows and support vectors, one block of test rows at a time:
 * `visit(r0, rows, K)` gets `K[r * nSV + s] = K(x_{r0 + r}, sv_s)`.
 */
export function forEachKernelBlock(
  spec: KernelSpec,
  X: Float64Array,
  nRows: number,
  cols: number,
  SV: Float64Array,
  nSV: number,
  visit: (r0: number, rows: number, K: Float64Array) => void,
): void {
  const svSq = new Float64Array(nSV);
  for (let s = 0; s < nSV; s++) svSq[s] = denseDot(SV, s * cols, cols, SV.subarray(s * cols, (s + 1) * cols));
  const K = new Float64Array(Math.min(PREDICT_BLOCK, nRows) * nSV);
  for (let r0 = 0; r0 < nRows; r0 += PREDICT_BLOCK) {
    const m = Math.min(PREDICT_BLOCK, nRows - r0);
    const A = X.subarray(r0 * cols, (r0 + m) * cols);
    const out = K.subarray(0, m * nSV);
    if (nSV > 0) gemm(m, nSV, cols, A, SV, out, { transB: true });
    for (let r = 0; r < m; r++) {
      const sqa = spec.kernel === 'rbf' ? denseDot(A, r * cols, cols, A.subarray(r * cols, (r + 1) * cols)) : 0;
      for (let s = 0; s < nSV; s++) {
        const at = r * nSV + s;
        const dot = out[at]!;
        // rbf: clamp the expansion's rounding below zero (libsvm sums squared differences there).
        out[at] = spec.kernel === 'rbf' ? Math.exp(-spec.gamma * Math.max(sqa + svSq[s]! - 2 * dot, 0)) : kernelFromDot(spec, dot, 0, 0);
      }
    }
    visit(r0, m, out);
  }
}
