/**
 * The defaults of every optional config key, in one place, so `normalize.ts`, the starter config
 * and the docs agree.
 */
import { DEFAULT_NA_VALUES as CATALOG_NA_VALUES } from '../catalog/index.js';
import { DEFAULT_PREPROCESSING } from '../preprocessing/index.js';
import type { DatasetPreprocessing } from './types.js';

/** Metrics computed when `evaluation.metrics` is not given. */
export const DEFAULT_METRICS: readonly string[] = Object.freeze(['accuracy', 'balanced_accuracy', 'f1_macro', 'f1_weighted']);

/** Strings read as missing values when `na_values` is not given. */
export const DEFAULT_NA_VALUES: readonly string[] = CATALOG_NA_VALUES;

/** Evaluation defaults (seed and scoring derive from other keys). */
export const EVALUATION_DEFAULTS = Object.freeze({
  strategy: 'holdout',
  testSize: 0.3,
  stratify: true,
  nSplits: 5,
  nRepeats: 10,
  shuffle: true,
  trainScore: 'sample',
  permutationImportance: 0,
} as const);

/** `train_score: sample` scores the training set on a seeded sample of at most this many rows. */
export const TRAIN_SCORE_SAMPLE_ROWS = 10_000;

/**
 * Preprocessing defaults: the preprocessing layer's, with `scale: auto` (decided per algorithm
 * when the sweep is planned: standardize for k-NN, leave trees alone).
 */
export const DEFAULT_DATASET_PREPROCESSING: Readonly<DatasetPreprocessing> = Object.freeze({ ...DEFAULT_PREPROCESSING, scale: 'auto' });

/** Search defaults (scoring defaults to `evaluation.scoring`). */
export const SEARCH_DEFAULTS = Object.freeze({ nIter: 10, cv: 5, factor: 3, refit: true });

/** Training-set sizes of a learning curve when not given (scikit-learn's `linspace(0.1, 1, 5)`). */
export const DEFAULT_TRAIN_SIZES: readonly number[] = Object.freeze([0.1, 0.325, 0.55, 0.775, 1]);

/** The reports folder, relative to the project root. */
export const DEFAULT_OUTPUT_DIR = 'reports';
/** The node cache, relative to the project root (beside conf/). */
export const DEFAULT_CACHE_DIR = '.sweep/cache';
/** Attempts again after a transient storage error. */
export const DEFAULT_RETRIES = 3;

/** The seed when none is given. */
export const DEFAULT_SEED = 0;

/** The target column of `idx` datasets (the idx type names its label column `label`). */
export const IDX_TARGET = 'label';

/**
 * Dataset type by file extension (after a trailing `.gz` is stripped). `.tsv` is csv with a tab
 * delimiter; files ending in `ubyte` (MNIST's `…-idx3-ubyte`) are idx.
 */
export const EXTENSION_TYPES: Readonly<Record<string, { type: string; delimiter?: string }>> = Object.freeze({
  csv: { type: 'csv' },
  tsv: { type: 'csv', delimiter: '\t' },
  arff: { type: 'arff' },
  libsvm: { type: 'libsvm' },
  svm: { type: 'libsvm' },
  svmlight: { type: 'libsvm' },
  jsonl: { type: 'jsonl' },
  ndjson: { type: 'jsonl' },
  json: { type: 'json' },
});
