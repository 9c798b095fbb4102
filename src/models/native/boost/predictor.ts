/**
 * A gradient-boosting tree in raw-value form (what `predict` and `model.json` use): numeric splits
 * on thresholds, categorical splits on the set of category values going left, and the side
 * missing values take.
 */
import type { JsonObject } from '../../../core/index.js';
import { decodeTypedArray, encodeTypedArray } from '../../base.js';
import type { HistTree } from './hist-grower.js';

/** A fitted tree on raw values. */
export interface PredictorTree {
  nodeCount: number;
  left: Int32Array;
  right: Int32Array;
  feature: Int32Array;
  /** Numeric split: `x <= threshold` goes left (NaN for categorical splits and leaves). */
  threshold: Float64Array;
  missingLeft: Uint8Array;
  /** Categorical split: `x` goes left when it is one of `catValues[catStart[i] .. catStart[i + 1])`. */
  catStart: Int32Array;
  catValues: Float64Array;
  value: Float64Array;
}

/** What each bin of the training matrix covers (from the binning). */
export interface BinRanges {
  offsets: Int32Array;
  /** The value of each bin (categorical features: one category per bin). */
  lo: Float64Array;
  /** Upper edge of each bin: scikit-learn's `bin_thresholds_`. */
  upper: Float64Array;
  nBins: Int32Array;
}

/** Turns a tree grown on bins into thresholds and category values on raw data. */
export function toPredictorTree(tree: HistTree, ranges: BinRanges): PredictorTree {
  const m = tree.nodeCount;
  const threshold = new Float64Array(m).fill(Number.NaN);
  const catValues: number[] = [];
  const catStart = new Int32Array(m + 1);
  for (let i = 0; i < m; i++) {
    const f = tree.feature[i]!;
    if (tree.left[i] !== -1) {
      const o = ranges.offsets[f]!;
      const cs = tree.catStart[i]!;
      const ce = tree.catStart[i + 1]!;
      if (ce > cs) {
        for (let k = cs; k < ce; k++) {
          const b = tree.catBins[k]!;
          if (b < ranges.nBins[f]!) catValues.push(ranges.lo[o + b]!);
        }
      } else {
        threshold[i] = ranges.upper[o + tree.binThreshold[i]!]!;
      }
    }
    catStart[i + 1] = catValues.length;
  }
  return {
    nodeCount: m,
    left: tree.left,
    right: tree.right,
    feature: tree.feature,
    threshold,
    missingLeft: tree.missingLeft,
    catStart,
    catValues: Float64Array.from(catValues),
    value: tree.value,
  };
}

/** Adds the tree's leaf value for each row of `X` (row-major, `cols` wide) into `raw[row * stride + offset]`. */
export function addTreeRaw(tree: PredictorTree, X: Float64Array, rows: number, cols: number, raw: Float64Array, stride: number, offset: number): void {
  const { left, right, feature, threshold, missingLeft, catStart, catValues, value } = tree;
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    let node = 0;
    while (left[node] !== -1) {
      const x = X[base + feature[node]!]!;
      let goLeft: boolean;
      if (x !== x) goLeft = missingLeft[node] === 1;
      else {
        const cs = catStart[node]!;
        const ce = catStart[node + 1]!;
        if (ce > cs) {
          goLeft = false;
          for (let k = cs; k < ce; k++) {
            if (catValues[k] === x) {
              goLeft = true;
              break;
            }
          }
        } else goLeft = x <= threshold[node]!;
      }
      node = goLeft ? left[node]! : right[node]!;
    }
    raw[r * stride + offset]! += value[node]!;
  }
}

/** The JSON form of a predictor tree (typed arrays base64-encoded). */
export function predictorToJSON(tree: PredictorTree): JsonObject {
  return {
    node_count: tree.nodeCount,
    left: encodeTypedArray(tree.left),
    right: encodeTypedArray(tree.right),
    feature: encodeTypedArray(tree.feature),
    threshold: encodeTypedArray(tree.threshold),
    missing_left: encodeTypedArray(tree.missingLeft),
    cat_start: encodeTypedArray(tree.catStart),
    cat_values: encodeTypedArray(tree.catValues),
    value: encodeTypedArray(tree.value),
  };
}

/** Restores a tree written by `predictorToJSON`. */
export function predictorFromJSON(json: JsonObject): PredictorTree {
  return {
    nodeCount: json['node_count'] as number,
    left: decodeTypedArray(json['left'] as string, Int32Array),
    right: decodeTypedArray(json['right'] as string, Int32Array),
    feature: decodeTypedArray(json['feature'] as string, Int32Array),
    threshold: decodeTypedArray(json['threshold'] as string, Float64Array),
    missingLeft: decodeTypedArray(json['missing_left'] as string, Uint8Array),
    catStart: decodeTypedArray(json['cat_start'] as string, Int32Array),
    catValues: decodeTypedArray(json['cat_values'] as string, Float64Array),
    value: decodeTypedArray(json['value'] as string, Float64Array),
  };
}
