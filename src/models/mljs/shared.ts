/**
 * Helpers shared by the mljs adapters: converting matrices to the arrays-of-arrays the ml.js
 * packages take, and the work-budget error the slow packages raise before starting hopeless work.
 */
import { SweepError, type Matrix } from '../../core/index.js';

/** The rows of `X` as plain arrays (what the ml.js packages accept). */
export function toRowArrays(X: Matrix): number[][] {
  const out = new Array<number[]>(X.rows);
  for (let i = 0; i < X.rows; i++) out[i] = Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols));
  return out;
}

/** Class codes as a plain array of numbers (ml.js labels must be integers 0..k-1). */
export function toLabelArray(codes: Int32Array): number[] {
  return Array.from(codes);
}
