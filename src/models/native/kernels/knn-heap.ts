/** Primitives shared by the k-NN search paths: scikit-learn's neighbour heap and sorted-array bounds. */

/**
 * scikit-learn's `heap_push` (sklearn/utils/_heap.pyx) step for step: a max-heap of k (distance,
 * index) pairs at `base`, `bd[base]` the largest. A candidate enters only if strictly below it and
 * then sifts down, so exact ties resolve as scikit-learn on one thread. Returns the new largest.
 */
export function heapPush(bd: Float64Array | Int32Array, bi: Int32Array, base: number, k: number, d: number, idx: number): number {
  if (d >= bd[base]!) return bd[base]!;
  let cur = 0;
  for (;;) {
    const left = 2 * cur + 1;
    const right = left + 1;
    let swap: number;
    if (left >= k) break;
    else if (right >= k) {
      if (bd[base + left]! > d) swap = left;
      else break;
    } else if (bd[base + left]! >= bd[base + right]!) {
      if (d < bd[base + left]!) swap = left;
      else break;
    } else if (d < bd[base + right]!) swap = right;
    else break;
    bd[base + cur] = bd[base + swap]!;
    bi[base + cur] = bi[base + swap]!;
    cur = swap;
  }
  bd[base + cur] = d;
  bi[base + cur] = idx;
  return bd[base]!;
}

/** First position in sorted `v[lo, hi)` with a value >= x. */
export function lowerBound(v: Float64Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First position in sorted `v[lo, hi)` with a value > x. */
export function upperBound(v: Float64Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
