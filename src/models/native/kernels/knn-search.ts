/**
 * Exact k-nearest-neighbour search for the native k-NN. Every path offers training rows in index
 * order to scikit-learn's max-heap (`heapPush`), or provably ends in the same heap, so all paths
 * agree with each other and with scikit-learn's one-thread brute force, exact ties included.
 *
 * - small-integer data, euclidean, auto: `seeded_sq` / `pruned_sq` (knn-i16.wat) with f32 lower
 *   bounds from a 16-direction projection; queries whose k-th distance is tied rerun in heap order.
 * - small-integer data, euclidean brute or manhattan: `sq_i16` / `l1_i16`, blocked 4 queries × 2 rows.
 * - euclidean on dense float data (at least DENSE_MIN_FLOAT_COLS non-integer columns, e.g.
 *   standardized pixels): float32 dot products on the dense WebAssembly kernel plus exact
 *   distances for the rows its error bound cannot rule out (`knn-dense.ts`).
 * - euclidean on mixed data (few-valued integer columns plus non-integer ones, e.g. one-hot plus
 *   standardized numerics): `knn-mixed.ts`.
 * - anything else: float64 loops; auto adds a lower bound from the 4 highest-variance columns and
 *   a per-chunk sorted column to jump over rows that cannot enter.
 */
import type { Matrix } from '../../../core/index.js';
import { heapPush, lowerBound, upperBound } from './knn-heap.js';
import { knnI16Wasm } from './knn-i16-wasm.js';
import { kernelInstantiator, newMemory, PAGE, replaceMemory, type WasmMemory } from './wasm.js';
import { prepareDense, searchDenseSq, type DenseSet } from './knn-dense.js';
import { prepareMixed, searchMixedSq, type MixedSet } from './knn-mixed.js';

export { heapPush } from './knn-heap.js';

/** A distance as scikit-learn names it (after minkowski p=1/2 became manhattan/euclidean). */
export type KnnMetric = { name: 'euclidean' } | { name: 'manhattan' } | { name: 'cosine' } | { name: 'minkowski'; p: number };

/** The result of a neighbour search: row-major `rows × k`, distances ascending. */
export interface Neighbors {
  distances: Float64Array;
  indices: Int32Array;
  rows: number;
  k: number;
}

/** Largest |value| the int16 kernels accept (differences must fit int16). */
const INT16_LIMIT = 16383;
/** Largest squared row norm for the exact squared-euclidean kernel (|q|^2 + |t|^2 + 2|q.t| < 2^31). */
const SQ_NORM_LIMIT = 2 ** 27;
/** Norm given to the padding row so it never enters a top-k list. */
const PAD_NORM = 2 ** 30;
const INT32_MAX = 0x7fffffff;

/** Training rows plus what the kernels need, prepared once in `fit`. */
export interface TrainingSet {
  data: Float64Array;
  rows: number;
  cols: number;
  /** Row-padded int16 copy (`rowLen` values per row, zero-filled) when every value is a small integer. */
  int16?: Int16Array;
  rowLen: number;
  /** Column order of the int16 rows (decreasing variance). */
  order: Int32Array;
  /** Exact squared norms of the int16 rows. */
  sqNorms?: Int32Array;
  /** True when every squared row norm is below the exact-kernel limit. */
  sqOk: boolean;
  /** Lazily built: unit-norm rows for cosine, and the WebAssembly instance holding the rows. */
  unit?: Float64Array;
  bound?: { cols: Int32Array; data: Float64Array; sortedIdx: Int32Array; sortedVal: Float64Array };
  wasm?: WasmState;
  /** Lazily built for non-integer euclidean search: integer columns as postings, float columns dense (null: no integer column). */
  mixed?: MixedSet | null;
  /** Lazily built when at least DENSE_MIN_FLOAT_COLS columns hold non-integers: rows packed for the dense kernel (null: too few). */
  dense?: DenseSet | null;
}

/**
 * Non-integer columns from which euclidean search runs on the dense kernel. Below it the mixed
 * search's bounds prune well (adult: 6 float columns; KDD: 38); above it they barely prune and
 * the search was scalar float64 (standardized Fashion-MNIST, 784: ~21x scikit-learn's time).
 */
export const DENSE_MIN_FLOAT_COLS = 64;

