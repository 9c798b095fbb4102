import { describe, expect, it } from 'vitest';
import { parseConfigWith } from '../../src/config/parse.js';
import { defaultRegistries, type ConfigRegistries } from '../../src/config/registries.js';
import { ConfigError, formatConfigIssue, type ConfigIssue } from '../../src/core/index.js';
import { metrics } from '../../src/evaluation/index.js';
import { CONFIG_PATH, issuesOf, MINIMAL, parse } from './helpers.js';

/** The one issue of a config that has exactly one problem. */
function onlyIssue(text: string, catalog?: string) {
  const issues = issuesOf(text, catalog);
  expect(issues.map(formatConfigIssue)).toHaveLength(1);
  return issues[0]!;
}

describe('config errors: one clear issue each, at the right line', () => {
  it('malformed YAML gives file:line', () => {
    const issue = onlyIssue('datasets:\n  adult:\n    path: [a.csv\n    target: income\nalgorithms: {}\n');
    expect(issue.file).toBe('conf/sweep.yaml');
    expect(issue.message).toMatch(/^YAML syntax error/);
    expect(issue.line).toBeGreaterThanOrEqual(3);
    expect(issue.line).toBeLessThanOrEqual(5);
  });

  it('duplicate keys are a syntax error at the second key', () => {
    const issue = onlyIssue(`${MINIMAL}algorithms:\n  knn: {}\n`);
    expect(issue.line).toBe(7);
    expect(issue.message).toMatch(/unique/);
  });

  it('an empty file or a non-map says what a config needs', () => {
    expect(onlyIssue('').message).toMatch(/empty.*datasets.*algorithms/);
    expect(onlyIssue('# nothing here\n').message).toMatch(/empty/);
    expect(onlyIssue('- a\n- b\n').message).toMatch(/expected a map.*got a list/);
    expect(onlyIssue('just text\n').message).toMatch(/expected a map/);
  });

  it('a missing path is reported at the dataset key', () => {
    const issue = onlyIssue('datasets:\n  adult:\n    target: income\nalgorithms:\n  knn: {}\n');
    expect(issue).toMatchObject({ line: 2, key: 'datasets.adult.path' });
    expect(issue.message).toMatch(/missing required key 'path'/);
  });

  it('an unknown dataset key has a did-you-mean, at its own line', () => {
    const issue = onlyIssue('datasets:\n  adult:\n    path: a.csv\n    target: income\n    smaple: 100\nalgorithms:\n  knn: {}\n');
    expect(issue).toMatchObject({ line: 5, key: 'datasets.adult.smaple' });
    expect(issue.message).toBe("unknown key 'smaple'; did you mean 'sample'?");
    expect(issue.hint).toMatch(/target/);
  });

  it('an unknown top-level key has a did-you-mean', () => {
    const issue = onlyIssue(`${MINIMAL}evalution:\n  test_size: 0.2\n`);
    expect(issue).toMatchObject({ line: 7, key: 'evalution' });
    expect(issue.message).toMatch(/did you mean 'evaluation'/);
  });

  it('an unknown algorithm has a did-you-mean over the registry', () => {
    const issue = onlyIssue(MINIMAL.replace('knn: { n_neighbors: 5 }', 'random-forrest: {}'));
    expect(issue).toMatchObject({ line: 6, key: 'algorithms.random-forrest' });
    expect(issue.message).toBe("unknown algorithm 'random-forrest'; did you mean 'random-forest'?");
    expect(issue.hint).toMatch(/decision-tree/);
  });

  it('a variant naming an unknown algorithm is reported at its algorithm: line', () => {
    const issue = onlyIssue(MINIMAL.replace('knn: { n_neighbors: 5 }', 'fast:\n    algorithm: nb\n    engine: native'));
    expect(issue).toMatchObject({ line: 7, key: 'algorithms.fast.algorithm' });
    expect(issue.message).toMatch(/unknown algorithm 'nb'/);
  });

  it('a bad hyperparameter value is reported at its key line, in the schema\'s words', () => {
    const text = 'datasets:\n  adult:\n    path: a.csv\n    target: income\nalgorithms:\n  knn:\n    weights: distance\n    n_neighbors: -1\n';
    const issue = onlyIssue(text);
    expect(formatConfigIssue(issue)).toBe('conf/sweep.yaml:8 algorithms.knn.n_neighbors: expected a positive integer, got -1');
  });

  it('a bad hyperparameter under params: points into params', () => {
    const issue = onlyIssue(MINIMAL.replace('knn: { n_neighbors: 5 }', 'knn:\n    params:\n      weights: heavy'));
    expect(issue).toMatchObject({ line: 8, key: 'algorithms.knn.params.weights' });
    expect(issue.message).toBe('expected "uniform" or "distance", got "heavy"');
  });

  it('an unknown hyperparameter has a did-you-mean over the schema keys', () => {
    const issue = onlyIssue(MINIMAL.replace('knn: { n_neighbors: 5 }', 'knn:\n    n_neighbours: 3'));
    expect(issue).toMatchObject({ line: 7, key: 'algorithms.knn.n_neighbours' });
    expect(issue.message).toBe("unknown hyperparameter 'n_neighbours'; did you mean 'n_neighbors'?");
    expect(issue.hint).toMatch(/^knn \(engine native\) hyperparameters: .*weights/);
  });

  it('an unknown engine lists the engines of that algorithm', () => {
    const issue = onlyIssue(MINIMAL.replace('knn: { n_neighbors: 5 }', 'knn: { engine: mjls }'));
    expect(issue.key).toBe('algorithms.knn.engine');
    expect(issue.message).toBe("unknown engine 'mjls' for knn; did you mean 'mljs'?");
  });

  it('an unknown metric has a did-you-mean, at the list item', () => {
    const issue = onlyIssue(`${MINIMAL}evaluation:\n  metrics:\n    - accuracy\n    - f1_macr\n`);
    expect(issue).toMatchObject({ line: 10, key: 'evaluation.metrics[1]' });
    expect(issue.message).toBe("unknown metric 'f1_macr'; did you mean 'f1_macro'?");
  });

  it('a dataset name with the :: separator is refused and says why', () => {
    const issue = onlyIssue(MINIMAL.replace('  adult:', '  adult::v2:'));
    expect(issue).toMatchObject({ line: 2, key: 'datasets.adult::v2' });
    expect(issue.message).toMatch(/'adult::v2' is not allowed: it contains '::'/);
  });

  it('an algorithm name with :: is refused too', () => {
    const issue = onlyIssue(MINIMAL.replace('knn: { n_neighbors: 5 }', 'knn::a: { algorithm: knn }'));
    expect(issue.key).toBe('algorithms.knn::a');
    expect(issue.message).toMatch(/algorithm name 'knn::a' is not allowed/);
  });

  it('header: false without columns is reported at header', () => {
    const issue = onlyIssue('datasets:\n  kdd:\n    path: kdd.csv.gz\n    header: false\n    target: label\nalgorithms:\n  knn: {}\n');
    expect(issue).toMatchObject({ line: 4, key: 'datasets.kdd.header' });
    expect(issue.message).toMatch(/needs `columns:`/);
  });

  it('a target missing from the listed columns has a did-you-mean', () => {
    const issue = onlyIssue('datasets:\n  kdd:\n    path: kdd.csv\n    header: false\n    columns: [a, b, label]\n    target: lable\nalgorithms:\n  knn: {}\n');
    expect(issue).toMatchObject({ line: 6, key: 'datasets.kdd.target' });
    expect(issue.message).toMatch(/did you mean 'label'/);
  });

  it('an extension no type matches asks for type:', () => {
    const issue = onlyIssue(MINIMAL.replace('datasets/adult.csv.gz', 'datasets/adult.dat'));
    expect(issue).toMatchObject({ line: 3, key: 'datasets.adult.path' });
    expect(issue.message).toMatch(/cannot tell the dataset type/);
  });

  it('an unknown dataset type has a did-you-mean over the catalog types', () => {
    const issue = onlyIssue(MINIMAL.replace('    target: income', '    target: income\n    type: cvs'));
    expect(issue).toMatchObject({ line: 5, key: 'datasets.adult.type' });
    expect(issue.message).toBe("unknown dataset type 'cvs'; did you mean 'csv'?");
  });

  it('a metric that needs probabilities is refused for an algorithm without them, naming both', () => {
    // The real registries, except that knn on mljs is taken to lack predictProba (whether a real
    // engine lacks it changes as engines grow; the rule must hold either way).
    const registries: ConfigRegistries = { ...defaultRegistries, hasProba: (a, e) => !(a === 'knn' && e === 'mljs') && defaultRegistries.hasProba(a, e) };
    const probaMetric = metrics.entriesList().find(([, spec]) => spec.needsProba)![0];
    const text = `${MINIMAL.replace('knn: { n_neighbors: 5 }', 'knn: { engine: mljs }')}evaluation:\n  metrics: [accuracy, ${probaMetric}]\n`;
    let issues: readonly ConfigIssue[] = [];
    try {
      parseConfigWith({ text, configPath: CONFIG_PATH }, registries);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      issues = error.issues;
    }
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ line: 8, key: 'evaluation.metrics[1]' });
    expect(issues[0]!.message).toBe(`metric '${probaMetric}' needs predicted probabilities, but algorithm 'knn' on engine 'mljs' does not predict them`);
    // The scoring metric counts too, and a dataset's own metrics are located in that dataset.
    const scoring = `${MINIMAL.replace('knn: { n_neighbors: 5 }', 'knn: { engine: mljs }').replace('    target: income', `    target: income\n    evaluation: { scoring: ${probaMetric} }`)}`;
    let scoringIssues: readonly ConfigIssue[] = [];
    try {
      parseConfigWith({ text: scoring, configPath: CONFIG_PATH }, registries);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      scoringIssues = error.issues;
    }
    expect(scoringIssues.map((i) => [i.line, i.key])).toEqual([[5, 'datasets.adult.evaluation.scoring']]);
    // …and accepted where the algorithm predicts probabilities.
    expect(() => parseConfigWith({ text: text.replace('{ engine: mljs }', '{}'), configPath: CONFIG_PATH }, registries)).not.toThrow();
  });

  it('an idx dataset without labels_path is reported', () => {
    const issue = onlyIssue('datasets:\n  mnist:\n    path: train-images-idx3-ubyte.gz\nalgorithms:\n  knn: {}\n');
    expect(issue).toMatchObject({ key: 'datasets.mnist.labels_path', line: 2 });
  });

  it('a URL scheme without a storage driver is reported at its key', () => {
    const issue = onlyIssue(MINIMAL.replace('datasets/adult.csv.gz', 'gopher://x.org/adult.csv'));
    expect(issue).toMatchObject({ line: 3, key: 'datasets.adult.path' });
    expect(issue.message).toBe("unknown storage scheme 'gopher' in 'gopher://x.org/adult.csv'");
    expect(issue.hint).toMatch(/https/);
  });

  it('issues carry the column of the key', () => {
    const issue = onlyIssue(MINIMAL.replace('n_neighbors: 5', 'n_neighbors: 0'));
    expect(issue).toMatchObject({ line: 6, column: 10, key: 'algorithms.knn.n_neighbors' });
  });

  it('wrong value types use the schema wording', () => {
    const issue = onlyIssue(`${MINIMAL}evaluation:\n  test_size: 1.5\n`);
    expect(issue).toMatchObject({ line: 8, key: 'evaluation.test_size' });
    expect(issue.message).toBe('expected a number > 0 and < 1, got 1.5');
  });

  it('missing datasets or algorithms are reported', () => {
    const issues = issuesOf('name: x\n');
    expect(issues.map((i) => i.message)).toEqual([expect.stringMatching(/missing required key 'datasets'/), expect.stringMatching(/missing required key 'algorithms'/)]);
  });
});

