/**
 * config: reads `conf/sweep.yaml` (and `conf/catalog.yaml`) into a normalized `SweepConfig`:
 * YAML with positions → zod schema → defaults and resolved paths → rules against the registries.
 * Every problem is reported at once, each with its file, line and key.
 */
export { readSweepConfig, parseSweepConfig } from './read.js';
export { findConfig, projectRootOf, resolveLocation, CATALOG_FILE_NAME, CONFIG_RELATIVE_PATH } from './paths.js';
export { sweepConfigJsonSchema, renderJsonSchema } from './json-schema.js';
export { renderInitConfig } from './init.js';
export { inferDatasetType } from './normalize.js';
export {
  DEFAULT_METRICS,
  DEFAULT_NA_VALUES,
  DEFAULT_DATASET_PREPROCESSING,
  DEFAULT_OUTPUT_DIR,
  DEFAULT_SEED,
  DEFAULT_TRAIN_SIZES,
  EVALUATION_DEFAULTS,
  TRAIN_SCORE_SAMPLE_ROWS,
  SEARCH_DEFAULTS,
} from './defaults.js';
export { EVALUATION_STRATEGIES, SEARCH_METHODS, SCALE_OPTIONS, sweepFileSchema, type SweepFile } from './schema.js';
export type {
  SweepConfig,
  DatasetConfig,
  AlgorithmConfig,
  EvaluationConfig,
  EvaluationStrategy,
  SearchConfig,
  SearchMethod,
  ParamDistribution,
  ValidationCurveConfig,
  LearningCurveConfig,
  DatasetPreprocessing,
  ScaleOption,
  SourceLocation,
} from './types.js';
