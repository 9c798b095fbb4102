/**
 * The `mljs` engine of `knn`: an adapter over ml-knn's `KNN`.
 *
 * ml-knn's k-d tree never prunes: its pruning test measures the distance to a plane with an object
 * (`linearPoint`) that has no `length`, so ml-distance-euclidean sums over zero coordinates and
 * returns 0, and every node is visited (2 distance calls per training row per query, plus an
 * object of `features + 1` keys built per node: 2,000 Fashion-MNIST queries against 10,000 rows
 * take over 300 s). The adapter keeps ml-knn's model (`toJSON`/`load`, its k-d tree of points) and
 * by default predicts by brute force over the tree's points, which finds the same neighbours with
 * none of the per-node overhead; `algorithm: kd_tree` uses the package's own search, under the
 * `max_work_seconds` budget.
 */
import KNN from 'ml-knn';
import { z } from 'zod';
import { type JsonObject, type Matrix, type Params } from '../../core/index.js';
import { BaseClassifier } from '../base.js';
import { type EncodedLabels, type EngineImplementation, type EstimatorTags, type SerializedEstimator, invalidInput } from '../estimator.js';
import { checkWorkBudget, maxWorkSeconds, mljsParamsSchema, toLabelArray, toRowArrays } from './shared.js';

const schema = mljsParamsSchema('knn', {
  n_neighbors: z.number().int().min(1).default(5).describe("number of neighbours that vote (ml-knn's `k`)"),
  metric: z.literal('euclidean', { error: "the mljs engine of knn supports only metric 'euclidean'" }).default('euclidean').describe("distance; ml-knn's default (euclidean) is the only one its saved models can be reloaded with"),
  algorithm: z.enum(['brute', 'kd_tree']).default('brute').describe("neighbour search: `brute` (exact, over ml-knn's stored points) or `kd_tree` (ml-knn's own search, which never prunes)"),
  max_work_seconds: maxWorkSeconds,
});
type KnnParams = z.output<typeof schema>;

const TAGS: EstimatorTags = { proba: true, multiclass: true, handlesMissing: false, deterministic: true, needsScaling: true };

/**
 * Seconds per (query × training row × (features + 1)) of ml-knn's k-d tree search, which visits
 * every node: ≈ 42–54 ns measured on Fashion-MNIST (2,000–4,000 rows × 784 pixels, 20 queries).
 */
export const KD_TREE_SECONDS_PER_UNIT = 5e-8;

/** A node of ml-knn's k-d tree: `obj` is the training row with its label appended. */
interface KdNode {
  obj: number[];
  left: KdNode | null;
  right: KdNode | null;
}
interface KdTree {
  root: KdNode;
  nearest(point: number[], k: number): Array<[number[], number]>;
}

/** ml-knn behind scikit-learn's parameter names. */
export class MljsKnn extends BaseClassifier<KnnParams> {
  private model: KNN | undefined = undefined;
  /** The training points as read back from the package's tree (built lazily, after fit or load). */
  private points: { X: Float64Array; codes: Int32Array; n: number } | undefined = undefined;

  constructor(params: Params = {}) {
    super('knn', 'mljs', schema, params, TAGS);
  }

  protected fitImpl(X: Matrix, y: EncodedLabels, params: KnnParams): void {
    this.model = undefined;
    this.points = undefined;
    if (params.n_neighbors > X.rows) {
      throw invalidInput(this.algorithm, `n_neighbors is ${params.n_neighbors} but the training data has only ${X.rows} rows`, 'lower n_neighbors');
    }
    this.model = new KNN(toRowArrays(X), toLabelArray(y.codes), { k: params.n_neighbors });
  }

  protected predictProbaImpl(X: Matrix): Matrix {
    const params = this.params;
    return params.algorithm === 'kd_tree' ? this.kdTreeVotes(X, params) : this.bruteVotes(X, params.n_neighbors);
  }

