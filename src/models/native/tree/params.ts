/**
 * Hyperparameter schemas shared by the native decision tree and random forest (scikit-learn's
 * names and defaults, plus our `max_bins`).
 */
import { z } from 'zod';

/** `criterion`: impurity measure; `log_loss` is `entropy` under scikit-learn's newer name. */
export const criterionSchema = z.enum(['gini', 'entropy', 'log_loss']).default('gini');

/** `max_features` as scikit-learn: null (all), 'sqrt', 'log2', an int count, or a float fraction. */
export function maxFeaturesSchema<D extends null | 'sqrt'>(def: D) {
  return z
    .union([z.null(), z.enum(['sqrt', 'log2']), z.number().int().gte(1), z.number().gt(0).lt(1)])
    .default(def)
    .describe(
      'features drawn per split as candidates: null = all, "sqrt", "log2", an integer count (1 means one feature; counts above the number of features mean all), or a fraction (0, 1)',
    );
}

/** The tree-growth params common to both estimators. */
export const treeShape = {
  criterion: criterionSchema,
  max_depth: z.number().int().gte(1).nullable().default(null).describe('maximum depth; null = grow until leaves are pure'),
  min_samples_split: z
    .union([z.number().int().gte(2), z.number().gt(0).lt(1)])
    .default(2)
    .describe('minimum samples to split a node (int, or fraction of the training rows)'),
  min_samples_leaf: z
    .union([z.number().int().gte(1), z.number().gt(0).lt(1)])
    .default(1)
    .describe('minimum samples in each leaf (int, or fraction of the training rows)'),
  min_impurity_decrease: z.number().gte(0).default(0).describe('split only if the weighted impurity decrease is at least this'),
  max_leaf_nodes: z
    .number()
    .int()
    .gte(2)
    .nullable()
    .default(null)
    .describe('grow best-first (largest impurity decrease first) up to this many leaves; null = depth-first, unlimited'),
  random_state: z
    .number()
    .int()
    .nullable()
    .default(null)
    .describe('seed for feature draws (and bootstrap); null = the fixed seed 0, so results are always reproducible'),
  ccp_alpha: z.number().gte(0).default(0).describe('minimal cost-complexity pruning strength, as scikit-learn'),
  max_bins: z
    .number()
    .int()
    .gte(2)
    .lte(256)
    .nullable()
    .default(256)
    .describe(
      'features are pre-binned into at most this many bins (quantile edges; exact when a feature has at most this many distinct values, as pixels and one-hot columns do) and splits are searched on histograms; null = exact splitter on every distinct value (slower; for parity with scikit-learn)',
    ),
};

/** `class_weight` for a single tree. */
export const classWeightSchema = z
  .union([z.null(), z.literal('balanced'), z.record(z.string(), z.number().gte(0))])
  .default(null)
  .describe("null, 'balanced', or {label: weight}");

/** `class_weight` for a forest (adds 'balanced_subsample'). */
export const forestClassWeightSchema = z
  .union([z.null(), z.literal('balanced'), z.literal('balanced_subsample'), z.record(z.string(), z.number().gte(0))])
  .default(null)
  .describe("null, 'balanced', 'balanced_subsample' (weights from each bootstrap sample), or {label: weight}");

/** The seed used when `random_state` is null: fixed, so runs are reproducible by default. */
export const DEFAULT_SEED = 0;
