/**
 * The `mljs` engine of `random-forest`: an adapter over ml-random-forest's `RandomForestClassifier`.
 *
 * ml-random-forest grows ml-cart trees (quadratic in rows, see `decision-tree.ts`) one after the
 * other, and draws each tree's features once, not at every split as scikit-learn does. Its defaults
 * (50 trees, all features) take 392 s on 2,000 × 50 random rows, so the adapter estimates the
 * cost first and refuses fits above `max_work_seconds`. Its `predictProbability` is wrong (its
 * `reduce` starts from the first tree's vote value instead of 0), so probabilities are the vote
 * fractions computed here from `predictionValues`.
 */
import { RandomForestClassifier } from 'ml-random-forest';
import { z } from 'zod';
import { type JsonObject, type Matrix, type Params } from '../../core/index.js';
import { BaseClassifier } from '../base.js';
import { type EncodedLabels, type EngineImplementation, type EstimatorTags, type SerializedEstimator, invalidInput } from '../estimator.js';
import {
  checkWorkBudget,
  estimateCartSeconds,
  giniImpurity,
  maxWorkSeconds,
  mljsParamsSchema,
  toLabelArray,
  toRowArrays,
} from './shared.js';

const schema = mljsParamsSchema('random-forest', {
  n_estimators: z.number().int().min(1).default(100).describe('number of trees'),
  max_features: z
    .union([z.enum(['sqrt', 'log2']), z.number().int().min(1), z.number().gt(0).lt(1), z.null()], {
      error: "max_features must be 'sqrt', 'log2', a positive integer, a fraction in (0, 1), or null",
    })
    .default('sqrt').describe("features each tree sees: 'sqrt', 'log2', a count (integer ≥ 1), a fraction in (0, 1), or `null` for all. Drawn per tree"),
  bootstrap: z.boolean().default(true).describe("draw each tree's rows with replacement (ml-random-forest's `useSampleBagging`)"),
  random_state: z.number().int().min(0).max(0xffffffff).nullable().default(null).describe('seed for row and feature draws (a 32-bit unsigned integer); `null` seeds from the clock'),
  max_depth: z.number().int().min(1).nullable().default(null).describe('maximum depth of each tree; `null` grows until the other limits stop it'),
  min_samples_split: z.number().int().min(2).default(2).describe("a node with fewer rows is a leaf (ml-cart's `minNumSamples` = this − 1)"),
  gain_threshold: z.number().min(0).default(0.01).describe("ml-cart's `gainThreshold`: a node splits only if its gini gain exceeds this"),
  max_work_seconds: maxWorkSeconds,
});
type ForestParams = z.output<typeof schema>;

const TAGS: EstimatorTags = { proba: true, multiclass: true, handlesMissing: false, deterministic: false, needsScaling: false };

/** What this adapter uses of ml-random-forest (its shipped types are incomplete). */
interface RawForest {
  train(X: number[][], y: number[]): void;
  predictionValues(X: number[][]): { rows: number; columns: number; get(row: number, column: number): number };
  toJSON(): object;
}
interface RawForestClass {
  new (options: object): RawForest;
  load(model: object): RawForest;
}
const Forest = RandomForestClassifier as unknown as RawForestClass;

/** The number of features each tree sees, as scikit-learn resolves `max_features`. */
export function resolveMaxFeatures(maxFeatures: ForestParams['max_features'], nFeatures: number): number {
  if (maxFeatures === null) return nFeatures;
  if (maxFeatures === 'sqrt') return Math.max(1, Math.floor(Math.sqrt(nFeatures)));
  if (maxFeatures === 'log2') return Math.max(1, Math.floor(Math.log2(nFeatures)));
  if (Number.isInteger(maxFeatures)) {
    if (maxFeatures > nFeatures) throw invalidInput('random-forest', `max_features is ${maxFeatures} but X has only ${nFeatures} features`);
    return maxFeatures;
  }
  return Math.max(1, Math.floor(maxFeatures * nFeatures));
}