/** Number of columns holding at least one non-integer value. */
function floatColumns(data: Float64Array, rows: number, cols: number): number {
  const seen = new Uint8Array(cols);
  let count = 0;
  for (let i = 0; i < rows && count < cols; i++) {
    for (let j = 0; j < cols; j++) {
      if (seen[j] === 0 && !Number.isInteger(data[i * cols + j]!)) {
        seen[j] = 1;
        count++;
      }
    }
  }
  return count;
}

/** Prepares training rows for search: detects small-integer data and builds the int16 copy. */
export function prepareTrainingSet(data: Float64Array, rows: number, cols: number): TrainingSet {
  const rowLen = Math.ceil(cols / 32) * 32;
  const set: TrainingSet = { data, rows, cols, rowLen, sqOk: false, order: new Int32Array(0) };
  if (!isSmallInteger(data)) return set;
  // int16 rows keep their columns by decreasing variance (sums of integers do not depend on the
  // order), so the early-stopping distance in seeded_sq stops sooner.
  const mean = new Float64Array(cols);
  const variance = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j]! += data[i * cols + j]!;
  for (let j = 0; j < cols; j++) mean[j]! /= rows;
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) variance[j]! += (data[i * cols + j]! - mean[j]!) ** 2;
  const order = Int32Array.from(Array.from({ length: cols }, (_, j) => j).sort((a, b) => variance[b]! - variance[a]! || a - b));
  set.order = order;
  const int16 = new Int16Array(rows * rowLen);
  const sqNorms = new Int32Array(rows);
  let maxNorm = 0;
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) {
      const v = data[i * cols + order[j]!]!;
      int16[i * rowLen + j] = v;
      s += v * v;
    }
    maxNorm = Math.max(maxNorm, s);
    sqNorms[i] = Math.min(s, INT32_MAX);
  }
  set.int16 = int16;
  set.sqNorms = sqNorms;
  set.sqOk = maxNorm < SQ_NORM_LIMIT;
  return set;
}

function isSmallInteger(data: Float64Array): boolean {
  for (let k = 0; k < data.length; k++) {
    const v = data[k]!;
    if (!Number.isInteger(v) || v > INT16_LIMIT || v < -INT16_LIMIT) return false;
  }
  return true;
}

/** The k nearest training rows of every row of `X`. */
export function searchNeighbors(train: TrainingSet, X: Matrix, k: number, metric: KnnMetric, algorithm: 'auto' | 'brute'): Neighbors {
  if (train.int16 !== undefined && (metric.name === 'euclidean' || metric.name === 'manhattan') && isSmallInteger(X.data)) {
    const sq = metric.name === 'euclidean';
    const fits = sq ? train.sqOk && maxSqNorm(X) < SQ_NORM_LIMIT : train.cols * 2 * INT16_LIMIT < PAD_NORM;
    if (fits) {
      if (sq && algorithm === 'auto' && prunedPays(train, X.rows)) return searchInt16Pruned(train, X, k);
      return searchInt16(train, X, k, sq);
    }
  }
  if (metric.name === 'euclidean') {
    if (train.dense === undefined) train.dense = floatColumns(train.data, train.rows, train.cols) >= DENSE_MIN_FLOAT_COLS ? prepareDense(train.data, train.rows, train.cols) : null;
    if (train.dense !== null) {
      const distances = new Float64Array(X.rows * k);
      const indices = new Int32Array(X.rows * k);
      searchDenseSq(train.dense, train.data, train.rows, X, k, distances, indices);
      for (let i = 0; i < distances.length; i++) distances[i] = Math.sqrt(distances[i]!);
      sortRows(distances, indices, X.rows, k);
      return { distances, indices, rows: X.rows, k };
    }
    if (train.mixed === undefined) train.mixed = prepareMixed(train.data, train.rows, train.cols) ?? null;
    if (train.mixed !== null) {
      const distances = new Float64Array(X.rows * k);
      const indices = new Int32Array(X.rows * k);
      if (searchMixedSq(train.mixed, X, k, algorithm === 'brute', distances, indices)) {
        for (let i = 0; i < distances.length; i++) distances[i] = Math.sqrt(distances[i]!);
        sortRows(distances, indices, X.rows, k);
        return { distances, indices, rows: X.rows, k };
      }
    }
  }
  return searchFloat64(train, X, k, metric, algorithm);
}

function maxSqNorm(X: Matrix): number {
  let max = 0;
  for (let i = 0; i < X.rows; i++) {
    let s = 0;
    for (let j = 0; j < X.cols; j++) s += X.data[i * X.cols + j]! ** 2;
    max = Math.max(max, s);
  }
  return max;
}

// ---------------------------------------------------------------------------------------------
// WebAssembly int16 kernels

