/**
 * Growing one CART tree on binned features, as scikit-learn's depth-first and best-first builders
 * do, but with a histogram split search: for each candidate feature the node's samples are counted
 * into per-bin class weights, then the bins are swept left to right. Only bins a node actually
 * touches are visited, so deep, small nodes cost O(samples) rather than O(bins).
 *
 * Tie rule: among splits with the same impurity decrease the lowest feature index wins, then the
 * lowest threshold. Randomness (when `maxFeatures < p`) only decides which features are candidates.
 */
import type { Random } from '../../../core/index.js';
import { maxBinsOf, type BinArray, type BinnedData } from './binning.js';
import { heapPop, heapPush } from './heap.js';

/** Impurity measures. */
export type Criterion = 'gini' | 'entropy';

/** Resolved growth options (counts, not fractions). */
export interface GrowOptions {
  criterion: Criterion;
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  minImpurityDecrease: number;
  /** Features drawn per split; `>= p` means all, in index order, without randomness. */
  maxFeatures: number;
  /** Best-first growth up to this many leaves; 0 = depth-first, unlimited. */
  maxLeafNodes: number;
  ccpAlpha: number;
}

/** A grown tree in scikit-learn's layout (nodes in creation order, root 0). */
export interface GrownTree {
  nodeCount: number;
  nClasses: number;
  /** Children (-1 for a leaf). */
  left: Int32Array;
  right: Int32Array;
  /** Split feature (-1 for a leaf). */
  feature: Int32Array;
  /** Split threshold on raw values: `x <= threshold` goes left. */
  threshold: Float64Array;
  /** Split on bin codes: `bin <= binThreshold` goes left (training data only). */
  binThreshold: Int32Array;
  impurity: Float64Array;
  nNodeSamples: Int32Array;
  weightedNNodeSamples: Float64Array;
  /** Weighted class counts, `nodeCount × nClasses`. */
  value: Float64Array;
}

const EPSILON = 2.220446049250313e-16;
/** A node's class-weight histogram over every bin of every feature, with sample counts. */
interface FullHist {
  h: Float64Array;
  c: Int32Array;
}

/** At most this many full histograms are alive at once (the depth-first stack holds them). */
const MAX_FULL_HISTS = 24;
/** Full histograms are kept only while each takes at most this many bytes. */
const MAX_FULL_HIST_BYTES = 64 << 20;

/** Nodes whose rows take at most this many bytes read bins row-wise. */
const ROW_MODE_BYTES = 2 << 20;
/** Size of the node-local bin block (fits in L2). */
const LOCAL_BYTES = 1 << 20;
/**
 * A node walks a feature's minority-row list instead of its own samples when the list is this many
 * times shorter (a listed row costs a position lookup and scattered reads).
 */
const SPARSE_COST = 4;

function entropyTerm(x: number): number {
  return x > 0 ? x * Math.log(x) : 0;
}

/** Growable node arrays. */
class NodeStore {
  count = 0;
  cap: number;
  left: Int32Array;
  right: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  binThreshold: Int32Array;
  impurity: Float64Array;
  nNodeSamples: Int32Array;
  weighted: Float64Array;
  value: Float64Array;

  constructor(readonly K: number) {
    this.cap = 64;
    this.left = new Int32Array(this.cap);
    this.right = new Int32Array(this.cap);
    this.feature = new Int32Array(this.cap);
    this.threshold = new Float64Array(this.cap);
    this.binThreshold = new Int32Array(this.cap);
    this.impurity = new Float64Array(this.cap);
    this.nNodeSamples = new Int32Array(this.cap);
    this.weighted = new Float64Array(this.cap);
    this.value = new Float64Array(this.cap * K);
  }

  add(parent: number, isLeft: boolean, impurity: number, n: number, w: number, counts: Float64Array): number {
    if (this.count === this.cap) this.grow();
    const id = this.count++;
    this.left[id] = -1;
    this.right[id] = -1;
    this.feature[id] = -1;
    this.threshold[id] = -2;
    this.binThreshold[id] = -1;
    this.impurity[id] = impurity;
    this.nNodeSamples[id] = n;
    this.weighted[id] = w;
    this.value.set(counts, id * this.K);
    if (parent >= 0) {
      if (isLeft) this.left[parent] = id;
      else this.right[parent] = id;
    }
    return id;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const g = <T extends Int32Array | Float64Array>(a: T, size: number): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.left = g(this.left, cap);
    this.right = g(this.right, cap);
    this.feature = g(this.feature, cap);
    this.threshold = g(this.threshold, cap);
    this.binThreshold = g(this.binThreshold, cap);
    this.impurity = g(this.impurity, cap);
    this.nNodeSamples = g(this.nNodeSamples, cap);
    this.weighted = g(this.weighted, cap);
    this.value = g(this.value, cap * this.K);
    this.cap = cap;
  }

  finish(): GrownTree {
    const c = this.count;
    return {
      nodeCount: c,
      nClasses: this.K,
      left: this.left.slice(0, c),
      right: this.right.slice(0, c),
      feature: this.feature.slice(0, c),
      threshold: this.threshold.slice(0, c),
      binThreshold: this.binThreshold.slice(0, c),
      impurity: this.impurity.slice(0, c),
      nNodeSamples: this.nNodeSamples.slice(0, c),
      weightedNNodeSamples: this.weighted.slice(0, c),
      value: this.value.slice(0, c * this.K),
    };
  }
}

/** The best split found for a node. */
interface Split {
  found: boolean;
  feature: number;
  /** Last bin on the left. */
  bin: number;
  /** First non-empty bin on the right. */
  nextBin: number;
  proxy: number;
}

/**
 * Grows a tree. `y` are class codes in `0..K-1`; `sampleWeight` (or null for all ones) excludes
 * rows with weight 0 (bootstrap) and weights the rest. `rng` is used only when
 * `options.maxFeatures < data.p`.
 */
export function growTree(
  data: BinnedData,
  y: Int32Array,
  K: number,
  sampleWeight: Float64Array | null,
  options: GrowOptions,
  rng: Random | null,
  scratch: GrowScratch = new GrowScratch(data.n),
): GrownTree {
  const grower = new Grower(data, y, K, sampleWeight, options, rng, scratch);
  return grower.grow();
}

