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
import { denseDot } from './rows.js';

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

/** Training rows for the solver: row-major data, its squared norms, and the kernel. */
export class TrainingKernel {
  readonly sq: Float64Array;

  constructor(
    readonly data: Float64Array,
    readonly rows: number,
    readonly cols: number,
    readonly spec: KernelSpec,
  ) {
    this.sq = new Float64Array(rows);
    for (let i = 0; i < rows; i++) this.sq[i] = denseDot(data, i * cols, cols, data.subarray(i * cols, (i + 1) * cols));
  }

  /** K(x_a, x_a). */
  diag(a: number): number {
    return kernelFromDot(this.spec, this.sq[a]!, this.sq[a]!, this.sq[a]!);
  }

  /**
   * A block of one kernel row: `out[k] = scale[k] · K(x_a, x_{rows[k]})` for k in [from, to).
   * The solver's Q row is y_a y_b K(a, b), so `sign` holds y_b and `ya` multiplies all.
   */
  block(a: number, rows: Int32Array, sign: Int8Array, ya: number, from: number, to: number, out: Float32Array): void {
    const { data, cols, sq, spec } = this;
    const base = a * cols;
    const xa = data.subarray(base, base + cols);
    const sqa = sq[a]!;
    const kind = spec.kernel;
    const g = spec.gamma;
    for (let k = from; k < to; k++) {
      const b = rows[k]!;
      const dot = denseDot(data, b * cols, cols, xa);
      let v: number;
      if (kind === 'rbf') v = Math.exp(-g * (sqa + sq[b]! - 2 * dot));
      else if (kind === 'linear') v = dot;
      else v = kernelFromDot(spec, dot, sqa, sq[b]!);
      out[k] = ya * sign[k]! * v;
    }
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
