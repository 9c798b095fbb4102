/**
 * The normalized config: what the rest of sweep reads. Nothing that has a default is optional,
 * every path is absolute (or a URL), and datasets and algorithms keep their file order.
 */
import type { JsonValue, Params } from '../core/index.js';
import type { PreprocessingConfig } from '../preprocessing/index.js';
import type { EVALUATION_STRATEGIES, SCALE_OPTIONS } from './schema.js';

/** Where a piece of config was written. */
export interface SourceLocation {
  /** The file as given to the reader (e.g. `/p/conf/sweep.yaml` or `conf/catalog.yaml`). */
  file: string;
  /** 1-based line of its key. */
  line: number;
}

/** An evaluation strategy name. */
export type EvaluationStrategy = (typeof EVALUATION_STRATEGIES)[number];

/** How models are evaluated (the top-level block, or a dataset's merged override). */
export interface EvaluationConfig {
  strategy: EvaluationStrategy;
  /** Fraction of rows held out (holdout, shuffle_split). */
  testSize: number;
  stratify: boolean;
  /** Folds (k-fold strategies) or splits (shuffle_split). */
  nSplits: number;
  /** Repeats (repeated_* strategies). */
  nRepeats: number;
  shuffle: boolean;
  seed: number;
  /** Metric names, registry keys of the evaluation layer. */
  metrics: string[];
  /** The metric that ranks models and drives searches. */
  scoring: string;
  /**
   * Which training rows are predicted for the train scores: all, a seeded sample of at most
   * `TRAIN_SCORE_SAMPLE_ROWS`, or none (train scores left out).
   */
  trainScore: 'full' | 'sample' | 'off';
  /** Shuffles per input column for permutation importance on the test rows; 0 leaves it out. */
  permutationImportance: number;
}

/** A scaling choice; `auto` is decided per algorithm by the planner. */
export type ScaleOption = (typeof SCALE_OPTIONS)[number];

/**
 * Preprocessing of one dataset. Keys match the preprocessing layer's `PreprocessingConfig`
 * (snake_case, so it can be passed through), except that `scale` may still be `auto`.
 */
export type DatasetPreprocessing = Omit<PreprocessingConfig, 'scale'> & { scale: ScaleOption };

/** One dataset of the sweep, resolved (catalog references followed, type inferred, paths absolute). */
export interface DatasetConfig {
  /** The key under `datasets:`. */
  name: string;
  /** Dataset type, a key of the catalog layer's `datasetTypes`. */
  type: string;
  /** Absolute path or URL. */
  path: string;
  testPath: string | null;
  labelsPath: string | null;
  testLabelsPath: string | null;
  target: string;
  header: boolean;
  /** Column names when given (required without a header). */
  columns: string[] | null;
  /** Field delimiter; null means the type's default. */
  delimiter: string | null;
  naValues: string[];
  /** Decimal mark; null means `.` unless sniffed. */
  decimal: '.' | ',' | null;
  /** Text encoding; null means UTF-8. */
  encoding: string | null;
  /** Unparseable or infinite values in numeric columns are errors instead of missing values. */
  strict: boolean;
  /** Rows of a stratified, seeded subsample; null for all rows. */
  sample: number | null;
  drop: string[];
  /** Columns forced categorical. */
  categorical: string[];
  preprocessing: DatasetPreprocessing;
  /** The top-level evaluation with this dataset's overrides applied. */
  evaluation: EvaluationConfig;
  /** The catalog.yaml entry it came from, if any. */
  catalogEntry: string | null;
  source: SourceLocation;
}

/** A search method name (a key of the evaluation layer's `searchMethods`). */
export type SearchMethod = string;

/** A distribution for random search, as scipy.stats (`randint` high is exclusive); `when`: conditional (tpe). */
export type ParamDistribution = (
  | { kind: 'uniform' | 'loguniform' | 'randint'; low: number; high: number }
  | { kind: 'choice'; values: JsonValue[] }
) & { when?: Record<string, JsonValue[]> };

/** Hyperparameter search of one algorithm. */
export interface SearchConfig {
  method: SearchMethod;
  /** Values per hyperparameter (`range:` expanded); null for random search without a grid. */
  paramGrid: Record<string, JsonValue[]> | null;
  paramDistributions: Record<string, ParamDistribution> | null;
  nIter: number;
  /** Metric name; defaults to `evaluation.scoring`. */
  scoring: string;
  cv: number;
  factor: number;
  refit: boolean;
  /** tpe: trials in all (null: n_iter, or unbounded with a timeout). */
  nTrials: number | null;
  /** tpe: seconds after which no new trial starts. */
  timeout: number | null;
  sampler: { nStartupTrials: number; nEiCandidates: number; multivariate: boolean };
  pruner: { kind: string; options: Record<string, number> };
}

/** A validation curve: the score as one hyperparameter takes each of `values`. */
export interface ValidationCurveConfig {
  param: string;
  values: JsonValue[];
}

/** A learning curve: the score as the training set grows. */
export interface LearningCurveConfig {
  /** Fractions in (0, 1] or absolute row counts (> 1). */
  trainSizes: number[];
  cv: number;
}

/** One algorithm of the sweep (a registry algorithm, or a named variant of one). */
export interface AlgorithmConfig {
  /** The key under `algorithms:` (e.g. `knn` or `knn-k1`). */
  name: string;
  /** The registry name (e.g. `knn`). */
  algorithm: string;
  /** The engine, resolved (never left to a later default). */
  engine: string;
  /** Hyperparameters as the user wrote them (inline and `params:` merged); the estimator fills defaults. */
  params: Params;
  search: SearchConfig | null;
  validationCurve: ValidationCurveConfig | null;
  source: SourceLocation;
}

/** A whole sweep config, normalized. */
export interface SweepConfig {
  name: string;
  seed: number;
  /** Absolute path of sweep.yaml. */
  configPath: string;
  /** Absolute path of conf/catalog.yaml when one was read, else null. */
  catalogPath: string | null;
  /** Relative paths resolve against this folder (the one holding `conf/`). */
  projectRoot: string;
  /** Absolute reports folder. */
  outputDir: string;
  /** The node cache: an absolute folder or an `s3://` URL (`cache:`), or null when `cache: false`. */
  cache: string | null;
  /** Attempts again after a transient storage error (`retries:`). */
  retries: number;
  datasets: DatasetConfig[];
  algorithms: AlgorithmConfig[];
  evaluation: EvaluationConfig;
  learningCurve: LearningCurveConfig | null;
  /** Parallel workers; null means automatic (one per core). */
  jobs: number | null;
  /** Per-cell limits (`runner.timeout` in seconds, `runner.max_memory_mb`); null where not set. */
  limits: { timeoutS: number | null; maxMemoryMb: number | null };
  /** The runner named by `runner:` (checked against the runner registry when the run starts), else null. */
  runner: { name: string; source: SourceLocation } | null;
  /** The queue runner's Redis URL (`runner.queue`), else null. */
  queue: string | null;
}