interface KernelExports {
  seeded_sq(q: number, qn: number, qp: number, nq: number, t: number, tn: number, tp: number, nBlocks: number, rowBytes: number, m: number, k: number, bd: number, bi: number, lb: number, sd: number, si: number, ks: number, cand: number, candCap: number, ties: number): void;
  pruned_sq(q: number, qn: number, qp: number, nq: number, t: number, tn: number, tp: number, nBlocks: number, rowBytes: number, m: number, k: number, bd: number, bi: number): void;
  sq_i16(q: number, qn: number, nq: number, t: number, tn: number, nt: number, tIdx0: number, rowBytes: number, k: number, bd: number, bi: number): void;
  l1_i16(q: number, qn: number, nq: number, t: number, tn: number, nt: number, tIdx0: number, rowBytes: number, k: number, bd: number, bi: number): void;
}

interface WasmState {
  memory: WasmMemory;
  exports: KernelExports;
  /** Byte offsets of the training rows (even count, padding row last) and their norms. */
  tOff: number;
  tnOff: number;
  /** Byte offset of the manhattan penalties (0 per real row, 2^30 for the padding row). */
  penOff: number;
  nPad: number;
  /** First free byte after the training data. */
  freeOff: number;
  /** The projection used by the pruned search, once built: basis (cols × m) and where `tp` starts. */
  projection?: { basis: Float64Array; m: number; tpOff: number; nBlocks: number };
}

const instantiate = kernelInstantiator<KernelExports>(knnI16Wasm);

const QUERY_BATCH = 2048;
const TILE_ROWS = 512;

/** Copies the training rows into a WebAssembly memory once per estimator. */
function wasmState(train: TrainingSet): WasmState {
  if (train.wasm !== undefined) return train.wasm;
  const rowBytes = train.rowLen * 2;
  const nPad = train.rows + (train.rows % 2);
  const tOff = 0;
  const tnOff = tOff + nPad * rowBytes;
  const penOff = tnOff + nPad * 4;
  const freeOff = align16(penOff + nPad * 4);
  const memory = newMemory(freeOff + PAGE);
  const exports = instantiate(memory);
  new Int16Array(memory.buffer, tOff, train.int16!.length).set(train.int16!);
  const norms = new Int32Array(memory.buffer, tnOff, nPad);
  norms.set(train.sqNorms!);
  const penalty = new Int32Array(memory.buffer, penOff, nPad);
  if (nPad > train.rows) norms[train.rows] = penalty[train.rows] = PAD_NORM;
  train.wasm = { memory, exports, tOff, tnOff, penOff, nPad, freeOff };
  return train.wasm;
}

/**
 * Makes the memory at least `end` bytes long. A larger memory replaces the old one instead of
 * `memory.grow`: growing detaches the old ArrayBuffer, and once any ArrayBuffer in a thread has been
 * detached, V8 checks for detachment on every typed-array access in that thread from then on. That
 * made every tree fitted after a k-NN predict 25-50 % slower.
 */
function reserve(w: WasmState, end: number): void {
  if (end <= w.memory.buffer.byteLength) return;
  w.memory = replaceMemory(w.memory, end, w.freeOff);
  w.exports = instantiate(w.memory);
}

function align16(n: number): number {
  return Math.ceil(n / 16) * 16;
}

/** The pruned search pays for a projection; below these sizes brute force is as fast. */
const PRUNE_MIN_ROWS = 1024;
const PRUNE_MIN_COLS = 32;
/**
 * ... and for building it (about 0.5 s on 784 columns): below this many brute-force multiply-adds
 * (training rows × queries × columns; about 2.5 s of brute force) brute force finishes first.
 * Measured on Fashion-MNIST: 12,000 rows × 2,000 queries take 0.93 s brute and 1.06 s pruned;
 * mushroom's 5,686 × 2,438 take 0.11 s brute and 0.34 s pruned.
 */
let pruneMinWork = 5e10;

/** Whether the projection-pruned search is worth building for `queries` queries. */
function prunedPays(train: TrainingSet, queries: number): boolean {
  return train.rows >= PRUNE_MIN_ROWS && train.cols >= PRUNE_MIN_COLS && train.rows * queries * train.cols >= pruneMinWork;
}

/**
 * Sets the brute-force work above which `algorithm: 'auto'` prunes, returning the old value. For
 * tests that need the pruned search on small inputs; both searches give the same neighbours.
 */
