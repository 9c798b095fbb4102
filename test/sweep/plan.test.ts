import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSweepConfig } from '../../src/config/index.js';
import { NAME_SEPARATOR } from '../../src/core/index.js';
import { planSweep, selectNames } from '../../src/sweep/index.js';

const ROOT = '/tmp/project';

function config(extra = '') {
  const text = `
name: t
seed: 3
datasets:
  a: { path: data/a.csv, target: label }
  b: { path: data/b.csv, target: y, test_path: data/b-test.csv }
algorithms:
  decision-tree: { max_depth: 3 }
  knn: { n_neighbors: 3 }
  knn-1: { algorithm: knn, n_neighbors: 1 }
${extra}`;
  return parseSweepConfig(text, path.join(ROOT, 'conf', 'sweep.yaml'));
}

describe('planSweep', () => {
  it('expands datasets × algorithms into cells, entries and a valid pipeline', () => {
    const plan = planSweep(config(), { runDir: '/tmp/project/reports/r1', intermediates: 'file' });
    expect(plan.cells.map((c) => `${c.dataset}/${c.algorithm}`)).toEqual(['a/decision-tree', 'a/knn', 'a/knn-1', 'b/decision-tree', 'b/knn', 'b/knn-1']);
    const names = plan.entries.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    // Per cell: model, predictions, metrics, report; per dataset: source(s), data, folds, summary.
    expect(names).toContain('a::knn::model');
    expect(names).toContain('b::test');
    expect(plan.entries.find((e) => e.name === 'a::knn::report')!.path).toBe('/tmp/project/reports/r1/a/knn/report.json');
    expect(plan.entries.find((e) => e.name === 'a::knn::model')!.path).toBe('/tmp/project/reports/r1/a/knn/model.json');
    expect(plan.entries.find((e) => e.name === 'a')!.path).toBe('/tmp/project/data/a.csv');
    expect(plan.pipeline.freeInputs().sort()).toEqual(['a', 'b', 'b::test']);
    // Nodes are tagged by dataset and algorithm.
    const fit = plan.pipeline.nodes.find((n) => n.name === 'a::knn-1::fit')!;
    expect(fit.tags).toEqual(expect.arrayContaining(['dataset:a', 'algorithm:knn-1', 'fit']));
    expect((fit.args as { algorithm: string }).algorithm).toBe('knn');
  });

  it('is linear in cells: 2 prepare nodes + 4 nodes per holdout cell', () => {
    const plan = planSweep(config(), { runDir: '/r', intermediates: 'memory' });
    expect(plan.pipeline.nodes.length).toBe(2 + 6 * 4);
  });

  it('makes one fit/predict/evaluate per fold with cross-validation', () => {
    const plan = planSweep(config('evaluation: { strategy: stratified_kfold, n_splits: 3 }'), { runDir: '/r', intermediates: 'memory', datasets: ['a'] });
    expect(plan.cells.every((c) => c.folds === 3)).toBe(true);
    expect(plan.pipeline.nodes.filter((n) => n.name.endsWith('::fit')).length).toBe(9);
    expect(plan.pipeline.nodes.map((n) => n.name)).toContain('a::knn::fold-2::fit');
  });

  it('keeps intermediates in memory or in files under <run>/.data', () => {
    const mem = planSweep(config(), { runDir: '/r', intermediates: 'memory' });
    expect(mem.entries.find((e) => e.name === 'a::data')!.type).toBe('memory');
    const file = planSweep(config(), { runDir: '/r', intermediates: 'file' });
    expect(file.entries.find((e) => e.name === 'a::data')).toMatchObject({ type: 'table', path: '/r/.data/a/data.table' });
  });

  it('selects cells with globs and names no separator inside a dataset or algorithm name', () => {
    const plan = planSweep(config(), { runDir: '/r', intermediates: 'memory', datasets: ['b'], algorithms: ['knn*'] });
    expect(plan.cells.map((c) => `${c.dataset}/${c.algorithm}`)).toEqual(['b/knn', 'b/knn-1']);
    for (const c of plan.cells) expect(c.dataset.includes(NAME_SEPARATOR) || c.algorithm.includes(NAME_SEPARATOR)).toBe(false);
  });

  it('rejects a selection that matches nothing, naming the configured names', () => {
    expect(() => selectNames('dataset', ['adult', 'mushroom'], ['adlt'])).toThrow(/unknown dataset 'adlt'; did you mean 'adult'\?/);
  });

  it('scales for k-NN by default (scale: auto) and not for trees', () => {
    const plan = planSweep(config(), { runDir: '/r', intermediates: 'memory', datasets: ['a'] });
    expect(plan.cells.find((c) => c.algorithm === 'knn')!.preprocessing.scale).toBe('standard');
    expect(plan.cells.find((c) => c.algorithm === 'decision-tree')!.preprocessing.scale).toBe('none');
  });

  it('leaves categorical columns ordinal for an estimator tagged nativeCategorical (gradient-boosting), one-hot for the rest', () => {
    const text = 'datasets: { a: { path: a.csv, target: y } }\nalgorithms: { gradient-boosting: {}, decision-tree: {} }\n';
    const plan = planSweep(parseSweepConfig(text, '/p/conf/sweep.yaml'), { runDir: '/r', intermediates: 'memory' });
    const gb = plan.cells.find((c) => c.algorithm === 'gradient-boosting')!;
    expect(gb.nativeCategorical).toBe(true);
    expect(gb.preprocessing.categorical).toBe('ordinal');
    const tree = plan.cells.find((c) => c.algorithm === 'decision-tree')!;
    expect(tree.nativeCategorical).toBe(false);
    expect(tree.preprocessing.categorical).toBe('onehot');
    const fit = plan.pipeline.nodes.find((n) => n.name === 'a::gradient-boosting::fit')!;
    expect((fit.args as { preprocessing: { categorical: string } }).preprocessing.categorical).toBe('ordinal');
  });

  it('does not scale images (idx) under scale: auto, even for k-NN', () => {
    const text = 'datasets:\n  img: { type: idx, path: a-idx3-ubyte.gz, labels_path: b-idx1-ubyte.gz }\nalgorithms: { knn: {} }\n';
    const plan = planSweep(parseSweepConfig(text, '/p/conf/sweep.yaml'), { runDir: '/r', intermediates: 'memory' });
    expect(plan.cells[0]!.preprocessing.scale).toBe('none');
  });

  it('gives a lone forest cell the worker threads as n_jobs', () => {
    const text = 'datasets: { a: { path: a.csv, target: y } }\nalgorithms: { random-forest: {} }\n';
    const one = planSweep(parseSweepConfig(text, '/p/conf/sweep.yaml'), { runDir: '/r', intermediates: 'memory', jobs: 2 });
    expect(one.cells[0]!.params['n_jobs']).toBe(2);
  });
});
