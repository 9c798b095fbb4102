/**
 * Helpers every transformer shares: errors with stable codes, JSON-state parsing through zod, and
 * string ordering as Python sorts (code points), so categories come out in scikit-learn's order.
 */
import type { z } from 'zod';
import { SweepError, type JsonObject, type Matrix } from '../core/index.js';

/** The error for `transform`/`toJSON` before `fit`. */
export function notFitted(transformer: string): SweepError {
  return new SweepError('SWEEP_ESTIMATOR_NOT_FITTED', `${transformer}: not fitted yet`, { hint: 'call fit(X) on the training rows first' });
}

/** The error for input a transformer cannot take. */
export function invalidInput(transformer: string, message: string, hint?: string): SweepError {
  return new SweepError('SWEEP_ESTIMATOR_INVALID_INPUT', `${transformer}: ${message}`, hint === undefined ? {} : { hint });
}

/** Parses params or saved state with a zod schema; failures become one clear `SweepError`. */
export function parseWith<T>(transformer: string, what: string, schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw invalidInput(transformer, `invalid ${what}: ${problems.join('; ')}`);
}

/** Checks a matrix is well formed and, when `nFeatures` is given, has that many columns. */
export function checkMatrix(transformer: string, X: Matrix, nFeatures?: number): void {
  if (X.data.length !== X.rows * X.cols) throw invalidInput(transformer, `X has ${X.data.length} values, expected rows×cols = ${X.rows}×${X.cols}`);
  if (nFeatures !== undefined && X.cols !== nFeatures) throw invalidInput(transformer, `X has ${X.cols} columns, but the transformer was fitted on ${nFeatures}`);
}

/** Compares strings by Unicode code point, as Python (and so `np.unique` on strings) does. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** The `type` tag and version every serialized transformer carries. */
export function header(type: string): JsonObject {
  return { type, version: 1 };
}

/** Checks the `type` tag of serialized state before parsing the rest. */
export function expectType(json: JsonObject, type: string): void {
  if (json['type'] !== type) {
    throw invalidInput(type, `expected JSON of type '${type}', got ${JSON.stringify(json['type'] ?? null)}`, 'load the file with the class that saved it');
  }
}

/** A matrix with new data and the same shape and column names. */
export function withData(X: Matrix, data: Float64Array): Matrix {
  return X.columns === undefined ? { data, rows: X.rows, cols: X.cols } : { data, rows: X.rows, cols: X.cols, columns: [...X.columns] };
}
