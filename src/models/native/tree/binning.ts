/**
 * Pre-binning of features for the histogram splitter. Each feature gets at most `maxBins` bins:
 * one per distinct value when it has that few (exact: pixels, one-hot columns, small counts),
 * otherwise quantile bins. `maxBins: null` gives every distinct value its own bin (the exact
 * splitter). Bins are stored column-major (`bins[f * n + i]`) so a node's histogram for one feature
 * reads one contiguous column.
 */

/** Bin codes of a binned matrix: bytes when every feature has ≤ 256 bins. */
export type BinArray = Uint8Array | Uint16Array | Int32Array;

/** A training matrix turned into bin codes, with what each bin covers. */
export interface BinnedData {
  /** Rows. */
  n: number;
  /** Features. */
  p: number;
  /** Column-major bin codes: `bins[f * n + i]`. */
  bins: BinArray;
  /** Bins of feature `f` are `offsets[f] .. offsets[f + 1] - 1` in `lo`/`hi`. */
  offsets: Int32Array;
  /** The smallest training value in each bin. */
  lo: Float64Array;
  /** The largest training value in each bin. */
  hi: Float64Array;
  /**
   * Row-major copy of byte codes (`rowBins[i * p + f]`), or null. Small nodes read a sample's
   * features from one row (a few cache lines) instead of one cache line per feature column. Built
   * when at least half the features (and 8) have more than two bins.
   */
  rowBins: Uint8Array | null;
  /**
   * Two-bin features (one-hot columns, flags) packed one bit per row: row `i` of feature `f` is in
   * bin 1 when bit `i & 31` of `bits[bitOffset[f] + (i >>> 5)]` is set. `bitOffset[f]` is -1 for
   * the other features. A node's pass over such a feature reads n / 8 bytes that stay in L1.
   */
  bits: Int32Array;
  bitOffset: Int32Array;
  /**
   * Features that mostly sit in one bin (zeros of sparse counts, one-hot columns, blank pixels)
   * also list the rows outside it, so a large node counts only those and gets the major bin by
   * subtraction. `major[f]` is that bin, or -1 when the feature has no list; its rows are
   * `sparseRows[sparseStart[f] .. sparseStart[f + 1])`, ascending.
   */
  major: Int32Array;
  sparseStart: Int32Array;
  sparseRows: Int32Array;
}

/** Values sampled to place quantile edges (all values when there are fewer). */
const QUANTILE_SAMPLE = 50_000;

interface FeatureBins {
  /** Upper edges: value v goes to the first bin b with v <= upper[b]; the last bin takes the rest. */
  upper: Float64Array;
  /** When set, a direct lookup from small non-negative integer values to bins. */
  lookup: Int32Array | null;
  /** One bin per distinct value: these values (then each bin's lo = hi = its value). */
  values: Float64Array | null;
}

/**
 * Bins every feature of a row-major matrix. `shared` allocates the codes in a SharedArrayBuffer so
 * worker threads can read them without a copy.
 */
export function binMatrix(data: Float64Array, n: number, p: number, maxBins: number | null, shared = false): BinnedData {
  const { bins, offsets, lo, hi } = binCodes(data, n, p, maxBins, shared);
  // Row-major codes pay off only when most features have more than two bins: two-bin features
  // (one-hot columns, flags) are read from their packed bits, so rows of them would be built for
  // nothing. (Building them is about a quarter of binning KDD, whose features are mostly one-hot.)
  let multiBin = 0;
  for (let f = 0; f < p; f++) if (offsets[f + 1]! - offsets[f]! > 2) multiBin++;
  let rowBins: Uint8Array | null = null;
  if (bins instanceof Uint8Array && multiBin >= 8 && 2 * multiBin >= p) {
    rowBins = new Uint8Array(shared ? new SharedArrayBuffer(n * p) : new ArrayBuffer(n * p));
    const CHUNK = 256;
    for (let i0 = 0; i0 < n; i0 += CHUNK) {
      const i1 = Math.min(n, i0 + CHUNK);
      for (let f = 0; f < p; f++) {
        const base = f * n;
        for (let i = i0, k = i0 * p + f; i < i1; i++, k += p) rowBins[k] = bins[base + i]!;
      }
    }
  }
  const { bits, bitOffset } = packTwoBinFeatures(bins, offsets, n, p, shared);
  const { major, sparseStart, sparseRows } = listMinorityRows(bins, offsets, n, p, shared);
  return { n, p, bins, offsets, lo, hi, rowBins, bits, bitOffset, major, sparseStart, sparseRows };
}

