import { describe, expect, it } from 'vitest';
import { issuesOf, parse } from './helpers.js';

const DATASETS = 'datasets:\n  adult: { path: a.csv, target: income }\n';

describe('algorithms', () => {
  it('a variant names its registry algorithm; params inline and under params: merge', () => {
    const config = parse(`${DATASETS}algorithms:\n  knn-k1: { algorithm: knn, n_neighbors: 1, params: { weights: distance } }\n  knn-mljs: { algorithm: knn, engine: mljs }\n  decision-tree:\n`);
    expect(config.algorithms).toEqual([
      expect.objectContaining({ name: 'knn-k1', algorithm: 'knn', engine: 'native', params: { n_neighbors: 1, weights: 'distance' } }),
      expect.objectContaining({ name: 'knn-mljs', algorithm: 'knn', engine: 'mljs', params: {} }),
      expect.objectContaining({ name: 'decision-tree', algorithm: 'decision-tree', engine: 'native', params: {} }),
    ]);
    expect(config.algorithms.map((a) => a.source.line)).toEqual([4, 5, 6]);
  });

  it("knn's own `algorithm` hyperparameter still works when it is not a registry name", () => {
    const config = parse(`${DATASETS}algorithms:\n  knn: { algorithm: brute }\n`);
    expect(config.algorithms[0]).toMatchObject({ algorithm: 'knn', params: { algorithm: 'brute' } });
  });

  it('the same hyperparameter inline and under params: is an issue', () => {
    const issues = issuesOf(`${DATASETS}algorithms:\n  knn:\n    n_neighbors: 3\n    params: { n_neighbors: 4 }\n`);
    expect(issues.map((i) => [i.line, i.key])).toEqual([[6, 'algorithms.knn.params.n_neighbors']]);
  });

  it('a hyperparameter named like an Object.prototype member is an unknown hyperparameter, for every algorithm', async () => {
    const { algorithms } = await import('../../src/models/index.js');
    for (const name of algorithms.names()) {
      for (const key of ['constructor', 'toString', 'hasOwnProperty']) {
        const issues = issuesOf(`${DATASETS}algorithms:\n  ${name}: { params: { ${key}: x } }\n`);
        expect(issues.length, `${name}.${key}`).toBeGreaterThan(0);
        expect(issues[0]!.line, `${name}.${key}`).toBe(4);
      }
    }
  });

  it('hyperparameters are checked against the chosen engine', () => {
    const issues = issuesOf(`${DATASETS}algorithms:\n  knn: { engine: mljs, weights: distance }\n`);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toMatch(/unknown hyperparameter 'weights'/);
    expect(issues[0]!.hint).toMatch(/^knn \(engine mljs\)/);
  });
});