/**
 * The per-row working arrays of tree growth. A forest grows many trees on the same rows, so each
 * thread keeps one of these instead of allocating (and zeroing) ten arrays of n per tree.
 * Every array is written before it is read, except `posOf`, which each tree resets.
 */
export class GrowScratch {
  readonly idx: Int32Array;
  readonly yk: Int32Array;
  readonly wk: Float64Array;
  readonly posOf: Int32Array;
  readonly tmpIdx: Int32Array;
  readonly tmpY: Int32Array;
  readonly tmpW: Float64Array;
  readonly nodeBin: Int32Array;
  readonly sortedY: Int32Array;
  readonly sortedW: Float64Array;

  constructor(readonly n: number) {
    this.idx = new Int32Array(n);
    this.yk = new Int32Array(n);
    this.wk = new Float64Array(n);
    this.posOf = new Int32Array(n);
    this.tmpIdx = new Int32Array(n);
    this.tmpY = new Int32Array(n);
    this.tmpW = new Float64Array(n);
    this.nodeBin = new Int32Array(n);
    this.sortedY = new Int32Array(n);
    this.sortedW = new Float64Array(n);
  }
}

class Grower {
  private readonly n: number;
  private readonly p: number;
  /** Positions → sample index, with class and weight alongside (partitioned together). */
  private readonly idx: Int32Array;
  private readonly yk: Int32Array;
  private readonly wk: Float64Array;
  /** Sample index → its position in `idx` (-1 when not drawn), kept up to date by `partition`. */
  private readonly posOf: Int32Array;
  private readonly tmpIdx: Int32Array;
  private readonly tmpY: Int32Array;
  private readonly tmpW: Float64Array;
  private readonly m: number;
  private readonly hist: Float64Array;
  private readonly cnt: Int32Array;
  private readonly touched: Int32Array;
  /** One bit per bin: which bins the current feature touched (read back in bin order). */
  private readonly bitmap: Int32Array;
  /** Start (then end) position of each bin in the counting-sorted node. */
  private readonly pos: Int32Array;
  /** The node's bin codes, classes and weights, counting-sorted by bin. */
  private readonly nodeBin: Int32Array;
  private readonly sortedY: Int32Array;
  private readonly sortedW: Float64Array;
  /**
   * Row-major copy of the bins (all-features mode only). Small nodes gather their rows into
   * `local` (column-major, node-contiguous) once, so every feature's pass reads contiguous bytes
   * instead of missing the cache on each sample of a large column.
   */
  private readonly rowBins: Uint8Array | null = null;
  private readonly local: Uint8Array | null = null;
  private readonly slotOf: Int32Array | null = null;
  /** Whether `local` holds the current node. */
  private localActive = false;
  /** Whether the current node reads its bins from `rowBins` (small nodes, sampled features). */
  private rowMode = false;
  /** Nodes with at least this many samples keep full histograms (0 = never). */
  private readonly fullHistMin: number = 0;
  private readonly fullPool: FullHist[] = [];
  private fullAllocated = 0;
  private readonly leftCounts: Float64Array;
  private readonly features: Int32Array;
  private readonly constantFeatures: Int32Array;
  private readonly nodes: NodeStore;
  private readonly entropy: boolean;
  private readonly weighted: boolean;
  private totalWeight = 0;

  constructor(
    private readonly data: BinnedData,
    y: Int32Array,
    private readonly K: number,
    sampleWeight: Float64Array | null,
    private readonly opt: GrowOptions,
    private readonly rng: Random | null,
    scratch: GrowScratch,
  ) {
    this.n = data.n;
    this.p = data.p;
    if (scratch.n !== this.n) throw new Error(`growTree: scratch is for ${scratch.n} rows, data has ${this.n}`);
    let m = 0;
    if (sampleWeight === null) m = this.n;
    else for (let i = 0; i < this.n; i++) if (sampleWeight[i]! !== 0) m++;
    this.m = m;
    this.idx = scratch.idx;
    this.yk = scratch.yk;
    this.wk = scratch.wk;
    this.tmpIdx = scratch.tmpIdx;
    this.tmpY = scratch.tmpY;
    this.tmpW = scratch.tmpW;
    let weighted = false;
    for (let i = 0, k = 0; i < this.n; i++) {
      const w = sampleWeight === null ? 1 : sampleWeight[i]!;
      if (w === 0) continue;
      if (w !== 1) weighted = true;
      this.idx[k] = i;
      this.yk[k] = y[i]!;
      this.wk[k] = w;
      k++;
    }
    this.weighted = weighted;
    this.posOf = scratch.posOf.fill(-1);
    for (let k = 0; k < m; k++) this.posOf[this.idx[k]!] = k;
    const maxBins = Math.max(1, maxBinsOf(data.offsets, this.p));
    this.hist = new Float64Array(maxBins * K);
    this.cnt = new Int32Array(maxBins);
    this.touched = new Int32Array(maxBins);
    this.bitmap = new Int32Array((maxBins + 31) >>> 5);
    this.pos = new Int32Array(maxBins);
    this.nodeBin = scratch.nodeBin;
    this.sortedY = scratch.sortedY;
    this.sortedW = scratch.sortedW;
    this.rowBins = data.rowBins;
    if (data.rowBins !== null && opt.maxFeatures >= this.p) {
      const totalBins = data.offsets[this.p]!;
      if (opt.maxLeafNodes === 0 && totalBins * K * 8 <= MAX_FULL_HIST_BYTES) this.fullHistMin = Math.max(256, maxBins * K);
      this.local = new Uint8Array(LOCAL_BYTES);
      this.slotOf = new Int32Array(this.p);
    }
    this.leftCounts = new Float64Array(K);
    this.features = new Int32Array(this.p);
    for (let f = 0; f < this.p; f++) this.features[f] = f;
    this.constantFeatures = new Int32Array(this.p);
    this.nodes = new NodeStore(K);
    this.entropy = opt.criterion === 'entropy';
  }

  grow(): GrownTree {
    const K = this.K;
    const rootCounts = new Float64Array(K);
    let w = 0;
    for (let k = 0; k < this.m; k++) {
      rootCounts[this.yk[k]!]! += this.wk[k]!;
      w += this.wk[k]!;
    }
    this.totalWeight = w;
    if (this.opt.maxLeafNodes > 0) this.growBestFirst(rootCounts, w);
    else this.growDepthFirst(rootCounts, w);
    const tree = this.nodes.finish();
    return tree;
  }

