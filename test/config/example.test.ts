import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSweepConfig } from '../../src/config/index.js';

const FIXTURE_ROOT = resolve(import.meta.dirname, '..', 'fixtures', 'config', 'example');
const CONFIG = join(FIXTURE_ROOT, 'conf', 'sweep.yaml');

describe('the product example config', () => {
  const cwd = process.cwd();
  afterEach(() => process.chdir(cwd));

  it('parses and normalizes, resolving paths against the project root, not the cwd', async () => {
    process.chdir(mkdtempSync(join(tmpdir(), 'sweep-cwd-')));
    const config = await readSweepConfig(CONFIG);
    expect(config.name).toBe('seed-sweep');
    expect(config.seed).toBe(0);
    expect(config.configPath).toBe(CONFIG);
    expect(config.projectRoot).toBe(FIXTURE_ROOT);
    expect(config.outputDir).toBe(join(FIXTURE_ROOT, 'reports'));
    expect(config.catalogPath).toBeNull();
    expect(config.jobs).toBeNull();
    expect(config.learningCurve).toBeNull();
    expect(config.datasets.map((d) => d.name)).toEqual(['mushroom', 'adult', 'letters', 'kddcup99', 'fashion-mnist']);
    expect(config.algorithms.map((a) => a.name)).toEqual(['decision-tree', 'random-forest', 'knn', 'naive-bayes']);

    const [mushroom, adult, letters, kdd, fashion] = config.datasets;
    expect(mushroom).toMatchObject({ type: 'csv', path: join(FIXTURE_ROOT, 'datasets/mushroom.csv.gz'), target: 'edibility', header: true, columns: null, sample: null, testPath: null });
    expect(adult).toMatchObject({ type: 'csv', path: join(FIXTURE_ROOT, 'datasets/adult.csv.gz'), target: 'income' });
    expect(letters).toMatchObject({ path: join(FIXTURE_ROOT, 'data/letters-train.csv'), testPath: join(FIXTURE_ROOT, 'data/letters-test.csv'), target: 'letter' });
    expect(kdd!.header).toBe(false);
    expect(kdd!.columns).toHaveLength(42);
    expect(kdd!.columns!.slice(0, 3)).toEqual(['duration', 'protocol_type', 'service']);
    expect(kdd!.columns!.at(-1)).toBe('label');
    expect(kdd!.sample).toBe(50000);
    expect(fashion).toMatchObject({
      type: 'idx',
      target: 'label',
      path: '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz',
      labelsPath: '/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz',
      testPath: '/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz',
      testLabelsPath: '/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz',
    });
    // Lines point at each dataset's key in the file.
    const lines = readFileSync(CONFIG, 'utf8').split('\n');
    for (const d of config.datasets) expect(lines[d.source.line - 1]).toMatch(new RegExp(`^  ${d.name}:`));

    for (const d of config.datasets) {
      expect(d.evaluation).toEqual({
        strategy: 'holdout',
        testSize: 0.3,
        stratify: true,
        nSplits: 5,
        nRepeats: 10,
        shuffle: true,
        seed: 0,
        metrics: ['accuracy', 'balanced_accuracy', 'precision_macro', 'recall_macro', 'f1_macro', 'f1_weighted'],
        scoring: 'accuracy',
        trainScore: 'sample',
        permutationImportance: 0,
      });
      expect(d.preprocessing.scale).toBe('auto');
    }
    expect(config.algorithms.map((a) => [a.algorithm, a.engine, a.params])).toEqual([
      ['decision-tree', 'native', { max_depth: 12 }],
      ['random-forest', 'native', { n_estimators: 100 }],
      ['knn', 'native', { n_neighbors: 5 }],
      ['naive-bayes', 'native', {}],
    ]);
    expect(config.algorithms.every((a) => a.search === null && a.validationCurve === null)).toBe(true);
  });

  it('gives the same result whatever the cwd', async () => {
    const here = await readSweepConfig(CONFIG);
    process.chdir(tmpdir());
    const there = await readSweepConfig(CONFIG);
    expect(there).toEqual(here);
  });
});
