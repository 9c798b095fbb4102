/**
 * The fitted form of a tree: only what prediction needs (children, split feature and threshold,
 * leaf class probabilities), plus cost-complexity pruning and impurity-based feature importances
 * computed from the grown tree, as scikit-learn does.
 */
import type { JsonObject } from '../../../core/index.js';
import { decodeTypedArray, encodeTypedArray } from '../../base.js';
import type { GrownTree } from './grow.js';

/**
 * A fitted tree. Internal node `i`: `x[feature[i]] <= threshold[i]` goes to `left[i]`, else
 * `right[i]`. A leaf has `left[i] === -1` and its probabilities at `proba[right[i] * nClasses ..]`.
 */
export interface CompactTree {
  nodeCount: number;
  nClasses: number;
  left: Int32Array;
  right: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  /** Leaf class fractions (weighted), float32: one row of `nClasses` per leaf. */
  proba: Float32Array;
  /** Bin thresholds for predicting on the training bins (not saved). */
  binThreshold?: Int32Array;
  /** The non-zero entries of `proba`, built on first use (not saved). */
  sparseProba?: SparseProba;
}

/**
 * Leaf probabilities without their zeros: leaf `j`'s classes are `cls[start[j] .. start[j + 1])`
 * with fractions `p[..]`. Leaves of grown-out trees are mostly pure, so summing a forest's votes
 * touches one class per tree instead of all of them.
 */
interface SparseProba {
  start: Int32Array;
  cls: Int32Array;
  p: Float32Array;
}

function sparseProbaOf(tree: CompactTree): SparseProba {
  if (tree.sparseProba !== undefined) return tree.sparseProba;
  const { proba, nClasses: K } = tree;
  const leaves = proba.length / K;
  const start = new Int32Array(leaves + 1);
  let nz = 0;
  for (let k = 0; k < proba.length; k++) if (proba[k] !== 0) nz++;
  const cls = new Int32Array(nz);
  const p = new Float32Array(nz);
  let q = 0;
  for (let j = 0; j < leaves; j++) {
    start[j] = q;
    for (let c = 0; c < K; c++) {
      const v = proba[j * K + c]!;
      if (v === 0) continue;
      cls[q] = c;
      p[q++] = v;
    }
  }
  start[leaves] = q;
  tree.sparseProba = { start, cls, p };
  return tree.sparseProba;
}

/** Turns a grown tree into its compact, prediction-only form. */
export function compactTree(tree: GrownTree): CompactTree {
  const { nodeCount, nClasses: K } = tree;
  let leaves = 0;
  for (let i = 0; i < nodeCount; i++) if (tree.left[i] === -1) leaves++;
  const left = new Int32Array(nodeCount);
  const right = new Int32Array(nodeCount);
  const feature = new Int32Array(nodeCount);
  const threshold = new Float64Array(nodeCount);
  const proba = new Float32Array(leaves * K);
  let leaf = 0;
  for (let i = 0; i < nodeCount; i++) {
    if (tree.left[i] === -1) {
      left[i] = -1;
      right[i] = leaf;
      feature[i] = -1;
      threshold[i] = -2;
      let s = 0;
      for (let c = 0; c < K; c++) s += tree.value[i * K + c]!;
      for (let c = 0; c < K; c++) proba[leaf * K + c] = s > 0 ? tree.value[i * K + c]! / s : 0;
      leaf++;
    } else {
      left[i] = tree.left[i]!;
      right[i] = tree.right[i]!;
      feature[i] = tree.feature[i]!;
      threshold[i] = tree.threshold[i]!;
    }
  }
  return { nodeCount, nClasses: K, left, right, feature, threshold, proba, binThreshold: tree.binThreshold };
}

/** Adds `scale ×` the tree's class probabilities for each row of `X` (row-major) into `out`. */
export function addTreeProba(tree: CompactTree, X: Float64Array, rows: number, cols: number, out: Float64Array, scale: number): void {
  const { right, nClasses: K } = tree;
  const { start, cls, p } = sparseProbaOf(tree);
  const leaves = leafNodes(tree, X, rows, cols);
  // Adding a zero leaves a sum unchanged, so skipping zeros gives the same bits as the dense sum.
  for (let r = 0; r < rows; r++) {
    const leaf = right[leaves[r]!]!;
    const q = r * K;
    for (let e = start[leaf]!, end = start[leaf + 1]!; e < end; e++) out[q + cls[e]!]! += scale * p[e]!;
  }
}

/** Scratch for `leafNodes` (grown on demand). */
let leafScratch = new Int32Array(256);

