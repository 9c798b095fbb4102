/**
 * A base class for estimators: params stored as given and defaulted through the engine's zod
 * schema, `getParams`/`setParams`, and the shared input checks. Subclasses implement `fitImpl`,
 * `predictProbaImpl` or `predictImpl`, and `state`.
 */
import type { z } from 'zod';
import { SweepError, type JsonObject, type Label, type Matrix, type Params } from '../core/index.js';
import {
  type Classifier,
  type EncodedLabels,
  type EstimatorTags,
  type SerializedEstimator,
  validateFitInput,
  validatePredictInput,
} from './estimator.js';

/** Parses params with a zod schema and turns failures into a clear `SweepError`. */
export function parseParams<P extends Params>(algorithm: string, schema: z.ZodType<P>, params: Params): P {
  const result = schema.safeParse(params);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(params)'}: ${issue.message}`);
    throw new SweepError('SWEEP_ESTIMATOR_INVALID_INPUT', `${algorithm}: invalid hyperparameters: ${problems.join('; ')}`, {
      hint: `see \`sweep list algorithms\` for the hyperparameters of ${algorithm}`,
    });
  }
  return result.data;
}

/**
 * Shared plumbing for a classifier. `P` is the parsed (defaulted) params type.
 *
 * @example
 * class MyTree extends BaseClassifier<TreeParams> {
 *   constructor(params: Params = {}) { super('decision-tree', 'native', treeSchema, params); }
 *   protected async fitImpl(X: Matrix, y: EncodedLabels) { ... }
 *   protected predictProbaImpl(X: Matrix): Matrix { ... }
 * }
 */
export abstract class BaseClassifier<P extends Params> implements Classifier {
  classes_: Label[] | undefined = undefined;
  /** Number of features seen in fit (scikit-learn's `n_features_in_`). */
  nFeaturesIn_: number | undefined = undefined;
  /** Notes from the last fit (scikit-learn's warnings, e.g. not converging); subclasses push to it in `fitImpl`. */
  fitNotes_: string[] = [];
  private rawParams: Params;

  protected constructor(
    readonly algorithm: string,
    readonly engine: string,
    protected readonly schema: z.ZodType<P>,
    params: Params,
    private readonly baseTags: EstimatorTags,
  ) {
    this.rawParams = { ...params };
  }

  /** Params with defaults filled in (validated; throws on invalid values). */
  protected get params(): P {
    return parseParams(this.algorithm, this.schema, this.rawParams);
  }

  tags(): EstimatorTags {
    return { ...this.baseTags };
  }

  getParams(): Params {
    const result = this.schema.safeParse(this.rawParams);
    return result.success ? { ...result.data } : { ...this.rawParams };
  }

  setParams(params: Params): this {
    this.rawParams = { ...this.rawParams, ...params };
    return this;
  }

  async fit(X: Matrix, y: readonly Label[]): Promise<this> {
    const params = this.params;
    this.classes_ = undefined;
    this.nFeaturesIn_ = undefined;
    this.fitNotes_ = [];
    const encoded = validateFitInput(this.algorithm, X, y, this.tags().handlesMissing);
    await this.fitImpl(X, encoded, params);
    this.classes_ = encoded.classes;
    this.nFeaturesIn_ = X.cols;
    return this;
  }

  predict(X: Matrix): Label[] {
    validatePredictInput(this.algorithm, X, this.nFeaturesIn_, this.tags().handlesMissing);
    const codes = this.predictCodes(X);
    const classes = this.classes_!;
    const out = new Array<Label>(codes.length);
    for (let i = 0; i < codes.length; i++) out[i] = classes[codes[i]!]!;
    return out;
  }

  predictProba(X: Matrix): Matrix {
    validatePredictInput(this.algorithm, X, this.nFeaturesIn_, this.tags().handlesMissing);
    const proba = this.predictProbaImpl(X);
    // A NaN probability would poison every metric downstream (a ROC walk over NaN never ends): say so here.
    const bad = proba.data.findIndex((p) => p !== p);
    if (bad >= 0) {
      throw new SweepError('SWEEP_RUN_FAILED', `${this.algorithm}: predictProba gave NaN for row ${Math.floor(bad / proba.cols)} (the model's arithmetic overflowed)`, {
        hint: 'this is a defect of the estimator on this data; scaling the features may avoid it',
      });
    }
    return proba;
  }

