/**
 * The names a config is checked against (algorithms and their engines and hyperparameter schemas,
 * metrics, dataset types), gathered from the other layers' faces into one small interface so the
 * rules read one thing and tests can see exactly what is consulted.
 */
import type { z } from 'zod';
import type { Params } from '../core/index.js';
import { datasetTypes, storageDrivers } from '../catalog/index.js';
import { metrics } from '../evaluation/index.js';
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
  /** URL schemes with a storage driver (`file`, `http`, …). */
  storageSchemes(): string[];
}

/** The registries of the running program (models, evaluation, catalog faces). */
export const defaultRegistries: ConfigRegistries = {
  algorithmNames: () => algorithms.names(),
  engineNames: (algorithm) => Object.keys(algorithms.get(algorithm).engines),
  resolveEngine: (algorithm, engine) => resolveEngine(algorithm, engine),
  paramsSchema: (algorithm, engine) => getImplementation(algorithm, engine).paramsSchema,
  hasProba: (algorithm, engine) => getImplementation(algorithm, engine).tags.proba,
  metricNames: () => metrics.names(),
  metricNeedsProba: (name) => metrics.has(name) && metrics.get(name).needsProba,
  datasetTypeNames: () => datasetTypes.names(),
  storageSchemes: () => storageDrivers.names(),
};
