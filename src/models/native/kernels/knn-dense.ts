/**
 * Exact euclidean k-NN on dense float data (e.g. standardized pixels) through the dense WebAssembly
 * kernel: |q|² + |t|² − 2·q·t with the dot products in float32 (`PackedMatrix`, training rows
 * packed once), then exact distances only for the rows the float32 error bound cannot rule out.
 *
 * Exactness: the float32 product of a query q and a row t is within e = (d + 8)·2⁻²²·|q||t| (plus
 * 2⁻⁴⁰·(|q|² + |t|²) for the float64 assembly) of the true q·t terms (d columns; a sequential sum of
 * d products, inputs rounded to float32). With U the k-th smallest upper bound d̃ + e, every row
 * whose lower bound d̃ − e exceeds U is farther than the k-th neighbour; the others get the exact
 * distance, the same column-order sum of squared differences as the float64 path. When exactly
 * the k smallest of those are below the (k+1)-th, they are the answer; on a tie at the k-th
 * distance (duplicates), the query reruns in scikit-learn's heap order (`heapPush`, rows in index
 * order), skipping only rows whose lower bound is at or above the running threshold, which the
 * heap would reject, so ties resolve as scikit-learn's one-thread brute force.
 */
import type { Matrix } from '../../../core/index.js';
import { PackedMatrix } from './dense.js';
import { heapPush } from './knn-heap.js';

/** Queries per kernel call (bounds the block of dot products: QUERY_BLOCK × training rows). */
const QUERY_BLOCK = 64;

/** Training rows packed for the kernel, with their exact squared norms. */
export interface DenseSet {
  packed: PackedMatrix;
  sqNorms: Float64Array;
}

/** Packs the training rows (float32 panels) and computes their exact squared norms. */
export function prepareDense(data: Float64Array, rows: number, cols: number): DenseSet {
  const sqNorms = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += data[i * cols + j]! * data[i * cols + j]!;
    sqNorms[i] = s;
  }
  return { packed: new PackedMatrix(data, cols, rows, { transB: true, precision: 'f32' }), sqNorms };
}

/** The exact squared distance as the float64 path sums it (columns in order). */
function exactSq(Q: Float64Array, qo: number, T: Float64Array, to: number, cols: number): number {
  let s = 0;
  for (let j = 0; j < cols; j++) {
    const d = Q[qo + j]! - T[to + j]!;
    s += d * d;
  }
  return s;
}

/**
 * The k nearest training rows (`T`, n × cols) of every row of X by squared euclidean distance,
 * written to `distances` (squared) / `indices`, rows × k, each row sorted by (distance, index).
 */
export function searchDenseSq(set: DenseSet, T: Float64Array, n: number, X: Matrix, k: number, distances: Float64Array, indices: Int32Array): void {
  const cols = X.cols;
  const Q = X.data;
  const dots = new Float64Array(QUERY_BLOCK * n);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  const rel = (cols + 8) * 2 ** -22;
  const tNorm = new Float64Array(n);
  for (let j = 0; j < n; j++) tNorm[j] = Math.sqrt(set.sqNorms[j]!);
  const topD = new Float64Array(k);
  const topI = new Int32Array(k);
  let cand = new Int32Array(Math.max(64, 4 * k));
  let candD = new Float64Array(cand.length);
  for (let q0 = 0; q0 < X.rows; q0 += QUERY_BLOCK) {
    const m = Math.min(QUERY_BLOCK, X.rows - q0);
    set.packed.multiply(Q.subarray(q0 * cols, (q0 + m) * cols), m, dots);
    for (let r = 0; r < m; r++) {
      const qi = q0 + r;
      const qo = qi * cols;
      let qSq = 0;
      for (let j = 0; j < cols; j++) qSq += Q[qo + j]! * Q[qo + j]!;
      const qNorm = Math.sqrt(qSq);
      // U: the k-th smallest upper bound (a max-heap of k upper bounds).
      topD.fill(Infinity);
      let thr = Infinity;
      const row = r * n;
      for (let j = 0; j < n; j++) {
        const approx = qSq + set.sqNorms[j]! - 2 * dots[row + j]!;
        const e = rel * qNorm * tNorm[j]! + 2 ** -40 * (qSq + set.sqNorms[j]!);
        upper[j] = approx + e;
        lower[j] = approx - e;
        if (upper[j]! < thr) thr = heapPush(topD, topI, 0, k, upper[j]!, j);
      }
      const U = thr;
      // Candidates: rows whose lower bound does not exceed U, with exact distances, in index order.
      let count = 0;
      for (let j = 0; j < n; j++) {
        if (lower[j]! > U) continue;
        if (count === cand.length) {
          const grown = new Int32Array(cand.length * 2);
          grown.set(cand);
          cand = grown;
          const grownD = new Float64Array(candD.length * 2);
          grownD.set(candD);
          candD = grownD;
        }
        cand[count] = j;
        candD[count] = exactSq(Q, qo, T, j * cols, cols);
        count++;
      }
      const order = Array.from({ length: count }, (_, c) => c).sort((a, b) => candD[a]! - candD[b]! || cand[a]! - cand[b]!);
      const base = qi * k;
      const tiedAtK = count > k && candD[order[k - 1]!] === candD[order[k]!];
      if (!tiedAtK) {
        for (let c = 0; c < k; c++) {
          distances[base + c] = candD[order[c]!]!;
          indices[base + c] = cand[order[c]!]!;
        }
        continue;
      }
      // A tie at the k-th distance: scikit-learn's heap over every row it would not reject.
      distances.fill(Infinity, base, base + k);
      indices.fill(-1, base, base + k);
      let t = Infinity;
      for (let j = 0; j < n; j++) {
        if (lower[j]! >= t) continue;
        const d = exactSq(Q, qo, T, j * cols, cols);
        if (d < t) t = heapPush(distances, indices, base, k, d, j);
      }
      const pairs = Array.from({ length: k }, (_, c) => [distances[base + c]!, indices[base + c]!] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      for (let c = 0; c < k; c++) {
        distances[base + c] = pairs[c]![0];
        indices[base + c] = pairs[c]![1];
      }
    }
  }
}