  /** Spare class-count arrays: depth-first growth recycles them instead of allocating per node. */
  private readonly countsPool: Float64Array[] = [];

  /** A zeroed class-count array. */
  private takeCounts(): Float64Array {
    const a = this.countsPool.pop();
    if (a === undefined) return new Float64Array(this.K);
    for (let c = 0; c < this.K; c++) a[c] = 0;
    return a;
  }

  /** Impurity of a node from its class counts (gini, or entropy in bits as scikit-learn). */
  private impurityOf(counts: Float64Array, w: number): number {
    const K = this.K;
    if (this.entropy) {
      let h = 0;
      for (let c = 0; c < K; c++) {
        const q = counts[c]! / w;
        if (q > 0) h -= q * Math.log2(q);
      }
      return h;
    }
    let s = 0;
    for (let c = 0; c < K; c++) s += counts[c]! * counts[c]!;
    return 1 - s / (w * w);
  }

  private growDepthFirst(rootCounts: Float64Array, rootW: number): void {
    const K = this.K;
    const opt = this.opt;
    /** A pending node; `full` is its full histogram when it has one (sibling subtraction). */
    interface Rec {
      start: number;
      end: number;
      depth: number;
      parent: number;
      isLeft: boolean;
      nConstant: number;
      counts: Float64Array;
      w: number;
      full: FullHist | null;
    }
    const stack: Rec[] = [{ start: 0, end: this.m, depth: 0, parent: -1, isLeft: false, nConstant: 0, counts: rootCounts, w: rootW, full: null }];
    const split: Split = { found: false, feature: -1, bin: -1, nextBin: -1, proxy: -Infinity };
    while (stack.length > 0) {
      const rec = stack.pop()!;
      const nNode = rec.end - rec.start;
      const impurity = this.impurityOf(rec.counts, rec.w);
      const id = this.nodes.add(rec.parent, rec.isLeft, impurity, nNode, rec.w, rec.counts);
      let isLeaf =
        rec.depth >= opt.maxDepth || nNode < opt.minSamplesSplit || nNode < 2 * opt.minSamplesLeaf || impurity <= EPSILON;
      let nConstant = rec.nConstant;
      let full = rec.full;
      if (!isLeaf) {
        if (full === null && this.wantsFull(nNode)) {
          full = this.acquireFull();
          if (full !== null) this.buildFull(full, rec.start, rec.end, rec.nConstant);
        }
        nConstant = this.findSplit(rec.start, rec.end, rec.nConstant, rec.counts, rec.w, split, full);
        if (!split.found) isLeaf = true;
      }
      if (isLeaf) {
        if (full !== null) this.releaseFull(full);
        this.countsPool.push(rec.counts);
        continue;
      }
      const leftCounts = this.takeCounts();
      const mid = this.partition(rec.start, rec.end, split.feature, split.bin, leftCounts);
      const rightCounts = this.takeCounts();
      let wl = 0;
      for (let c = 0; c < K; c++) {
        rightCounts[c] = rec.counts[c]! - leftCounts[c]!;
        wl += leftCounts[c]!;
      }
      // Recompute the right weight from its own counts to avoid drift.
      let wr = 0;
      for (let c = 0; c < K; c++) {
        if (rightCounts[c]! < 0) rightCounts[c] = 0;
        wr += rightCounts[c]!;
      }
      const improvement = this.improvement(rec.w, impurity, leftCounts, wl, rightCounts, wr);
      this.countsPool.push(rec.counts);
      if (improvement + EPSILON < opt.minImpurityDecrease) {
        if (full !== null) this.releaseFull(full);
        this.countsPool.push(leftCounts, rightCounts);
        continue;
      }
      this.setSplit(id, split);
      // Sibling subtraction: count the smaller child, the larger one is parent minus smaller.
      let leftFull: FullHist | null = null;
      let rightFull: FullHist | null = null;
      if (full !== null) {
        const nLeft = mid - rec.start;
        const nRight = rec.end - mid;
        const leftIsSmall = nLeft <= nRight;
        const small = this.wantsFull(Math.max(nLeft, nRight)) ? this.acquireFull() : null;
        if (small !== null) {
          if (leftIsSmall) this.buildFull(small, rec.start, mid, nConstant);
          else this.buildFull(small, mid, rec.end, nConstant);
          this.subtractFull(full, small);
          const keepSmall = this.wantsFull(Math.min(nLeft, nRight));
          if (!keepSmall) this.releaseFull(small);
          if (leftIsSmall) {
            leftFull = keepSmall ? small : null;
            rightFull = full;
          } else {
            rightFull = keepSmall ? small : null;
            leftFull = full;
          }
        } else this.releaseFull(full);
      }
      stack.push({ start: mid, end: rec.end, depth: rec.depth + 1, parent: id, isLeft: false, nConstant, counts: rightCounts, w: wr, full: rightFull });
      stack.push({ start: rec.start, end: mid, depth: rec.depth + 1, parent: id, isLeft: true, nConstant, counts: leftCounts, w: wl, full: leftFull });
    }
  }

  private setSplit(id: number, split: Split): void {
    const d = this.data;
    const o = d.offsets[split.feature]!;
    const a = d.hi[o + split.bin]!;
    const b = d.lo[o + split.nextBin]!;
    let t = a / 2 + b / 2;
    if (t === b || t === Infinity || t === -Infinity) t = a;
    this.nodes.feature[id] = split.feature;
    this.nodes.threshold[id] = t;
    this.nodes.binThreshold[id] = split.bin;
  }

  /** scikit-learn's weighted impurity decrease of a split. */
  private improvement(w: number, impurity: number, lc: Float64Array, wl: number, rc: Float64Array, wr: number): number {
    const il = this.impurityOf(lc, wl);
    const ir = this.impurityOf(rc, wr);
    return (w / this.totalWeight) * (impurity - (wr / w) * ir - (wl / w) * il);
  }