/** The bin codes of a matrix and what each bin covers, without the tree grower's shortcut structures. */
export interface BinCodes extends Pick<BinnedData, 'bins' | 'offsets' | 'lo' | 'hi'> {
  /** Upper edge of each bin (`offsets` layout): a value goes to the first bin whose edge it does not exceed; the last is Infinity. */
  upper: Float64Array;
}

/** How `binCodes` places edges and treats `NaN`. */
export interface BinOptions {
  /**
   * Edges of features with more distinct values than bins: `sampled-quantiles` (the tree engine's:
   * quantiles of a regular sample, weighted by ties) or `percentile-midpoints` (scikit-learn's
   * `_BinMapper`: `np.percentile(values, linspace(0, 100, maxBins + 1)[1:-1], method='midpoint')`
   * over every value).
   */
  edges?: 'sampled-quantiles' | 'percentile-midpoints';
  /** `NaN` takes no part in the edges and gets the code one past the feature's last bin. */
  missing?: boolean;
  /** Bin these rows of `data` (in this order; `n` is their count), not its first `n`: no copy of the rows. */
  rows?: ArrayLike<number>;
}

/**
 * Bins every feature (as `binMatrix`) and returns only the codes and bin ranges: what histogram
 * gradient boosting reads.
 */
export function binCodes(data: Float64Array, n: number, p: number, maxBins: number | null, shared = false, options: BinOptions = {}): BinCodes {
  const percentile = options.edges === 'percentile-midpoints';
  const missing = options.missing === true;
  const rows = options.rows;
  if (rows !== undefined && rows.length !== n) throw new Error(`binCodes: ${rows.length} rows for n = ${n}`);
  const present = (column: Float64Array): Float64Array => {
    if (!missing) return column;
    let nan = 0;
    for (let i = 0; i < column.length; i++) if (column[i] !== column[i]) nan++;
    if (nan === 0) return column;
    const out = new Float64Array(column.length - nan);
    for (let i = 0, k = 0; i < column.length; i++) if (column[i] === column[i]) out[k++] = column[i]!;
    return out;
  };
  // Columns are read in groups: a group's columns are copied out row by row (contiguous reads),
  // then each column is binned from contiguous memory.
  const group = Math.max(1, Math.min(p, Math.floor(GROUP_BYTES / (8 * Math.max(1, n)))));
  const block = new Float64Array(group * n);
  const specs: Array<FeatureBins | undefined> = new Array<FeatureBins | undefined>(p);
  const forEachColumn = (visit: (f: number, column: Float64Array) => void): void => {
    for (let g0 = 0; g0 < p; g0 += group) {
      const gs = Math.min(group, p - g0);
      for (let i = 0; i < n; i++) {
        const src = (rows === undefined ? i : rows[i]!) * p + g0;
        for (let j = 0, o = i; j < gs; j++, o += n) block[o] = data[src + j]!;
      }
      for (let j = 0; j < gs; j++) visit(g0 + j, block.subarray(j * n, (j + 1) * n));
    }
  };
  let maxCount = maxBins ?? 0;
  if (maxBins === null) {
    // Exact mode: the code width depends on the largest number of distinct values.
    forEachColumn((f, column) => {
      const spec = featureBins(present(column), null, percentile);
      specs[f] = spec;
      maxCount = Math.max(maxCount, spec.upper.length + 1);
    });
  }
  const bytes = n * p * (maxCount <= 256 ? 1 : maxCount <= 65536 ? 2 : 4);
  const buffer = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  const bins: BinArray =
    maxCount <= 256 ? new Uint8Array(buffer) : maxCount <= 65536 ? new Uint16Array(buffer) : new Int32Array(buffer);
  const perFeature: Array<{ lo: Float64Array; hi: Float64Array; upper: Float64Array }> = new Array<{ lo: Float64Array; hi: Float64Array; upper: Float64Array }>(p);
  forEachColumn((f, column) => {
    const kept = present(column);
    const spec = specs[f] ?? featureBins(kept, maxBins, percentile);
    specs[f] = undefined;
    const { upper, lookup, values } = spec;
    const count = upper.length + 1;
    const base = f * n;
    const last = upper.length;
    if (values !== null && lookup !== null && kept === column) {
      // Exact bins of small integers: a table lookup per value; each bin holds one value.
      for (let i = 0; i < n; i++) bins[base + i] = lookup[column[i]! | 0]!;
      perFeature[f] = { lo: values, hi: values, upper };
      return;
    }
    // Binary search on the edges; runs of equal values (zeros, repeated rows) reuse the last answer.
    const exact = values !== null;
    const lo = exact ? values : new Float64Array(count).fill(Infinity);
    const hi = exact ? values : new Float64Array(count).fill(-Infinity);
    let lastV = NaN;
    let lastB = 0;
    for (let i = 0; i < n; i++) {
      const v = column[i]!;
      if (v === lastV) {
        bins[base + i] = lastB;
        continue;
      }
      if (v !== v) {
        bins[base + i] = count;
        continue;
      }
      let l = 0;
      let h = last;
      while (l < h) {
        const m = (l + h) >>> 1;
        if (v <= upper[m]!) h = m;
        else l = m + 1;
      }
      bins[base + i] = l;
      lastV = v;
      lastB = l;
      if (!exact) {
        if (v < lo[l]!) lo[l] = v;
        if (v > hi[l]!) hi[l] = v;
      }
    }
    perFeature[f] = { lo, hi, upper };
  });
  const offsets = new Int32Array(p + 1);
  for (let f = 0; f < p; f++) offsets[f + 1] = offsets[f]! + perFeature[f]!.lo.length;
  const lo = new Float64Array(offsets[p]!);
  const hi = new Float64Array(offsets[p]!);
  const upper = new Float64Array(offsets[p]!);
  for (let f = 0; f < p; f++) {
    lo.set(perFeature[f]!.lo, offsets[f]!);
    hi.set(perFeature[f]!.hi, offsets[f]!);
    upper.set(perFeature[f]!.upper, offsets[f]!);
    upper[offsets[f + 1]! - 1] = Infinity;
  }
  return { bins, offsets, lo, hi, upper };
}