/**
 * The leaf node each row of `X` lands in (a view of shared scratch, valid until the next call).
 * Four rows walk the tree together: each step of a walk waits on a load, and four independent
 * walks let the CPU overlap those waits.
 */
function leafNodes(tree: CompactTree, X: Float64Array, rows: number, cols: number): Int32Array {
  const { left, right, feature, threshold } = tree;
  if (leafScratch.length < rows) leafScratch = new Int32Array(rows);
  const leaves = leafScratch;
  const root = left[0]!;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const b0 = r * cols;
    const b1 = b0 + cols;
    const b2 = b1 + cols;
    const b3 = b2 + cols;
    let n0 = 0;
    let n1 = 0;
    let n2 = 0;
    let n3 = 0;
    let l0 = root;
    let l1 = root;
    let l2 = root;
    let l3 = root;
    while ((l0 & l1 & l2 & l3) !== -1) {
      if (l0 !== -1) {
        n0 = X[b0 + feature[n0]!]! <= threshold[n0]! ? l0 : right[n0]!;
        l0 = left[n0]!;
      }
      if (l1 !== -1) {
        n1 = X[b1 + feature[n1]!]! <= threshold[n1]! ? l1 : right[n1]!;
        l1 = left[n1]!;
      }
      if (l2 !== -1) {
        n2 = X[b2 + feature[n2]!]! <= threshold[n2]! ? l2 : right[n2]!;
        l2 = left[n2]!;
      }
      if (l3 !== -1) {
        n3 = X[b3 + feature[n3]!]! <= threshold[n3]! ? l3 : right[n3]!;
        l3 = left[n3]!;
      }
    }
    leaves[r] = n0;
    leaves[r + 1] = n1;
    leaves[r + 2] = n2;
    leaves[r + 3] = n3;
  }
  for (; r < rows; r++) {
    const base = r * cols;
    let node = 0;
    let l = root;
    while (l !== -1) {
      node = X[base + feature[node]!]! <= threshold[node]! ? l : right[node]!;
      l = left[node]!;
    }
    leaves[r] = node;
  }
  return leaves;
}

/** The leaf index each row of column-major bins lands in, using the bin thresholds (training rows). */
export function leafOfBinnedRow(tree: CompactTree, bins: ArrayLike<number>, n: number, row: number): number {
  const { left, right, feature } = tree;
  const bt = tree.binThreshold!;
  let node = 0;
  let l = left[0]!;
  while (l !== -1) {
    node = bins[feature[node]! * n + row]! <= bt[node]! ? l : right[node]!;
    l = left[node]!;
  }
  return right[node]!;
}

/** Normalized impurity-decrease importances of one grown tree (zeros for a single leaf). */
export function featureImportances(tree: GrownTree, p: number): Float64Array {
  const imp = new Float64Array(p);
  const { left, right, feature, impurity, weightedNNodeSamples: w } = tree;
  for (let i = 0; i < tree.nodeCount; i++) {
    const l = left[i]!;
    if (l === -1) continue;
    const r = right[i]!;
    imp[feature[i]!]! += w[i]! * impurity[i]! - w[l]! * impurity[l]! - w[r]! * impurity[r]!;
  }
  const root = w[0]!;
  let total = 0;
  for (let f = 0; f < p; f++) {
    imp[f] = imp[f]! / root;
    total += imp[f]!;
  }
  if (total > 0) for (let f = 0; f < p; f++) imp[f] = imp[f]! / total;
  return imp;
}

/**
 * Minimal cost-complexity pruning (scikit-learn's `ccp_alpha`): repeatedly collapse the weakest
 * link (smallest (R(t) − R(T_t)) / (|T_t| − 1), lowest node id on ties) while its alpha is at most
 * `ccpAlpha`. Returns the pruned tree renumbered in depth-first preorder.
 */
