/** Helpers for config tests: parse text as if it were /proj/conf/sweep.yaml and collect issues. */
import { ConfigError, type ConfigIssue } from '../../src/core/index.js';
import { parseSweepConfig, type SweepConfig } from '../../src/config/index.js';

/** Where test configs pretend to live (nothing is read from disk). */
export const CONFIG_PATH = '/proj/conf/sweep.yaml';

/** Parses `text` (and an optional catalog.yaml text). */
export function parse(text: string, catalog?: string): SweepConfig {
  return parseSweepConfig(text, CONFIG_PATH, catalog, catalog === undefined ? undefined : '/proj/conf/catalog.yaml');
}

/** The issues of an invalid config; fails the test if it parses or throws anything else. */
export function issuesOf(text: string, catalog?: string): ConfigIssue[] {
  try {
    parse(text, catalog);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.issues];
    throw error;
  }
  throw new Error('expected a ConfigError, but the config parsed');
}

/** A small valid config to vary in tests. */
export const MINIMAL = `datasets:
  adult:
    path: datasets/adult.csv.gz
    target: income
algorithms:
  knn: { n_neighbors: 5 }
`;
