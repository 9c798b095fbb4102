/**
 * The training rows of a linear model (logistic regression) for the two products each loss
 * evaluation needs: the scores `X · Wᵀ` and the gradient `Eᵀ · X`.
 *
 * Mostly-zero data (one-hot columns: adult, mushroom) is kept as compressed sparse rows, as
 * `svm/rows.ts` packs it, and multiplied in plain loops over the non-zeros (about 14 of adult's 104
 * values a row). Dense data (pixels) goes to the WebAssembly kernel's `RowMatrix`.
 */
import type { Matrix } from '../../core/index.js';
import { RowMatrix } from './kernels/dense.js';
import { packRows } from './svm/rows.js';

/** `X · Wᵀ` and `Eᵀ · X` over fixed rows X (n × p). */
export interface LinearRows {
  readonly rows: number;
  readonly cols: number;
  /** `out (rows × K) = X · Wᵀ`, W K × cols row-major. */
  timesTransposed(W: Float64Array, K: number, out: Float64Array): void;
  /** `G (K × cols) = Eᵀ · X`, E rows × K row-major. */
  transposeTimes(E: Float64Array, K: number, G: Float64Array): void;
}

/** Compressed sparse rows with K-column products over the non-zeros. */
export class SparseRows implements LinearRows {
  /** W or G transposed (cols × K), reused between calls. */
  private scratch = new Float64Array(0);

  constructor(
    readonly rows: number,
    readonly cols: number,
    private readonly indptr: Int32Array,
    private readonly indices: Int32Array,
    private readonly values: Float64Array,
  ) {}

  private transposed(K: number): Float64Array {
    if (this.scratch.length < K * this.cols) this.scratch = new Float64Array(K * this.cols);
    return this.scratch;
  }

  timesTransposed(W: Float64Array, K: number, out: Float64Array): void {
    const { rows, cols, indptr, indices, values } = this;
    if (K === 1) {
      for (let i = 0; i < rows; i++) {
        let s = 0;
        for (let q = indptr[i]!, end = indptr[i + 1]!; q < end; q++) s += values[q]! * W[indices[q]!]!;
        out[i] = s;
      }
      return;
    }
    const Wt = this.transposed(K);
    for (let k = 0; k < K; k++) for (let j = 0; j < cols; j++) Wt[j * K + k] = W[k * cols + j]!;
    for (let i = 0; i < rows; i++) {
      const o = i * K;
      for (let k = 0; k < K; k++) out[o + k] = 0;
      for (let q = indptr[i]!, end = indptr[i + 1]!; q < end; q++) {
        const v = values[q]!;
        const w = indices[q]! * K;
        for (let k = 0; k < K; k++) out[o + k]! += v * Wt[w + k]!;
      }
    }
  }

  transposeTimes(E: Float64Array, K: number, G: Float64Array): void {
    const { rows, cols, indptr, indices, values } = this;
    if (K === 1) {
      G.fill(0, 0, cols);
      for (let i = 0; i < rows; i++) {
        const e = E[i]!;
        if (e === 0) continue;
        for (let q = indptr[i]!, end = indptr[i + 1]!; q < end; q++) G[indices[q]!]! += e * values[q]!;
      }
      return;
    }
    const Gt = this.transposed(K);
    Gt.fill(0, 0, K * cols);
    for (let i = 0; i < rows; i++) {
      const o = i * K;
      for (let q = indptr[i]!, end = indptr[i + 1]!; q < end; q++) {
        const v = values[q]!;
        const g = indices[q]! * K;
        for (let k = 0; k < K; k++) Gt[g + k]! += v * E[o + k]!;
      }
    }
    for (let k = 0; k < K; k++) for (let j = 0; j < cols; j++) G[k * cols + j] = Gt[j * K + k]!;
  }
}

/** X as sparse rows when at most half its values are non-zero (`svm/rows.ts`'s rule), else on the dense kernel. */
export function linearRows(X: Matrix): LinearRows {
  const store = packRows(X);
  if (store.kind === 'sparse') return new SparseRows(store.rows, store.cols, store.indptr, store.indices, store.values);
  return new RowMatrix(X.data, X.rows, X.cols);
}