export function pruneTree(tree: GrownTree, ccpAlpha: number): GrownTree {
  const n = tree.nodeCount;
  const { left, right } = tree;
  const total = tree.weightedNNodeSamples[0]!;
  const rNode = new Float64Array(n);
  for (let i = 0; i < n; i++) rNode[i] = (tree.weightedNNodeSamples[i]! * tree.impurity[i]!) / total;
  const parent = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    if (left[i] !== -1) {
      parent[left[i]!] = i;
      parent[right[i]!] = i;
    }
  }
  const isLeaf = new Uint8Array(n);
  const inTree = new Uint8Array(n).fill(1);
  const rBranch = new Float64Array(n);
  const nLeaves = new Int32Array(n);
  for (let i = 0; i < n; i++) if (left[i] === -1) isLeaf[i] = 1;
  // Bottom-up sums: children have larger ids than parents in both build orders.
  for (let i = n - 1; i >= 0; i--) {
    if (isLeaf[i]) {
      rBranch[i] = rNode[i]!;
      nLeaves[i] = 1;
    } else {
      rBranch[i] = rBranch[left[i]!]! + rBranch[right[i]!]!;
      nLeaves[i] = nLeaves[left[i]!]! + nLeaves[right[i]!]!;
    }
  }
  for (;;) {
    let best = -1;
    let bestAlpha = Infinity;
    for (let i = 0; i < n; i++) {
      if (!inTree[i] || isLeaf[i]) continue;
      const alpha = (rNode[i]! - rBranch[i]!) / (nLeaves[i]! - 1);
      if (alpha < bestAlpha) {
        bestAlpha = alpha;
        best = i;
      }
    }
    if (best < 0 || bestAlpha > ccpAlpha) break;
    // Collapse `best`: drop its descendants, update ancestors.
    const stack = [left[best]!, right[best]!];
    while (stack.length > 0) {
      const j = stack.pop()!;
      inTree[j] = 0;
      if (!isLeaf[j]) stack.push(left[j]!, right[j]!);
    }
    isLeaf[best] = 1;
    const dLeaves = nLeaves[best]! - 1;
    const dR = rBranch[best]! - rNode[best]!;
    nLeaves[best] = 1;
    rBranch[best] = rNode[best]!;
    for (let a = parent[best]!; a !== -1; a = parent[a]!) {
      nLeaves[a] = nLeaves[a]! - dLeaves;
      rBranch[a] = rBranch[a]! - dR;
    }
  }
  // Rebuild in preorder.
  const K = tree.nClasses;
  const order: number[] = [];
  const stack = [0];
  while (stack.length > 0) {
    const i = stack.pop()!;
    order.push(i);
    if (!isLeaf[i]) stack.push(right[i]!, left[i]!);
  }
  const m = order.length;
  const newId = new Int32Array(n).fill(-1);
  order.forEach((old, k) => (newId[old] = k));
  const out: GrownTree = {
    nodeCount: m,
    nClasses: K,
    left: new Int32Array(m),
    right: new Int32Array(m),
    feature: new Int32Array(m),
    threshold: new Float64Array(m),
    binThreshold: new Int32Array(m),
    impurity: new Float64Array(m),
    nNodeSamples: new Int32Array(m),
    weightedNNodeSamples: new Float64Array(m),
    value: new Float64Array(m * K),
  };
  order.forEach((old, k) => {
    const leaf = isLeaf[old] === 1;
    out.left[k] = leaf ? -1 : newId[left[old]!]!;
    out.right[k] = leaf ? -1 : newId[right[old]!]!;
    out.feature[k] = leaf ? -1 : tree.feature[old]!;
    out.threshold[k] = leaf ? -2 : tree.threshold[old]!;
    out.binThreshold[k] = leaf ? -1 : tree.binThreshold[old]!;
    out.impurity[k] = tree.impurity[old]!;
    out.nNodeSamples[k] = tree.nNodeSamples[old]!;
    out.weightedNNodeSamples[k] = tree.weightedNNodeSamples[old]!;
    out.value.set(tree.value.subarray(old * K, old * K + K), k * K);
  });
  return out;
}

/** The JSON form of a compact tree (typed arrays base64-encoded). */
export function treeToJSON(tree: CompactTree): JsonObject {
  return {
    node_count: tree.nodeCount,
    n_classes: tree.nClasses,
    left: encodeTypedArray(tree.left),
    right: encodeTypedArray(tree.right),
    feature: encodeTypedArray(tree.feature),
    threshold: encodeTypedArray(tree.threshold),
    proba: encodeTypedArray(tree.proba),
  };
}

/** Restores a compact tree written by `treeToJSON`. */
export function treeFromJSON(json: JsonObject): CompactTree {
  return {
    nodeCount: json['node_count'] as number,
    nClasses: json['n_classes'] as number,
    left: decodeTypedArray(json['left'] as string, Int32Array),
    right: decodeTypedArray(json['right'] as string, Int32Array),
    feature: decodeTypedArray(json['feature'] as string, Int32Array),
    threshold: decodeTypedArray(json['threshold'] as string, Float64Array),
    proba: decodeTypedArray(json['proba'] as string, Float32Array),
  };
}
