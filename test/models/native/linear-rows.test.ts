// A linear model's two products over its training rows (src/models/native/linear-rows.ts): sparse
// rows for one-hot-like data, the dense kernel otherwise; both against plain loops.
import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/core/index.js';
import { RowMatrix } from '../../../src/models/native/kernels/dense.js';
import { linearRows, SparseRows } from '../../../src/models/native/linear-rows.js';

/** n × p with about `density` of its values non-zero (half of them exactly 1, as one-hot columns). */
function matrix(rng: Random, n: number, p: number, density: number): Float64Array {
  const X = new Float64Array(n * p);
  for (let q = 0; q < X.length; q++) if (rng.random() < density) X[q] = rng.random() < 0.5 ? 1 : rng.normal();
  return X;
}

function xwt(X: Float64Array, n: number, p: number, W: Float64Array, K: number): Float64Array {
  const out = new Float64Array(n * K);
  for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) for (let j = 0; j < p; j++) out[i * K + k]! += X[i * p + j]! * W[k * p + j]!;
  return out;
}

function etx(X: Float64Array, n: number, p: number, E: Float64Array, K: number): Float64Array {
  const G = new Float64Array(K * p);
  for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) for (let j = 0; j < p; j++) G[k * p + j]! += E[i * K + k]! * X[i * p + j]!;
  return G;
}

function expectClose(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  for (let q = 0; q < expected.length; q++) expect(Math.abs(actual[q]! - expected[q]!)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(expected[q]!)));
}

describe('linear model rows', () => {
  const rng = new Random(5);
  for (const [density, kind] of [
    [0.15, SparseRows],
    [0.9, RowMatrix],
  ] as const) {
    for (const K of [1, 3]) {
      it(`density ${density} is stored as ${kind.name}; X·Wᵀ and Eᵀ·X with K = ${K} equal the plain loops`, () => {
        const n = 37;
        const p = 11;
        const X = matrix(rng, n, p, density);
        const rows = linearRows({ data: X, rows: n, cols: p });
        expect(rows).toBeInstanceOf(kind);
        const W = Float64Array.from({ length: K * p }, () => rng.normal());
        const E = Float64Array.from({ length: n * K }, () => rng.normal());
        const out = new Float64Array(n * K).fill(NaN);
        const G = new Float64Array(K * p).fill(NaN);
        // Twice: scratch reused between calls must not leak into the second result.
        for (let rep = 0; rep < 2; rep++) {
          rows.timesTransposed(W, K, out);
          rows.transposeTimes(E, K, G);
          expectClose(out, xwt(X, n, p, W, K));
          expectClose(G, etx(X, n, p, E, K));
        }
      });
    }
  }
});
