/**
 * Training rows as the SVM solvers read them: compressed sparse rows when most values are zero
 * (one-hot columns, as liblinear and libsvm store every row: non-zeros only), the dense row-major
 * matrix otherwise (no copy). One `dot`/`axpy` pair per storage keeps the solvers' inner loops
 * monomorphic.
 */
import type { Matrix } from '../../../core/index.js';

/** Row storage: `dense` is the caller's row-major data; `sparse` keeps non-zeros per row. */
export type RowStore =
  | { kind: 'dense'; rows: number; cols: number; data: Float64Array }
  | { kind: 'sparse'; rows: number; cols: number; indptr: Int32Array; indices: Int32Array; values: Float64Array };

/** Above this share of non-zeros a row is read densely (sparse costs 12 bytes a value, dense 8). */
const SPARSE_MAX_DENSITY = 0.5;

/** Packs `X` for the solvers: sparse when at most half its values are non-zero, else `X.data` itself. */
export function packRows(X: Matrix): RowStore {
  const { rows, cols, data } = X;
  let nnz = 0;
  for (let k = 0; k < data.length; k++) if (data[k] !== 0) nnz++;
  if (nnz > SPARSE_MAX_DENSITY * data.length) return { kind: 'dense', rows, cols, data };
  const indptr = new Int32Array(rows + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let at = 0;
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = data[base + j]!;
      if (v !== 0) {
        indices[at] = j;
        values[at] = v;
        at++;
      }
    }
    indptr[i + 1] = at;
  }
  return { kind: 'sparse', rows, cols, indptr, indices, values };
}

/** Squared norm of every row. */
export function rowSquaredNorms(store: RowStore): Float64Array {
  const out = new Float64Array(store.rows);
  if (store.kind === 'dense') {
    const { data, cols } = store;
    for (let i = 0; i < store.rows; i++) {
      let s = 0;
      const base = i * cols;
      for (let j = 0; j < cols; j++) s += data[base + j]! * data[base + j]!;
      out[i] = s;
    }
  } else {
    const { indptr, values } = store;
    for (let i = 0; i < store.rows; i++) {
      let s = 0;
      for (let k = indptr[i]!; k < indptr[i + 1]!; k++) s += values[k]! * values[k]!;
      out[i] = s;
    }
  }
  return out;
}

/** `w · x_i` over the first `cols` entries of `w`. */
export function dotRow(store: RowStore, i: number, w: Float64Array): number {
  return store.kind === 'dense' ? denseDot(store.data, i * store.cols, store.cols, w) : sparseDot(store.indptr, store.indices, store.values, i, w);
}

/** `w += a · x_i` over the first `cols` entries of `w`. */
export function axpyRow(store: RowStore, i: number, a: number, w: Float64Array): void {
  if (store.kind === 'dense') denseAxpy(store.data, i * store.cols, store.cols, a, w);
  else sparseAxpy(store.indptr, store.indices, store.values, i, a, w);
}

/** `Σ_j w[j] · data[base + j]` for j < cols, four partial sums (independent adds pipeline). */
export function denseDot(data: Float64Array, base: number, cols: number, w: Float64Array): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  const end4 = cols - 3;
  for (; j < end4; j += 4) {
    s0 += w[j]! * data[base + j]!;
    s1 += w[j + 1]! * data[base + j + 1]!;
    s2 += w[j + 2]! * data[base + j + 2]!;
    s3 += w[j + 3]! * data[base + j + 3]!;
  }
  for (; j < cols; j++) s0 += w[j]! * data[base + j]!;
  return s0 + s1 + (s2 + s3);
}

/** `w[j] += a · data[base + j]` for j < cols. */
export function denseAxpy(data: Float64Array, base: number, cols: number, a: number, w: Float64Array): void {
  for (let j = 0; j < cols; j++) w[j]! += a * data[base + j]!;
}

/** `Σ w[indices[k]] · values[k]` over row i's non-zeros. */
export function sparseDot(indptr: Int32Array, indices: Int32Array, values: Float64Array, i: number, w: Float64Array): number {
  let s = 0;
  for (let k = indptr[i]!, end = indptr[i + 1]!; k < end; k++) s += w[indices[k]!]! * values[k]!;
  return s;
}

/** `w[indices[k]] += a · values[k]` over row i's non-zeros. */
export function sparseAxpy(indptr: Int32Array, indices: Int32Array, values: Float64Array, i: number, a: number, w: Float64Array): void {
  for (let k = indptr[i]!, end = indptr[i + 1]!; k < end; k++) w[indices[k]!]! += a * values[k]!;
}
