/**
 * The per-feature work of a gradient-boosting node, over a contiguous range of features: building
 * a gradient/hessian histogram, the sibling subtraction, and the best split of each feature (as
 * scikit-learn's `HistogramBuilder` and `Splitter`, which OpenMP runs over features). Each feature
 * is computed the same way whichever thread runs its range, so the grown trees do not depend on how
 * many threads share the features.
 */

/** The binned training matrix as the grower reads it. */
export interface HistData {
  n: number;
  p: number;
  /** Column-major codes (`bins[f * n + i]`); a missing value holds `nBins[f]`. */
  bins: Uint8Array;
  /** Non-missing bins of each feature. */
  nBins: Int32Array;
  /** First histogram slot of each feature (`nBins[f] + 1` slots: the last is the missing bin); `slot[p]` = all slots. */
  slot: Int32Array;
  /** Total histogram slots. */
  slots: number;
  /** Whether the training data has missing values in feature f (then both scan directions run). */
  hasMissing: Uint8Array;
  /** Whether feature f is categorical (its bins are categories). */
  categorical: Uint8Array;
}

/** The row arrays every thread reads (SharedArrayBuffer-backed when threads share them). */
export interface HistArrays {
  data: HistData;
  /** Row indices, each node's rows contiguous (the grower permutes it). */
  idx: Int32Array;
  /** The node's gradients/hessians gathered in `idx` order (`og[k] = g[idx[k]]`). */
  og: Float32Array;
  oh: Float32Array;
  /** Gradients/hessians of every row, all trees of an iteration (class-major: tree k at `k * n`). */
  g: Float32Array;
  h: Float32Array;
}

/** What the split search needs of the growth params. */
export interface SplitParams {
  minSamplesLeaf: number;
  l2: number;
  /** scikit-learn's `min_hessian_to_split` (1e-3). */
  minHessianToSplit: number;
}

/** A node's totals. */
export interface NodeStats {
  n: number;
  sumG: number;
  sumH: number;
  /** −G/(H + l2), before shrinkage. */
  value: number;
}

/** The best split of a node over some features (gain −1: none). */
export interface SplitResult {
  gain: number;
  feature: number;
  bin: number;
  missingLeft: boolean;
  gLeft: number;
  hLeft: number;
  nLeft: number;
  categorical: boolean;
  catBins: number[];
}

/** One step of histogram work, applied to every feature of a range. */
export interface HistTask {
  /**
   * Fill histogram `hist`: from every row of tree `gOffset / n`'s gradients (`root`), or from the
   * node rows `idx[start, end)` with their gathered `og`/`oh`.
   */
  build: { hist: number; root: boolean; gOffset: number; start: number; end: number } | null;
  /** `hists[into] -= hists[minus]` (the larger sibling from its parent). */
  subtract: { into: number; minus: number } | null;
  /** The best split of each (histogram, node). */
  scans: Array<{ hist: number; stats: NodeStats }>;
}

/** scikit-learn's categorical smoothing and support threshold (`MIN_CAT_SUPPORT`). */
const MIN_CAT_SUPPORT = 10;

/** A split result that any real split beats. */
export function noSplit(): SplitResult {
  return { gain: -1, feature: -1, bin: 0, missingLeft: false, gLeft: 0, hLeft: 0, nLeft: 0, categorical: false, catBins: [] };
}

/** scikit-learn's `compute_node_value`. */
export function nodeValue(g: number, h: number, l2: number): number {
  return -g / (h + l2 + 1e-15);
}

/** scikit-learn's `_split_gain` without monotonic constraints. */
function splitGain(gL: number, hL: number, gR: number, hR: number, lossCurrent: number, l2: number): number {
  const vL = nodeValue(gL, hL, l2);
  const vR = nodeValue(gR, hR, l2);
  return lossCurrent - gL * vL - gR * vR;
}

/**
 * Runs tasks on the features `[f0, f1)` of shared arrays and histograms. One per thread (it keeps
 * that thread's scratch).
 */
export class RangeRunner {
  private readonly cats: Array<{ bin: number; value: number }> = [];

  constructor(
    readonly arrays: HistArrays,
    readonly params: SplitParams,
    /** Histograms by id: `3 * slots` values each, (gradient, hessian, count) per slot. */
    readonly hists: Float64Array[],
  ) {}