  /**
   * `predict` and `predictProba` in one call. When the subclass keeps the default `predictCodes`
   * (labels = first argmax of the probabilities, as scikit-learn's `classes_[argmax(predict_proba)]`),
   * the probabilities are computed once and the labels read from them (k-NN: one neighbour search);
   * a subclass with its own decision rule (SVC's vote) gets both computed.
   */
  predictWithProba(X: Matrix): { labels: Label[]; proba: Matrix } {
    if (this.predictCodes !== BaseClassifier.prototype.predictCodes) return { labels: this.predict(X), proba: this.predictProba(X) };
    const proba = this.predictProba(X);
    const codes = argmaxRows(proba);
    const classes = this.classes_!;
    const labels = new Array<Label>(codes.length);
    for (let i = 0; i < codes.length; i++) labels[i] = classes[codes[i]!]!;
    return { labels, proba };
  }

  toJSON(): SerializedEstimator {
    if (this.classes_ === undefined || this.nFeaturesIn_ === undefined) {
      throw new SweepError('SWEEP_ESTIMATOR_NOT_FITTED', `${this.algorithm}: cannot save an unfitted estimator`);
    }
    return {
      algorithm: this.algorithm,
      engine: this.engine,
      params: this.getParams(),
      state: { classes: this.classes_, n_features_in: this.nFeaturesIn_, ...this.state() },
    };
  }

  /** Restores `classes_` and `nFeaturesIn_` from `toJSON` output; subclasses restore the rest. */
  protected restoreBase(json: SerializedEstimator): void {
    this.classes_ = json.state['classes'] as Label[];
    this.nFeaturesIn_ = json.state['n_features_in'] as number;
  }

  /** Learns from validated input; `y.codes` index `y.classes`. */
  protected abstract fitImpl(X: Matrix, y: EncodedLabels, params: P): Promise<void> | void;

  /** Probabilities (rows × classes, in `classes_` order) for validated input. */
  protected abstract predictProbaImpl(X: Matrix): Matrix;

  /** Class indices for validated input: by default the argmax of `predictProbaImpl` (first on ties, as numpy). */
  protected predictCodes(X: Matrix): Int32Array {
    return argmaxRows(this.predictProbaImpl(X));
  }

  /** Learned state to save in `model.json` (JSON-safe; typed arrays as plain arrays or base64). */
  protected abstract state(): JsonObject;
}

/** The first largest column of each row (numpy's argmax). */
function argmaxRows(proba: Matrix): Int32Array {
  const out = new Int32Array(proba.rows);
  for (let i = 0; i < proba.rows; i++) {
    let best = 0;
    let bestValue = -Infinity;
    for (let j = 0; j < proba.cols; j++) {
      const v = proba.data[i * proba.cols + j]!;
      if (v > bestValue) {
        bestValue = v;
        best = j;
      }
    }
    out[i] = best;
  }
  return out;
}

/** Encodes a typed array as base64 (compact, exact) for `model.json`. */
export function encodeTypedArray(array: Float64Array | Float32Array | Int32Array | Uint8Array | Uint16Array | Uint32Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

/** Decodes a typed array written by `encodeTypedArray`. */
export function decodeTypedArray<T extends Float64Array | Float32Array | Int32Array | Uint8Array | Uint16Array | Uint32Array>(
  text: string,
  Ctor: { new (buffer: ArrayBuffer, byteOffset: number, length: number): T; BYTES_PER_ELEMENT: number },
): T {
  const bytes = Buffer.from(text, 'base64');
  const copy = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(copy).set(bytes);
  return new Ctor(copy, 0, bytes.byteLength / Ctor.BYTES_PER_ELEMENT);
}
