/**
 * Growing one gradient-boosting tree on binned features, as scikit-learn's `TreeGrower` for
 * HistGradientBoosting: best-first (leaf-wise) growth by gain, gradient/hessian histograms with
 * sibling subtraction (the smaller child is counted, the larger is parent minus smaller), missing
 * values in a bin of their own whose side the split search chooses, and categorical splits on
 * categories sorted by gradient/hessian ratio. Leaf values are −G/(H + l2), times the shrinkage.
 */

import { heapPop, heapPush } from '../tree/heap.js';

/** The binned training matrix as the grower reads it. */
export interface HistData {
  n: number;
  p: number;
  /** Column-major codes (`bins[f * n + i]`); a missing value holds `nBins[f]`. */
  bins: Uint8Array;
  /** Non-missing bins of each feature. */
  nBins: Int32Array;
  /** First histogram slot of each feature (`nBins[f] + 1` slots: the last is the missing bin). */
  slot: Int32Array;
  /** Total histogram slots. */
  slots: number;
  /** Whether the training data has missing values in feature f (then both scan directions run). */
  hasMissing: Uint8Array;
  /** Whether feature f is categorical (its bins are categories). */
  categorical: Uint8Array;
}

/** Resolved growth params. */
export interface HistGrowOptions {
  /** Leaves at most (Infinity = unlimited). */
  maxLeafNodes: number;
  /** Depth at most (Infinity = unlimited). */
  maxDepth: number;
  minSamplesLeaf: number;
  l2: number;
  /** scikit-learn's `min_hessian_to_split` (1e-3). */
  minHessianToSplit: number;
  /** The learning rate, applied to leaf values. */
  shrinkage: number;
}

/** A grown tree in bin space: nodes in creation order, root 0. */
export interface HistTree {
  nodeCount: number;
  /** Children (-1 for a leaf). */
  left: Int32Array;
  right: Int32Array;
  feature: Int32Array;
  /** Numeric split: bins `<= binThreshold` go left. */
  binThreshold: Int32Array;
  /** Whether missing values (and, without missing values in training, unseen ones) go left. */
  missingLeft: Uint8Array;
  /** Categorical split: the bins going left are `catBins[catStart[i] .. catStart[i + 1])`; empty for numeric splits and leaves. */
  catStart: Int32Array;
  catBins: Int32Array;
  /** Leaf value (shrinkage applied); 0 for internal nodes. */
  value: Float64Array;
}

/** scikit-learn's categorical smoothing and support threshold (`MIN_CAT_SUPPORT`). */
const MIN_CAT_SUPPORT = 10;

/** The best split of a node. */
class SplitInfo {
  gain = -1;
  feature = -1;
  bin = 0;
  missingLeft = false;
  gLeft = 0;
  hLeft = 0;
  nLeft = 0;
  categorical = false;
  catBins: number[] = [];

  reset(): void {
    this.gain = -1;
    this.feature = -1;
    this.categorical = false;
    this.catBins = [];
  }
}

/** scikit-learn's `compute_node_value`. */
function nodeValue(g: number, h: number, l2: number): number {
  return -g / (h + l2 + 1e-15);
}

/** scikit-learn's `_split_gain` without monotonic constraints. */
function splitGain(gL: number, hL: number, gR: number, hR: number, lossCurrent: number, l2: number): number {
  const vL = nodeValue(gL, hL, l2);
  const vR = nodeValue(gR, hR, l2);
  return lossCurrent - gL * vL - gR * vR;
}

/** Adds the node's (gathered) gradients and hessians into one feature's histogram slots. */
function histFeature(bins: Uint8Array, base: number, idx: Int32Array, start: number, end: number, og: Float32Array, oh: Float32Array, hist: Float64Array, s0: number): void {
  for (let k = start; k < end; k++) {
    const s = s0 + 3 * bins[base + idx[k]!]!;
    hist[s]! += og[k]!;
    hist[s + 1]! += oh[k]!;
    hist[s + 2]! += 1;
  }
}

