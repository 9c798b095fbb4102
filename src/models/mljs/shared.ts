/**
 * Helpers shared by the mljs adapters: the arrays-of-arrays the ml.js packages take, strict param
 * schemas that name what the engine lacks, and the work budget that refuses hopeless fits up front.
 */
import { z } from 'zod';
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

/**
 * A strict params schema whose unknown-key error names the keys this engine supports and points at
 * the native engine, e.g. `min_samples_leaf is not supported by the mljs engine of decision-tree`.
 */
export function mljsParamsSchema<S extends z.ZodRawShape>(algorithm: string, shape: S): z.ZodObject<S, z.core.$strict> {
  const supported = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `${issue.keys.join(', ')} ${issue.keys.length === 1 ? 'is' : 'are'} not supported by the mljs engine of ${algorithm} ` +
          `(it supports ${supported}); use \`engine: native\` for scikit-learn's full set`
        : undefined,
  });
}

/** The `max_work_seconds` param: the estimated-seconds budget above which a fit is refused. `null` = no limit. */
export const maxWorkSeconds = z
  .number()
  .positive()
  .nullable()
  .default(60)
  .describe('refuse work whose estimated time exceeds this many seconds (null: no limit); the estimate is within ~2× on this kind of machine');

/** Gini impurity of the class distribution of `codes` (0 for one class, 1 - 1/k for k balanced ones). */
export function giniImpurity(codes: Int32Array, nClasses: number): number {
  const counts = new Float64Array(nClasses);
  for (let i = 0; i < codes.length; i++) counts[codes[i]!]! += 1;
  let sum = 0;
  for (const c of counts) sum += (c / codes.length) ** 2;
  return 1 - sum;
}

/**
 * Seconds per unit of `rows² × features × gini` for ml-cart's tree building, measured on this kind
 * of machine (Fashion-MNIST slices of 100–400 rows × 784 pixels: ≈ 2.2 units of scanned values per
 * unit, ≈ 74 ns per scanned value; see `test/models/mljs/calibrate.ts`). An estimate within ~2×.
 */
export const CART_SECONDS_PER_UNIT = 1.6e-7;

/**
 * Estimated seconds for ml-cart to grow one tree: its split search tries every boundary between
 * differently-labelled neighbours and re-scans all rows of the node for each, so the work grows
 * with rows² (≈ rows × gini candidates × rows scanned, per feature; the levels below the root add
 * about as much again, and `max_depth` barely changes that).
 */
export function estimateCartSeconds(rows: number, features: number, gini: number): number {
  return CART_SECONDS_PER_UNIT * rows * rows * features * gini;
}

/**
 * Throws `SWEEP_ESTIMATOR_UNSUPPORTED` when an estimated cost exceeds the `max_work_seconds` budget,
 * so a sweep records the cell as failed with the reason instead of stalling for an hour.
 */
export function checkWorkBudget(
  algorithm: string,
  estimatedSeconds: number,
  budget: number | null,
  what: string,
  hint: string,
): void {
  if (budget === null || estimatedSeconds <= budget) return;
  throw new SweepError(
    'SWEEP_ESTIMATOR_UNSUPPORTED',
    `${algorithm} (engine mljs): ${what} would take about ${formatSeconds(estimatedSeconds)}, ` +
      `over the max_work_seconds budget of ${formatSeconds(budget)}`,
    { hint, details: { algorithm, engine: 'mljs', estimatedSeconds, budgetSeconds: budget } },
  );
}

function formatSeconds(seconds: number): string {
  if (seconds < 10) return `${Number(seconds.toPrecision(2))} s`;
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** Row-normalises non-negative scores into probabilities in place (rows summing to 0 stay uniform). */
export function normalizeRows(data: Float64Array, rows: number, cols: number): void {
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += data[i * cols + j]!;
    for (let j = 0; j < cols; j++) data[i * cols + j] = sum > 0 ? data[i * cols + j]! / sum : 1 / cols;
  }
}
