/**
 * Column kernels for numeric transformers: statistics over one strided column and the fused
 * impute-then-scale write into a preallocated row-major matrix. Shared by `SimpleImputer`, the
 * scalers and `TablePreprocessor`, so a column is read once per statistic and once per transform,
 * with no per-value allocation.
 */
import type { Matrix } from '../core/index.js';

/**
 * One numeric column seen in place: element `k` is `values[offset + k * stride]`, `k < length`.
 * `fill` (when given and not NaN) replaces missing values, so a scaler can be fitted on imputed
 * values without materializing them.
 */
export interface ColumnView {
  values: ArrayLike<number>;
  offset: number;
  stride: number;
  length: number;
  fill?: number;
}

/** The columns of a row-major matrix as views. */
export function matrixColumns(X: Matrix): ColumnView[] {
  const views: ColumnView[] = [];
  for (let j = 0; j < X.cols; j++) views.push({ values: X.data, offset: j, stride: X.cols, length: X.rows });
  return views;
}

/** True when a typed array cannot hold NaN, so kernels can skip the missing check. */
export function isIntegerArray(values: ArrayLike<number>): boolean {
  return values instanceof Uint8Array || values instanceof Int32Array || values instanceof Uint16Array || values instanceof Int16Array || values instanceof Int8Array || values instanceof Uint32Array;
}

/** Non-missing values of a column (after `fill`), as a new array. */
function presentValues(view: ColumnView): Float64Array {
  const { values, offset, stride, length } = view;
  const fill = view.fill ?? NaN;
  const out = new Float64Array(length);
  let m = 0;
  for (let k = 0, p = offset; k < length; k++, p += stride) {
    let v = values[p]!;
    if (v !== v) v = fill;
    if (v === v) out[m++] = v;
  }
  return out.subarray(0, m);
}

/** The mean of non-missing values (Neumaier-compensated sum), or NaN when there are none. */
export function columnMean(view: ColumnView): number {
  const { values, offset, stride, length } = view;
  const fill = view.fill ?? NaN;
  let sum = 0;
  let comp = 0;
  let n = 0;
  for (let k = 0, p = offset; k < length; k++, p += stride) {
    let v = values[p]!;
    if (v !== v) v = fill;
    if (v !== v) continue;
    const t = sum + v;
    comp += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
    n++;
  }
  return n === 0 ? NaN : (sum + comp) / n;
}

/** The median of non-missing values (mean of the two middle ones for an even count), or NaN. */
export function columnMedian(view: ColumnView): number {
  const present = presentValues(view).sort();
  const m = present.length;
  if (m === 0) return NaN;
  const half = m >> 1;
  return m % 2 === 1 ? present[half]! : (present[half - 1]! + present[half]!) / 2;
}

/** The most frequent non-missing value; ties go to the smallest (scikit-learn), NaN when none. */
export function columnMostFrequent(view: ColumnView): number {
  const present = presentValues(view).sort();
  let best = NaN;
  let bestCount = 0;
  for (let k = 0; k < present.length; ) {
    let e = k + 1;
    while (e < present.length && present[e] === present[k]) e++;
    if (e - k > bestCount) {
      bestCount = e - k;
      best = present[k]!;
    }
    k = e;
  }
  return best;
}

/** Mean, population variance and count of non-missing values, as scikit-learn's corrected two-pass. */
export function columnMeanVar(view: ColumnView): { mean: number; variance: number; count: number } {
  const { values, offset, stride, length } = view;
  const fill = view.fill ?? NaN;
  let sum = 0;
  let n = 0;
  for (let k = 0, p = offset; k < length; k++, p += stride) {
    let v = values[p]!;
    if (v !== v) v = fill;
    if (v !== v) continue;
    sum += v;
    n++;
  }
  if (n === 0) return { mean: NaN, variance: NaN, count: 0 };
  const mean = sum / n;
  let correction = 0;
  let squares = 0;
  for (let k = 0, p = offset; k < length; k++, p += stride) {
    let v = values[p]!;
    if (v !== v) v = fill;
    if (v !== v) continue;
    const d = v - mean;
    correction += d;
    squares += d * d;
  }
  const variance = Math.max(0, (squares - (correction * correction) / n) / n);
  return { mean, variance, count: n };
}

/** Minimum and maximum of non-missing values (NaN when there are none). */
export function columnMinMax(view: ColumnView): { min: number; max: number } {
  const { values, offset, stride, length } = view;
  const fill = view.fill ?? NaN;
  let min = Infinity;
  let max = -Infinity;
  let n = 0;
  for (let k = 0, p = offset; k < length; k++, p += stride) {
    let v = values[p]!;
    if (v !== v) v = fill;
    if (v !== v) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    n++;
  }
  return n === 0 ? { min: NaN, max: NaN } : { min, max };
}