describe('search', () => {
  it('normalizes a grid with defaults, expanding range:', () => {
    const config = parse(`${DATASETS}algorithms:\n  decision-tree:\n    search:\n      param_grid:\n        max_depth: { range: [2, 10, 3] }\n        criterion: [gini, entropy]\nevaluation: { metrics: [f1_macro, accuracy] }\n`);
    expect(config.algorithms[0]!.search).toEqual({
      method: 'grid',
      paramGrid: { max_depth: [2, 5, 8], criterion: ['gini', 'entropy'] },
      paramDistributions: null,
      nIter: 10,
      scoring: 'f1_macro',
      cv: 5,
      factor: 3,
      refit: true,
      nTrials: null,
      timeout: null,
      sampler: { nStartupTrials: 10, nEiCandidates: 24, multivariate: false },
      pruner: { kind: 'none', options: {} },
    });
  });

  it('tpe: n_trials, timeout, sampler, pruner and conditional distributions', () => {
    const config = parse(
      `${DATASETS}algorithms:\n  decision-tree:\n    search:\n      method: tpe\n      n_trials: 30\n      timeout: 60\n      sampler: { multivariate: true }\n      pruner: { kind: median, n_warmup_steps: 2 }\n      param_distributions:\n        criterion: { choice: [gini, entropy] }\n        max_depth: { randint: [2, 9], when: { criterion: gini } }\n`,
    );
    const search = config.algorithms[0]!.search!;
    expect(search.method).toBe('tpe');
    expect([search.nTrials, search.timeout]).toEqual([30, 60]);
    expect(search.sampler).toEqual({ nStartupTrials: 10, nEiCandidates: 24, multivariate: true });
    expect(search.pruner).toEqual({ kind: 'median', options: { n_warmup_steps: 2 } });
    expect(search.paramDistributions!['max_depth']).toEqual({ kind: 'randint', low: 2, high: 9, when: { criterion: ['gini'] } });
  });

  it('tpe: an unknown pruner or pruner option is located', () => {
    expect(() => parse(`${DATASETS}algorithms:\n  decision-tree:\n    search:\n      method: tpe\n      pruner: medain\n      param_distributions:\n        max_depth: { randint: [2, 9] }\n`)).toThrow(/pruner.*did you mean 'median'/);
    expect(() => parse(`${DATASETS}algorithms:\n  decision-tree:\n    search:\n      method: tpe\n      pruner: { kind: asha, warmup: 2 }\n      param_distributions:\n        max_depth: { randint: [2, 9] }\n`)).toThrow();
  });

  it('param_distributions alone means random search', () => {
    const config = parse(
      `${DATASETS}algorithms:\n  knn:\n    search:\n      n_iter: 4\n      scoring: balanced_accuracy\n      param_distributions:\n        n_neighbors: { randint: [1, 30] }\n        weights: { choice: [uniform, distance] }\n        p: { uniform: [1, 2] }\n`,
    );
    expect(config.algorithms[0]!.search).toMatchObject({
      method: 'random',
      nIter: 4,
      scoring: 'balanced_accuracy',
      paramGrid: null,
      paramDistributions: {
        n_neighbors: { kind: 'randint', low: 1, high: 30 },
        weights: { kind: 'choice', values: ['uniform', 'distance'] },
        p: { kind: 'uniform', low: 1, high: 2 },
      },
    });
  });

  it('grid names and values are checked against the algorithm schema, at their lines', () => {
    const issues = issuesOf(
      `${DATASETS}algorithms:\n  knn:\n    search:\n      param_grid:\n        n_neighbors: [1, 0, 5]\n        weigths: [uniform]\n`,
    );
    expect(issues.map((i) => [i.line, i.key])).toEqual([
      [7, 'algorithms.knn.search.param_grid.n_neighbors[1]'],
      [8, 'algorithms.knn.search.param_grid.weigths'],
    ]);
    expect(issues[0]!.message).toBe('0 is not a valid n_neighbors: expected a positive integer');
    expect(issues[1]!.message).toMatch(/did you mean 'weights'/);
  });

  it('the method needs its block; distributions need low < high; scoring is a metric', () => {
    const issues = issuesOf(
      `${DATASETS}algorithms:\n  knn:\n    search: { method: random, param_grid: { n_neighbors: [1] } }\n  decision-tree:\n    search:\n      scoring: acuracy\n      param_distributions: { max_depth: { randint: [5, 2] } }\n`,
    );
    expect(issues.map((i) => i.key)).toEqual([
      'algorithms.knn.search.param_distributions',
      'algorithms.decision-tree.search.scoring',
      'algorithms.decision-tree.search.param_distributions.max_depth',
    ]);
    expect(issues[1]!.message).toMatch(/did you mean 'accuracy'/);
  });

  it('a malformed distribution or grid explains the accepted forms', () => {
    const issues = issuesOf(`${DATASETS}algorithms:\n  knn:\n    search:\n      param_distributions: { n_neighbors: { normal: [1, 2] } }\n      param_grid: { p: { rang: [1, 3] } }\n`);
    expect(issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/^expected \{uniform: \[lo, hi\]\}.*got \{"normal":\[1,2\]\}$/),
      "unknown key 'rang'; did you mean 'range'?",
    ]);
  });
});