export function setPruneMinWork(work: number): number {
  const old = pruneMinWork;
  pruneMinWork = work;
  return old;
}
/** Directions of the projection bound (more: tighter bound, costlier per row). */
const PROJECTION_DIMS = 16; // seeded_sq is unrolled for 16
/** Rows with the smallest bounds whose exact distances give the search its first threshold. */
const SEEDS = 32;
/** Queries per call of the pruned kernel. */
const PRUNED_CALL_QUERIES = 4;
/** Rows sampled to find the projection directions. */
const BASIS_SAMPLE = 2048;

/** Deterministic pseudo-random numbers in [-0.5, 0.5) (the start of the subspace iteration). */
function hashUniform(i: number): number {
  const x = Math.sin(i * 12.9898 + 78.233) * 43758.5453;
  return x - Math.floor(x) - 0.5;
}

/** Orthonormalizes the m columns of a row-major rows × m matrix in place (Gram-Schmidt twice); near-zero columns become zero. */
function orthonormalize(A: Float64Array, rows: number, m: number): void {
  let scale = 0;
  for (let pass = 0; pass < 2; pass++) {
    for (let c = 0; c < m; c++) {
      for (let prev = 0; prev < c; prev++) {
        let dot = 0;
        for (let r = 0; r < rows; r++) dot += A[r * m + c]! * A[r * m + prev]!;
        for (let r = 0; r < rows; r++) A[r * m + c]! -= dot * A[r * m + prev]!;
      }
      let norm = 0;
      for (let r = 0; r < rows; r++) norm += A[r * m + c]! ** 2;
      norm = Math.sqrt(norm);
      if (c === 0) scale = norm;
      const inv = norm > 1e-9 * scale && norm > 0 ? 1 / norm : 0;
      for (let r = 0; r < rows; r++) A[r * m + c]! *= inv;
    }
  }
}

/**
 * An orthonormal basis (cols × m, row-major) of the main directions of the training rows: a few
 * steps of subspace iteration on a row sample. Any orthonormal basis keeps the search exact; a
 * good one only makes the bound tighter.
 */
function projectionBasis(train: TrainingSet, m: number): Float64Array {
  const { data, rows, cols } = train;
  const S = Math.min(rows, BASIS_SAMPLE);
  const A = new Float64Array(S * cols);
  const mean = new Float64Array(cols);
  for (let s = 0; s < S; s++) {
    const src = Math.floor((s * rows) / S) * cols;
    for (let j = 0; j < cols; j++) A[s * cols + j] = data[src + j]!;
  }
  for (let s = 0; s < S; s++) for (let j = 0; j < cols; j++) mean[j]! += A[s * cols + j]! / S;
  for (let s = 0; s < S; s++) for (let j = 0; j < cols; j++) A[s * cols + j]! -= mean[j]!;
  let Z = new Float64Array(cols * m);
  for (let i = 0; i < Z.length; i++) Z[i] = hashUniform(i);
  const Y = new Float64Array(S * m);
  for (let iter = 0; iter < 4; iter++) {
    orthonormalize(Z, cols, m);
    Y.fill(0);
    for (let s = 0; s < S; s++) {
      for (let j = 0; j < cols; j++) {
        const v = A[s * cols + j]!;
        if (v === 0) continue;
        for (let c = 0; c < m; c++) Y[s * m + c]! += v * Z[j * m + c]!;
      }
    }
    Z = new Float64Array(cols * m);
    for (let s = 0; s < S; s++) {
      for (let j = 0; j < cols; j++) {
        const v = A[s * cols + j]!;
        if (v === 0) continue;
        for (let c = 0; c < m; c++) Z[j * m + c]! += v * Y[s * m + c]!;
      }
    }
  }
  orthonormalize(Z, cols, m);
  return Z;
}

