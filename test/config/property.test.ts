import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseSweepConfig } from '../../src/config/index.js';
import { ConfigError, NAME_PATTERN, type ConfigIssue } from '../../src/core/index.js';
import { metrics } from '../../src/evaluation/index.js';

const CONFIG_PATH = '/proj/conf/sweep.yaml';

/** Keys a config uses, so random maps often hit real code paths instead of only "unknown key". */
const KEYS = [
  'name', 'seed', 'datasets', 'algorithms', 'evaluation', 'learning_curve', 'output', 'runner', 'path', 'target', 'type',
  'header', 'columns', 'sample', 'test_path', 'labels_path', 'metrics', 'scoring', 'strategy', 'test_size', 'knn',
  'decision-tree', 'random-forest', 'naive-bayes', 'algorithm', 'engine', 'search', 'param_grid', 'param_distributions',
  'n_neighbors', 'max_depth', 'range', 'choice', 'validation_curve', 'param', 'values', 'train_sizes', 'a::b', 'adult',
  'toString', '__proto__', 'constructor',
];

const leaf = fc.oneof(fc.constantFrom(...KEYS), fc.integer({ min: -3, max: 30 }), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null), fc.string());
const tree = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string({ minLength: 1, maxLength: 8 })), tie('node'), { maxKeys: 5 }),
  ),
})).node;

const DATASET_KEYS = ['path', 'target', 'type', 'header', 'columns', 'sample', 'test_path', 'labels_path', 'test_labels_path', 'delimiter', 'na_values', 'drop', 'categorical', 'preprocessing', 'evaluation'];
const ALGORITHM_KEYS = ['algorithm', 'engine', 'params', 'search', 'validation_curve', 'n_neighbors', 'max_depth', 'weights', 'n_estimators', 'criterion'];
const SEARCH_KEYS = ['method', 'param_grid', 'param_distributions', 'n_iter', 'scoring', 'cv', 'factor', 'refit'];
const EVALUATION_KEYS = ['strategy', 'test_size', 'stratify', 'n_splits', 'n_repeats', 'shuffle', 'seed', 'metrics', 'scoring'];
const pathLike = fc.constantFrom('a.csv', 'b.tsv.gz', 'c.json', 'train-images-idx3-ubyte', 'memory://m', 'https://x.org/d.csv', 'file:///d/e.csv', 'f.dat', 's3://b/k.csv');
const valueFor = (key: string) =>
  key.endsWith('path') ? fc.oneof(pathLike, leaf) : key === 'search' ? fc.dictionary(fc.constantFrom(...SEARCH_KEYS), tree, { maxKeys: 4 }) : fc.oneof(leaf, tree);
const mapOf = (keys: string[]) =>
  fc.uniqueArray(fc.constantFrom(...keys), { maxLength: 5 }).chain((ks) => fc.tuple(...ks.map((k) => valueFor(k))).map((vs) => Object.fromEntries(ks.map((k, i) => [k, vs[i]]))));
/** Configs with the right skeleton and random flesh, to reach the dataset and algorithm rules. */
const nearlyValid = fc.record(
  {
    seed: leaf,
    datasets: fc.oneof(
      fc.dictionary(fc.constantFrom('adult', 'kdd', 'a::b', 'mnist', '1999', 'toString'), fc.oneof(fc.constant(null), fc.constantFrom('adult', 'nope'), mapOf(DATASET_KEYS)), { maxKeys: 3 }),
      fc.array(fc.constantFrom('adult', 'nope', 'adult'), { maxLength: 3 }),
    ),
    algorithms: fc.dictionary(fc.constantFrom('knn', 'decision-tree', 'random-forest', 'naive-bayes', 'variant', 'knnn', 'constructor'), fc.oneof(fc.constant(null), mapOf(ALGORITHM_KEYS)), { maxKeys: 3 }),
    evaluation: mapOf(EVALUATION_KEYS),
    learning_curve: fc.oneof(fc.constant(null), fc.dictionary(fc.constantFrom('train_sizes', 'cv'), tree, { maxKeys: 2 })),
  },
  { requiredKeys: ['datasets', 'algorithms'] },
);
const CATALOG = 'adult: { path: datasets/adult.csv.gz, target: income }\n';

/** The issues of `text` (none when valid); anything thrown but a ConfigError fails the property. */
function issuesOrNone(text: string, catalog?: string): readonly ConfigIssue[] {
  try {
    parseSweepConfig(text, CONFIG_PATH, catalog);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
}

/** Parses and reports whether it was valid; anything thrown but a ConfigError fails the property. */
function parseOrConfigError(text: string, catalog?: string): boolean {
  try {
    parseSweepConfig(text, CONFIG_PATH, catalog);
    return true;
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const issue of error.issues) {
        expect(issue.file).toMatch(/^conf\/(sweep|catalog)\.yaml$/);
        expect(issue.message.length).toBeGreaterThan(0);
        if (issue.line !== undefined) expect(issue.line).toBeGreaterThanOrEqual(1);
      }
      return false;
    }
    throw error;
  }
}

