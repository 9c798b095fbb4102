/**
 * The names a config is checked against (algorithms and their engines and hyperparameter schemas,
 * metrics, dataset types), gathered from the other layers' faces into one small interface so the
 * rules read one thing and tests can see exactly what is consulted.
 */
import type { z } from 'zod';
import type { Params } from '../core/index.js';
import { algorithms, getImplementation, resolveEngine } from '../models/index.js';

/** What the config rules consult. */
export interface ConfigRegistries {
  /** Registered algorithm names. */
  algorithmNames(): string[];
  /** Engines implementing `algorithm`. */
  engineNames(algorithm: string): string[];
  /** The engine used for `algorithm` when the config names none (or the one named). */
  resolveEngine(algorithm: string, engine?: string): string;
  /** The strict, fully defaulted hyperparameter schema of `algorithm` on `engine`. */
  paramsSchema(algorithm: string, engine: string): z.ZodType<Params>;
  /** Whether `algorithm` on `engine` predicts probabilities (its `proba` tag). */
  hasProba(algorithm: string, engine: string): boolean;
  /** Registered metric names. */
  metricNames(): string[];
  /** Whether metric `name` needs predicted probabilities. */
  metricNeedsProba(name: string): boolean;
  /** Registered dataset type names. */
  datasetTypeNames(): string[];
}

/**
 * Metrics until the evaluation face lands: scikit-learn names, `needsProba` as there.
 * TODO(config): switch to `metrics` from `../evaluation/index.js` when it exists.
 */
const FALLBACK_METRICS: ReadonlyArray<[string, boolean]> = [
  ['accuracy', false],
  ['balanced_accuracy', false],
  ['precision_macro', false],
  ['precision_micro', false],
  ['precision_weighted', false],
  ['recall_macro', false],
  ['recall_micro', false],
  ['recall_weighted', false],
  ['f1_macro', false],
  ['f1_micro', false],
  ['f1_weighted', false],
  ['log_loss', true],
  ['roc_auc_ovr', true],
  ['roc_auc_ovo', true],
];

/** Dataset types until the catalog face lands. TODO(config): switch to `datasetTypes`. */
const FALLBACK_DATASET_TYPES = ['csv', 'idx', 'json', 'model', 'table', 'text', 'memory'];

/** The registries of the running program (models, evaluation, catalog faces). */
export const defaultRegistries: ConfigRegistries = {
  algorithmNames: () => algorithms.names(),
  engineNames: (algorithm) => Object.keys(algorithms.get(algorithm).engines),
  resolveEngine: (algorithm, engine) => resolveEngine(algorithm, engine),
  paramsSchema: (algorithm, engine) => getImplementation(algorithm, engine).paramsSchema,
  hasProba: (algorithm, engine) => getImplementation(algorithm, engine).tags.proba,
  metricNames: () => FALLBACK_METRICS.map(([name]) => name),
  metricNeedsProba: (name) => FALLBACK_METRICS.find(([n]) => n === name)?.[1] ?? false,
  datasetTypeNames: () => [...FALLBACK_DATASET_TYPES],
};
