/**
 * SVM kernels as libsvm computes them. In training (`Kernel::kernel_*`), rbf is
 * exp(-γ(|x_i|² + |x_j|² − 2 x_i·x_j)); at prediction (`k_function`) it is exp(-γ Σ(x − sv)²).
 * poly is (γ x·y + coef0)^degree by repeated squaring (`powi`), sigmoid tanh(γ x·y + coef0).
 *
 * `ProblemKernel.block` computes the solver's kernel rows: on dense data one row of dot products
 * per call on the dense WebAssembly kernel (`RowMatrix.rowDots` over the problem's rows), on sparse
 * data over the non-zeros. Prediction takes a block of test rows × support vectors at a time
 * (dot products from the dense kernel's `gemm`).
 */
import { gemm, RowMatrix } from '../kernels/dense.js';
import { bitRowDots, splitBinaryColumns, type BitRows } from './bit-rows.js';
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
 * Training rows for the solver: row-major data, its squared norms, and the kernel. Dense data is
 * copied once into the dense kernel's memory (`RowMatrix`) in `order` (libsvm's rows grouped by
 * class, so each one-vs-one problem is two runs of rows); a kernel row is one SIMD pass over the
 * problem's runs. Dot products of mostly-zero rows (one-hot columns) run over the other row's
 * non-zeros only, against the first row scattered into a dense vector (libsvm's sparse dot,
 * without the index merge).
 */
export class TrainingKernel {
  readonly sq: Float64Array;
  private readonly store: RowStore;
  /** The row scattered densely for sparse dots, and which row it is (−1: none). */
  private readonly scattered: Float64Array;
  private scatteredRow = -1;
  /** Sparse data with 0/1 columns: those as bits, the rest as sparse floats. */
  private readonly bitRows: BitRows | null = null;
  /** rbf on all-binary rows: `exp(−γ d)` for every integer distance d. */
  readonly expTable: Float64Array | null = null;
  /** Dense data: the rows in the kernel's memory, and each training row's place there. */
  readonly matrix: RowMatrix | null = null;
  readonly matrixRow: Int32Array | null = null;

  constructor(
    readonly data: Float64Array,
    readonly rows: number,
    readonly cols: number,
    readonly spec: KernelSpec,
    /** Training rows in the order they are kept in the kernel's memory (default: as given). */
    order?: Int32Array,
  ) {
    this.store = packRows({ data, rows, cols });
    this.scattered = new Float64Array(cols);
    this.sq = rowSquaredNorms(this.store);
    if (this.store.kind === 'sparse') {
      this.bitRows = splitBinaryColumns(this.store);
      if (this.bitRows?.integral === true && spec.kernel === 'rbf') {
        // Every distance |a|² + |b|² − 2 a·b is an integer: exp of each one, computed once.
        let maxSq = 0;
        for (let i = 0; i < rows; i++) maxSq = Math.max(maxSq, this.sq[i]!);
        this.expTable = new Float64Array(2 * maxSq + 1);
        for (let d = 0; d <= 2 * maxSq; d++) this.expTable[d] = Math.exp(-spec.gamma * d);
      }
    }
    if (this.store.kind === 'dense' && rows > 0) {
      const matrixRow = new Int32Array(rows);
      if (order === undefined) for (let i = 0; i < rows; i++) matrixRow[i] = i;
      else for (let m = 0; m < rows; m++) matrixRow[order[m]!] = m;
      this.matrix = new RowMatrix(data, rows, cols, order);
      this.matrixRow = matrixRow;
    }
  }

  /** K(x_a, x_a). */
  diag(a: number): number {
    return kernelFromDot(this.spec, this.sq[a]!, this.sq[a]!, this.sq[a]!);
  }

  /** The kernel rows of one binary problem over training rows `rows` (in the solver's initial order). */
  problem(rows: Int32Array): ProblemKernel {
    return new ProblemKernel(this, rows);
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
    const bitRows = this.bitRows;
    const { indptr, indices, values } = bitRows ?? store;
    const xa = this.scattered;
    if (this.scatteredRow !== a) {
      if (this.scatteredRow >= 0) for (let q = indptr[this.scatteredRow]!; q < indptr[this.scatteredRow + 1]!; q++) xa[indices[q]!] = 0;
      for (let q = indptr[a]!; q < indptr[a + 1]!; q++) xa[indices[q]!] = values[q]!;
      this.scatteredRow = a;
    }
    if (bitRows !== null) bitRowDots(bitRows, a, rows, from, to, xa, out);
    else for (let k = from; k < to; k++) out[k - from] = sparseDot(indptr, indices, values, rows[k]!, xa);
    return out;
  }
}

/** Rows of the kernel's matrix a problem's kernel rows cover: runs joined across gaps this short. */
const RUN_GAP = 16;

