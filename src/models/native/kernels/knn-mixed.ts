/**
 * Exact euclidean k-NN search for mixed data: integer columns (one-hot, counts) plus float columns
 * (standardized numerics), the shape `scale: standard` gives after one-hot encoding.
 *
 * The squared distance is split as `B + F`: `B` over the integer columns, exact (integer sums), and
 * `F` over the float columns, summed directly in one fixed order (`((B + d0^2) + d1^2) + ...`,
 * columns by decreasing variance). Every path here uses that same sum, so they agree with each
 * other bit for bit; against scikit-learn (|x|^2 - 2 x.y + |y|^2 over all columns) only near-ties
 * can order differently.
 *
 * Training rows are grouped by their integer part (adult: 24k rows, 6.7k groups of identical
 * categories; KDD sample: 35k rows, 130 groups), so `B` is computed once per group from the group's
 * non-zero values. Inside a group the rows are sorted by their projection on the float part's
 * leading principal direction; four such orthonormal projections give a cheap lower bound.
 *
 * Fast path per query: a first bound of the k-th distance from rows near the query in the groups
 * with the smallest `B`; then every group with `B` above the running bound is skipped, and inside
 * the others only the rows whose first projection is within sqrt(bound - B) of the query's (binary
 * search) and whose projection bound `B + sum (dp_i)^2` is within the bound are summed, abandoning a
 * sum once past the bound (projection differences are first shrunk by their worst rounding error,
 * and both tests keep a relative slack, so no row at or below the bound is skipped). All rows at or
 * below the bound are kept; when exactly k are at or below the final k-th distance they are the
 * answer (the k nearest are unique). Otherwise (a tie at the k-th distance, or k rows at distance 0, common in
 * KDD's duplicates) the query reruns in scikit-learn's heap order (`heapPush`, training rows in
 * index order), skipping only rows the heap would reject (lower bound `B + d0^2`, the sum's first
 * step), so exact ties resolve as scikit-learn's; with k zeros that pass stops at once.
 */
import type { Matrix } from '../../../core/index.js';
import { heapPush, lowerBound, upperBound } from './knn-heap.js';

/** Largest |value| of an integer column (squared sums stay far below 2^53). */
const INT_LIMIT = 32767;
/** Projections used for the lower bound (the first also orders each group). */
const PROJECTIONS = 4;
/** Rows sampled for the principal directions. */
const PCA_ROWS = 4096;
/** Most distinct values of an integer column in the exact part. */
const MAX_LEVELS = 32;
/** Seed rows taken around the query's position in each seed group (at least k). */
const SEED_PER_GROUP = 4;
/** Seed rows wanted overall (at least k). */
const SEED_ROWS = 32;
/** Histogram size for the seed level (`B` values are integers). */
const HIST = 64;
/**
 * Relative slack of the window and the projection bound: a computed sum of nf squares may round
 * below the exact one by at most ~nf ulps, far less than this, so no row at or below the bound is
 * left out.
 */
function windowSlack(nf: number): number {
  return Math.max(1e-12, 8 * (nf + 8) * 2 ** -52);
}

/** Training rows split into integer groups (identical integer parts) and a dense float part. */
export interface MixedSet {
  rows: number;
  cols: number;
  /** Integer columns (original indices). */
  intCols: Int32Array;
  /** Float columns (original indices) by decreasing variance. */
  floatCols: Int32Array;
  /** Row-major float part of every row (float columns in `floatCols` order), original row order. */
  dense: Float64Array;
  /** Group of each row. */
  groupOf: Int32Array;
  /** Each group's non-zero integer values (CSR over groups, positions into `intCols`) and squared norm. */
  gNzStart: Int32Array;
  gNzCol: Int32Array;
  gNzVal: Float64Array;
  gNorm: Float64Array;
  /** Members of group g at `gStart[g]..gStart[g+1]`, sorted by their first projection (then index). */
  gStart: Int32Array;
  gRow: Int32Array;
  /** First projection of the members, all `m` projections, and their float part, in member order. */
  gKey: Float64Array;
  gProj: Float64Array;
  gDense: Float64Array;
  /** Orthonormal directions of largest variance of the float part (`nf × m`, row-major) and the largest float-part norm. */
  basis: Float64Array;
  m: number;
  maxNorm: number;
}

/**
 * Splits training rows into integer and float columns and groups rows by their integer part;
 * undefined when there is no integer column with few values (nothing to group) or no non-integer
 * column (the float64 search is exact there and prunes on its own).
 */