  private growBestFirst(rootCounts: Float64Array, rootW: number): void {
    const K = this.K;
    const opt = this.opt;
    interface Rec {
      id: number;
      start: number;
      end: number;
      depth: number;
      nConstant: number;
      counts: Float64Array;
      w: number;
      impurity: number;
      isLeaf: boolean;
      split: Split;
      improvement: number;
      mid: number;
      leftCounts: Float64Array | null;
      rightCounts: Float64Array | null;
    }
    const frontier: Rec[] = [];
    const better = (a: Rec, b: Rec): boolean => a.improvement > b.improvement || (a.improvement === b.improvement && a.id < b.id);
    const push = (r: Rec): void => heapPush(frontier, r, better);
    const pop = (): Rec => heapPop(frontier, better);
    const addNode = (start: number, end: number, depth: number, parent: number, isLeft: boolean, nConstant: number, counts: Float64Array, w: number): Rec => {
      const nNode = end - start;
      const impurity = this.impurityOf(counts, w);
      const id = this.nodes.add(parent, isLeft, impurity, nNode, w, counts);
      const split: Split = { found: false, feature: -1, bin: -1, nextBin: -1, proxy: -Infinity };
      const rec: Rec = { id, start, end, depth, nConstant, counts, w, impurity, isLeaf: true, split, improvement: -Infinity, mid: start, leftCounts: null, rightCounts: null };
      let isLeaf = depth >= opt.maxDepth || nNode < opt.minSamplesSplit || nNode < 2 * opt.minSamplesLeaf || impurity <= EPSILON;
      if (!isLeaf) {
        rec.nConstant = this.findSplit(start, end, nConstant, counts, w, split);
        if (!split.found) isLeaf = true;
      }
      if (!isLeaf) {
        const lc = new Float64Array(K);
        rec.mid = this.partition(start, end, split.feature, split.bin, lc);
        const rc = new Float64Array(K);
        let wl = 0;
        let wr = 0;
        for (let c = 0; c < K; c++) {
          rc[c] = Math.max(0, counts[c]! - lc[c]!);
          wl += lc[c]!;
          wr += rc[c]!;
        }
        rec.leftCounts = lc;
        rec.rightCounts = rc;
        rec.improvement = this.improvement(w, impurity, lc, wl, rc, wr);
        if (rec.improvement + EPSILON < opt.minImpurityDecrease) isLeaf = true;
      }
      rec.isLeaf = isLeaf;
      if (isLeaf) rec.improvement = 0;
      return rec;
    };
    push(addNode(0, this.m, 0, -1, false, 0, rootCounts, rootW));
    let maxSplitNodes = opt.maxLeafNodes - 1;
    while (frontier.length > 0) {
      const rec = pop();
      if (rec.isLeaf || maxSplitNodes <= 0) continue;
      this.setSplit(rec.id, rec.split);
      maxSplitNodes--;
      const lc = rec.leftCounts!;
      const rc = rec.rightCounts!;
      let wl = 0;
      let wr = 0;
      for (let c = 0; c < K; c++) {
        wl += lc[c]!;
        wr += rc[c]!;
      }
      // Nodes are searched out of depth-first order here, so the known-constant prefix of
      // `features` cannot be inherited safely: every node finds its constants afresh.
      push(addNode(rec.start, rec.mid, rec.depth + 1, rec.id, true, 0, lc, wl));
      push(addNode(rec.mid, rec.end, rec.depth + 1, rec.id, false, 0, rc, wr));
    }
  }

  /**
   * Stable partition of positions `start..end` by `bin <= splitBin` on `feature`; fills the left
   * class counts and returns the first right position.
   */
  private partition(start: number, end: number, feature: number, splitBin: number, leftCounts: Float64Array): number {
    const l = partitionRows(this.data.bins, feature * this.n, splitBin, start, end, this.idx, this.yk, this.wk, this.posOf, this.tmpIdx, this.tmpY, this.tmpW, leftCounts, this.K);
    // Plain loops: a node's right part is often tiny, and subarray views cost an allocation each.
    const idx = this.idx;
    const yk = this.yk;
    const wk = this.wk;
    const posOf = this.posOf;
    const ti = this.tmpIdx;
    const ty = this.tmpY;
    const tw = this.tmpW;
    for (let j = 0, k = l; k < end; j++, k++) {
      idx[k] = ti[j]!;
      posOf[ti[j]!] = k;
      yk[k] = ty[j]!;
      wk[k] = tw[j]!;
    }
    return l;
  }

  /**
   * Finds the best split of positions `start..end` (scikit-learn's feature drawing, with
   * constant features tracked down the tree). Returns the node's new count of known constants.
   */
  private findSplit(start: number, end: number, nKnownConstants: number, counts: Float64Array, w: number, split: Split, full: FullHist | null = null): number {
    const p = this.p;
    const features = this.features;
    const constantFeatures = this.constantFeatures;
    const all = this.opt.maxFeatures >= p || this.rng === null;
    const maxFeatures = all ? p : this.opt.maxFeatures;
    split.found = false;
    split.proxy = -Infinity;
    split.feature = -1;
    this.localActive = false;
    const nNode = end - start;
    if (full === null && this.local !== null && all && nNode * (p - nKnownConstants) <= LOCAL_BYTES) this.gatherLocal(start, end, nKnownConstants);
    this.rowMode = !this.localActive && full === null && this.rowBins !== null && nNode * p <= ROW_MODE_BYTES;
    let fi = p;
    let nDrawnConstants = 0;
    let nFoundConstants = 0;
    let nTotalConstants = nKnownConstants;
    let nVisited = 0;
    while (fi > nTotalConstants && (nVisited < maxFeatures || nVisited <= nFoundConstants + nDrawnConstants)) {
      nVisited++;
      // Deterministic mode walks the features in array order; random mode draws as scikit-learn.
      let fj = all ? nDrawnConstants : nDrawnConstants + this.rng!.randint(fi - nFoundConstants - nDrawnConstants);
      if (fj < nKnownConstants) {
        const t = features[nDrawnConstants]!;
        features[nDrawnConstants] = features[fj]!;
        features[fj] = t;
        nDrawnConstants++;
        continue;
      }
      fj += nFoundConstants;
      const f = features[fj]!;
      const constant = this.evaluateFeature(f, start, end, counts, w, split, full);
      if (constant) {
        features[fj] = features[nTotalConstants]!;
        features[nTotalConstants] = f;
        nFoundConstants++;
        nTotalConstants++;
        continue;
      }
      fi--;
      features[fj] = features[fi]!;
      features[fi] = f;
    }
    // Keep the known constants at the front in their original order for siblings and children.
    // (Loops rather than set/subarray: this runs once per node and views cost an allocation.)
    for (let j = 0; j < nKnownConstants; j++) features[j] = constantFeatures[j]!;
    for (let j = nKnownConstants; j < nTotalConstants; j++) constantFeatures[j] = features[j]!;
    return nTotalConstants;
  }