/** Projects row-major rows onto the 16-column basis, as f32 values (`out[r * 16 + c]`); zeros skipped. */
function projectRows(data: Float64Array, rows: number, cols: number, basis: Float64Array, m: number): Float32Array {
  if (m !== 16) throw new RangeError('projectRows is unrolled for 16 directions');
  const out = new Float32Array(rows * 16);
  for (let r = 0; r < rows; r++) {
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0, a8 = 0, a9 = 0, a10 = 0, a11 = 0, a12 = 0, a13 = 0, a14 = 0, a15 = 0;
    const src = r * cols;
    for (let j = 0; j < cols; j++) {
      const v = data[src + j]!;
      if (v === 0) continue;
      const b = j * 16;
      a0 += v * basis[b + 0]!;
      a1 += v * basis[b + 1]!;
      a2 += v * basis[b + 2]!;
      a3 += v * basis[b + 3]!;
      a4 += v * basis[b + 4]!;
      a5 += v * basis[b + 5]!;
      a6 += v * basis[b + 6]!;
      a7 += v * basis[b + 7]!;
      a8 += v * basis[b + 8]!;
      a9 += v * basis[b + 9]!;
      a10 += v * basis[b + 10]!;
      a11 += v * basis[b + 11]!;
      a12 += v * basis[b + 12]!;
      a13 += v * basis[b + 13]!;
      a14 += v * basis[b + 14]!;
      a15 += v * basis[b + 15]!;
    }
    const o = r * 16;
    out[o + 0] = a0;
    out[o + 1] = a1;
    out[o + 2] = a2;
    out[o + 3] = a3;
    out[o + 4] = a4;
    out[o + 5] = a5;
    out[o + 6] = a6;
    out[o + 7] = a7;
    out[o + 8] = a8;
    out[o + 9] = a9;
    out[o + 10] = a10;
    out[o + 11] = a11;
    out[o + 12] = a12;
    out[o + 13] = a13;
    out[o + 14] = a14;
    out[o + 15] = a15;
  }
  return out;
}

/** Builds the projection of the training rows inside the WebAssembly memory (once per estimator). */
function wasmProjection(train: TrainingSet, w: WasmState): NonNullable<WasmState['projection']> {
  if (w.projection !== undefined) return w.projection;
  const m = Math.min(PROJECTION_DIMS, train.cols);
  const basis = projectionBasis(train, m);
  const proj = projectRows(train.data, train.rows, train.cols, basis, m);
  const nBlocks = Math.ceil(train.rows / 4);
  const tpOff = w.freeOff;
  const end = tpOff + nBlocks * m * 16;
  reserve(w, end);
  const tp = new Float32Array(w.memory.buffer, tpOff, nBlocks * m * 4).fill(1e30); // padding rows: never pass
  for (let r = 0; r < train.rows; r++) {
    const blk = r >> 2;
    const lane = r & 3;
    for (let c = 0; c < m; c++) tp[(blk * m + c) * 4 + lane] = proj[r * m + c]!;
  }
  w.freeOff = align16(end);
  w.projection = { basis, m, tpOff, nBlocks };
  return w.projection;
}

function searchInt16Pruned(train: TrainingSet, X: Matrix, k: number): Neighbors {
  const w = wasmState(train);
  const { basis, m, tpOff, nBlocks } = wasmProjection(train, w);
  const rowLen = train.rowLen;
  const rowBytes = rowLen * 2;
  const distances = new Float64Array(X.rows * k);
  const indices = new Int32Array(X.rows * k);
  const batch = Math.min(QUERY_BATCH, X.rows);
  const qOff = w.freeOff;
  const qnOff = align16(qOff + batch * rowBytes);
  const qpOff = align16(qnOff + batch * 4);
  const bdOff = align16(qpOff + batch * m * 4);
  const biOff = align16(bdOff + batch * k * 4);
  const lbOff = align16(biOff + batch * k * 4);
  const sdOff = align16(lbOff + nBlocks * 16);
  const ks = Math.max(k, SEEDS);
  const siOff = align16(sdOff + ks * 4);
  const candOff = align16(siOff + ks * 4);
  const candCap = Math.max(16384, 4 * k);
  const tiesOff = align16(candOff + candCap * 4);
  const end = tiesOff + batch;
  reserve(w, end);
  for (let start = 0; start < X.rows; start += batch) {
    const n = Math.min(batch, X.rows - start);
    const buffer = w.memory.buffer;
    const q = new Int16Array(buffer, qOff, n * rowLen).fill(0);
    const qn = new Int32Array(buffer, qnOff, n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      const src = (start + i) * X.cols;
      for (let j = 0; j < X.cols; j++) {
        const v = X.data[src + train.order[j]!]!;
        q[i * rowLen + j] = v;
        s += v * v;
      }
      qn[i] = s;
    }
    new Float32Array(buffer, qpOff, n * m).set(projectRows(X.data.subarray(start * X.cols, (start + n) * X.cols), n, X.cols, basis, m));
    const bd = new Int32Array(buffer, bdOff, n * k).fill(INT32_MAX);
    const bi = new Int32Array(buffer, biOff, n * k).fill(-1);
    // A few queries per call: V8 runs a WebAssembly function's first calls in its baseline
    // compiler and switches to optimized code only between calls.
    // Fast path (seeded_sq), then the queries whose k-th distance is tied again with pruned_sq,
    // which follows scikit-learn's heap exactly.
    const ties = new Uint8Array(buffer, tiesOff, n);
    for (let c = 0; c < n; c += PRUNED_CALL_QUERIES) {
      const nc = Math.min(PRUNED_CALL_QUERIES, n - c);
      w.exports.seeded_sq(
        qOff + c * rowBytes, qnOff + c * 4, qpOff + c * m * 4, nc, w.tOff, w.tnOff, tpOff, nBlocks, rowBytes, m, k,
        bdOff + c * k * 4, biOff + c * k * 4, lbOff, sdOff, siOff, ks, candOff, candCap, tiesOff + c,
      );
    }
    for (let i = 0; i < n; i++) {
      if (ties[i] === 0) continue;
      bd.fill(INT32_MAX, i * k, (i + 1) * k);
      bi.fill(-1, i * k, (i + 1) * k);
      w.exports.pruned_sq(qOff + i * rowBytes, qnOff + i * 4, qpOff + i * m * 4, 1, w.tOff, w.tnOff, tpOff, nBlocks, rowBytes, m, k, bdOff + i * k * 4, biOff + i * k * 4);
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) {
        distances[(start + i) * k + j] = Math.sqrt(bd[i * k + j]!);
        indices[(start + i) * k + j] = bi[i * k + j]!;
      }
    }
  }
  sortRows(distances, indices, X.rows, k);
  return { distances, indices, rows: X.rows, k };
}