/** The root's histogram for one feature: every row, in order. */
function histFeatureRoot(bins: Uint8Array, base: number, n: number, g: Float32Array, h: Float32Array, hist: Float64Array, s0: number): void {
  for (let i = 0; i < n; i++) {
    const s = s0 + 3 * bins[base + i]!;
    hist[s]! += g[i]!;
    hist[s + 1]! += h[i]!;
    hist[s + 2]! += 1;
  }
}

/** `a -= b` over a whole histogram. */
function subtractHist(a: Float64Array, b: Float64Array): void {
  for (let s = 0; s < a.length; s++) a[s]! -= b[s]!;
}

interface Node {
  id: number;
  start: number;
  end: number;
  depth: number;
  sumG: number;
  sumH: number;
  value: number;
  hist: Float64Array | null;
  split: SplitInfo;
}

/**
 * Grows trees on one binned matrix. Keeps its per-row buffers and histogram pool between trees
 * (a boosting run grows hundreds on the same rows).
 */
export class HistGrower {
  private readonly idx: Int32Array;
  private readonly tmp: Int32Array;
  private readonly og: Float32Array;
  private readonly oh: Float32Array;
  private readonly pool: Float64Array[] = [];
  private readonly catScratch: Array<{ bin: number; value: number }> = [];

  constructor(private readonly data: HistData) {
    this.idx = new Int32Array(data.n);
    this.tmp = new Int32Array(data.n);
    this.og = new Float32Array(data.n);
    this.oh = new Float32Array(data.n);
  }

  /**
   * Grows one tree on gradients `g` and hessians `h` (one per row) and adds each row's leaf value
   * into `raw[row * stride + offset]` (the training predictions).
   */
  grow(g: Float32Array, h: Float32Array, opt: HistGrowOptions, raw: Float64Array, stride: number, offset: number): HistTree {
    const { n } = this.data;
    const idx = this.idx;
    for (let i = 0; i < n; i++) idx[i] = i;
    const out = new TreeBuilder();
    let sumG = 0;
    let sumH = 0;
    for (let i = 0; i < n; i++) {
      sumG += g[i]!;
      sumH += h[i]!;
    }
    const root: Node = { id: out.add(), start: 0, end: n, depth: 0, sumG, sumH, value: nodeValue(sumG, sumH, opt.l2), hist: null, split: new SplitInfo() };
    const leaves: Node[] = [];
    const heap: Node[] = [];
    if (n < 2 * opt.minSamplesLeaf || sumH < opt.minHessianToSplit) leaves.push(root);
    else {
      root.hist = this.takeHist();
      this.buildRootHist(g, h, root.hist);
      this.findSplit(root, opt);
      if (root.split.gain <= 0) {
        this.release(root);
        leaves.push(root);
      } else heapPush(heap, root, better);
    }
    let nLeaves = 1;
    while (heap.length > 0) {
      const node = heapPop(heap, better);
      const sp = node.split;
      const mid = this.partition(node, g, h);
      out.setSplit(node.id, sp);
      const depth = node.depth + 1;
      const left: Node = { id: out.add(), start: node.start, end: mid, depth, sumG: sp.gLeft, sumH: sp.hLeft, value: nodeValue(sp.gLeft, sp.hLeft, opt.l2), hist: null, split: new SplitInfo() };
      const gR = node.sumG - sp.gLeft;
      const hR = node.sumH - sp.hLeft;
      const right: Node = { id: out.add(), start: mid, end: node.end, depth, sumG: gR, sumH: hR, value: nodeValue(gR, hR, opt.l2), hist: null, split: new SplitInfo() };
      out.setChildren(node.id, left.id, right.id);
      nLeaves++;
      if (nLeaves >= opt.maxLeafNodes) {
        this.release(node);
        leaves.push(left, right);
        for (const rest of heap) {
          this.release(rest);
          leaves.push(rest);
        }
        heap.length = 0;
        break;
      }
      if (depth >= opt.maxDepth) {
        this.release(node);
        leaves.push(left, right);
        continue;
      }
      const splitLeft = left.end - left.start >= 2 * opt.minSamplesLeaf;
      const splitRight = right.end - right.start >= 2 * opt.minSamplesLeaf;
      if (splitLeft || splitRight) {
        const leftSmall = left.end - left.start < right.end - right.start;
        const small = leftSmall ? left : right;
        const large = leftSmall ? right : left;
        small.hist = this.takeHist();
        this.buildHist(small, g, h, small.hist);
        large.hist = node.hist!;
        node.hist = null;
        subtractHist(large.hist, small.hist);
      }
      this.release(node);
      for (const child of [left, right]) {
        const wanted = child === left ? splitLeft : splitRight;
        if (wanted) this.findSplit(child, opt);
        if (!wanted || child.split.gain <= 0) {
          this.release(child);
          leaves.push(child);
        } else heapPush(heap, child, better);
      }
    }
    const idxArr = this.idx;
    for (const leaf of leaves) {
      const v = opt.shrinkage * leaf.value;
      out.setLeaf(leaf.id, v);
      for (let k = leaf.start; k < leaf.end; k++) raw[idxArr[k]! * stride + offset]! += v;
    }
    return out.finish();
  }