  /**
   * Runs the task on the features `[f0, f1)`, two features at a time: zero, build, subtract and
   * scan each pair while its histogram slots are in cache (a Fashion-MNIST histogram is ~5 MB;
   * whole-histogram passes were half the fit).
   */
  run(task: HistTask, f0: number, f1: number): SplitResult[] {
    const { slot } = this.arrays.data;
    const best = task.scans.map(() => noSplit());
    const cand = noSplit();
    const build = task.build;
    const built = build === null ? null : this.hists[build.hist]!;
    const into = task.subtract === null ? null : this.hists[task.subtract.into]!;
    const minus = task.subtract === null ? null : this.hists[task.subtract.minus]!;
    for (let f = f0; f < f1; f += 2) {
      const fe = Math.min(f + 2, f1);
      const s0 = 3 * slot[f]!;
      const s1 = 3 * slot[fe]!;
      if (build !== null) {
        built!.fill(0, s0, s1);
        if (build.root) this.rootHist(built!, build.gOffset, f, fe);
        else this.nodeHist(built!, build.start, build.end, f, fe);
      }
      if (into !== null) for (let s = s0; s < s1; s++) into[s]! -= minus![s]!;
      task.scans.forEach((scan, j) => this.bestSplit(this.hists[scan.hist]!, scan.stats, f, fe, best[j]!, cand));
    }
    return best;
  }

  /** Every row, in order, for each feature of the range (two features per pass over the rows). */
  private rootHist(hist: Float64Array, gOffset: number, f0: number, f1: number): void {
    const { data, g, h } = this.arrays;
    const { n, bins, slot } = data;
    let f = f0;
    for (; f + 1 < f1; f += 2) {
      const baseA = f * n;
      const baseB = baseA + n;
      const sA = 3 * slot[f]!;
      const sB = 3 * slot[f + 1]!;
      for (let i = 0; i < n; i++) {
        const gi = g[gOffset + i]!;
        const hi = h[gOffset + i]!;
        const a = sA + 3 * bins[baseA + i]!;
        hist[a]! += gi;
        hist[a + 1]! += hi;
        hist[a + 2]! += 1;
        const b = sB + 3 * bins[baseB + i]!;
        hist[b]! += gi;
        hist[b + 1]! += hi;
        hist[b + 2]! += 1;
      }
    }
    for (; f < f1; f++) {
      const base = f * n;
      const s0 = 3 * slot[f]!;
      for (let i = 0; i < n; i++) {
        const s = s0 + 3 * bins[base + i]!;
        hist[s]! += g[gOffset + i]!;
        hist[s + 1]! += h[gOffset + i]!;
        hist[s + 2]! += 1;
      }
    }
  }

  /** The node's rows (gathered gradients), for each feature of the range (two per pass). */
  private nodeHist(hist: Float64Array, start: number, end: number, f0: number, f1: number): void {
    const { data, idx, og, oh } = this.arrays;
    const { n, bins, slot } = data;
    let f = f0;
    for (; f + 1 < f1; f += 2) {
      const baseA = f * n;
      const baseB = baseA + n;
      const sA = 3 * slot[f]!;
      const sB = 3 * slot[f + 1]!;
      for (let k = start; k < end; k++) {
        const i = idx[k]!;
        const gi = og[k]!;
        const hi = oh[k]!;
        const a = sA + 3 * bins[baseA + i]!;
        hist[a]! += gi;
        hist[a + 1]! += hi;
        hist[a + 2]! += 1;
        const b = sB + 3 * bins[baseB + i]!;
        hist[b]! += gi;
        hist[b + 1]! += hi;
        hist[b + 2]! += 1;
      }
    }
    for (; f < f1; f++) {
      const base = f * n;
      const s0 = 3 * slot[f]!;
      for (let k = start; k < end; k++) {
        const s = s0 + 3 * bins[base + idx[k]!]!;
        hist[s]! += og[k]!;
        hist[s + 1]! += oh[k]!;
        hist[s + 2]! += 1;
      }
    }
  }

  /** Improves `best` with the features `[f0, f1)` in order (the first feature wins ties); `cand` is scratch. */
  private bestSplit(hist: Float64Array, stats: NodeStats, f0: number, f1: number, best: SplitResult, cand: SplitResult): void {
    const { nBins, slot, hasMissing, categorical } = this.arrays.data;
    const lossCurrent = stats.sumG * stats.value;
    for (let f = f0; f < f1; f++) {
      cand.gain = -1;
      cand.categorical = false;
      cand.catBins = [];
      const s0 = 3 * slot[f]!;
      if (categorical[f] === 1) this.scanCategorical(hist, s0, nBins[f]!, hasMissing[f] === 1, stats, lossCurrent, cand);
      else {
        scanLeftToRight(hist, s0, nBins[f]!, stats, lossCurrent, this.params, cand);
        if (hasMissing[f] === 1) scanRightToLeft(hist, s0, nBins[f]!, stats, lossCurrent, this.params, cand);
      }
      if (cand.gain > best.gain) {
        Object.assign(best, cand);
        best.feature = f;
      }
    }
  }

