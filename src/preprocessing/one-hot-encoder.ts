/**
 * `OneHotEncoder`, as scikit-learn's: one 0/1 column per category learned in fit (sorted in
 * Python's string order), named `column=value`. With `handle_unknown: ignore` an unseen category
 * gives an all-zero row (scikit-learn's behaviour); with `error` a `SweepError` names the column,
 * value and row. Missing values are filled first (see `CategoricalEncoderParams`); the
 * `category` mode makes `<missing>` an ordinary category, exactly what scikit-learn does with a
 * `SimpleImputer(strategy='constant', fill_value='<missing>')` or a `?` string in the data.
 */
import type { CategoricalColumn, JsonObject } from '../core/index.js';
import { CategoricalEncoder, type CategoricalEncoderParams, categoricalParamsSchema, codeLookup, unknownCategoryError } from './categorical.js';
import { parseWith } from './shared.js';

const NAME = 'one-hot-encoder';

/**
 * One-hot encodes categorical columns.
 *
 * @example
 * const enc = new OneHotEncoder({ handle_unknown: 'ignore' }).fit(trainTable);
 * enc.getFeatureNamesOut(); // ['color=blue', 'color=red', …]
 * const X = enc.transform(testTable); // unseen colors → all-zero rows
 */
export class OneHotEncoder extends CategoricalEncoder {
  constructor(params: Partial<CategoricalEncoderParams> = {}) {
    super(NAME, params);
  }

  width(k: number): number {
    return this.fitted()[k]!.categories.length;
  }

  featureNamesOf(k: number): string[] {
    const state = this.fitted()[k]!;
    return state.categories.map((category) => `${state.name}=${category}`);
  }

  writeColumn(column: CategoricalColumn, k: number, out: Float64Array, offset: number, stride: number): void {
    const state = this.fitted()[k]!;
    const lookup = codeLookup(column, state);
    const strict = this.getParams().handle_unknown === 'error';
    const { codes } = column;
    for (let i = 0, q = offset; i < codes.length; i++, q += stride) {
      const index = lookup[codes[i]! + 1]!;
      if (index >= 0) out[q + index] = 1;
      else if (strict) throw unknownCategoryError(NAME, column, state, i);
    }
  }

  /** Restores a fitted encoder from `toJSON` output. */
  static fromJSON(json: JsonObject): OneHotEncoder {
    return new OneHotEncoder(parseWith(NAME, 'params', categoricalParamsSchema, json['params'])).restore(json);
  }
}