  /**
   * Split search on one feature; updates `split` when it finds a better one. Returns true when the
   * feature is constant in the node. Large nodes count class weights per bin (cost ≈ samples +
   * touched bins × classes); small ones counting-sort their samples by bin and sweep samples
   * (cost ≈ 3 × samples), so deep nodes never pay for bins × classes.
   */
  private evaluateFeature(f: number, start: number, end: number, counts: Float64Array, w: number, split: Split, full: FullHist | null): boolean {
    const off = this.data.offsets[f]!;
    const nb = this.data.offsets[f + 1]! - off;
    const nNode = end - start;
    if (full !== null) {
      // The node's full histogram is ready (built or derived from its parent minus its sibling).
      const c = full.c;
      const touched = this.touched;
      let tc = 0;
      for (let b = 0; b < nb; b++) if (c[off + b]! > 0) touched[tc++] = b;
      if (tc <= 1) return true;
      this.sweepHist(tc, nNode, counts, w, full.h, c, off, false);
      this.takeIfBetter(f, split);
      return false;
    }
    if (nb === 2 && this.data.bitOffset[f]! >= 0) return this.evaluateTwoBins(f, start, end, counts, w, split);
    const sparse = this.usesMinorityList(f, nNode);
    const useHist = sparse || nNode >= nb * this.K;
    const tc = sparse ? this.countHistSparse(f, start, end, counts) : useHist ? this.countHist(f, start, end) : this.countSort(f, start, end);
    const touched = this.touched;
    const cnt = this.cnt;
    if (tc === 1) {
      const b = touched[0]!;
      cnt[b] = 0;
      if (useHist) for (let o = b * this.K, e = o + this.K; o < e; o++) this.hist[o] = 0;
      return true;
    }
    if (useHist) this.sweepHist(tc, nNode, counts, w, this.hist, cnt, 0, true);
    else this.sweepSorted(tc, nNode, counts, w);
    for (let t = 0; t < tc; t++) cnt[touched[t]!] = 0;
    this.takeIfBetter(f, split);
    return false;
  }

  /**
   * Split search on a two-bin feature from its packed bits: the only candidate is bin 0 | bin 1,
   * so one pass sums the bin-1 class weights (in registers for two classes) and the rest follows
   * from the node's counts. Returns true when the feature is constant in the node.
   */
  private evaluateTwoBins(f: number, start: number, end: number, counts: Float64Array, w: number, split: Split): boolean {
    const K = this.K;
    const bits = this.data.bits;
    const wo = this.data.bitOffset[f]!;
    const idx = this.idx;
    const yk = this.yk;
    const wk = this.wk;
    const right = this.leftCounts;
    for (let c = 0; c < K; c++) right[c] = 0;
    let nr = 0;
    if (this.usesMinorityList(f, end - start)) {
      const nMinor = this.sumMinority(f, start, end, right);
      if (this.data.major[f] === 0) nr = nMinor;
      else {
        // Bin 1 is the major bin: it holds what the listed (bin 0) rows do not.
        nr = end - start - nMinor;
        for (let c = 0; c < K; c++) right[c] = Math.max(0, counts[c]! - right[c]!);
      }
    } else if (K === 2) {
      nr = this.weighted ? sumBitsWeighted(bits, wo, idx, yk, wk, start, end, right) : sumBitsUnit(bits, wo, idx, yk, start, end, right);
    } else {
      nr = sumBitsClasses(bits, wo, idx, yk, wk, start, end, right);
    }
    const nNode = end - start;
    if (nr === 0 || nr === nNode) return true;
    const minLeaf = this.opt.minSamplesLeaf;
    this.bestBin = -1;
    if (nr >= minLeaf && nNode - nr >= minLeaf) {
      let wr = 0;
      for (let c = 0; c < K; c++) wr += right[c]!;
      const wl = w - wr;
      let proxy: number;
      if (this.entropy) {
        let s = 0;
        for (let c = 0; c < K; c++) s += entropyTerm(counts[c]! - right[c]!) + entropyTerm(right[c]!);
        proxy = s - entropyTerm(wl) - entropyTerm(wr);
      } else {
        let sl = 0;
        let sr = 0;
        for (let c = 0; c < K; c++) {
          const l = counts[c]! - right[c]!;
          sl += l * l;
          sr += right[c]! * right[c]!;
        }
        proxy = sl / wl + sr / wr;
      }
      this.bestProxy = proxy;
      this.bestBin = 0;
      this.bestNext = 1;
    }
    this.takeIfBetter(f, split);
    return false;
  }

  /** Whether a node of `nNode` samples is cheaper to count from feature `f`'s minority-row list. */
  private usesMinorityList(f: number, nNode: number): boolean {
    const d = this.data;
    return d.major[f]! >= 0 && (d.sparseStart[f + 1]! - d.sparseStart[f]!) * SPARSE_COST < nNode;
  }

  /**
   * Sums the class weights of the node's rows on feature `f`'s minority list into `into` (zeroed
   * by the caller); returns how many of the node's rows are listed.
   */
  private sumMinority(f: number, start: number, end: number, into: Float64Array): number {
    const rows = this.data.sparseRows;
    const posOf = this.posOf;
    const yk = this.yk;
    const wk = this.wk;
    const nNode = end - start;
    let listed = 0;
    for (let q = this.data.sparseStart[f]!, q1 = this.data.sparseStart[f + 1]!; q < q1; q++) {
      const k = posOf[rows[q]!]!;
      if ((k - start) >>> 0 >= nNode) continue;
      into[yk[k]!]! += wk[k]!;
      listed++;
    }
    return listed;
  }

