/**
 * What users write in `conf/sweep.yaml` and `conf/catalog.yaml`, as zod schemas. Structure only:
 * defaults are filled by `normalize.ts`, and names are checked against the registries by
 * `rules.ts`. The JSON Schema for editors is generated from `sweepFileSchema`.
 */
import { z } from 'zod';
import { searchMethods } from '../evaluation/index.js';

/** Evaluation strategies, as scikit-learn's splitters. */
export const EVALUATION_STRATEGIES = ['holdout', 'kfold', 'stratified_kfold', 'repeated_kfold', 'repeated_stratified_kfold', 'shuffle_split'] as const;
/** Hyperparameter search methods: the names of the evaluation layer's `searchMethods` registry. */
export const SEARCH_METHODS = searchMethods.names() as [string, ...string[]];
/** Scaling choices; `auto` lets the planner decide per algorithm (k-NN scaled, trees not). */
export const SCALE_OPTIONS = ['standard', 'minmax', 'none', 'auto'] as const;

/** Every top-level key of `sweep.yaml`. */
export const TOP_LEVEL_KEYS = ['name', 'seed', 'datasets', 'algorithms', 'evaluation', 'learning_curve', 'output', 'runner', 'cache', 'retries'] as const;
/** Keys of an algorithm body that are not hyperparameters. */
export const RESERVED_ALGORITHM_KEYS = ['algorithm', 'engine', 'search', 'validation_curve', 'params'] as const;

const int = () => z.int();

/** The `evaluation:` block (top level, or per dataset as an override). */
export const evaluationSchema = z
  .strictObject({
    strategy: z.enum(EVALUATION_STRATEGIES).optional().describe('how to split: holdout (default), kfold, stratified_kfold, repeated_kfold, repeated_stratified_kfold, shuffle_split'),
    test_size: z.number().gt(0).lt(1).optional().describe('fraction of rows held out for testing (default 0.3)'),
    stratify: z.boolean().optional().describe('keep class proportions in splits (default true)'),
    n_splits: int().min(2).optional().describe('folds for k-fold strategies, splits for shuffle_split (default 5)'),
    n_repeats: int().min(1).optional().describe('repeats for repeated_* strategies (default 10)'),
    shuffle: z.boolean().optional().describe('shuffle before k-fold splitting (default true)'),
    seed: int().min(0).optional().describe('seed of the splits (default: the top-level seed)'),
    metrics: z.array(z.string()).min(1).optional().describe('metric names (default accuracy, balanced_accuracy, f1_macro, f1_weighted); `sweep list metrics`'),
    scoring: z.string().optional().describe('the metric that ranks models and drives searches (default: the first metric)'),
    train_score: z
      .enum(['full', 'sample', 'off'])
      .optional()
      .describe('training-set scores: full (every training row), sample (default: a seeded sample of at most 10,000 training rows), off'),
    permutation_importance: int()
      .min(0)
      .optional()
      .describe('permutation importance of each input column on the test rows (at most 2,000 per fold), with this many shuffles per column (default 0: off; costs columns × shuffles predictions)'),
  })
  .describe('how models are evaluated');

/** The `preprocessing:` block of a dataset (see the preprocessing layer). */
export const preprocessingSchema = z
  .strictObject({
    categorical: z.enum(['onehot', 'ordinal']).optional().describe('categorical encoding (default onehot)'),
    handle_unknown: z.enum(['ignore', 'error']).optional().describe('categories unseen in training (default ignore)'),
    impute_numeric: z.enum(['mean', 'median', 'most_frequent', 'constant', 'none']).optional().describe('missing numbers (default mean)'),
    fill_value: z.number().optional().describe('value for impute_numeric: constant (default 0)'),
    impute_categorical: z.enum(['category', 'most_frequent', 'constant']).optional().describe('missing categories (default category: missing is its own category)'),
    fill_category: z.string().optional().describe('category for impute_categorical: constant (default "missing")'),
    scale: z.enum(SCALE_OPTIONS).optional().describe('feature scaling (default auto: decided per algorithm)'),
  })
  .describe('how the table becomes a numeric matrix');

const pathString = z.string().min(1);
const runnerName = z.string().min(1).describe('runner by name: sequential, pool, queue (`sweep run --runner` overrides it)');

