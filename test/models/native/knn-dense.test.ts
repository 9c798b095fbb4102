// The dense-kernel k-NN path (standardized-like float data with ≥ 64 non-integer columns) against
// the definition: every training row offered in index order to scikit-learn's heap with the exact
// column-order sum of squares. Duplicated rows make ties at the k-th distance, which must resolve
// as the heap does.
import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/core/index.js';
import { heapPush } from '../../../src/models/native/kernels/knn-search.js';
import { DENSE_MIN_FLOAT_COLS } from '../../../src/models/native/kernels/knn-search.js';
import { NativeKnn } from '../../../src/models/native/knn.js';

function reference(T: Float64Array, n: number, Q: Float64Array, m: number, cols: number, k: number): { d: number[][]; i: number[][] } {
  const out = { d: [] as number[][], i: [] as number[][] };
  for (let q = 0; q < m; q++) {
    const bd = new Float64Array(k).fill(Infinity);
    const bi = new Int32Array(k).fill(-1);
    let thr = Infinity;
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let c = 0; c < cols; c++) {
        const diff = Q[q * cols + c]! - T[j * cols + c]!;
        s += diff * diff;
      }
      if (s < thr) thr = heapPush(bd, bi, 0, k, s, j);
    }
    const pairs = Array.from({ length: k }, (_, c) => [Math.sqrt(bd[c]!), bi[c]!] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    out.d.push(pairs.map((p) => p[0]));
    out.i.push(pairs.map((p) => p[1]));
  }
  return out;
}

describe('native k-NN on dense float data (dense kernel path)', () => {
  it('returns exactly the heap-order neighbours, ties at the k-th distance included, for auto and brute', async () => {
    const rng = new Random(5);
    const [n, m, cols] = [400, 60, DENSE_MIN_FLOAT_COLS + 20];
    const T = new Float64Array(n * cols);
    for (let q = 0; q < T.length; q++) T[q] = rng.normal();
    // Rows 100..139 repeat rows 0..39 (several copies of a row: ties at the k-th distance).
    for (let r = 100; r < 140; r++) T.copyWithin(r * cols, (r - 100) * cols, (r - 99) * cols);
    for (let r = 300; r < 320; r++) T.copyWithin(r * cols, (r - 300) * cols, (r - 299) * cols);
    const Q = new Float64Array(m * cols);
    for (let q = 0; q < Q.length; q++) Q[q] = rng.normal() * 0.9;
    for (let q = 0; q < 20; q++) Q.set(T.subarray(q * cols, (q + 1) * cols), q * cols); // queries equal to duplicated rows
    const y = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'a' : 'b'));
    for (const k of [1, 5]) {
      const ref = reference(T, n, Q, m, cols, k);
      for (const algorithm of ['auto', 'brute']) {
        const est = (await new NativeKnn({ n_neighbors: k, algorithm }).fit({ data: T, rows: n, cols }, y)) as NativeKnn;
        const nb = est.kneighbors({ data: Q, rows: m, cols });
        for (let q = 0; q < m; q++) {
          expect(Array.from(nb.indices.subarray(q * k, (q + 1) * k)), `query ${q} k=${k} ${algorithm}`).toEqual(ref.i[q]);
          expect(Array.from(nb.distances.subarray(q * k, (q + 1) * k))).toEqual(ref.d[q]);
        }
      }
    }
  });
});
