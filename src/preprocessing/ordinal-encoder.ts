/**
 * `OrdinalEncoder`: each categorical column becomes one column of category indices 0..k-1 (sorted
 * in Python's string order, as scikit-learn). scikit-learn errors on an unseen category by default;
 * here `handle_unknown: error` does the same, and `ignore` encodes it as -1 (scikit-learn's
 * `handle_unknown='use_encoded_value', unknown_value=-1`), because NaN is not allowed downstream.
 * Missing values are filled first, as in `OneHotEncoder`.
 */
import type { CategoricalColumn, JsonObject } from '../core/index.js';
import { CategoricalEncoder, type CategoricalEncoderParams, categoricalParamsSchema, codeLookup, unknownCategoryError } from './categorical.js';
import { parseWith } from './shared.js';

const NAME = 'ordinal-encoder';

/** The code an unseen category gets under `handle_unknown: ignore`. */
export const UNKNOWN_ORDINAL = -1;

/**
 * Encodes categorical columns as sorted category indices.
 *
 * @example
 * const enc = new OrdinalEncoder().fit(trainTable); // categories_ [['blue', 'red']]
 * enc.transform(testTable); // blue → 0, red → 1, green (unseen) → -1
 */
export class OrdinalEncoder extends CategoricalEncoder {
  constructor(params: Partial<CategoricalEncoderParams> = {}) {
    super(NAME, params);
  }

  width(): number {
    return 1;
  }

  featureNamesOf(k: number): string[] {
    return [this.fitted()[k]!.name];
  }

  writeColumn(column: CategoricalColumn, k: number, out: Float64Array, offset: number, stride: number): void {
    const state = this.fitted()[k]!;
    const lookup = codeLookup(column, state);
    const strict = this.getParams().handle_unknown === 'error';
    const { codes } = column;
    for (let i = 0, q = offset; i < codes.length; i++, q += stride) {
      const index = lookup[codes[i]! + 1]!;
      if (index < 0 && strict) throw unknownCategoryError(NAME, column, state, i);
      out[q] = index < 0 ? UNKNOWN_ORDINAL : index;
    }
  }

  /** Restores a fitted encoder from `toJSON` output. */
  static fromJSON(json: JsonObject): OrdinalEncoder {
    return new OrdinalEncoder(parseWith(NAME, 'params', categoricalParamsSchema, json['params'])).restore(json);
  }
}