  /** scikit-learn's `_find_best_bin_to_split_category`. */
  private scanCategorical(hist: Float64Array, s0: number, nb: number, missing: boolean, stats: NodeStats, lossCurrent: number, out: SplitResult): void {
    const opt = this.params;
    const { n: nNode, sumG, sumH } = stats;
    const cats = this.cats;
    cats.length = 0;
    const support = nNode / sumH;
    const last = missing ? nb + 1 : nb;
    for (let b = 0; b < last; b++) {
      const hb = hist[s0 + 3 * b + 1]!;
      if (hb * support >= MIN_CAT_SUPPORT) cats.push({ bin: b, value: hist[s0 + 3 * b]! / (hb + MIN_CAT_SUPPORT) });
    }
    const used = cats.length;
    if (used <= 1) return;
    cats.sort((a, b) => a.value - b.value || a.bin - b.bin);
    let bestGain = -1;
    let bestThresh = -1;
    let bestDirection = 0;
    for (const direction of [1, -1]) {
      const middle = direction === 1 ? (used + 1) >> 1 : ((used + 1) >> 1) - 1;
      let gL = 0;
      let hL = 0;
      let nL = 0;
      for (let i = 0; i < middle; i++) {
        const sorted = direction === 1 ? i : used - 1 - i;
        const s = s0 + 3 * cats[sorted]!.bin;
        nL += hist[s + 2]!;
        hL += hist[s + 1]!;
        gL += hist[s]!;
        const nR = nNode - nL;
        const hR = sumH - hL;
        const gR = sumG - gL;
        if (nL < opt.minSamplesLeaf || hL < opt.minHessianToSplit) continue;
        if (nR < opt.minSamplesLeaf || hR < opt.minHessianToSplit) break;
        const gain = splitGain(gL, hL, gR, hR, lossCurrent, opt.l2);
        if (gain > bestGain && gain > 0) {
          bestGain = gain;
          bestThresh = sorted;
          bestDirection = direction;
          out.gLeft = gL;
          out.hLeft = hL;
          out.nLeft = nL;
        }
      }
    }
    if (bestDirection === 0) return;
    out.gain = bestGain;
    out.categorical = true;
    const left: number[] = [];
    if (bestDirection === 1) for (let i = 0; i <= bestThresh; i++) left.push(cats[i]!.bin);
    else for (let i = used - 1; i >= bestThresh; i--) left.push(cats[i]!.bin);
    left.sort((a, b) => a - b);
    out.catBins = left;
    out.missingLeft = missing && left.includes(nb);
  }
}

/** scikit-learn's `_find_best_bin_to_split_left_to_right` (missing values go right). */
function scanLeftToRight(hist: Float64Array, s0: number, nb: number, stats: NodeStats, lossCurrent: number, opt: SplitParams, out: SplitResult): void {
  const { n: nNode, sumG, sumH } = stats;
  let gL = 0;
  let hL = 0;
  let nL = 0;
  const minLeaf = opt.minSamplesLeaf;
  const minH = opt.minHessianToSplit;
  for (let b = 0; b < nb - 1; b++) {
    const s = s0 + 3 * b;
    nL += hist[s + 2]!;
    const nR = nNode - nL;
    hL += hist[s + 1]!;
    const hR = sumH - hL;
    gL += hist[s]!;
    const gR = sumG - gL;
    if (nL < minLeaf) continue;
    if (nR < minLeaf) break;
    if (hL < minH) continue;
    if (hR < minH) break;
    const gain = splitGain(gL, hL, gR, hR, lossCurrent, opt.l2);
    if (gain > out.gain && gain > 0) {
      out.gain = gain;
      out.bin = b;
      out.missingLeft = false;
      out.gLeft = gL;
      out.hLeft = hL;
      out.nLeft = nL;
    }
  }
}

/** scikit-learn's `_find_best_bin_to_split_right_to_left` (missing values go left). */
function scanRightToLeft(hist: Float64Array, s0: number, nb: number, stats: NodeStats, lossCurrent: number, opt: SplitParams, out: SplitResult): void {
  const { n: nNode, sumG, sumH } = stats;
  let gR = 0;
  let hR = 0;
  let nR = 0;
  const minLeaf = opt.minSamplesLeaf;
  const minH = opt.minHessianToSplit;
  for (let b = nb - 2; b >= 0; b--) {
    const s = s0 + 3 * (b + 1);
    nR += hist[s + 2]!;
    const nL = nNode - nR;
    hR += hist[s + 1]!;
    const hL = sumH - hR;
    gR += hist[s]!;
    const gL = sumG - gR;
    if (nR < minLeaf) continue;
    if (nL < minLeaf) break;
    if (hR < minH) continue;
    if (hL < minH) break;
    const gain = splitGain(gL, hL, gR, hR, lossCurrent, opt.l2);
    if (gain > out.gain && gain > 0) {
      out.gain = gain;
      out.bin = b;
      out.missingLeft = true;
      out.gLeft = gL;
      out.hLeft = hL;
      out.nLeft = nL;
    }
  }
}