/** The machine epsilon of float64, as numpy's `finfo(float64).eps`. */
export const EPS = Number.EPSILON;

/**
 * An affine map `((v - sub) / div) * mul + add` applied after imputation. Standard scaling uses
 * `sub`/`div` and min-max scaling `mul`/`add`; the identity parts are exact in floating point, so
 * results match scikit-learn's `(X - mean_) / scale_` and `X * scale_ + min_` bit for bit.
 */
export interface Affine {
  sub: number;
  div: number;
  mul: number;
  add: number;
}

/** The identity map. */
export const IDENTITY: Readonly<Affine> = Object.freeze({ sub: 0, div: 1, mul: 1, add: 0 });

/**
 * Writes one column into `out` (row-major, `outStride` values per row, starting at `outOffset`):
 * missing values become `fill` (NaN keeps them missing), then `affine` applies. One pass, no
 * allocation; integer arrays skip the missing check.
 */
export function writeColumn(src: ColumnView, fill: number, affine: Readonly<Affine>, out: Float64Array, outOffset: number, outStride: number): void {
  const { values, offset, stride, length } = src;
  const { sub, div, mul, add } = affine;
  const identity = sub === 0 && div === 1 && mul === 1 && add === 0;
  if (isIntegerArray(values)) {
    if (identity) {
      for (let k = 0, p = offset, q = outOffset; k < length; k++, p += stride, q += outStride) out[q] = values[p]!;
    } else {
      for (let k = 0, p = offset, q = outOffset; k < length; k++, p += stride, q += outStride) out[q] = ((values[p]! - sub) / div) * mul + add;
    }
    return;
  }
  for (let k = 0, p = offset, q = outOffset; k < length; k++, p += stride, q += outStride) {
    let v = values[p]!;
    if (v !== v) v = fill;
    out[q] = identity ? v : ((v - sub) / div) * mul + add;
  }
}

/** One numeric input column and how it lands in the output (see `writeColumns`). */
export interface ColumnPlan {
  values: ArrayLike<number>;
  fill: number;
  affine: Readonly<Affine>;
  /** Output column index. */
  offset: number;
}

/**
 * Writes whole table columns into the row-major `out` (`stride` values per row), `rowBlock` rows
 * at a time: the output rows being written stay in cache, where column-at-a-time writes to a wide
 * matrix (784 columns) would miss it on every value. Each input column is still read once, in
 * order, and nothing is allocated per value or per block.
 */
export function writeColumns(plans: readonly ColumnPlan[], nRows: number, out: Float64Array, stride: number, rowBlock = 64): void {
  const n = plans.length;
  const sub = new Float64Array(n);
  const div = new Float64Array(n);
  const mul = new Float64Array(n);
  const add = new Float64Array(n);
  const fill = new Float64Array(n);
  const offset = new Int32Array(n);
  const integer: boolean[] = [];
  const identity: boolean[] = [];
  plans.forEach((p, j) => {
    sub[j] = p.affine.sub;
    div[j] = p.affine.div;
    mul[j] = p.affine.mul;
    add[j] = p.affine.add;
    fill[j] = p.fill;
    offset[j] = p.offset;
    integer.push(isIntegerArray(p.values));
    identity.push(p.affine.sub === 0 && p.affine.div === 1 && p.affine.mul === 1 && p.affine.add === 0);
  });
  for (let start = 0; start < nRows; start += rowBlock) {
    const end = Math.min(nRows, start + rowBlock);
    for (let j = 0; j < n; j++) {
      const values = plans[j]!.values;
      const s = sub[j]!;
      const d = div[j]!;
      const m = mul[j]!;
      const a = add[j]!;
      let q = start * stride + offset[j]!;
      if (integer[j]) {
        if (identity[j]) for (let i = start; i < end; i++, q += stride) out[q] = values[i]!;
        else for (let i = start; i < end; i++, q += stride) out[q] = ((values[i]! - s) / d) * m + a;
      } else {
        const f = fill[j]!;
        for (let i = start; i < end; i++, q += stride) {
          let v = values[i]!;
          if (v !== v) v = f;
          out[q] = ((v - s) / d) * m + a;
        }
      }
    }
  }
}

/**
 * Encodes numbers for JSON: NaN becomes `null`, and infinities and -0 become strings, so a round
 * trip through JSON text gives back the same bits (and the same transform output, sign of zero included).
 */
export function encodeNumbers(values: ArrayLike<number>): Array<number | string | null> {
  const out: Array<number | string | null> = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out.push(Number.isNaN(v) ? null : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : Object.is(v, -0) ? '-0' : v);
  }
  return out;
}

/** Decodes `encodeNumbers` output. */
export function decodeNumbers(values: ReadonlyArray<number | string | null>): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v === null || v === undefined ? NaN : typeof v === 'string' ? Number(v) : v;
  }
  return out;
}