/**
 * ml-random-forest's `maxFeatures` for exactly `m` of `n` features: it reads any value in (0, 1]
 * (including the integer 1) as a fraction and floors `n × fraction`, so ask for `(m + ½) / n`.
 */
function packageMaxFeatures(m: number, n: number): number {
  return m >= n ? 1 : (m + 0.5) / n;
}

/** The hint every budget refusal gives. */
const FOREST_BUDGET_HINT =
  'ml-random-forest grows quadratic ml-cart trees one after another: use `engine: native`, fewer `n_estimators`, ' +
  'a smaller `max_features`, subsample the dataset with `sample:`, or raise `max_work_seconds`';

/** ml-random-forest behind scikit-learn's parameter names. */
export class MljsRandomForest extends BaseClassifier<ForestParams> {
  private model: RawForest | undefined = undefined;

  constructor(params: Params = {}) {
    super('random-forest', 'mljs', schema, params, TAGS);
  }

  override tags(): EstimatorTags {
    return { ...super.tags(), deterministic: this.getParams()['random_state'] !== null };
  }

  protected fitImpl(X: Matrix, y: EncodedLabels, params: ForestParams): void {
    this.model = undefined;
    const m = resolveMaxFeatures(params.max_features, X.cols);
    const estimate = params.n_estimators * estimateCartSeconds(X.rows, m, giniImpurity(y.codes, y.classes.length));
    checkWorkBudget(
      this.algorithm,
      estimate,
      params.max_work_seconds,
      `growing ${params.n_estimators} trees on ${X.rows} rows × ${m} of ${X.cols} features`,
      FOREST_BUDGET_HINT,
    );
    const model = new Forest({
      nEstimators: params.n_estimators,
      maxFeatures: packageMaxFeatures(m, X.cols),
      replacement: false,
      ...(params.random_state === null ? {} : { seed: params.random_state | 0 }),
      useSampleBagging: params.bootstrap,
      noOOB: true,
      treeOptions: {
        gainFunction: 'gini',
        splitFunction: 'mean',
        minNumSamples: params.min_samples_split - 1,
        maxDepth: params.max_depth ?? Infinity,
        gainThreshold: params.gain_threshold,
      },
    });
    model.train(toRowArrays(X), toLabelArray(y.codes));
    this.model = model;
  }

  /** The fraction of trees voting for each class (the package's own `predictProbability` is wrong). */
  protected predictProbaImpl(X: Matrix): Matrix {
    const k = this.classes_!.length;
    const votes = this.model!.predictionValues(toRowArrays(X));
    const data = new Float64Array(X.rows * k);
    const trees = votes.columns;
    for (let i = 0; i < X.rows; i++) {
      for (let t = 0; t < trees; t++) data[i * k + votes.get(i, t)]! += 1;
      for (let j = 0; j < k; j++) data[i * k + j] = data[i * k + j]! / trees;
    }
    return { data, rows: X.rows, cols: k };
  }

  protected state(): JsonObject {
    return { model: JSON.parse(JSON.stringify(this.model!.toJSON())) as JsonObject };
  }

  /** Restores a fitted forest from `toJSON` output (through ml-random-forest's own `load`). */
  static load(json: SerializedEstimator): MljsRandomForest {
    const est = new MljsRandomForest(json.params);
    est.restoreBase(json);
    est.model = Forest.load(json.state['model'] as object);
    return est;
  }
}

/** `random-forest` on the mljs engine. */
export const mljsRandomForest: EngineImplementation = {
  create: (params) => new MljsRandomForest(params),
  load: (json) => MljsRandomForest.load(json),
  paramsSchema: schema,
  tags: TAGS,
  caveat:
    'ml-random-forest draws max_features once per tree, not per split as scikit-learn does; grows its quadratic ml-cart trees ' +
    'serially (defaults on 2,000 × 50 rows: 392 s), so fits estimated above max_work_seconds (default 60) are refused; ' +
    'probabilities are vote fractions and vote ties go to the first class',
};
