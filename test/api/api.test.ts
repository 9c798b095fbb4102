// The library API (src/api, the package's entry): estimator classes over the whole algorithm
// registry, the catalog, and paths anchored to the config file rather than the working directory.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DecisionTreeClassifier,
  GaussianNB,
  estimatorClasses,
  loadCatalog,
  loadResults,
  loadSweep,
  planSweep,
  runSweep,
  toMatrix,
  type Matrix,
} from '../../src/api/index.js';
import { SweepError } from '../../src/core/index.js';
import { algorithms, createEstimator } from '../../src/models/index.js';
import { makeToyCsv, tempProject } from '../helpers/project.js';

const project = tempProject('sweep-api-');
afterAll(() => project.cleanup());
project.write('data/toy.csv', makeToyCsv(80));
project.write('conf/sweep.yaml', 'name: api\nseed: 3\ndatasets:\n  toy:\n    path: data/toy.csv\n    target: label\nalgorithms:\n  naive-bayes: {}\n  decision-tree: { max_depth: 2 }\noutput:\n  dir: runs\ncache: false\n');
const CONFIG = path.join(project.root, 'conf', 'sweep.yaml');

/** Small integer-valued data (non-negative, so every naive Bayes variant accepts it), three classes. */
function smallData(): { X: Matrix; y: string[] } {
  const rows: number[][] = [];
  const y: string[] = [];
  for (let i = 0; i < 60; i++) {
    const c = i % 3;
    rows.push([(i * 7) % 4, c + ((i * 5) % 2), (c * 2 + i) % 3, (i * 11) % 5]);
    y.push(['a', 'b', 'c'][c]!);
  }
  return { X: toMatrix(rows), y };
}

describe('estimator classes', () => {
  it('cover every algorithm of the registry', () => {
    const covered = new Set(Object.values(estimatorClasses).map((c) => c.algorithm));
    expect([...covered].sort()).toEqual(algorithms.names().slice().sort());
  });

  it('fit and predict exactly as the registry estimator with the same params, for every class', async () => {
    const { X, y } = smallData();
    for (const [name, Class] of Object.entries(estimatorClasses)) {
      const model = await new Class().fit(X, y);
      const reference = await createEstimator(Class.algorithm, { ...Class.fixed }).fit(X, y);
      expect(model.predict(X), name).toEqual(reference.predict(X));
      expect(model.classes_, name).toEqual(['a', 'b', 'c']);
      expect(model.getParams(), name).toEqual(reference.getParams());
    }
  });

  it('pass constructor params through, chain fit → predict, and accept rows of numbers', async () => {
    const { X, y } = smallData();
    const rows = Array.from({ length: X.rows }, (_, i) => Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));
    const tree = new DecisionTreeClassifier({ max_depth: 1 });
    expect(tree.getParams().max_depth).toBe(1);
    const predicted = (await tree.fit(rows, y)).predict(rows);
    // A stump has two leaves: at most two of the three classes are ever predicted.
    expect(new Set(predicted).size).toBeLessThanOrEqual(2);
    expect(tree.score(X, y)).toBe(predicted.filter((p, i) => p === y[i]).length / y.length);
    expect(new GaussianNB().getParams()['variant']).toBe('gaussian');
    // @ts-expect-error: a misspelt hyperparameter is a type error (and a SweepError at fit)
    await expect(new DecisionTreeClassifier({ max_dept: 4 }).fit(X, y)).rejects.toThrow(SweepError);
    expect(() => toMatrix([[1, 2], [3]])).toThrow(/row 1 has 1 values/);
  });
});

describe('loadSweep, planSweep, loadCatalog', () => {
  it('resolve the config and its paths against the project root whatever the cwd', async () => {
    const config = await loadSweep(pathToFileURL(CONFIG));
    expect(config.datasets[0]!.path).toBe(path.join(project.root, 'data', 'toy.csv'));
    expect(config.outputDir).toBe(path.join(project.root, 'runs'));
    const plan = planSweep(config, { algorithms: ['naive-*'] });
    expect(plan.cells.map((c) => `${c.dataset}×${c.algorithm}`)).toEqual(['toy×naive-bayes']);
  });

  it('load a dataset by name, and as X, y encoded by the dataset preprocessing', async () => {
    const catalog = await loadCatalog(CONFIG);
    expect(catalog.names()).toEqual(['toy']);
    const table = await catalog.load('toy');
    expect(table.nRows).toBe(80);
    expect(table.columns.map((c) => c.name)).toEqual(['x1', 'x2', 'color', 'label']);
    const { X, y, unlabeled } = await catalog.loadXy('toy');
    expect([X.rows, y.length, unlabeled]).toEqual([80, 80, 0]);
    // x1, x2 and the one-hot columns of color (blue, red and the missing marker '?').
    expect(X.cols).toBeGreaterThan(2);
    expect(new Set(y)).toEqual(new Set(['yes', 'no']));
    await expect(catalog.load('tyo')).rejects.toThrow(/did you mean 'toy'/);
  });
});

describe('runSweep and loadResults', () => {
  it('write the run under the config project (a relative `out` too), not under the cwd', async () => {
    const before = readdirSync(process.cwd());
    const config = await loadSweep(CONFIG);
    const { runDir, ok, results } = await runSweep(config, { algorithms: ['naive-bayes'], jobs: 1, out: 'elsewhere' });
    expect(ok).toBe(true);
    expect(path.dirname(runDir)).toBe(path.join(project.root, 'elsewhere'));
    expect(readdirSync(process.cwd())).toEqual(before);
    const loaded = await loadResults(runDir);
    expect(loaded).toEqual(JSON.parse(readFileSync(path.join(runDir, 'results.json'), 'utf8')));
    expect(loaded.cells.map((c) => [c.algorithm, c.status])).toEqual([['naive-bayes', 'ok']]);
    expect(results.cells[0]!.metrics.test['accuracy']).toBe(loaded.cells[0]!.metrics.test['accuracy']);
    await expect(loadResults(project.root)).rejects.toMatchObject({ code: 'SWEEP_NOT_FOUND' });
  });
});

describe('the package entry', () => {
  it('is dist/api/index.js through package.json exports, with types', () => {
    const pkg = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { exports: Record<string, { types: string; default: string }> };
    expect(pkg.exports['.']).toEqual({ types: './dist/api/index.d.ts', default: './dist/api/index.js' });
  });

  it('never imports the CLI or commander (static or dynamic imports, followed through src/)', () => {
    const src = path.resolve(import.meta.dirname, '../../src');
    const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
    const seen = new Set<string>();
    const bare = new Set<string>();
    const stack = [path.join(src, 'api', 'index.ts')];
    while (stack.length > 0) {
      const file = stack.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const spec = m[1] ?? m[2]!;
        if (!spec.startsWith('.')) {
          bare.add(spec);
          continue;
        }
        const target = path.resolve(path.dirname(file), spec).replace(/\.js$/, '.ts');
        if (existsSync(target)) stack.push(target);
      }
    }
    expect(seen.size).toBeGreaterThan(50); // the walk follows imports (it is not silently blind)
    expect([...seen].filter((f) => f.startsWith(path.join(src, 'cli')))).toEqual([]);
    expect([...bare].filter((b) => b === 'commander' || b.startsWith('commander/'))).toEqual([]);
  });
});
