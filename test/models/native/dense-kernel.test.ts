// The dense WebAssembly kernel against a plain JavaScript reference: the same sums in the same
// order (f64), or within float32's rounding (f32), on odd shapes that exercise every padding path.
import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/core/index.js';
import { PackedMatrix, RowMatrix, gemm } from '../../../src/models/native/kernels/dense.js';

function randomMatrix(rng: Random, length: number): Float64Array {
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = rng.normal();
  return out;
}

/** op(A)·op(B) summed in increasing k, as the kernel promises for f64. */
function reference(m: number, n: number, k: number, A: Float64Array, B: Float64Array, transA: boolean, transB: boolean): Float64Array {
  const C = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let kk = 0; kk < k; kk++) s += (transA ? A[kk * m + i]! : A[i * k + kk]!) * (transB ? B[j * k + kk]! : B[kk * n + j]!);
      C[i * n + j] = s;
    }
  }
  return C;
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [4, 4, 4],
  [9, 13, 300],
  [300, 17, 33], // more rows than one chunk
  [6, 101, 2],
];

describe('dense kernel (WebAssembly SIMD)', () => {
  const rng = new Random(11);
  for (const [m, n, k] of SHAPES) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        it(`f64 gemm ${m}×${k} · ${k}×${n} (transA ${transA}, transB ${transB}) equals the plain loop bit for bit`, () => {
          const A = randomMatrix(rng, m * k);
          const B = randomMatrix(rng, k * n);
          const C = new Float64Array(m * n).fill(NaN);
          gemm(m, n, k, A, B, C, { transA, transB });
          expect(Array.from(C)).toEqual(Array.from(reference(m, n, k, A, B, transA, transB)));
        });
      }
    }
  }

  it('accumulate adds to C; inputs are left unchanged', () => {
    const [m, n, k] = [5, 6, 7];
    const A = randomMatrix(rng, m * k);
    const B = randomMatrix(rng, k * n);
    const before = [Array.from(A), Array.from(B)];
    const C = new Float64Array(m * n).fill(1);
    gemm(m, n, k, A, B, C, { accumulate: true });
    const ref = reference(m, n, k, A, B, false, false);
    for (let i = 0; i < m * n; i++) expect(C[i]).toBe(1 + ref[i]!);
    expect([Array.from(A), Array.from(B)]).toEqual(before);
  });

  it('f32 gemm is within float32 rounding of the f64 product', () => {
    const [m, n, k] = [7, 19, 129];
    const A = randomMatrix(rng, m * k);
    const B = randomMatrix(rng, n * k);
    const C = new Float64Array(m * n);
    gemm(m, n, k, A, B, C, { transB: true, precision: 'f32' });
    const ref = reference(m, n, k, A, B, false, true);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let bound = 0;
        for (let kk = 0; kk < k; kk++) bound += Math.abs(A[i * k + kk]! * B[j * k + kk]!);
        expect(Math.abs(C[i * n + j]! - ref[i * n + j]!)).toBeLessThanOrEqual((k + 2) * 2 ** -23 * bound);
      }
    }
    expect(C.some((v, i) => v !== ref[i])).toBe(true); // it really ran in float32
  });

  it('a PackedMatrix gives the same products as gemm, call after call, and survives a larger A', () => {
    const [n, k] = [23, 31];
    const B = randomMatrix(rng, n * k);
    const packed = new PackedMatrix(B, k, n, { transB: true });
    for (const m of [3, 600, 2]) {
      const A = randomMatrix(rng, m * k);
      const C = new Float64Array(m * n);
      packed.multiply(A, m, C);
      expect(Array.from(C)).toEqual(Array.from(reference(m, n, k, A, B, false, true)));
    }
  });

  it('RowMatrix: X·v and X·X[i] as a two-lane sum (even and odd columns)', () => {
    const [rows, cols] = [7, 9];
    const X = randomMatrix(rng, rows * cols);
    const v = randomMatrix(rng, cols);
    const m = new RowMatrix(X, rows, cols);
    const twoLane = (a: Float64Array, ao: number, b: Float64Array, bo: number): number => {
      let even = 0;
      let odd = 0;
      for (let c = 0; c < cols; c += 2) {
        even += a[ao + c]! * b[bo + c]!;
        if (c + 1 < cols) odd += a[ao + c + 1]! * b[bo + c + 1]!;
      }
      return even + odd;
    };
    const out = new Float64Array(rows);
    m.dots(v, out);
    for (let j = 0; j < rows; j++) expect(out[j]).toBe(twoLane(X, j * cols, v, 0));
    m.rowDots(3, out);
    for (let j = 0; j < rows; j++) expect(out[j]).toBe(twoLane(X, j * cols, X, 3 * cols));
  });

  it('RowMatrix: rangeDots gives one run of X·X[i] (odd and even runs, at an offset), rows taken in a given order', () => {
    const [rows, cols] = [8, 5];
    const X = randomMatrix(rng, rows * cols);
    const order = Int32Array.from([7, 2, 5, 0, 1, 6, 3, 4]);
    const m = new RowMatrix(X, rows, cols, order);
    const full = new Float64Array(rows);
    m.rowDots(3, full);
    const plain = new RowMatrix(Float64Array.from(Array.from(order).flatMap((r) => Array.from(X.subarray(r * cols, (r + 1) * cols)))), rows, cols);
    const expected = new Float64Array(rows);
    plain.rowDots(3, expected);
    expect(Array.from(full)).toEqual(Array.from(expected));
    for (const [first, count] of [[0, 8], [1, 3], [5, 3], [6, 2], [7, 1], [2, 0]] as const) {
      const out = new Float64Array(count + 2).fill(-1);
      m.rangeDots(3, first, count, out, 2);
      expect(Array.from(out)).toEqual([-1, -1, ...Array.from(full.subarray(first, first + count))]);
    }
    expect(() => m.rangeDots(0, 6, 3, new Float64Array(3))).toThrow(RangeError);
  });

  it('RowMatrix: X·Wᵀ and Eᵀ·X equal the plain products within rounding, for odd shapes', () => {
    for (const [rows, cols, K] of [[7, 9, 3], [6, 4, 2], [1, 1, 1]] as const) {
      const X = randomMatrix(rng, rows * cols);
      const W = randomMatrix(rng, K * cols);
      const E = randomMatrix(rng, rows * K);
      const m = new RowMatrix(X, rows, cols);
      const out = new Float64Array(rows * K);
      m.timesTransposed(W, K, out);
      const ref = reference(rows, K, cols, X, W, false, true);
      for (let i = 0; i < out.length; i++) expect(out[i]).toBeCloseTo(ref[i]!, 12);
      const G = new Float64Array(K * cols);
      m.transposeTimes(E, K, G);
      const refG = reference(K, cols, rows, E, X, true, false);
      for (let i = 0; i < G.length; i++) expect(G[i]).toBeCloseTo(refG[i]!, 12);
    }
  });
});