export function prepareMixed(data: Float64Array, rows: number, cols: number): MixedSet | undefined {
  // integer columns with few distinct values (one-hot, codes, small counts) form the exact part;
  // others (many distinct integers such as unscaled ages, or any non-integer) the float part, where
  // the window on the first float column prunes and groups stay large
  const ints: number[] = [];
  const floats: number[] = [];
  let allInteger = true;
  for (let j = 0; j < cols; j++) {
    const seen = new Set<number>();
    let integer = true;
    for (let i = 0; i < rows; i++) {
      const v = data[i * cols + j]!;
      if (!Number.isInteger(v)) {
        integer = false;
        break;
      }
      if (seen.size <= MAX_LEVELS) seen.add(v);
    }
    allInteger &&= integer;
    (integer && seen.size <= MAX_LEVELS && Math.max(...seen, -Math.min(...seen)) <= INT_LIMIT ? ints : floats).push(j);
  }
  // all-integer data keeps the float64 search (exact there, with its own pruning)
  if (ints.length === 0 || allInteger) return undefined;
  const mean = new Float64Array(cols);
  const variance = new Float64Array(cols);
  for (let i = 0; i < rows; i++) for (const j of floats) mean[j]! += data[i * cols + j]!;
  for (const j of floats) mean[j]! /= rows;
  for (let i = 0; i < rows; i++) for (const j of floats) variance[j]! += (data[i * cols + j]! - mean[j]!) ** 2;
  floats.sort((a, b) => variance[b]! - variance[a]! || a - b);
  const intCols = Int32Array.from(ints);
  const floatCols = Int32Array.from(floats);
  const nf = floatCols.length;
  const dense = new Float64Array(rows * nf);
  for (let i = 0; i < rows; i++) for (let b = 0; b < nf; b++) dense[i * nf + b] = data[i * cols + floatCols[b]!]!;

  // groups of identical integer parts, numbered by first appearance
  const groupOf = new Int32Array(rows);
  const keys = new Map<string, number>();
  const nzCol: number[] = [];
  const nzVal: number[] = [];
  const nzStart: number[] = [0];
  const norms: number[] = [];
  const sizes: number[] = [];
  for (let i = 0; i < rows; i++) {
    const parts: number[] = [];
    for (let a = 0; a < intCols.length; a++) {
      const v = data[i * cols + intCols[a]!]!;
      if (v !== 0) parts.push(a, v);
    }
    const key = parts.join(',');
    let g = keys.get(key);
    if (g === undefined) {
      g = keys.size;
      keys.set(key, g);
      let norm = 0;
      for (let p = 0; p < parts.length; p += 2) {
        nzCol.push(parts[p]!);
        nzVal.push(parts[p + 1]!);
        norm += parts[p + 1]! ** 2;
      }
      nzStart.push(nzCol.length);
      norms.push(norm);
      sizes.push(0);
    }
    groupOf[i] = g;
    sizes[g]!++;
  }
  const nGroups = sizes.length;
  const gStart = new Int32Array(nGroups + 1);
  for (let g = 0; g < nGroups; g++) gStart[g + 1] = gStart[g]! + sizes[g]!;
  const fill = gStart.slice(0, nGroups);
  const gRow = new Int32Array(rows);
  for (let i = 0; i < rows; i++) gRow[fill[groupOf[i]!]!++] = i;
  const m = Math.min(PROJECTIONS, nf);
  const basis = principalDirections(dense, rows, nf, m);
  const proj = new Float64Array(rows * m);
  let maxNorm = 0;
  for (let t = 0; t < rows; t++) {
    project(dense, t * nf, nf, basis, m, proj, t * m);
    let sq = 0;
    for (let j = 0; j < nf; j++) sq += dense[t * nf + j]! ** 2;
    maxNorm = Math.max(maxNorm, Math.sqrt(sq));
  }
  const gKey = new Float64Array(rows);
  const gProj = new Float64Array(rows * m);
  const gDense = new Float64Array(rows * nf);
  for (let g = 0; g < nGroups; g++) {
    const members = Array.from(gRow.subarray(gStart[g]!, gStart[g + 1]!));
    if (m > 0) members.sort((a, b) => proj[a * m]! - proj[b * m]! || a - b);
    for (let i = 0; i < members.length; i++) {
      const p = gStart[g]! + i;
      const t = members[i]!;
      gRow[p] = t;
      gKey[p] = m > 0 ? proj[t * m]! : 0;
      gProj.set(proj.subarray(t * m, (t + 1) * m), p * m);
      gDense.set(dense.subarray(t * nf, (t + 1) * nf), p * nf);
    }
  }
  return {
    rows,
    cols,
    intCols,
    floatCols,
    dense,
    groupOf,
    gNzStart: Int32Array.from(nzStart),
    gNzCol: Int32Array.from(nzCol),
    gNzVal: Float64Array.from(nzVal),
    gNorm: Float64Array.from(norms),
    gStart,
    gRow,
    gKey,
    gProj,
    gDense,
    basis,
    m,
    maxNorm,
  };
}