function searchInt16(train: TrainingSet, X: Matrix, k: number, sq: boolean): Neighbors {
  const w = wasmState(train);
  const rowLen = train.rowLen;
  const rowBytes = rowLen * 2;
  const distances = new Float64Array(X.rows * k);
  const indices = new Int32Array(X.rows * k);
  const batchPad = Math.min(QUERY_BATCH, Math.ceil(X.rows / 4) * 4);
  const qOff = w.freeOff;
  const qnOff = align16(qOff + batchPad * rowBytes);
  const bdOff = align16(qnOff + batchPad * 4);
  const biOff = align16(bdOff + batchPad * k * 4);
  const end = biOff + batchPad * k * 4;
  reserve(w, end);
  const kernel = sq ? w.exports.sq_i16 : w.exports.l1_i16;
  for (let start = 0; start < X.rows; start += batchPad) {
    const n = Math.min(batchPad, X.rows - start);
    const nq = Math.ceil(n / 4) * 4;
    const buffer = w.memory.buffer;
    const q = new Int16Array(buffer, qOff, nq * rowLen).fill(0);
    const qn = new Int32Array(buffer, qnOff, nq).fill(0);
    for (let i = 0; i < n; i++) {
      let s = 0;
      const src = (start + i) * X.cols;
      for (let j = 0; j < X.cols; j++) {
        const v = X.data[src + train.order[j]!]!;
        q[i * rowLen + j] = v;
        s += v * v;
      }
      qn[i] = s;
    }
    const bd = new Int32Array(buffer, bdOff, nq * k).fill(INT32_MAX);
    const bi = new Int32Array(buffer, biOff, nq * k).fill(-1);
    for (let t = 0; t < w.nPad; t += TILE_ROWS) {
      const nt = Math.min(TILE_ROWS, w.nPad - t);
      kernel(qOff, qnOff, nq, w.tOff + t * rowBytes, (sq ? w.tnOff : w.penOff) + t * 4, nt, t, rowBytes, k, bdOff, biOff);
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) {
        const d = bd[i * k + j]!;
        distances[(start + i) * k + j] = sq ? Math.sqrt(d) : d;
        indices[(start + i) * k + j] = bi[i * k + j]!;
      }
    }
  }
  sortRows(distances, indices, X.rows, k);
  return { distances, indices, rows: X.rows, k };
}

// ---------------------------------------------------------------------------------------------
// float64 loops

/** Unit-norm rows as scikit-learn's `normalize` (a zero row stays zero). */
function unitRows(data: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += data[i * cols + j]! ** 2;
    let norm = Math.sqrt(s);
    if (norm === 0) norm = 1;
    for (let j = 0; j < cols; j++) out[i * cols + j] = data[i * cols + j]! / norm;
  }
  return out;
}