/**
 * The kernel rows of one binary problem, in the solver's current order (`swap` follows the
 * solver's shrinking swaps). Dense data: the problem's rows are runs of the kernel's matrix (two
 * class blocks; Platt's folds leave small gaps, computed and dropped), and a kernel row is one
 * SIMD matrix-vector pass per run, read back in the solver's order. Sparse data (one-hot
 * columns): dot products over the other row's non-zeros.
 */
export class ProblemKernel {
  /** Position → training row. */
  readonly train: Int32Array;
  /** Position → index into `dots` (dense data). */
  private readonly at: Int32Array;
  /** Runs of matrix rows: first row and length, and where each starts in `dots`. */
  private readonly runs: Array<{ first: number; count: number; base: number }> = [];
  /** One kernel row of dot products over the runs. */
  private readonly dots: Float64Array;

  constructor(
    private readonly kernel: TrainingKernel,
    rows: Int32Array,
  ) {
    this.train = rows.slice();
    const l = rows.length;
    const { matrix, matrixRow } = kernel;
    if (matrix === null || matrixRow === null) {
      this.at = new Int32Array(0);
      this.dots = new Float64Array(0);
      return;
    }
    const sorted = Int32Array.from(rows, (r) => matrixRow[r]!).sort();
    let covered = 0;
    for (let k = 0; k < l; ) {
      const first = sorted[k]!;
      let last = first;
      while (++k < l && sorted[k]! - last <= RUN_GAP) last = sorted[k]!;
      this.runs.push({ first, count: last - first + 1, base: covered });
      covered += last - first + 1;
    }
    this.dots = new Float64Array(covered);
    this.at = new Int32Array(l);
    for (let k = 0; k < l; k++) {
      const m = matrixRow[rows[k]!]!;
      // The last run starting at or before m (binary search: runs are sorted).
      let lo = 0;
      let hi = this.runs.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (this.runs[mid]!.first <= m) lo = mid;
        else hi = mid - 1;
      }
      const run = this.runs[lo]!;
      this.at[k] = run.base + m - run.first;
    }
  }

  /** K(x_i, x_i) of the row at position i. */
  diag(i: number): number {
    return this.kernel.diag(this.train[i]!);
  }

  /** Positions i and j trade places. */
  swap(i: number, j: number): void {
    const t = this.train[i]!;
    this.train[i] = this.train[j]!;
    this.train[j] = t;
    if (this.at.length > 0) {
      const a = this.at[i]!;
      this.at[i] = this.at[j]!;
      this.at[j] = a;
    }
  }

  /**
   * A block of one kernel row: `out[k] = y[i] · y[k] · K(x_i, x_k)` for positions k in [from, to)
   * (the solver's Q row is y_i y_j K(i, j)).
   */
  block(i: number, y: Int8Array, from: number, to: number, out: Float32Array): void {
    const { kernel, train } = this;
    const { matrix, matrixRow } = kernel;
    if (matrix !== null && matrixRow !== null) {
      const a = matrixRow[train[i]!]!;
      for (const run of this.runs) matrix.rangeDots(a, run.first, run.count, this.dots, run.base);
      kernelValues(kernel.spec, kernel.sq, train, i, y, from, to, this.dots, this.at, 0, out);
    } else {
      kernelValues(kernel.spec, kernel.sq, train, i, y, from, to, kernel.dots(train[i]!, train, from, to), null, from, out, kernel.expTable);
    }
  }
}

/**
 * `out[k] = y[i] · y[k] · K(x_{train[i]}, x_{train[k]})` for k in [from, to), from the dot products
 * `dots[at[k]]` (or `dots[k − base]` without `at`) and the rows' squared norms `sq`.
 */
function kernelValues(
  spec: KernelSpec,
  sq: Float64Array,
  train: Int32Array,
  i: number,
  y: Int8Array,
  from: number,
  to: number,
  dots: Float64Array,
  at: Int32Array | null,
  base: number,
  out: Float32Array,
  table: Float64Array | null = null,
): void {
  const sqa = sq[train[i]!]!;
  const ya = y[i]!;
  const g = spec.gamma;
  if (table !== null && at === null) {
    // Integer distances (all-binary rows): the same exp values, looked up.
    for (let k = from; k < to; k++) out[k] = ya * y[k]! * table[sqa + sq[train[k]!]! - 2 * dots[k - base]!]!;
    return;
  }
  if (spec.kernel === 'rbf') {
    if (at !== null) for (let k = from; k < to; k++) out[k] = ya * y[k]! * Math.exp(-g * (sqa + sq[train[k]!]! - 2 * dots[at[k]!]!));
    else for (let k = from; k < to; k++) out[k] = ya * y[k]! * Math.exp(-g * (sqa + sq[train[k]!]! - 2 * dots[k - base]!));
    return;
  }
  for (let k = from; k < to; k++) {
    const dot = at !== null ? dots[at[k]!]! : dots[k - base]!;
    out[k] = ya * y[k]! * kernelFromDot(spec, dot, sqa, sq[train[k]!]!);
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