/** `m` projections of the `nf` values at `off` onto `basis` (summed in column order) into `out` at `o`. */
function project(x: Float64Array, off: number, nf: number, basis: Float64Array, m: number, out: Float64Array, o: number): void {
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < nf; j++) s += x[off + j]! * basis[j * m + i]!;
    out[o + i] = s;
  }
}

/**
 * The `m` leading principal directions of the rows (orthogonal iteration on the covariance,
 * deterministic start): the projections that spread the rows most, so the window and the lower
 * bound prune best. Any orthonormal basis keeps the search exact; this one only makes it fast.
 */
function principalDirections(x: Float64Array, rows: number, nf: number, m: number): Float64Array {
  // a sample of at most PCA_ROWS rows is plenty for directions that only steer pruning
  const step = Math.max(1, Math.floor(rows / PCA_ROWS));
  let used = 0;
  const mean = new Float64Array(nf);
  for (let t = 0; t < rows; t += step, used++) for (let j = 0; j < nf; j++) mean[j]! += x[t * nf + j]!;
  for (let j = 0; j < nf; j++) mean[j]! /= used;
  const cov = new Float64Array(nf * nf);
  const c = new Float64Array(nf);
  for (let t = 0; t < rows; t += step) {
    for (let j = 0; j < nf; j++) c[j] = x[t * nf + j]! - mean[j]!;
    for (let a = 0; a < nf; a++) {
      const ca = c[a]!;
      if (ca === 0) continue;
      for (let b = 0; b < nf; b++) cov[a * nf + b]! += ca * c[b]!;
    }
  }
  let seed = 12345;
  const V = new Float64Array(nf * m).map(() => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) / 2 ** 24 - 0.5;
  });
  const W = new Float64Array(nf * m);
  for (let iter = 0; iter < 40; iter++) {
    W.fill(0);
    for (let a = 0; a < nf; a++) for (let b = 0; b < nf; b++) for (let i = 0; i < m; i++) W[a * m + i]! += cov[a * nf + b]! * V[b * m + i]!;
    // Gram-Schmidt on the columns of W into V
    for (let i = 0; i < m; i++) {
      for (let h = 0; h < i; h++) {
        let dot = 0;
        for (let a = 0; a < nf; a++) dot += W[a * m + i]! * V[a * m + h]!;
        for (let a = 0; a < nf; a++) W[a * m + i]! -= dot * V[a * m + h]!;
      }
      let norm = 0;
      for (let a = 0; a < nf; a++) norm += W[a * m + i]! ** 2;
      norm = Math.sqrt(norm);
      // no variance left: a standard unit vector, orthogonalised against the others
      for (let e = 0; norm < 1e-6 && e < nf; e++) {
        for (let a = 0; a < nf; a++) W[a * m + i] = a === e ? 1 : 0;
        for (let h = 0; h < i; h++) {
          let dot = 0;
          for (let a = 0; a < nf; a++) dot += W[a * m + i]! * V[a * m + h]!;
          for (let a = 0; a < nf; a++) W[a * m + i]! -= dot * V[a * m + h]!;
        }
        norm = 0;
        for (let a = 0; a < nf; a++) norm += W[a * m + i]! ** 2;
        norm = Math.sqrt(norm);
      }
      for (let a = 0; a < nf; a++) V[a * m + i] = W[a * m + i]! / norm;
    }
  }
  return V;
}

/** True when every query value in the integer columns is an integer the exact part accepts. */
function queriesFit(set: MixedSet, X: Matrix): boolean {
  for (let i = 0; i < X.rows; i++) {
    for (let a = 0; a < set.intCols.length; a++) {
      const v = X.data[i * X.cols + set.intCols[a]!]!;
      if (!Number.isInteger(v) || v > INT_LIMIT || v < -INT_LIMIT) return false;
    }
  }
  return true;
}

/**
 * `b + F` for the float part at `off` of `rows` (the same sum in every path), or any value past
 * `thr` (`> thr`, or `>= thr` when `reject`) once the partial sum is past it.
 */
