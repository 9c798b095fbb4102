/** Test helpers for the preprocessing layer: small tables from plain values, and close comparisons. */
import { expect } from 'vitest';
import type { Column, Matrix, Table } from '../../src/core/index.js';

/** A column given as plain values: numbers (null = missing) or strings (null = missing). */
export type PlainColumn = { name: string; kind: 'numeric'; values: Array<number | null> } | { name: string; kind: 'categorical'; values: Array<string | null> };

/**
 * A table from plain columns. Categorical codes follow first appearance (not sorted), so tests
 * also check that encoders sort by value and never trust code order.
 */
export function tableOf(columns: readonly PlainColumn[]): Table {
  const nRows = columns[0]?.values.length ?? 0;
  return {
    nRows,
    columns: columns.map((c): Column => {
      if (c.kind === 'numeric') return { name: c.name, kind: 'numeric', values: Float64Array.from(c.values, (v) => (v === null ? NaN : v)) };
      const categories: string[] = [];
      const index = new Map<string, number>();
      const codes = Int32Array.from(c.values, (v) => {
        if (v === null) return -1;
        let k = index.get(v);
        if (k === undefined) {
          k = categories.length;
          categories.push(v);
          index.set(v, k);
        }
        return k;
      });
      return { name: c.name, kind: 'categorical', codes, categories };
    }),
  };
}

/** Row-major numeric matrix from numeric plain columns (null → NaN). */
export function matrixOf(columns: ReadonlyArray<{ values: Array<number | null> }>): Matrix {
  const rows = columns[0]?.values.length ?? 0;
  const cols = columns.length;
  const data = new Float64Array(rows * cols);
  columns.forEach((c, j) => c.values.forEach((v, i) => (data[i * cols + j] = v === null ? NaN : v)));
  return { data, rows, cols };
}

/** Asserts `actual` equals `expected` (rows of numbers, null = NaN) to a relative 1e-12. */
export function expectMatrixClose(actual: Matrix, expected: ReadonlyArray<ReadonlyArray<number | null>>, label = ''): void {
  expect(actual.rows, `${label} rows`).toBe(expected.length);
  expect(actual.cols, `${label} cols`).toBe(expected[0]?.length ?? actual.cols);
  expectValuesClose(actual.data, expected.flat(), label);
}

/** Asserts two number lists agree to a relative 1e-12 (null/NaN match each other only). */
export function expectValuesClose(actual: ArrayLike<number>, expected: ReadonlyArray<number | null>, label = ''): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  const bad: string[] = [];
  for (let k = 0; k < expected.length; k++) {
    const a = actual[k]!;
    const e = expected[k];
    const ok = e === null || e === undefined ? Number.isNaN(a) : Math.abs(a - e) <= 1e-12 * Math.max(1, Math.abs(e));
    if (!ok && bad.length < 5) bad.push(`[${k}] got ${a}, expected ${e}`);
  }
  expect(bad, label).toEqual([]);
}
