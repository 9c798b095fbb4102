/** The `mljs` engine of `random-forest`: an adapter over ml-random-forest's `RandomForestClassifier`. */
import { RandomForestClassifier } from 'ml-random-forest';
import { z } from 'zod';
import { type JsonObject, type Matrix, type Params } from '../../core/index.js';
import { BaseClassifier } from '../base.js';
import type { EncodedLabels, EngineImplementation, EstimatorTags, SerializedEstimator } from '../estimator.js';
import { toLabelArray, toRowArrays } from './shared.js';

const schema = z.strictObject({
  n_estimators: z.number().int().min(1).default(100),
  max_depth: z.number().int().min(1).nullable().default(null),
  min_samples_split: z.number().int().min(2).default(2),
  max_features: z.number().positive().max(1).default(1),
  bootstrap: z.boolean().default(true),
  random_state: z.number().int().default(0),
});
type ForestParams = z.output<typeof schema>;

const TAGS: EstimatorTags = { proba: true, multiclass: true, handlesMissing: false, deterministic: false };

/** What this adapter needs of ml-random-forest (its shipped types are incomplete). */
interface RawForest {
  train(X: number[][], y: number[]): void;
  predict(X: number[][]): number[];
  toJSON(): object;
}

/** ml-random-forest behind scikit-learn's parameter names. */
export class MljsRandomForest extends BaseClassifier<ForestParams> {
  private model: RawForest | undefined = undefined;

  constructor(params: Params = {}) {
    super('random-forest', 'mljs', schema, params, TAGS);
  }

  protected fitImpl(X: Matrix, y: EncodedLabels, params: ForestParams): void {
    this.model = undefined;
    const Ctor = RandomForestClassifier as unknown as new (options: object) => RawForest;
    const model = new Ctor({
      nEstimators: params.n_estimators,
      maxFeatures: params.max_features,
      replacement: false,
      seed: params.random_state,
      useSampleBagging: params.bootstrap,
      noOOB: true,
      treeOptions: { minNumSamples: params.min_samples_split - 1, maxDepth: params.max_depth ?? Infinity },
    });
    model.train(toRowArrays(X), toLabelArray(y.codes));
    this.model = model;
  }

  protected predictProbaImpl(X: Matrix): Matrix {
    const k = this.classes_!.length;
    const codes = this.model!.predict(toRowArrays(X));
    const data = new Float64Array(X.rows * k);
    for (let i = 0; i < X.rows; i++) data[i * k + codes[i]!] = 1;
    return { data, rows: X.rows, cols: k };
  }

  protected state(): JsonObject {
    return { model: JSON.parse(JSON.stringify(this.model!.toJSON())) as JsonObject };
  }

  /** Restores a fitted forest from `toJSON` output. */
  static load(json: SerializedEstimator): MljsRandomForest {
    const est = new MljsRandomForest(json.params);
    est.restoreBase(json);
    const load = (RandomForestClassifier as unknown as { load(model: object): RawForest }).load;
    est.model = load(json.state['model'] as object);
    return est;
  }
}

/** `random-forest` on the mljs engine. */
export const mljsRandomForest: EngineImplementation = {
  create: (params) => new MljsRandomForest(params),
  load: (json) => MljsRandomForest.load(json),
  paramsSchema: schema,
  tags: TAGS,
  caveat: 'ml-random-forest draws features once per tree, not per split as scikit-learn does',
};