  private takeHist(): Float64Array {
    const hist = this.pool.pop();
    if (hist !== undefined) {
      hist.fill(0);
      return hist;
    }
    return new Float64Array(3 * this.data.slots);
  }

  private release(node: Node): void {
    if (node.hist !== null) this.pool.push(node.hist);
    node.hist = null;
  }

  private buildRootHist(g: Float32Array, h: Float32Array, hist: Float64Array): void {
    const { n, p, bins, slot } = this.data;
    for (let f = 0; f < p; f++) histFeatureRoot(bins, f * n, n, g, h, hist, 3 * slot[f]!);
  }

  private buildHist(node: Node, g: Float32Array, h: Float32Array, hist: Float64Array): void {
    const { n, p, bins, slot } = this.data;
    const { idx, og, oh } = this;
    for (let k = node.start; k < node.end; k++) {
      const i = idx[k]!;
      og[k] = g[i]!;
      oh[k] = h[i]!;
    }
    for (let f = 0; f < p; f++) histFeature(bins, f * n, idx, node.start, node.end, og, oh, hist, 3 * slot[f]!);
  }

  /** The best split over all features (first feature on ties), into `node.split`. */
  private findSplit(node: Node, opt: HistGrowOptions): void {
    const { p, nBins, slot, hasMissing, categorical } = this.data;
    const hist = node.hist!;
    const best = node.split;
    best.reset();
    const cand = new SplitInfo();
    const nNode = node.end - node.start;
    const lossCurrent = node.sumG * node.value;
    for (let f = 0; f < p; f++) {
      cand.reset();
      const s0 = 3 * slot[f]!;
      if (categorical[f] === 1) this.scanCategorical(hist, s0, nBins[f]!, hasMissing[f] === 1, nNode, node.sumG, node.sumH, lossCurrent, opt, cand);
      else {
        scanLeftToRight(hist, s0, nBins[f]!, nNode, node.sumG, node.sumH, lossCurrent, opt, cand);
        if (hasMissing[f] === 1) scanRightToLeft(hist, s0, nBins[f]!, nNode, node.sumG, node.sumH, lossCurrent, opt, cand);
      }
      if (cand.gain > best.gain) {
        best.gain = cand.gain;
        best.feature = f;
        best.bin = cand.bin;
        best.missingLeft = cand.missingLeft;
        best.gLeft = cand.gLeft;
        best.hLeft = cand.hLeft;
        best.nLeft = cand.nLeft;
        best.categorical = cand.categorical;
        best.catBins = cand.catBins;
      }
    }
    if (best.gain > 0 && !best.categorical && hasMissing[best.feature] === 0) {
      // No missing values in training: unseen ones go to the child with more samples.
      best.missingLeft = best.nLeft > nNode - best.nLeft;
    }
  }

