/**
 * Growing one gradient-boosting tree on binned features, as scikit-learn's `TreeGrower` for
 * HistGradientBoosting: best-first (leaf-wise) growth by gain, gradient/hessian histograms with
 * sibling subtraction (the smaller child is counted, the larger is parent minus smaller), missing
 * values in a bin of their own whose side the split search chooses, and categorical splits on
 * categories sorted by gradient/hessian ratio. Leaf values are −G/(H + l2), times the shrinkage.
 */

import { heapPop, heapPush } from '../tree/heap.js';
import { nodeValue, noSplit, type NodeStats, type SplitResult } from './hist-split.js';
import type { HistTeam } from './hist-team.js';

export type { HistData } from './hist-split.js';

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

interface Node {
  id: number;
  start: number;
  end: number;
  depth: number;
  stats: NodeStats;
  /** Histogram id in the team's pool (-1: none). */
  hist: number;
  split: SplitResult;
}

/**
 * Grows trees on one binned matrix with a histogram team (this thread, or more: the trees are the
 * same). Keeps its per-row buffers and histogram pool between trees (a boosting run grows hundreds
 * on the same rows).
 */
export class HistGrower {
  private readonly tmp: Int32Array;

  constructor(private readonly team: HistTeam) {
    this.tmp = new Int32Array(team.arrays.data.n);
  }

  /**
   * Grows one tree on gradients `g` and hessians `h` of tree `k` (the team's arrays, at `k * n`)
   * and adds each row's leaf value into `raw[row * stride + k]` (the training predictions).
   */
  grow(k: number, opt: HistGrowOptions, raw: Float64Array, stride: number): HistTree {
    const { data, idx, g, h } = this.team.arrays;
    const { n } = data;
    const gOffset = k * n;
    for (let i = 0; i < n; i++) idx[i] = i;
    const out = new TreeBuilder();
    let sumG = 0;
    let sumH = 0;
    for (let i = 0; i < n; i++) {
      sumG += g[gOffset + i]!;
      sumH += h[gOffset + i]!;
    }
    const root: Node = { id: out.add(), start: 0, end: n, depth: 0, stats: { n, sumG, sumH, value: nodeValue(sumG, sumH, opt.l2) }, hist: -1, split: noSplit() };
    const leaves: Node[] = [];
    const heap: Node[] = [];
    if (n < 2 * opt.minSamplesLeaf || sumH < opt.minHessianToSplit) leaves.push(root);
    else {
      root.hist = this.team.takeHist();
      root.split = this.team.run({ build: { hist: root.hist, root: true, gOffset, start: 0, end: n }, subtract: null, scans: [{ hist: root.hist, stats: root.stats }] })[0]!;
      this.settle(root);
      if (root.split.gain <= 0) {
        this.release(root);
        leaves.push(root);
      } else heapPush(heap, root, better);
    }
    let nLeaves = 1;
    while (heap.length > 0) {
      const node = heapPop(heap, better);
      const sp = node.split;
      const mid = this.partition(node);
      out.setSplit(node.id, sp);
      const depth = node.depth + 1;
      const left: Node = { id: out.add(), start: node.start, end: mid, depth, stats: { n: mid - node.start, sumG: sp.gLeft, sumH: sp.hLeft, value: nodeValue(sp.gLeft, sp.hLeft, opt.l2) }, hist: -1, split: noSplit() };
      const gR = node.stats.sumG - sp.gLeft;
      const hR = node.stats.sumH - sp.hLeft;
      const right: Node = { id: out.add(), start: mid, end: node.end, depth, stats: { n: node.end - mid, sumG: gR, sumH: hR, value: nodeValue(gR, hR, opt.l2) }, hist: -1, split: noSplit() };
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
      const splitLeft = left.stats.n >= 2 * opt.minSamplesLeaf;
      const splitRight = right.stats.n >= 2 * opt.minSamplesLeaf;
      if (splitLeft || splitRight) {
        // The smaller child is counted, the larger is its parent minus the smaller; then the
        // children that may split look for their best split, all in one step of the team.
        const leftSmall = left.stats.n < right.stats.n;
        const small = leftSmall ? left : right;
        const large = leftSmall ? right : left;
        small.hist = this.team.takeHist();
        large.hist = node.hist;
        node.hist = -1;
        this.gather(small, gOffset);
        const scans = [];
        if (splitLeft) scans.push({ hist: left.hist, stats: left.stats });
        if (splitRight) scans.push({ hist: right.hist, stats: right.stats });
        const found = this.team.run({ build: { hist: small.hist, root: false, gOffset, start: small.start, end: small.end }, subtract: { into: large.hist, minus: small.hist }, scans });
        if (splitLeft) left.split = found.shift()!;
        if (splitRight) right.split = found.shift()!;
      }
      this.release(node);
      for (const child of [left, right]) {
        const wanted = child === left ? splitLeft : splitRight;
        if (wanted) this.settle(child);
        if (!wanted || child.split.gain <= 0) {
          this.release(child);
          leaves.push(child);
        } else heapPush(heap, child, better);
      }
    }
    for (const leaf of leaves) {
      const v = opt.shrinkage * leaf.stats.value;
      out.setLeaf(leaf.id, v);
      for (let r = leaf.start; r < leaf.end; r++) raw[idx[r]! * stride + k]! += v;
    }
    return out.finish();
  }

  /** Without missing values in training, unseen ones go to the child with more samples. */
  private settle(node: Node): void {
    const best = node.split;
    if (best.gain > 0 && !best.categorical && this.team.arrays.data.hasMissing[best.feature] === 0) {
      best.missingLeft = best.nLeft > node.stats.n - best.nLeft;
    }
  }

  private release(node: Node): void {
    if (node.hist >= 0) this.team.releaseHist(node.hist);
    node.hist = -1;
  }

  /** The node's gradients and hessians in row order (`og[k] = g[idx[k]]`), for its histogram. */
  private gather(node: Node, gOffset: number): void {
    const { idx, og, oh, g, h } = this.team.arrays;
    for (let k = node.start; k < node.end; k++) {
      const i = gOffset + idx[k]!;
      og[k] = g[i]!;
      oh[k] = h[i]!;
    }
  }

  /** Splits the node's rows (stable): left rows first. Returns the first right position. */
  private partition(node: Node): number {
    const { data, idx } = this.team.arrays;
    const { n, bins, nBins } = data;
    const sp = node.split;
    const f = sp.feature;
    const base = f * n;
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

  setSplit(id: number, sp: SplitResult): void {
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