/** Sorts each row's k neighbours by (distance, index): the documented output order. */
function sortRows(distances: Float64Array, indices: Int32Array, rows: number, k: number): void {
  const order = Array.from({ length: k }, (_, j) => j);
  const d = new Float64Array(k);
  const ix = new Int32Array(k);
  for (let i = 0; i < rows; i++) {
    const base = i * k;
    for (let j = 0; j < k; j++) order[j] = j;
    order.sort((a, b) => distances[base + a]! - distances[base + b]! || indices[base + a]! - indices[base + b]!);
    for (let j = 0; j < k; j++) {
      d[j] = distances[base + order[j]!]!;
      ix[j] = indices[base + order[j]!]!;
    }
    distances.set(d, base);
    indices.set(ix, base);
  }
}

function maxAbs(data: Float64Array): number {
  let m = 0;
  for (let i = 0; i < data.length; i++) m = Math.max(m, Math.abs(data[i]!));
  return m;
}

/** x^p for a small integer p by repeated multiplication (exact for small integers x). */
function powInt(x: number, p: number): number {
  let r = x;
  for (let i = 1; i < p; i++) r *= x;
  return r;
}

/** Columns used for the cheap lower bound of the float64 path: the few with the largest variance. */
const BOUND_COLUMNS = 4; // the unrolled bound loop in searchFloat64 assumes 4
/** Rows per chunk of the sorted top column. */
const CHUNK_ROWS = 256;

/** The `BOUND_COLUMNS` highest-variance columns of the training rows (row-major copy), built lazily. */
function boundColumns(train: TrainingSet): NonNullable<TrainingSet['bound']> {
  if (train.bound !== undefined) return train.bound;
  const { data, rows, cols } = train;
  const mean = new Float64Array(cols);
  const sq = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) mean[j]! += data[i * cols + j]!;
  for (let j = 0; j < cols; j++) mean[j]! /= rows;
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) sq[j]! += (data[i * cols + j]! - mean[j]!) ** 2;
  const order = Array.from({ length: cols }, (_, j) => j).sort((a, b) => sq[b]! - sq[a]! || a - b);
  const m = Math.min(BOUND_COLUMNS, cols);
  const picked = Int32Array.from(order.slice(0, m));
  const out = new Float64Array(rows * m);
  for (let i = 0; i < rows; i++) for (let b = 0; b < m; b++) out[i * m + b] = data[i * cols + picked[b]!]!;
  // Per chunk of CHUNK_ROWS rows, the indices sorted by the top column, so the rows of a chunk
  // that can pass the bound are found by binary search.
  const sortedIdx = new Int32Array(rows);
  const sortedVal = new Float64Array(rows);
  for (let lo = 0; lo < rows; lo += CHUNK_ROWS) {
    const hi = Math.min(rows, lo + CHUNK_ROWS);
    const idx = Array.from({ length: hi - lo }, (_, j) => lo + j).sort((a, b) => out[a * m]! - out[b * m]! || a - b);
    for (let j = 0; j < idx.length; j++) {
      sortedIdx[lo + j] = idx[j]!;
      sortedVal[lo + j] = out[idx[j]! * m]!;
    }
  }
  train.bound = { cols: picked, data: out, sortedIdx, sortedVal };
  return train.bound;
}

/**
 * Float64 search. Training rows are offered in index order to the heap; a row is skipped only
 * when it provably would not enter (its distance is at least the heap's largest), using (auto) a
 * lower bound from the highest-variance columns and, for all, early abandoning of the sum. Both
 * are sums of a subset of the non-negative terms; the 1e-9 slack covers rounding, so skipping
 * never changes the result.
 */