  /**
   * `countHist` from feature `f`'s minority-row list: the listed rows of the node are counted per
   * bin, and the major bin gets the rest of the node (its class weights by subtraction).
   */
  private countHistSparse(f: number, start: number, end: number, counts: Float64Array): number {
    const K = this.K;
    const bins = this.data.bins;
    const base = f * this.n;
    const rows = this.data.sparseRows;
    const posOf = this.posOf;
    const yk = this.yk;
    const wk = this.wk;
    const hist = this.hist;
    const cnt = this.cnt;
    const bitmap = this.bitmap;
    const nNode = end - start;
    let listed = 0;
    for (let q = this.data.sparseStart[f]!, q1 = this.data.sparseStart[f + 1]!; q < q1; q++) {
      const i = rows[q]!;
      const k = posOf[i]!;
      if ((k - start) >>> 0 >= nNode) continue;
      const b = bins[base + i]!;
      if (cnt[b]!++ === 0) bitmap[b >>> 5]! |= 1 << (b & 31);
      hist[b * K + yk[k]!]! += wk[k]!;
      listed++;
    }
    const major = this.data.major[f]!;
    if (listed < nNode) {
      cnt[major] = nNode - listed;
      bitmap[major >>> 5]! |= 1 << (major & 31);
    }
    const tc = this.collectTouched();
    if (listed < nNode) {
      const touched = this.touched;
      const o = major * K;
      for (let c = 0; c < K; c++) {
        let rest = counts[c]!;
        for (let t = 0; t < tc; t++) {
          const b = touched[t]!;
          if (b !== major) rest -= hist[b * K + c]!;
        }
        hist[o + c] = rest > 0 ? rest : 0;
      }
    }
    return tc;
  }

  /** Keeps feature `f`'s best split when it beats `split` (ties: lower feature index). */
  private takeIfBetter(f: number, split: Split): void {
    if (this.bestBin >= 0 && (this.bestProxy > split.proxy || (this.bestProxy === split.proxy && f < split.feature))) {
      split.found = true;
      split.proxy = this.bestProxy;
      split.feature = f;
      split.bin = this.bestBin;
      split.nextBin = this.bestNext;
    }
  }

  /** Whether a node of `nNode` samples keeps a full histogram (for sibling subtraction). */
  private wantsFull(nNode: number): boolean {
    return this.fullHistMin > 0 && nNode >= this.fullHistMin;
  }

  /** A zeroed full histogram from the pool, or null when the memory budget is used up. */
  private acquireFull(): FullHist | null {
    const free = this.fullPool.pop();
    if (free !== undefined) return free;
    if (this.fullAllocated >= MAX_FULL_HISTS) return null;
    this.fullAllocated++;
    const bins = this.data.offsets[this.p]!;
    return { h: new Float64Array(bins * this.K), c: new Int32Array(bins) };
  }

  /** Returns a full histogram to the pool (zeroed). */
  private releaseFull(full: FullHist): void {
    full.h.fill(0);
    full.c.fill(0);
    this.fullPool.push(full);
  }

  /** Counts positions `start..end` into `full` for every feature not known to be constant. */
  private buildFull(full: FullHist, start: number, end: number, nKnownConstants: number): void {
    const K = this.K;
    const bins = this.data.bins;
    const offsets = this.data.offsets;
    const idx = this.idx;
    const yk = this.yk;
    const wk = this.wk;
    const h = full.h;
    const c = full.c;
    const n = this.n;
    for (let j = nKnownConstants; j < this.p; j++) {
      const f = this.features[j]!;
      const base = f * n;
      const off = offsets[f]!;
      for (let k = start; k < end; k++) {
        const b = off + bins[base + idx[k]!]!;
        c[b]!++;
        h[b * K + yk[k]!]! += wk[k]!;
      }
    }
  }

  /** `parent -= child`, leaving the sibling's histogram in `parent`. */
  private subtractFull(parent: FullHist, child: FullHist): void {
    const ph = parent.h;
    const ch = child.h;
    for (let i = 0; i < ph.length; i++) ph[i] = ph[i]! - ch[i]!;
    const pc = parent.c;
    const cc = child.c;
    for (let i = 0; i < pc.length; i++) pc[i] = pc[i]! - cc[i]!;
  }

  private bestProxy = -Infinity;
  private bestBin = -1;
  private bestNext = -1;

  /** Copies the node's rows of the non-constant features into the column-major `local` block. */
  private gatherLocal(start: number, end: number, nKnownConstants: number): void {
    const p = this.p;
    const nNode = end - start;
    const features = this.features;
    const slotOf = this.slotOf!;
    const local = this.local!;
    const rowBins = this.rowBins!;
    const nCols = p - nKnownConstants;
    const cols = features.subarray(nKnownConstants, p);
    for (let s = 0; s < nCols; s++) slotOf[cols[s]!] = s * nNode;
    const idx = this.idx;
    for (let j = 0; j < nNode; j++) {
      const rowBase = idx[start + j]! * p;
      for (let s = 0, o = j; s < nCols; s++, o += nNode) local[o] = rowBins[rowBase + cols[s]!]!;
    }
    this.localActive = true;
  }

  /** Reads the touched-bin bitmap back into `touched` in bin order (clearing it); returns the count. */
  private collectTouched(): number {
    const bitmap = this.bitmap;
    const touched = this.touched;
    let t = 0;
    for (let wi = 0; wi < bitmap.length; wi++) {
      let word = bitmap[wi]!;
      if (word === 0) continue;
      bitmap[wi] = 0;
      const base = wi << 5;
      while (word !== 0) {
        const low = word & -word;
        touched[t++] = base + 31 - Math.clz32(low);
        word ^= low;
      }
    }
    return t;
  }

  /**
   * Counts the node's samples into per-bin class weights; returns the number of touched bins.
   * Large nodes revisit the same bins, so the "first time in this bin?" branch predicts well here;
   * `countSort` (small nodes, mostly new bins) marks bins without a branch instead.
   */
  private countHist(f: number, start: number, end: number): number {
    const K = this.K;
    const bins = this.data.bins;
    const base = f * this.n;
    const idx = this.idx;
    const yk = this.yk;
    const wk = this.wk;
    const hist = this.hist;
    const cnt = this.cnt;
    const bitmap = this.bitmap;
    // One function per access pattern: each stays monomorphic, and a long first call that the
    // JIT compiles mid-loop (on-stack replacement) has no untried branch to bail out on later.
    if (this.localActive) histFromBytes(this.local!, this.slotOf![f]! - start, start, end, yk, wk, hist, cnt, bitmap, K);
    else if (this.rowMode) histFromRows(this.rowBins!, this.p, f, idx, start, end, yk, wk, hist, cnt, bitmap, K);
    else histFromColumn(bins, base, idx, start, end, yk, wk, hist, cnt, bitmap, K);
    return this.collectTouched();
  }