  /**
   * Vote fractions of the `k` nearest stored points, found by scanning them all (ties: earlier
   * point in tree order). A distance sum stops as soon as it exceeds the current k-th best.
   */
  private bruteVotes(X: Matrix, k: number): Matrix {
    const { X: P, codes, n } = this.trainingPoints();
    const nClasses = this.classes_!.length;
    const d = X.cols;
    const Q = X.data;
    const out = new Float64Array(X.rows * nClasses);
    const bestDist = new Float64Array(k);
    const bestIdx = new Int32Array(k);
    for (let i = 0; i < X.rows; i++) {
      const q = i * d;
      let filled = 0;
      let bound = Infinity;
      for (let p = 0; p < n; p++) {
        const base = p * d;
        let dist = 0;
        for (let j0 = 0; j0 < d && dist < bound; j0 += 16) {
          const end = Math.min(d, j0 + 16);
          for (let j = j0; j < end; j++) {
            const diff = Q[q + j]! - P[base + j]!;
            dist += diff * diff;
          }
        }
        if (dist >= bound) continue;
        let pos = filled < k ? filled++ : k - 1;
        while (pos > 0 && bestDist[pos - 1]! > dist) {
          bestDist[pos] = bestDist[pos - 1]!;
          bestIdx[pos] = bestIdx[pos - 1]!;
          pos--;
        }
        bestDist[pos] = dist;
        bestIdx[pos] = p;
        if (filled === k) bound = bestDist[k - 1]!;
      }
      for (let m = 0; m < k; m++) out[i * nClasses + codes[bestIdx[m]!]!]! += 1;
      for (let c = 0; c < nClasses; c++) out[i * nClasses + c] = out[i * nClasses + c]! / k;
    }
    return { data: out, rows: X.rows, cols: nClasses };
  }

  /** Vote fractions of the neighbours ml-knn's own k-d tree search returns. */
  private kdTreeVotes(X: Matrix, params: KnnParams): Matrix {
    const n = this.trainingPoints().n;
    checkWorkBudget(
      this.algorithm,
      KD_TREE_SECONDS_PER_UNIT * X.rows * n * (X.cols + 1),
      params.max_work_seconds,
      `ml-knn's k-d tree search of ${X.rows} rows against ${n} (it visits every node)`,
      'use the default `algorithm: brute` (same neighbours), `engine: native`, or raise `max_work_seconds`',
    );
    const tree = this.model!.kdTree as KdTree;
    const nClasses = this.classes_!.length;
    const k = this.model!.k;
    const out = new Float64Array(X.rows * nClasses);
    const rows = toRowArrays(X);
    for (let i = 0; i < X.rows; i++) {
      const neighbours = tree.nearest(rows[i]!, k);
      for (const [obj] of neighbours) out[i * nClasses + obj[X.cols]!]! += 1;
      for (let c = 0; c < nClasses; c++) out[i * nClasses + c] = out[i * nClasses + c]! / neighbours.length;
    }
    return { data: out, rows: X.rows, cols: nClasses };
  }

  /** The points stored in ml-knn's k-d tree, as dense arrays. */
  private trainingPoints(): { X: Float64Array; codes: Int32Array; n: number } {
    if (this.points !== undefined) return this.points;
    const d = this.nFeaturesIn_!;
    const rows: number[][] = [];
    const stack: KdNode[] = [(this.model!.kdTree as KdTree).root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      rows.push(node.obj);
      if (node.right) stack.push(node.right);
      if (node.left) stack.push(node.left);
    }
    const X = new Float64Array(rows.length * d);
    const codes = new Int32Array(rows.length);
    rows.forEach((row, p) => {
      for (let j = 0; j < d; j++) X[p * d + j] = row[j]!;
      codes[p] = row[d]!;
    });
    this.points = { X, codes, n: rows.length };
    return this.points;
  }

  protected state(): JsonObject {
    return { model: JSON.parse(JSON.stringify(this.model!.toJSON())) as JsonObject };
  }

  /** Restores a fitted model from `toJSON` output (through ml-knn's own `load`). */
  static load(json: SerializedEstimator): MljsKnn {
    const est = new MljsKnn(json.params);
    est.restoreBase(json);
    est.model = KNN.load(json.state['model'] as object);
    return est;
  }
}

/** `knn` on the mljs engine. */
export const mljsKnn: EngineImplementation = {
  create: (params) => new MljsKnn(params),
  load: (json) => MljsKnn.load(json),
  paramsSchema: schema,
  tags: TAGS,
  caveat:
    "ml-knn's k-d tree search never prunes (its plane-distance check always returns 0), so predictions use a brute-force scan " +
    "of the package's stored points by default; `algorithm: kd_tree` runs the package's search under max_work_seconds; " +
    'uniform weights and euclidean distance only; vote ties go to the first class',
};
