/**
 * preprocessing: turns a loaded `Table` into the dense `Matrix` estimators take (impute, scale,
 * encode), always fitted on training rows and applied to any rows, so folds cannot leak.
 */
export {
  type CategoricalEncoding,
  type CategoricalImputation,
  DEFAULT_PREPROCESSING,
  type HandleUnknown,
  MISSING_CATEGORY,
  type NumericImputation,
  type PreprocessingConfig,
  preprocessingConfigSchema,
  resolveCategoricalEncoding,
  resolveScaling,
  type Scaling,
} from './config.js';
export { CategoricalEncoder, type CategoricalColumnState, type CategoricalEncoderParams } from './categorical.js';
export { MinMaxScaler } from './min-max-scaler.js';
export { type Affine, type ColumnView } from './numeric.js';
export { OneHotEncoder } from './one-hot-encoder.js';
export { OrdinalEncoder, UNKNOWN_ORDINAL } from './ordinal-encoder.js';
export { SimpleImputer, type SimpleImputerParams } from './simple-imputer.js';
export { StandardScaler } from './standard-scaler.js';
export { type FittedColumn, type NumericScaler, TablePreprocessor } from './table-preprocessor.js';