describe('config errors: all at once', () => {
  it('collects every issue of the file into one ConfigError, in line order', () => {
    const text = [
      'seeed: 1', // 1
      'datasets:', // 2
      '  adult:', // 3
      '    path: a.csv', // 4
      '    targt: income', // 5
      '  bad::name:', // 6
      '    path: b.csv', // 7
      '    target: y', // 8
      'algorithms:', // 9
      '  knnn: {}', // 10
      '  knn: { n_neighbors: 0 }', // 11
      'evaluation:', // 12
      '  metrics: [accuracy, f1_macr]', // 13
      '  strategy: kfolds', // 14
      '',
    ].join('\n');
    let error: unknown;
    try {
      parse(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues;
    expect(issues.map((i) => [i.line, i.key])).toEqual([
      [1, 'seeed'],
      [5, 'datasets.adult.targt'],
      [6, 'datasets.bad::name'],
      [10, 'algorithms.knnn'],
      [11, 'algorithms.knn.n_neighbors'],
      [13, 'evaluation.metrics[1]'],
      [14, 'evaluation.strategy'],
    ]);
    expect((error as ConfigError).code).toBe('SWEEP_CONFIG_INVALID');
    expect((error as ConfigError).message).toMatch(/^invalid config \(7 problems\):/);
  });
});
