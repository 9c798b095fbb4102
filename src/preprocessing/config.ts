/**
 * What a preprocessor does, as plain JSON-safe settings: the config layer validates users' keys
 * against `preprocessingConfigSchema` and the sweep passes the result to `TablePreprocessor`.
 */
import { z } from 'zod';

/** How categorical columns become numbers. */
export type CategoricalEncoding = 'onehot' | 'ordinal';
/** What an encoder does with a category it did not see in `fit`. */
export type HandleUnknown = 'ignore' | 'error';
/** How missing numeric values are filled (statistics from the training rows only). */
export type NumericImputation = 'mean' | 'median' | 'most_frequent' | 'constant' | 'none';
/** How missing categorical values are filled before encoding. */
export type CategoricalImputation = 'category' | 'most_frequent' | 'constant';
/** How numeric columns are scaled after imputation. */
export type Scaling = 'standard' | 'minmax' | 'none';

/** Settings of a `TablePreprocessor`; every key has a default in `DEFAULT_PREPROCESSING`. */
export interface PreprocessingConfig {
  categorical: CategoricalEncoding;
  handle_unknown: HandleUnknown;
  impute_numeric: NumericImputation;
  /** The fill for `impute_numeric: constant`. */
  fill_value: number;
  impute_categorical: CategoricalImputation;
  /** The fill for `impute_categorical: constant` (and for a categorical column all-missing in fit). */
  fill_category: string;
  scale: Scaling;
}

/**
 * The category missing values become with `impute_categorical: category`: an ordinary category,
 * sorted among the others, as scikit-learn treats a `?` string or a constant-imputed value. A real
 * category spelled `<missing>` would merge with it.
 */
export const MISSING_CATEGORY = '<missing>';

/**
 * The defaults: one-hot with unknown categories ignored (an all-zero row, as scikit-learn), mean
 * imputation, missing categories as their own `<missing>` category, no scaling. The config layer
 * offers `scale: auto` on top of this and turns it into one of these values with `resolveScaling`.
 */
export const DEFAULT_PREPROCESSING: Readonly<PreprocessingConfig> = Object.freeze({
  categorical: 'onehot',
  handle_unknown: 'ignore',
  impute_numeric: 'mean',
  fill_value: 0,
  impute_categorical: 'category',
  fill_category: 'missing',
  scale: 'none',
});

/**
 * The zod schema of a full `PreprocessingConfig` (strict; every key defaulted), for the config
 * layer and for `fromJSON`. `fill_value` must be finite: the output feeds estimators that reject NaN.
 */
export const preprocessingConfigSchema = z.strictObject({
  categorical: z.enum(['onehot', 'ordinal']).default(DEFAULT_PREPROCESSING.categorical),
  handle_unknown: z.enum(['ignore', 'error']).default(DEFAULT_PREPROCESSING.handle_unknown),
  impute_numeric: z.enum(['mean', 'median', 'most_frequent', 'constant', 'none']).default(DEFAULT_PREPROCESSING.impute_numeric),
  fill_value: z.number().refine(Number.isFinite, 'expected a finite number').default(DEFAULT_PREPROCESSING.fill_value),
  impute_categorical: z.enum(['category', 'most_frequent', 'constant']).default(DEFAULT_PREPROCESSING.impute_categorical),
  fill_category: z.string().default(DEFAULT_PREPROCESSING.fill_category),
  scale: z.enum(['standard', 'minmax', 'none']).default(DEFAULT_PREPROCESSING.scale),
});

/**
 * Resolves `scale: auto` from an estimator's declared capability (its `needsScaling` tag, looked up
 * where models and preprocessing meet, in the sweep planner): `standard` for estimators whose
 * results depend on feature scale (distances, dot products, gradient steps), `none` for the rest
 * (trees and naive Bayes do not care). Explicit choices pass through. `sweep plan` shows the
 * resolved value.
 */
export function resolveScaling(scale: Scaling | 'auto', needsScaling: boolean): Scaling {
  if (scale !== 'auto') return scale;
  return needsScaling ? 'standard' : 'none';
}

/**
 * Resolves the categorical encoding for an estimator from its declared capability (its
 * `nativeCategorical` tag, looked up in the sweep planner): estimators that split categories
 * natively get `ordinal` codes (the preprocessor marks those columns), the rest keep the dataset's
 * choice. `sweep plan` shows the resolved value.
 */
export function resolveCategoricalEncoding(encoding: CategoricalEncoding, nativeCategorical: boolean): CategoricalEncoding {
  return nativeCategorical ? 'ordinal' : encoding;
}