/** A full dataset entry (in `sweep.yaml` or `catalog.yaml`). */
export const datasetEntrySchema = z
  .strictObject({
    type: z.string().optional().describe('dataset type (default from the file extension: csv, tsv, arff, libsvm, jsonl, json, idx)'),
    path: pathString.optional().describe('local path (relative to the project root) or URL; .gz is read transparently'),
    test_path: pathString.optional().describe('a given test set instead of a split'),
    labels_path: pathString.optional().describe('labels file (idx)'),
    test_labels_path: pathString.optional().describe('test labels file (idx)'),
    target: z.string().min(1).optional().describe('the label column (default "label" for idx)'),
    header: z.boolean().optional().describe('the first row names the columns (default true)'),
    columns: z.array(z.string().min(1)).min(1).optional().describe('column names (required when header is false)'),
    delimiter: z.string().min(1).optional().describe('field delimiter (default "," or tab for .tsv; sniffed when the header has one column)'),
    decimal: z.enum(['.', ',']).optional().describe("decimal mark of numbers (default '.'; sniffed as ',' when the delimiter is ';' and numbers look like 1,5)"),
    encoding: z.string().min(1).optional().describe('text encoding (default utf-8; e.g. latin1, windows-1252, utf-16le)'),
    strict: z.boolean().optional().describe('a value that is not a number in a numeric column, or an infinite one, is an error instead of missing (default false)'),
    na_values: z.array(z.union([z.string(), z.number()])).optional().describe("strings read as missing (default '', '?', 'NA', 'N/A', 'NaN', 'nan', 'null')"),
    sample: int().positive().optional().describe('a stratified, seeded subsample of this many rows'),
    drop: z.array(z.string().min(1)).optional().describe('columns to ignore'),
    categorical: z.array(z.string().min(1)).optional().describe('columns to treat as categorical even if numeric'),
    preprocessing: preprocessingSchema.optional(),
    evaluation: evaluationSchema.optional().describe('overrides of the evaluation block for this dataset'),
  })
  .describe('a dataset');

/** A dataset value under `datasets:`: nothing (catalog entry of the same name), a catalog name, or an entry. */
export const datasetValueSchema = z.union([z.null(), z.string().min(1).describe('name of a conf/catalog.yaml entry'), datasetEntrySchema]);

/** The `datasets:` section: a map name → entry, or a list of catalog names. */
export const datasetsSchema = z.union([z.record(z.string(), datasetValueSchema), z.array(z.string().min(1)).describe('catalog.yaml names')]);

/** Grid values for one hyperparameter: a list, or `{range: [start, stop, step]}` (stop exclusive). */
export const gridValuesSchema = z.union(
  [
    z.array(z.unknown()).min(1),
    z.strictObject({ range: z.array(z.number()).min(2).max(3).describe('[start, stop, step?], stop exclusive as in Python') }),
  ],
  { error: 'expected a list of values or {range: [start, stop, step]}' },
);

const pair = z.tuple([z.number(), z.number()]);
/** `when: {param: value | [values]}`: the distribution applies only when each named hyperparameter took one of the values (tpe). */
const whenSchema = z.record(z.string(), z.union([z.array(z.unknown()).min(1), z.unknown()])).optional().describe('draw only when each named hyperparameter took one of these values (tpe)');
/** A distribution for random search, as scipy.stats: `{uniform: [lo, hi]}`, `{loguniform: [lo, hi]}`, `{randint: [lo, hi]}` (hi exclusive), `{choice: [...]}`. */
export const distributionSchema = z.union(
  [
    z.strictObject({ uniform: pair, when: whenSchema }),
    z.strictObject({ loguniform: z.tuple([z.number().positive(), z.number().positive()]), when: whenSchema }),
    z.strictObject({ randint: z.tuple([z.int(), z.int()]), when: whenSchema }),
    z.strictObject({ choice: z.array(z.unknown()).min(1), when: whenSchema }),
  ],
  { error: 'expected {uniform: [lo, hi]}, {loguniform: [lo, hi]}, {randint: [lo, hi]} or {choice: [values]} (with an optional when:)' },
);

/** The `sampler:` options of a tpe search (Optuna's TPESampler names and defaults). */
export const samplerSchema = z
  .strictObject({
    n_startup_trials: int().min(0).optional().describe('random trials before TPE takes over (default 10)'),
    n_ei_candidates: int().min(1).optional().describe('candidates drawn from l(x) per parameter (default 24)'),
    multivariate: z.boolean().optional().describe('draw the parameters of every trial jointly (default false)'),
  })
  .describe('TPE sampler options');

/** The `pruner:` of a tpe search: a name, or `{kind: name, …Optuna options}`. */
export const prunerSchema = z
  .union([
    z.string().min(1),
    z.strictObject({
      kind: z.string().min(1),
      n_startup_trials: int().min(0).optional(),
      n_warmup_steps: int().min(0).optional(),
      interval_steps: int().min(1).optional(),
      n_min_trials: int().min(1).optional(),
      min_resource: int().min(0).optional(),
      reduction_factor: int().min(2).optional(),
      min_early_stopping_rate: int().min(0).optional(),
    }),
  ])
  .describe('stops hopeless trials after an inner fold: none (default), median or asha');