  /** Counting-sorts the node's classes (and weights) by bin; returns the number of touched bins. */
  private countSort(f: number, start: number, end: number): number {
    const bins = this.data.bins;
    const base = f * this.n;
    const idx = this.idx;
    const cnt = this.cnt;
    const bitmap = this.bitmap;
    const nodeBin = this.nodeBin;
    const n = end - start;
    if (this.localActive) {
      const local = this.local!;
      const lb = this.slotOf![f]!;
      for (let j = 0; j < n; j++) {
        const b = local[lb + j]!;
        cnt[b]!++;
        bitmap[b >>> 5]! |= 1 << (b & 31);
      }
    } else if (this.rowMode) {
      const rowBins = this.rowBins!;
      const p = this.p;
      for (let k = start, j = 0; k < end; k++, j++) {
        const b = rowBins[idx[k]! * p + f]!;
        nodeBin[j] = b;
        cnt[b]!++;
        bitmap[b >>> 5]! |= 1 << (b & 31);
      }
    } else {
      for (let k = start, j = 0; k < end; k++, j++) {
        const b = bins[base + idx[k]!]!;
        nodeBin[j] = b;
        cnt[b]!++;
        bitmap[b >>> 5]! |= 1 << (b & 31);
      }
    }
    const tc = this.collectTouched();
    if (tc === 1) return 1;
    const touched = this.touched;
    const pos = this.pos;
    let acc = 0;
    for (let t = 0; t < tc; t++) {
      const b = touched[t]!;
      pos[b] = acc;
      acc += cnt[b]!;
    }
    const yk = this.yk;
    const sy = this.sortedY;
    const src: Uint8Array | Int32Array = this.localActive ? this.local! : nodeBin;
    const so = this.localActive ? this.slotOf![f]! : 0;
    if (this.weighted) {
      const wk = this.wk;
      const sw = this.sortedW;
      for (let j = 0; j < n; j++) {
        const o = pos[src[so + j]!]!++;
        sy[o] = yk[start + j]!;
        sw[o] = wk[start + j]!;
      }
    } else {
      for (let j = 0; j < n; j++) sy[pos[src[so + j]!]!++] = yk[start + j]!;
    }
    return tc;
  }

  /** Sweeps the counting-sorted samples bin by bin (after `countSort`). */
  private sweepSorted(tc: number, nNode: number, counts: Float64Array, w: number): void {
    const K = this.K;
    const touched = this.touched;
    const pos = this.pos;
    const sy = this.sortedY;
    const sw = this.sortedW;
    const minLeaf = this.opt.minSamplesLeaf;
    const lc = this.leftCounts;
    for (let c = 0; c < K; c++) lc[c] = 0;
    const weighted = this.weighted;
    let bestProxy = -Infinity;
    let bestBin = -1;
    let bestNext = -1;
    let j = 0;
    let wl = 0;
    if (this.entropy) {
      for (let t = 0; t + 1 < tc; t++) {
        const b = touched[t]!;
        const e = pos[b]!;
        for (; j < e; j++) {
          const a = weighted ? sw[j]! : 1;
          lc[sy[j]!]! += a;
          wl += a;
        }
        if (j < minLeaf) continue;
        if (nNode - j < minLeaf) break;
        let s = 0;
        for (let c = 0; c < K; c++) s += entropyTerm(lc[c]!) + entropyTerm(counts[c]! - lc[c]!);
        const proxy = s - entropyTerm(wl) - entropyTerm(w - wl);
        if (proxy > bestProxy) {
          bestProxy = proxy;
          bestBin = b;
          bestNext = touched[t + 1]!;
        }
      }
    } else {
      // proxy = Σ cL² / wL + Σ cR² / wR, updated per sample (exact for unweighted counts).
      let sl = 0;
      let sr = 0;
      for (let c = 0; c < K; c++) sr += counts[c]! * counts[c]!;
      for (let t = 0; t + 1 < tc; t++) {
        const b = touched[t]!;
        const e = pos[b]!;
        if (weighted) {
          for (; j < e; j++) {
            const c = sy[j]!;
            const a = sw[j]!;
            const l = lc[c]!;
            sl += a * (2 * l + a);
            sr += a * (a - 2 * (counts[c]! - l));
            lc[c] = l + a;
            wl += a;
          }
        } else {
          for (; j < e; j++) {
            const c = sy[j]!;
            const l = lc[c]!;
            sl += 2 * l + 1;
            sr += 1 - 2 * (counts[c]! - l);
            lc[c] = l + 1;
          }
          wl = j;
        }
        if (j < minLeaf) continue;
        if (nNode - j < minLeaf) break;
        const proxy = sl / wl + sr / (w - wl);
        if (proxy > bestProxy) {
          bestProxy = proxy;
          bestBin = b;
          bestNext = touched[t + 1]!;
        }
      }
    }
    this.bestProxy = bestProxy;
    this.bestBin = bestBin;
    this.bestNext = bestNext;
  }