describe('config parsing properties', () => {
  it('random YAML maps give a config or a ConfigError, never anything else', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...KEYS), tree, { maxKeys: 6 }), tree, (top, catalog) => {
        parseOrConfigError(stringify(top), stringify(catalog));
      }),
      { numRuns: 300 },
    );
  });

  it('configs with the right skeleton and random values give a config or a ConfigError', () => {
    let reached = 0;
    const numRuns = 400;
    fc.assert(
      fc.property(nearlyValid, (config) => {
        const issues = issuesOrNone(stringify(config), CATALOG);
        // "Reached the rules": valid, or an issue inside a dataset or algorithm entry.
        if (issues.length === 0 || issues.some((i) => /^(datasets|algorithms)\.[^.]+\./.test(i.key))) reached++;
      }),
      { numRuns },
    );
    // The generator is meant to get past the top level; if it stops doing so, this test is hollow.
    expect(reached).toBeGreaterThan(numRuns / 4);
  });

  it('random text gives a config or a ConfigError', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        parseOrConfigError(text);
      }),
      { numRuns: 300 },
    );
  });

  it('generated valid configs parse and keep what was written', () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/);
    const metricNames = metrics.names().filter((m) => !metrics.get(m).needsProba);
    const dataset = fc.record({
      path: fc.tuple(fc.stringMatching(/^[a-z]{1,6}$/), fc.constantFrom('.csv', '.csv.gz', '.tsv', '.json')).map(([b, ext]) => `data/${b}${ext}`),
      target: name,
      sample: fc.option(fc.integer({ min: 1, max: 100000 }), { nil: undefined }),
    });
    const algorithm = fc.oneof(
      fc.record({ algorithm: fc.constant('knn'), n_neighbors: fc.integer({ min: 1, max: 50 }) }),
      fc.record({ algorithm: fc.constant('decision-tree'), max_depth: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }) }),
      fc.record({ algorithm: fc.constant('random-forest'), n_estimators: fc.integer({ min: 1, max: 300 }) }),
      fc.record({ algorithm: fc.constant('naive-bayes') }),
    );
    const config = fc.record({
      seed: fc.integer({ min: 0, max: 2 ** 31 }),
      datasets: fc.uniqueArray(fc.tuple(name, dataset), { minLength: 1, maxLength: 4, selector: ([n]) => n }),
      algorithms: fc.uniqueArray(fc.tuple(name, algorithm), { minLength: 1, maxLength: 4, selector: ([n]) => n }),
      metrics: fc.uniqueArray(fc.constantFrom(...metricNames), { minLength: 1, maxLength: 4 }),
      testSize: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
    });
    fc.assert(
      fc.property(config, (c) => {
        const text = stringify({
          seed: c.seed,
          datasets: Object.fromEntries(c.datasets),
          algorithms: Object.fromEntries(c.algorithms),
          evaluation: { metrics: c.metrics, test_size: c.testSize },
        });
        const parsed = parseSweepConfig(text, CONFIG_PATH);
        expect(parsed.datasets.map((d) => d.name)).toEqual(c.datasets.map(([n]) => n));
        expect(parsed.datasets.map((d) => d.path)).toEqual(c.datasets.map(([, d]) => `/proj/${d.path}`));
        expect(parsed.datasets.map((d) => d.sample)).toEqual(c.datasets.map(([, d]) => d.sample ?? null));
        expect(parsed.algorithms.map((a) => [a.name, a.algorithm])).toEqual(c.algorithms.map(([n, a]) => [n, a.algorithm]));
        for (const [i, [, a]] of c.algorithms.entries()) {
          const { algorithm: _omit, ...params } = a;
          expect(parsed.algorithms[i]!.params).toEqual(params);
        }
        expect(parsed.evaluation).toMatchObject({ seed: c.seed, metrics: c.metrics, scoring: c.metrics[0], testSize: c.testSize });
        expect([...parsed.datasets.map((d) => d.name), ...parsed.algorithms.map((a) => a.name)].every((n) => NAME_PATTERN.test(n))).toBe(true);
        // Normalizing is deterministic: the same text gives the same config.
        expect(parseSweepConfig(text, CONFIG_PATH)).toEqual(parsed);
      }),
      { numRuns: 150 },
    );
  });
});