/** The `search:` block of an algorithm. */
export const searchSchema = z
  .strictObject({
    method: z.enum(SEARCH_METHODS).optional().describe(`${SEARCH_METHODS.join(', ')}; default grid when param_grid is given, random with param_distributions only`),
    param_grid: z.record(z.string(), gridValuesSchema).optional(),
    param_distributions: z.record(z.string(), distributionSchema).optional(),
    n_iter: int().positive().optional().describe('candidates for random search (default 10)'),
    n_trials: int().positive().optional().describe('tpe: trials in all, earlier ones of a resumed study included (default n_iter, or unbounded with timeout)'),
    timeout: z.number().positive().optional().describe('tpe: seconds after which no new trial starts'),
    sampler: samplerSchema.optional(),
    pruner: prunerSchema.optional(),
    scoring: z.string().optional().describe('metric to optimise (default: evaluation.scoring)'),
    cv: int().min(2).optional().describe('inner cross-validation folds (default 5)'),
    factor: z.number().gt(1).optional().describe('halving factor (default 3)'),
    refit: z.boolean().optional().describe('refit the best candidate on the whole training set (default true)'),
  })
  .describe('hyperparameter search');

/** The `validation_curve:` block of an algorithm. */
export const validationCurveSchema = z.strictObject({ param: z.string().min(1), values: gridValuesSchema }).describe('score as one hyperparameter varies');

/** The reserved keys of an algorithm body; every other key is a hyperparameter. */
export const algorithmReservedSchema = z.object({
  algorithm: z.string().min(1).optional().describe('registry name when the key is a variant name (e.g. knn-k1)'),
  engine: z.string().min(1).optional().describe('implementation: native (default) or mljs'),
  search: searchSchema.optional(),
  validation_curve: validationCurveSchema.optional(),
  params: z.record(z.string(), z.unknown()).optional().describe('hyperparameters, as an alternative to writing them inline'),
});

/** An algorithm body: reserved keys plus hyperparameters inline. */
export const algorithmBodySchema = algorithmReservedSchema.catchall(z.unknown()).nullable();

/** The top-level `learning_curve:` block. */
export const learningCurveSchema = z
  .strictObject({
    train_sizes: z.array(z.number().positive()).min(1).optional().describe('fractions in (0, 1] or row counts (default 0.1, 0.325, 0.55, 0.775, 1)'),
    cv: int().min(2).optional().describe('folds (default evaluation.n_splits)'),
  })
  .nullable();

/** The whole `sweep.yaml`. */
export const sweepFileSchema = z
  .strictObject({
    name: z.string().min(1).optional().describe('sweep name (default: the project folder name)'),
    seed: int().min(0).optional().describe('the one seed every random choice derives from (default 0)'),
    datasets: datasetsSchema,
    algorithms: z.record(z.string(), algorithmBodySchema),
    evaluation: evaluationSchema.optional(),
    learning_curve: learningCurveSchema.optional(),
    output: z.strictObject({ dir: pathString.optional().describe('reports folder (default reports)') }).optional(),
    cache: z
      .union([pathString, z.literal(false)])
      .optional()
      .describe('where node outputs are cached, a folder or s3://bucket/prefix (default .sweep/cache beside conf/); false turns the cache off'),
    retries: int().min(0).max(20).optional().describe('attempts again after a transient storage error (default 3)'),
    runner: z
      .union([
        runnerName,
        z.strictObject({
          name: runnerName.optional(),
          jobs: z.union([int().positive(), z.literal('auto')]).optional().describe('parallel workers (default auto)'),
          queue: z.string().regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL').optional().describe('the queue runner\'s Redis: redis://host:port[/db]'),
          timeout: z.number().positive().optional().describe('seconds a cell may run (its nodes together); a cell past it fails with SWEEP_CELL_TIMEOUT and the others finish'),
          max_memory_mb: int().min(64).optional().describe('MiB a cell\'s worker process may use; past it the cell fails with SWEEP_CELL_MEMORY and the others finish'),
        }),
      ])
      .optional()
      .describe('how nodes run: a runner name, or { name, jobs, queue, timeout, max_memory_mb }'),
  })
  .describe('sweep: datasets × algorithms, trained, evaluated and reported');

/** `catalog.yaml`: a map name → full dataset entry. */
export const catalogFileSchema = z.record(z.string(), datasetEntrySchema);

/** The top level with the two big sections left open: they are checked entry by entry. */
export const topLevelSchema = sweepFileSchema.extend({ datasets: z.unknown().optional(), algorithms: z.unknown().optional() });

/** What users write (input type of the schema). */
export type SweepFile = z.input<typeof sweepFileSchema>;
/** One dataset entry as written. */
export type DatasetEntryInput = z.input<typeof datasetEntrySchema>;
/** An evaluation block as written. */
export type EvaluationInput = z.input<typeof evaluationSchema>;
/** A search block as written. */
export type SearchInput = z.input<typeof searchSchema>;