  /**
   * Sweeps per-bin class weights: the scratch histogram after `countHist` (cleared as it goes), or
   * a node's full histogram at bin offset `off` (left as is).
   */
  private sweepHist(tc: number, nNode: number, counts: Float64Array, w: number, hist: Float64Array, cnt: Int32Array, off: number, clear: boolean): void {
    const K = this.K;
    const touched = this.touched;
    const minLeaf = this.opt.minSamplesLeaf;
    const lc = this.leftCounts;
    for (let c = 0; c < K; c++) lc[c] = 0;
    let bestProxy = -Infinity;
    let bestBin = -1;
    let bestNext = -1;
    let nl = 0;
    let wl = 0;
    let sl = 0;
    let sr = 0;
    for (let c = 0; c < K; c++) sr += counts[c]! * counts[c]!;
    let t = 0;
    for (; t + 1 < tc; t++) {
      const b = touched[t]!;
      const o = (off + b) * K;
      for (let c = 0; c < K; c++) {
        const a = hist[o + c]!;
        if (a === 0) continue;
        if (clear) hist[o + c] = 0;
        const l = lc[c]!;
        sl += a * (2 * l + a);
        sr += a * (a - 2 * (counts[c]! - l));
        lc[c] = l + a;
        wl += a;
      }
      nl += cnt[off + b]!;
      if (nl < minLeaf) continue;
      if (nNode - nl < minLeaf) break;
      let proxy: number;
      if (this.entropy) {
        let s = 0;
        for (let c = 0; c < K; c++) s += entropyTerm(lc[c]!) + entropyTerm(counts[c]! - lc[c]!);
        proxy = s - entropyTerm(wl) - entropyTerm(w - wl);
      } else proxy = sl / wl + sr / (w - wl);
      if (proxy > bestProxy) {
        bestProxy = proxy;
        bestBin = b;
        bestNext = touched[t + 1]!;
      }
    }
    if (clear) for (; t < tc; t++) for (let o = touched[t]! * K, e = o + K; o < e; o++) hist[o] = 0;
    this.bestProxy = bestProxy;
    this.bestBin = bestBin;
    this.bestNext = bestNext;
  }
}

/** Bin-1 weights of a two-class node from packed bits (`right[0..1]`); returns the bin-1 row count. */
function sumBitsWeighted(bits: Int32Array, wo: number, idx: Int32Array, yk: Int32Array, wk: Float64Array, start: number, end: number, right: Float64Array): number {
  let nr = 0;
  let r1 = 0;
  let rAll = 0;
  for (let k = start; k < end; k++) {
    const i = idx[k]!;
    const b = (bits[wo + (i >>> 5)]! >>> (i & 31)) & 1;
    const a = b * wk[k]!;
    nr += b;
    rAll += a;
    r1 += a * yk[k]!;
  }
  right[0] = rAll - r1;
  right[1] = r1;
  return nr;
}

/** `sumBitsWeighted` for unit weights. */
function sumBitsUnit(bits: Int32Array, wo: number, idx: Int32Array, yk: Int32Array, start: number, end: number, right: Float64Array): number {
  let nr = 0;
  let r1 = 0;
  for (let k = start; k < end; k++) {
    const i = idx[k]!;
    const b = (bits[wo + (i >>> 5)]! >>> (i & 31)) & 1;
    nr += b;
    r1 += b & yk[k]!;
  }
  right[0] = nr - r1;
  right[1] = r1;
  return nr;
}

/** Bin-1 class weights for any number of classes (`right` zeroed by the caller). */
function sumBitsClasses(bits: Int32Array, wo: number, idx: Int32Array, yk: Int32Array, wk: Float64Array, start: number, end: number, right: Float64Array): number {
  let nr = 0;
  for (let k = start; k < end; k++) {
    const i = idx[k]!;
    if (((bits[wo + (i >>> 5)]! >>> (i & 31)) & 1) === 0) continue;
    nr++;
    right[yk[k]!]! += wk[k]!;
  }
  return nr;
}

/** Per-bin class weights of positions `start..end` read from a node-local block at `lb + k`. */
function histFromBytes(local: Uint8Array, lb: number, start: number, end: number, yk: Int32Array, wk: Float64Array, hist: Float64Array, cnt: Int32Array, bitmap: Int32Array, K: number): void {
  for (let k = start; k < end; k++) {
    const b = local[lb + k]!;
    if (cnt[b]!++ === 0) bitmap[b >>> 5]! |= 1 << (b & 31);
    hist[b * K + yk[k]!]! += wk[k]!;
  }
}

/** Per-bin class weights read from the row-major bins. */
function histFromRows(rowBins: Uint8Array, p: number, f: number, idx: Int32Array, start: number, end: number, yk: Int32Array, wk: Float64Array, hist: Float64Array, cnt: Int32Array, bitmap: Int32Array, K: number): void {
  for (let k = start; k < end; k++) {
    const b = rowBins[idx[k]! * p + f]!;
    if (cnt[b]!++ === 0) bitmap[b >>> 5]! |= 1 << (b & 31);
    hist[b * K + yk[k]!]! += wk[k]!;
  }
}

/** Per-bin class weights read from one bin column at `base`. */
function histFromColumn(bins: BinArray, base: number, idx: Int32Array, start: number, end: number, yk: Int32Array, wk: Float64Array, hist: Float64Array, cnt: Int32Array, bitmap: Int32Array, K: number): void {
  for (let k = start; k < end; k++) {
    const b = bins[base + idx[k]!]!;
    if (cnt[b]!++ === 0) bitmap[b >>> 5]! |= 1 << (b & 31);
    hist[b * K + yk[k]!]! += wk[k]!;
  }
}

/**
 * The left-compacting pass of `partition`: rows going left are packed in place from `start`, rows
 * going right are appended to the `t*` arrays. Without branches: a split's direction is a coin
 * toss to the branch predictor, so every row is written to both sides and only the counters move.
 * Returns the first right position (the caller copies the right rows back behind it).
 */
function partitionRows(
  bins: BinArray,
  base: number,
  splitBin: number,
  start: number,
  end: number,
  idx: Int32Array,
  yk: Int32Array,
  wk: Float64Array,
  posOf: Int32Array,
  ti: Int32Array,
  ty: Int32Array,
  tw: Float64Array,
  leftCounts: Float64Array,
  K: number,
): number {
  let l = start;
  let r = 0;
  let w0 = 0;
  let w1 = 0;
  for (let k = start; k < end; k++) {
    const i = idx[k]!;
    const c = yk[k]!;
    const a = wk[k]!;
    const left = (bins[base + i]! <= splitBin ? 1 : 0) | 0;
    idx[l] = i;
    posOf[i] = l;
    yk[l] = c;
    wk[l] = a;
    ti[r] = i;
    ty[r] = c;
    tw[r] = a;
    l += left;
    r += 1 - left;
    if (K === 2) {
      const b = left * a;
      w1 += b * c;
      w0 += b - b * c;
    } else leftCounts[c]! += left * a;
  }
  if (K === 2) {
    leftCounts[0]! += w0;
    leftCounts[1]! += w1;
  }
  return l;
}