describe('validation and learning curves', () => {
  it('normalizes both', () => {
    const config = parse(`${DATASETS}algorithms:\n  knn:\n    validation_curve: { param: n_neighbors, values: { range: [1, 4] } }\nlearning_curve: { train_sizes: [0.5, 1, 200] }\nevaluation: { n_splits: 3 }\n`);
    expect(config.algorithms[0]!.validationCurve).toEqual({ param: 'n_neighbors', values: [1, 2, 3] });
    expect(config.learningCurve).toEqual({ trainSizes: [0.5, 1, 200], cv: 3 });
  });

  it('`learning_curve:` alone turns it on with defaults', () => {
    const config = parse(`${DATASETS}algorithms:\n  knn:\nlearning_curve:\n`);
    expect(config.learningCurve).toEqual({ trainSizes: [0.1, 0.325, 0.55, 0.775, 1], cv: 5 });
  });

  it('a validation curve over an unknown or badly valued parameter is an issue', () => {
    const issues = issuesOf(`${DATASETS}algorithms:\n  knn:\n    validation_curve:\n      param: n_neighbor\n  decision-tree:\n    validation_curve: { param: max_depth, values: [1, -2] }\n`);
    expect(issues.map((i) => [i.line, i.key])).toEqual([
      [5, 'algorithms.knn.validation_curve.values'],
      [8, 'algorithms.decision-tree.validation_curve.values[1]'],
    ]);
    const typo = issuesOf(`${DATASETS}algorithms:\n  knn:\n    validation_curve: { param: n_neighbor, values: [1] }\n`);
    expect(typo[0]!.message).toMatch(/did you mean 'n_neighbors'/);
  });
});

describe('top level and evaluation', () => {
  it('fills every default', () => {
    const config = parse(`${DATASETS}algorithms:\n  knn:\n`);
    expect(config).toMatchObject({ name: 'proj', seed: 0, outputDir: '/proj/reports', jobs: null, learningCurve: null, catalogPath: null });
    expect(config.evaluation).toEqual({
      strategy: 'holdout',
      testSize: 0.3,
      stratify: true,
      nSplits: 5,
      nRepeats: 10,
      shuffle: true,
      seed: 0,
      metrics: ['accuracy', 'balanced_accuracy', 'f1_macro', 'f1_weighted'],
      scoring: 'accuracy',
      trainScore: 'sample',
      permutationImportance: 0,
    });
  });

  it('seed flows into evaluation; a dataset overrides evaluation keys one by one', () => {
    const config = parse(
      `seed: 7\noutput: { dir: out/reports }\nrunner: { jobs: 2 }\ndatasets:\n  a: { path: a.csv, target: y, evaluation: { strategy: stratified_kfold, metrics: [f1_macro] } }\n  b: { path: b.csv, target: y }\nalgorithms: { knn: }\nevaluation: { test_size: 0.2, scoring: balanced_accuracy }\n`,
    );
    expect(config).toMatchObject({ seed: 7, outputDir: '/proj/out/reports', jobs: 2 });
    expect(config.datasets[0]!.evaluation).toMatchObject({ strategy: 'stratified_kfold', testSize: 0.2, seed: 7, metrics: ['f1_macro'], scoring: 'balanced_accuracy' });
    expect(config.datasets[1]!.evaluation).toEqual(config.evaluation);
  });

  it('keeps file order even for integer-like names (which JS objects would move first)', () => {
    const config = parse('datasets:\n  zoo: { path: z.csv, target: y }\n  "1999": { path: k.csv, target: y }\n  adult: { path: a.csv, target: y }\nalgorithms:\n  knn:\n  "42": { algorithm: decision-tree }\n');
    expect(config.datasets.map((d) => d.name)).toEqual(['zoo', '1999', 'adult']);
    expect(config.algorithms.map((a) => a.name)).toEqual(['knn', '42']);
  });

  it('empty sections are issues', () => {
    const issues = issuesOf('datasets: {}\nalgorithms: {}\n');
    expect(issues.map((i) => [i.line, i.message])).toEqual([
      [1, 'no datasets: add at least one'],
      [2, 'no algorithms: add at least one'],
    ]);
  });

  it('types, delimiters and targets follow the path', () => {
    const config = parse(
      'datasets:\n  t: { path: x/t.tsv.gz, target: y }\n  j: { path: file:///data/j.json, target: y, type: json }\n  m: { path: memory://m, target: y }\n  i: { path: train-images-idx3-ubyte, labels_path: l-idx1-ubyte }\nalgorithms: { knn: }\n',
    );
    expect(config.datasets.map((d) => [d.type, d.delimiter, d.path, d.target])).toEqual([
      ['csv', '\t', '/proj/x/t.tsv.gz', 'y'],
      ['json', null, '/data/j.json', 'y'],
      ['memory', null, 'memory://m', 'y'],
      ['idx', null, '/proj/train-images-idx3-ubyte', 'label'],
    ]);
  });
});
