/** Turning parsed tree params into grow options and per-sample class weights, as scikit-learn does. */
import type { Label } from '../../../core/index.js';
import { invalidInput } from '../../estimator.js';
import type { GrowOptions } from './grow.js';

/** The tree params both estimators share (parsed). */
export interface TreeParamsLike {
  criterion: 'gini' | 'entropy' | 'log_loss';
  max_depth: number | null;
  min_samples_split: number;
  min_samples_leaf: number;
  min_impurity_decrease: number;
  max_features: null | 'sqrt' | 'log2' | number;
  max_leaf_nodes: number | null;
  ccp_alpha: number;
}

/**
 * Resolves fractions and names into counts for `n` rows and `p` features. `max_features: 1` is
 * one feature (JSON cannot tell 1 from 1.0); a fraction below 1 is a share of `p`; counts above
 * `p` are capped at `p`.
 */
export function resolveGrowOptions(params: TreeParamsLike, n: number, p: number): GrowOptions {
  const minSamplesLeaf = Number.isInteger(params.min_samples_leaf) ? params.min_samples_leaf : Math.ceil(params.min_samples_leaf * n);
  let minSamplesSplit = Number.isInteger(params.min_samples_split)
    ? params.min_samples_split
    : Math.max(2, Math.ceil(params.min_samples_split * n));
  minSamplesSplit = Math.max(minSamplesSplit, 2 * minSamplesLeaf);
  return {
    criterion: params.criterion === 'gini' ? 'gini' : 'entropy',
    maxDepth: params.max_depth ?? 0x7fffffff,
    minSamplesSplit,
    minSamplesLeaf,
    minImpurityDecrease: params.min_impurity_decrease,
    maxFeatures: resolveMaxFeatures(params.max_features, p),
    maxLeafNodes: params.max_leaf_nodes ?? 0,
    ccpAlpha: params.ccp_alpha,
  };
}

/** scikit-learn's `max_features` rule. */
export function resolveMaxFeatures(value: null | 'sqrt' | 'log2' | number, p: number): number {
  if (value === null) return p;
  if (value === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(p)));
  if (value === 'log2') return Math.max(1, Math.floor(Math.log2(p)));
  if (Number.isInteger(value)) return Math.min(value, p);
  return Math.max(1, Math.floor(value * p));
}

/**
 * Per-class weights from `class_weight` (null when it is null): 'balanced' gives class c the weight
 * n / (K · count_c) over the rows in `codes` (weighted by `counts` when given), as scikit-learn's
 * `compute_class_weight`; a mapping is keyed by the label as a string, missing classes weigh 1.
 */
export function classWeightVector(
  algorithm: string,
  classWeight: null | string | Record<string, number>,
  classes: readonly Label[],
  codes: Int32Array,
  counts?: Int32Array,
): Float64Array | null {
  if (classWeight === null) return null;
  const K = classes.length;
  const perClass = new Float64Array(K).fill(1);
  if (typeof classWeight === 'string') {
    const bincount = new Float64Array(K);
    let total = 0;
    for (let i = 0; i < codes.length; i++) {
      const c = counts === undefined ? 1 : counts[i]!;
      bincount[codes[i]!]! += c;
      total += c;
    }
    let present = 0;
    for (let c = 0; c < K; c++) if (bincount[c]! > 0) present++;
    for (let c = 0; c < K; c++) perClass[c] = bincount[c]! > 0 ? total / (present * bincount[c]!) : 0;
  } else {
    const known = new Set(classes.map(String));
    for (const key of Object.keys(classWeight)) {
      if (!known.has(key)) {
        throw invalidInput(algorithm, `class_weight names the label ${JSON.stringify(key)}, which is not in y`, `labels in y: ${[...known].join(', ')}`);
      }
    }
    classes.forEach((label, c) => {
      const w = classWeight[String(label)];
      if (w !== undefined) perClass[c] = w;
    });
  }
  return perClass;
}

/**
 * Per-sample weights from `class_weight` (null when it is null): each row weighs its class's
 * weight from `classWeightVector`.
 */
export function classWeightsFor(
  algorithm: string,
  classWeight: null | string | Record<string, number>,
  classes: readonly Label[],
  codes: Int32Array,
  counts?: Int32Array,
): Float64Array | null {
  const perClass = classWeightVector(algorithm, classWeight, classes, codes, counts);
  if (perClass === null) return null;
  const out = new Float64Array(codes.length);
  for (let i = 0; i < codes.length; i++) out[i] = perClass[codes[i]!]!;
  return out;
}

/**
 * Checks `sample_weight` as scikit-learn's `_check_sample_weight` does (one finite, non-negative
 * value per row, not all zero) and multiplies in the per-sample class weights, so `class_weight`
 * and `sample_weight` reach the grower as one weight per row. Null when both are absent.
 */
export function combineSampleWeights(
  algorithm: string,
  sampleWeight: Float64Array | null | undefined,
  classWeights: Float64Array | null,
  n: number,
): Float64Array | null {
  if (sampleWeight === null || sampleWeight === undefined) return classWeights;
  if (sampleWeight.length !== n) throw invalidInput(algorithm, `sample_weight has ${sampleWeight.length} values but X has ${n} rows`);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = sampleWeight[i]!;
    if (!(w >= 0) || w === Infinity) throw invalidInput(algorithm, `sample_weight[${i}] is ${w}; weights must be finite and non-negative`);
    total += w;
  }
  if (!(total > 0)) throw invalidInput(algorithm, 'sample_weight sums to 0; at least one row must weigh something');
  const out = Float64Array.from(sampleWeight);
  if (classWeights !== null) for (let i = 0; i < n; i++) out[i]! *= classWeights[i]!;
  return out;
}
