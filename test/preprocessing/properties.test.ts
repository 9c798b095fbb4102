/** Property tests (fast-check): shapes, JSON round trips, and what standard scaling promises. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonObject, Table } from '../../src/core/index.js';
import { type PreprocessingConfig, TablePreprocessor } from '../../src/preprocessing/index.js';
import { type PlainColumn, tableOf } from './helpers.js';

/** A random table: 1–5 columns, numeric (with missing values) or categorical (with missing values). */
const tableArb = fc.integer({ min: 1, max: 30 }).chain((nRows) =>
  fc
    .array(
      fc.oneof(
        fc.array(fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: null, freq: 5 }), { minLength: nRows, maxLength: nRows }).map((values): Omit<PlainColumn, 'name'> => ({ kind: 'numeric', values })),
        fc.array(fc.option(fc.constantFrom('a', 'b', 'c', 'Z', '<missing>', ''), { nil: null, freq: 5 }), { minLength: nRows, maxLength: nRows }).map((values): Omit<PlainColumn, 'name'> => ({ kind: 'categorical', values })),
      ),
      { minLength: 1, maxLength: 5 },
    )
    .map((columns) => tableOf(columns.map((c, j) => ({ ...c, name: `col${j}` }) as PlainColumn))),
);

const configArb: fc.Arbitrary<Partial<PreprocessingConfig>> = fc.record({
  categorical: fc.constantFrom('onehot', 'ordinal'),
  impute_numeric: fc.constantFrom('mean', 'median', 'most_frequent', 'constant'),
  fill_value: fc.integer({ min: -5, max: 5 }),
  impute_categorical: fc.constantFrom('category', 'most_frequent', 'constant'),
  scale: fc.constantFrom('standard', 'minmax', 'none'),
});

/** Output width the layout promises: 1 per numeric or ordinal column, one per category for one-hot. */
function expectedWidth(pre: TablePreprocessor, X: Table): number {
  const categories = pre.encoder_!.categories_!;
  let width = 0;
  let k = 0;
  for (const column of X.columns) {
    if (column.kind === 'numeric') width += 1;
    else width += pre.config.categorical === 'onehot' ? categories[k++]!.length : (k++, 1);
  }
  return width;
}

describe('TablePreprocessor properties', () => {
  it('fit/transform shapes: rows kept, width from the layout, names match, no NaN after imputation', () => {
    fc.assert(
      fc.property(tableArb, tableArb, configArb, (train, other, config) => {
        const pre = new TablePreprocessor(config).fit(train);
        const X = pre.transform(train);
        expect(X.rows).toBe(train.nRows);
        expect(X.cols).toBe(expectedWidth(pre, train));
        expect(X.columns).toEqual(pre.featureNames_);
        expect(X.data.every(Number.isFinite)).toBe(true);
        // another table with the same column names and kinds transforms to the same width
        if (other.columns.length === train.columns.length && other.columns.every((c, j) => c.kind === train.columns[j]!.kind)) {
          const Y = pre.transform(other);
          expect([Y.rows, Y.cols]).toEqual([other.nRows, X.cols]);
        }
        // one-hot rows sum to at most 1 per categorical column
        if (pre.config.categorical === 'onehot') {
          for (const fitted of pre.columns_!.filter((c) => c.kind === 'categorical')) {
            for (let i = 0; i < X.rows; i++) {
              let sum = 0;
              for (let w = 0; w < fitted.width; w++) sum += X.data[i * X.cols + fitted.offset + w]!;
              expect(sum).toBe(1); // every fitted row has a learned category
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('toJSON → JSON text → fromJSON transforms identically', () => {
    fc.assert(
      fc.property(tableArb, configArb, (train, config) => {
        const pre = new TablePreprocessor(config).fit(train);
        const restored = TablePreprocessor.fromJSON(JSON.parse(JSON.stringify(pre.toJSON())) as JsonObject);
        expect(restored.featureNames_).toEqual(pre.featureNames_);
        expect(restored.transform(train)).toEqual(pre.transform(train));
        expect(restored.toJSON()).toEqual(pre.toJSON());
      }),
      { numRuns: 150 },
    );
  });

  it('standard-scaled training columns have mean ≈ 0 and std ≈ 1 (or 0 when constant)', () => {
    const column = fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 2, maxLength: 40 });
    fc.assert(
      fc.property(fc.array(column, { minLength: 1, maxLength: 4 }), (values) => {
        const n = Math.min(...values.map((v) => v.length));
        const train = tableOf(values.map((v, j) => ({ name: `x${j}`, kind: 'numeric', values: v.slice(0, n) })));
        const X = new TablePreprocessor({ scale: 'standard' }).fitTransform(train);
        for (let j = 0; j < X.cols; j++) {
          const col = Array.from({ length: n }, (_, i) => X.data[i * X.cols + j]!);
          const mean = col.reduce((a, b) => a + b, 0) / n;
          const std = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
          expect(Math.abs(mean)).toBeLessThan(1e-9);
          const raw = values[j]!.slice(0, n);
          const constant = raw.every((v) => v === raw[0]);
          if (constant) expect(std).toBe(0);
          else if (std > 1e-6) expect(Math.abs(std - 1)).toBeLessThan(1e-9);
        }
      }),
      { numRuns: 200 },
    );
  });
});