function floatSum(rows: Float64Array, off: number, q: Float64Array, nf: number, b: number, thr: number, reject: boolean): number {
  let s = b;
  let j = 0;
  for (; j + 4 <= nf; j += 4) {
    const d0 = q[j]! - rows[off + j]!;
    const d1 = q[j + 1]! - rows[off + j + 1]!;
    const d2 = q[j + 2]! - rows[off + j + 2]!;
    const d3 = q[j + 3]! - rows[off + j + 3]!;
    s += d0 * d0;
    s += d1 * d1;
    s += d2 * d2;
    s += d3 * d3;
    if (reject ? s >= thr : s > thr) return s;
  }
  for (; j < nf; j++) {
    const d = q[j]! - rows[off + j]!;
    s += d * d;
  }
  return s;
}

/** Half-width of the first-column window for rows of a group at `b` under `bound`. */
function windowRadius(bound: number, b: number, slack: number): number {
  return Math.sqrt(Math.max(0, bound - b) + bound * slack) * (1 + 1e-9);
}

/**
 * Squared euclidean k-NN on a mixed set: `k` (squared distance, index) pairs per query into
 * `distances`/`indices` (unsorted), or false when the queries do not fit the integer part.
 * `brute` skips the fast path (every query in scikit-learn's heap order over all rows).
 */
export function searchMixedSq(set: MixedSet, X: Matrix, k: number, brute: boolean, distances: Float64Array, indices: Int32Array): boolean {
  if (!queriesFit(set, X)) return false;
  const { intCols, floatCols, basis, m } = set;
  const nf = floatCols.length;
  const nInt = intCols.length;
  const scratch: Scratch = {
    Bg: new Float64Array(set.gNorm.length),
    q: new Float64Array(Math.max(nf, 1)),
    qp: new Float64Array(Math.max(m, 1)),
    candD: new Float64Array(set.rows),
    candI: new Int32Array(set.rows),
    hd: new Float64Array(k),
    hi: new Int32Array(k),
    hist: new Float64Array(HIST),
  };
  const { q, qp } = scratch;
  const qv = new Float64Array(nInt);
  const cols = X.cols;
  for (let qi = 0; qi < X.rows; qi++) {
    const qo = qi * cols;
    let qn = 0;
    for (let a = 0; a < nInt; a++) {
      const v = X.data[qo + intCols[a]!]!;
      qv[a] = v;
      qn += v * v;
    }
    groupIntegerParts(set, qv, qn, scratch.Bg);
    for (let b = 0; b < nf; b++) q[b] = X.data[qo + floatCols[b]!]!;
    project(q, 0, nf, basis, m, qp, 0);
    if (!brute && fastQuery(set, scratch, k, qi * k, distances, indices)) continue;
    heapOrderQuery(set, scratch, k, qi * k, distances, indices);
  }
  return true;
}

/** Per-search buffers: the query's float part and projections, `B` per group, candidates, a heap. */
interface Scratch {
  Bg: Float64Array;
  q: Float64Array;
  qp: Float64Array;
  candD: Float64Array;
  candI: Int32Array;
  hd: Float64Array;
  hi: Int32Array;
  hist: Float64Array;
}

/** `B` (exact squared distance over the integer columns) of every group to a query with integer part `qv`. */
function groupIntegerParts(set: MixedSet, qv: Float64Array, qn: number, Bg: Float64Array): void {
  const { gNzStart, gNzCol, gNzVal, gNorm } = set;
  const nGroups = gNorm.length;
  for (let g = 0, p = 0; g < nGroups; g++) {
    let dot = 0;
    const end = gNzStart[g + 1]!;
    for (; p < end; p++) dot += qv[gNzCol[p]!]! * gNzVal[p]!;
    Bg[g] = qn + gNorm[g]! - 2 * dot;
  }
}

/**
 * scikit-learn's heap in index order; a row is skipped only when the heap would reject it (its
 * first partial sum, b + d0^2, is exactly where floatSum starts).
 */
function heapOrderQuery(set: MixedSet, scratch: Scratch, k: number, base: number, distances: Float64Array, indices: Int32Array): void {
  const { rows: n, dense, groupOf, floatCols } = set;
  const { Bg, q } = scratch;
  const nf = floatCols.length;
  const q0 = q[0]!;
  distances.fill(Infinity, base, base + k);
  indices.fill(-1, base, base + k);
  let thr = Infinity;
  for (let t = 0; t < n; t++) {
    if (thr === 0) break; // k rows at distance 0: nothing can enter
    const b = Bg[groupOf[t]!]!;
    if (b >= thr) continue;
    if (nf > 0) {
      const d0 = q0 - dense[t * nf]!;
      if (b + d0 * d0 >= thr) continue;
    }
    const d = floatSum(dense, t * nf, q, nf, b, thr, true);
    if (d < thr) thr = heapPush(distances, indices, base, k, d, t);
  }
}