  /** scikit-learn's `_find_best_bin_to_split_category`. */
  private scanCategorical(hist: Float64Array, s0: number, nb: number, missing: boolean, nNode: number, sumG: number, sumH: number, lossCurrent: number, opt: HistGrowOptions, out: SplitInfo): void {
    const cats = this.catScratch;
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

  /** Splits the node's rows (stable): left rows first. Returns the first right position. */
  private partition(node: Node, _g: Float32Array, _h: Float32Array): number {
    const { n, bins, nBins } = this.data;
    const sp = node.split;
    const f = sp.feature;
    const base = f * n;
    const idx = this.idx;
    const tmp = this.tmp;
    let l = node.start;
    let r = 0;
    if (sp.categorical) {
      const goesLeft = new Uint8Array(nBins[f]! + 1);
      for (const b of sp.catBins) goesLeft[b] = 1;
      for (let k = node.start; k < node.end; k++) {
        const i = idx[k]!;
        if (goesLeft[bins[base + i]!] === 1) idx[l++] = i;
        else tmp[r++] = i;
      }
    } else {
      const thr = sp.bin;
      const missingBin = nBins[f]!;
      const missingLeft = sp.missingLeft;
      for (let k = node.start; k < node.end; k++) {
        const i = idx[k]!;
        const b = bins[base + i]!;
        if (b <= thr || (missingLeft && b === missingBin)) idx[l++] = i;
        else tmp[r++] = i;
      }
    }
    idx.set(tmp.subarray(0, r), l);
    return l;
  }
}

/** scikit-learn's `_find_best_bin_to_split_left_to_right` (missing values go right). */
function scanLeftToRight(hist: Float64Array, s0: number, nb: number, nNode: number, sumG: number, sumH: number, lossCurrent: number, opt: HistGrowOptions, out: SplitInfo): void {
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
function scanRightToLeft(hist: Float64Array, s0: number, nb: number, nNode: number, sumG: number, sumH: number, lossCurrent: number, opt: HistGrowOptions, out: SplitInfo): void {
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

/** Max-heap on gain; equal gains pop in creation order. */
function better(a: Node, b: Node): boolean {
  return a.split.gain > b.split.gain || (a.split.gain === b.split.gain && a.id < b.id);
}

/** Node arrays of a tree being grown. */
class TreeBuilder {
  private readonly left: number[] = [];
  private readonly right: number[] = [];
  private readonly feature: number[] = [];
  private readonly binThreshold: number[] = [];
  private readonly missingLeft: number[] = [];
  private readonly cats: number[][] = [];
  private readonly value: number[] = [];

  add(): number {
    this.left.push(-1);
    this.right.push(-1);
    this.feature.push(-1);
    this.binThreshold.push(-1);
    this.missingLeft.push(0);
    this.cats.push([]);
    this.value.push(0);
    return this.left.length - 1;
  }

  setSplit(id: number, sp: SplitInfo): void {
    this.feature[id] = sp.feature;
    this.binThreshold[id] = sp.categorical ? -1 : sp.bin;
    this.missingLeft[id] = sp.missingLeft ? 1 : 0;
    if (sp.categorical) this.cats[id] = sp.catBins;
  }

  setChildren(id: number, l: number, r: number): void {
    this.left[id] = l;
    this.right[id] = r;
  }

  setLeaf(id: number, v: number): void {
    this.value[id] = v;
  }

  finish(): HistTree {
    const m = this.left.length;
    const catStart = new Int32Array(m + 1);
    for (let i = 0; i < m; i++) catStart[i + 1] = catStart[i]! + this.cats[i]!.length;
    return {
      nodeCount: m,
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      feature: Int32Array.from(this.feature),
      binThreshold: Int32Array.from(this.binThreshold),
      missingLeft: Uint8Array.from(this.missingLeft),
      catStart,
      catBins: Int32Array.from(this.cats.flat()),
      value: Float64Array.from(this.value),
    };
  }
}