/** A feature gets a minority-row list when at most this share of its rows is outside the major bin. */
const SPARSE_SHARE = 0.25;

/** Lists the rows outside each mostly-one-bin feature's major bin (see `BinnedData.major`). */
function listMinorityRows(bins: BinArray, offsets: Int32Array, n: number, p: number, shared: boolean): { major: Int32Array; sparseStart: Int32Array; sparseRows: Int32Array } {
  const major = new Int32Array(p).fill(-1);
  const sparseStart = new Int32Array(p + 1);
  const counts = new Int32Array(Math.max(1, maxBinsOf(offsets, p)));
  for (let f = 0; f < p; f++) {
    const nb = offsets[f + 1]! - offsets[f]!;
    const base = f * n;
    counts.fill(0, 0, nb);
    for (let i = 0; i < n; i++) counts[bins[base + i]!]!++;
    let best = 0;
    for (let b = 1; b < nb; b++) if (counts[b]! > counts[best]!) best = b;
    const minority = n - counts[best]!;
    if (minority <= SPARSE_SHARE * n) major[f] = best;
    sparseStart[f + 1] = sparseStart[f]! + (major[f]! >= 0 ? minority : 0);
  }
  const total = sparseStart[p]!;
  const sparseRows = new Int32Array(shared ? new SharedArrayBuffer(total * 4) : new ArrayBuffer(total * 4));
  for (let f = 0; f < p; f++) {
    const m = major[f]!;
    if (m < 0) continue;
    const base = f * n;
    let q = sparseStart[f]!;
    for (let i = 0; i < n; i++) if (bins[base + i] !== m) sparseRows[q++] = i;
  }
  return { major, sparseStart, sparseRows };
}

/** The largest number of bins any of the `p` features has. */
export function maxBinsOf(offsets: Int32Array, p: number): number {
  let most = 0;
  for (let f = 0; f < p; f++) most = Math.max(most, offsets[f + 1]! - offsets[f]!);
  return most;
}

/** Packs every two-bin feature's codes one bit per row (see `BinnedData.bits`). */
function packTwoBinFeatures(bins: BinArray, offsets: Int32Array, n: number, p: number, shared: boolean): { bits: Int32Array; bitOffset: Int32Array } {
  const words = (n + 31) >>> 5;
  const bitOffset = new Int32Array(p).fill(-1);
  let nTwo = 0;
  for (let f = 0; f < p; f++) if (offsets[f + 1]! - offsets[f]! === 2) bitOffset[f] = nTwo++ * words;
  const bits = new Int32Array(shared ? new SharedArrayBuffer(nTwo * words * 4) : new ArrayBuffer(nTwo * words * 4));
  for (let f = 0; f < p; f++) {
    const o = bitOffset[f]!;
    if (o < 0) continue;
    const base = f * n;
    for (let i = 0; i < n; i++) if (bins[base + i] !== 0) bits[o + (i >>> 5)]! |= 1 << (i & 31);
  }
  return { bits, bitOffset };
}

/** Bytes of the column block used while binning. */
const GROUP_BYTES = 64 << 20;