/** The fast path for one query; false when it must rerun in heap order (a tie, or k rows at 0). */
function fastQuery(set: MixedSet, scratch: Scratch, k: number, base: number, distances: Float64Array, indices: Int32Array): boolean {
  const { gStart, gRow, gKey, gProj, gDense, m, maxNorm, floatCols } = set;
  const { Bg, q, qp, candD, candI, hd, hi, hist } = scratch;
  const nf = floatCols.length;
  const nGroups = Bg.length;
  const slack = windowSlack(nf);
  const key = qp[0]!;
  // Rounding error bound of a computed projection difference: each projection is a sum of nf
  // products with a unit vector, off by at most ~nf ulps of the row's norm.
  let qNorm = 0;
  for (let j = 0; j < nf; j++) qNorm += q[j]! ** 2;
  const err = 4 * (nf + 2) * 2 ** -52 * (Math.sqrt(qNorm) + maxNorm);
  // seed level: the smallest B at which at least k rows are at or below it
  hist.fill(0);
  for (let g = 0; g < nGroups; g++) {
    const b = Bg[g]!;
    if (b < HIST) hist[b]! += gStart[g + 1]! - gStart[g]!;
  }
  let level = -1;
  let below = 0;
  for (let b = 0; b < HIST; b++) {
    below += hist[b]!;
    if (below >= k) {
      level = b;
      break;
    }
  }
  hd.fill(Infinity);
  hi.fill(-1);
  let bound = Infinity;
  if (level >= 0) {
    // rows around the query's first projection in the groups at or below the level
    let seeds = 0;
    const perGroup = Math.max(SEED_PER_GROUP, k);
    for (let g = 0; g < nGroups && seeds < Math.max(SEED_ROWS, k); g++) {
      const b = Bg[g]!;
      if (b > level) continue;
      const s = gStart[g]!;
      const e = gStart[g + 1]!;
      const at = m > 0 ? lowerBound(gKey, s, e, key) : s;
      const from = Math.max(s, Math.min(at - (perGroup >> 1), e - perGroup));
      const to = Math.min(e, from + perGroup);
      for (let p = from; p < to; p++) {
        const d = floatSum(gDense, p * nf, q, nf, b, bound, true);
        if (d < bound) bound = heapPush(hd, hi, 0, k, d, gRow[p]!);
        seeds++;
      }
    }
    hd.fill(Infinity);
    hi.fill(-1);
  }
  // every row at or below the running bound
  let nc = 0;
  for (let g = 0; g < nGroups; g++) {
    const b = Bg[g]!;
    if (b > bound) continue;
    let lo = gStart[g]!;
    let end = gStart[g + 1]!;
    if (m > 0 && bound !== Infinity) {
      const r = windowRadius(bound, b, slack) + err;
      lo = lowerBound(gKey, lo, end, key - r);
      end = upperBound(gKey, lo, end, key + r);
    }
    for (let p = lo; p < end; p++) {
      // lower bound from the orthonormal projections (each difference shrunk by its rounding error)
      let lb = b;
      for (let i = 0; i < m; i++) {
        const a = Math.abs(qp[i]! - gProj[p * m + i]!) - err;
        if (a > 0) lb += a * a;
      }
      if (lb * (1 - slack) > bound) continue;
      const d = floatSum(gDense, p * nf, q, nf, b, bound, false);
      if (d > bound) continue;
      candD[nc] = d;
      candI[nc++] = gRow[p]!;
      const r = heapPush(hd, hi, 0, k, d, gRow[p]!);
      if (r < bound) bound = r;
      // k rows at distance 0: the heap-order pass stops at its k-th zero, sooner than here
      if (bound === 0) return false;
    }
  }
  const kth = hd[0]!;
  let within = 0;
  for (let c = 0; c < nc; c++) if (candD[c]! <= kth) within++;
  if (within !== k) return false;
  let o = base;
  for (let c = 0; c < nc; c++) {
    if (candD[c]! > kth) continue;
    distances[o] = candD[c]!;
    indices[o++] = candI[c]!;
  }
  return true;
}