function searchFloat64(train: TrainingSet, X: Matrix, k: number, metric: KnnMetric, algorithm: 'auto' | 'brute'): Neighbors {
  const { rows: n, cols } = train;
  const distances = new Float64Array(X.rows * k).fill(Infinity);
  const indices = new Int32Array(X.rows * k).fill(-1);
  let T = train.data;
  let Q = X.data;
  if (metric.name === 'cosine') {
    train.unit ??= unitRows(train.data, n, cols);
    T = train.unit;
    Q = unitRows(X.data, X.rows, cols);
  }
  const p = metric.name === 'minkowski' ? metric.p : metric.name === 'euclidean' ? 2 : 1;
  const useBound = algorithm === 'auto' && metric.name !== 'cosine' && cols > 2 * BOUND_COLUMNS && n > 64;
  const bound = useBound ? boundColumns(train) : undefined;
  const bd = bound?.data ?? new Float64Array(0);
  const bc = bound?.cols ?? new Int32Array(BOUND_COLUMNS);
  const SLACK = 1 - 1e-9;
  // Integer data, an integer p, and every sum of |d|^p below 2^53: powers by multiplication are
  // exact (as pow's are) and much faster.
  const exactPow =
    metric.name === 'minkowski' &&
    Number.isInteger(p) &&
    train.int16 !== undefined &&
    isSmallInteger(X.data) &&
    cols * (2 * Math.max(maxAbs(train.data), maxAbs(X.data))) ** p < 2 ** 53;
  const sortedVal = bound?.sortedVal ?? new Float64Array(0);
  const sortedIdx = bound?.sortedIdx ?? new Int32Array(0);
  const candidates = new Int32Array(CHUNK_ROWS);
  for (let qi = 0; qi < X.rows; qi++) {
    const qo = qi * cols;
    const base = qi * k;
    let thr = Infinity;
    const q0 = Q[qo + bc[0]!]!;
    const q1 = Q[qo + bc[1]!]!;
    const q2 = Q[qo + bc[2]!]!;
    const q3 = Q[qo + bc[3]!]!;
    for (let lo = 0; lo < n; lo += CHUNK_ROWS) {
      // k rows at distance 0: no distance is below 0, so no later row can enter the heap
      if (thr === 0) break;
      const hi = Math.min(n, lo + CHUNK_ROWS);
      // Rows of this chunk outside the window on the top column cannot pass the bound (even
      // with the slack): list the others, in index order.
      let count = hi - lo;
      let list: Int32Array | undefined;
      if (useBound && thr !== Infinity) {
        const limit = thr / SLACK;
        const r = (p === 2 ? Math.sqrt(limit) : p === 1 ? limit : limit ** (1 / p)) * (1 + 1e-9);
        const a = lowerBound(sortedVal, lo, hi, q0 - r);
        const b = upperBound(sortedVal, lo, hi, q0 + r);
        if ((b - a) * 4 < count) {
          count = b - a;
          list = candidates.subarray(0, count);
          list.set(sortedIdx.subarray(a, b));
          list.sort();
        }
      }
      for (let c = 0; c < count; c++) {
        const ti = list === undefined ? lo + c : list[c]!;
      if (useBound) {
          const o = ti * 4;
          const d0 = Math.abs(q0 - bd[o]!);
          const d1 = Math.abs(q1 - bd[o + 1]!);
          const d2 = Math.abs(q2 - bd[o + 2]!);
          const d3 = Math.abs(q3 - bd[o + 3]!);
          const lb = p === 2 ? d0 * d0 + d1 * d1 + d2 * d2 + d3 * d3 : p === 1 ? d0 + d1 + d2 + d3 : exactPow ? powInt(d0, p) + powInt(d1, p) + powInt(d2, p) + powInt(d3, p) : d0 ** p + d1 ** p + d2 ** p + d3 ** p;
          if (lb * SLACK >= thr) continue;
        }
        const to = ti * cols;
        let s = 0;
        // Partial sums of non-negative terms only grow (also in floating point), so a row already
        // at or past the threshold cannot enter: stop summing it early.
        if (metric.name === 'euclidean') {
          for (let j = 0; j < cols; j++) {
            const d = Q[qo + j]! - T[to + j]!;
            s += d * d;
            if ((j & 15) === 15 && s >= thr) break;
          }
        } else if (metric.name === 'manhattan') {
          for (let j = 0; j < cols; j++) {
            s += Math.abs(Q[qo + j]! - T[to + j]!);
            if ((j & 15) === 15 && s >= thr) break;
          }
        } else if (metric.name === 'minkowski') {
          for (let j = 0; j < cols; j++) {
            const d = Math.abs(Q[qo + j]! - T[to + j]!);
            s += exactPow ? powInt(d, p) : d ** p;
            if ((j & 15) === 15 && s >= thr) break;
          }
        } else {
          for (let j = 0; j < cols; j++) s += Q[qo + j]! * T[to + j]!;
          s = Math.min(Math.max(1 - s, 0), 2);
        }
        if (s < thr) thr = heapPush(distances, indices, base, k, s, ti);
    }
  }
  }
  if (metric.name === 'euclidean') for (let i = 0; i < distances.length; i++) distances[i] = Math.sqrt(distances[i]!);
  if (metric.name === 'minkowski') for (let i = 0; i < distances.length; i++) distances[i] = distances[i]! ** (1 / p);
  sortRows(distances, indices, X.rows, k);
  return { distances, indices, rows: X.rows, k };
}