/** Scratch for spotting small non-negative integer features (pixels, one-hot, counts). */
const seenSmall = new Uint8Array(65536);

/** Bin edges for one feature's values. */
function featureBins(column: Float64Array, maxBins: number | null, percentile = false): FeatureBins {
  const n = column.length;
  const limit = maxBins ?? Infinity;
  // Fast path: small non-negative integers, counted in a table.
  const distinct: number[] = [];
  let smallInts = true;
  let last = NaN;
  for (let i = 0; i < n; i++) {
    const v = column[i]!;
    if (v === last) continue;
    last = v;
    if (v >= 0 && v < 65536 && Math.floor(v) === v) {
      if (seenSmall[v] === 0) {
        seenSmall[v] = 1;
        distinct.push(v);
      }
    } else {
      smallInts = false;
      break;
    }
  }
  for (const v of distinct) seenSmall[v] = 0;
  if (smallInts && distinct.length <= limit) return exactBins(Float64Array.from(distinct).sort());
  // Count distinct values, giving up once there are more than the bin budget.
  const seen = new Set<number>();
  let small = !smallInts;
  let prev = NaN;
  for (let i = 0; small && i < n; i++) {
    const v = column[i]!;
    if (v === prev) continue;
    prev = v;
    if (!seen.has(v)) {
      seen.add(v);
      if (seen.size > limit || seen.size > 65536) {
        small = false;
        break;
      }
    }
  }
  if (small) {
    const values = Float64Array.from(seen).sort();
    return exactBins(values);
  }
  if (maxBins === null) {
    const sorted = Float64Array.from(column).sort();
    const values = uniqueSorted(sorted);
    return exactBins(values);
  }
  if (percentile) return { upper: percentileMidpoints(Float64Array.from(column).sort(), maxBins), lookup: null, values: null };
  // Quantile bins on (a regular sample of) the values, weighted by how often each value occurs.
  const step = Math.max(1, Math.ceil(n / QUANTILE_SAMPLE));
  const sample = new Float64Array(Math.ceil(n / step));
  for (let i = 0, k = 0; i < n; i += step, k++) sample[k] = column[i]!;
  sample.sort();
  const m = sample.length;
  const upper: number[] = [];
  let start = 0;
  for (let b = 1; b < maxBins && start < m; b++) {
    // The bin ends at the last copy of the value at the b-th quantile position.
    let end = Math.max(start, Math.ceil((b * m) / maxBins) - 1);
    if (end >= m - 1) break;
    const v = sample[end]!;
    while (end + 1 < m && sample[end + 1] === v) end++;
    if (end >= m - 1) break;
    upper.push(v / 2 + sample[end + 1]! / 2 === sample[end + 1] ? v : v / 2 + sample[end + 1]! / 2);
    start = end + 1;
  }
  return { upper: Float64Array.from(upper), lookup: null, values: null };
}

/**
 * NumPy's `percentile(sorted, linspace(0, 100, maxBins + 1)[1:-1], method='midpoint')`, with its
 * floating-point steps (virtual index q·(m − 1), the mean of floor and ceil, and `_lerp` at 0.5).
 */
function percentileMidpoints(sorted: Float64Array, maxBins: number): Float64Array {
  const m = sorted.length;
  const step = 100 / maxBins;
  const out = new Float64Array(maxBins - 1);
  for (let i = 1; i < maxBins; i++) {
    const q = (i * step) / 100;
    const virtual = q * (m - 1);
    const lo = Math.floor(virtual);
    const hi = Math.ceil(virtual);
    const a = sorted[lo]!;
    const b = sorted[hi]!;
    out[i - 1] = lo === hi ? a : b - (b - a) * 0.5;
  }
  return out;
}

function uniqueSorted(sorted: Float64Array): Float64Array {
  let k = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[k - 1]) sorted[k++] = sorted[i]!;
  return sorted.slice(0, k);
}

/** One bin per distinct value (sorted), edges at midpoints. */
function exactBins(values: Float64Array): FeatureBins {
  const count = values.length;
  const upper = new Float64Array(Math.max(0, count - 1));
  for (let b = 0; b + 1 < count; b++) {
    const mid = values[b]! / 2 + values[b + 1]! / 2;
    upper[b] = mid === values[b + 1] ? values[b]! : mid;
  }
  let lookup: Int32Array | null = null;
  const top = values[count - 1]!;
  if (values[0]! >= 0 && top < 65536 && values.every((v) => Number.isInteger(v))) {
    lookup = new Int32Array(top + 1);
    for (let b = 0; b < count; b++) lookup[values[b]!] = b;
  }
  return { upper, lookup, values };
}
