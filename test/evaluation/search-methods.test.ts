// Contract suite of the search-method registry: every entry (grid, random, halving, and whatever
// is registered next) runs on the same small problem and must keep the same promises.
import { describe, expect, it } from 'vitest';
import { searchCandidates, searchHyperparameters, searchMethods, type FitSpec, type SearchSpec } from '../../src/evaluation/index.js';
import { range, synthetic } from '../fixtures/evaluation/model-selection-data.js';

const tree: FitSpec = { algorithm: 'decision-tree', engine: 'native', params: {}, preprocessing: { scale: 'none' } };
const { X, y } = synthetic(150);
const rows = range(120);

/** A spec every method can run: a grid and distributions over the same two hyperparameters. */
function specFor(method: string): SearchSpec {
  return {
    method,
    paramGrid: { max_depth: [1, 2, 4], min_samples_leaf: [1, 10] },
    paramDistributions: { max_depth: { kind: 'randint', low: 1, high: 6 }, min_samples_leaf: { kind: 'choice', values: [1, 5, 10] } },
    nIter: 6,
    scoring: 'accuracy',
    cv: 3,
    factor: 2,
  };
}

describe.each(searchMethods.names())('search method %s', (name) => {
  const method = searchMethods.get(name);

  it('has a description and says what an empty spec lacks', () => {
    expect(method.description.length).toBeGreaterThan(10);
    const lacking = method.check({ paramGrid: null, paramDistributions: null });
    expect(lacking?.key).toMatch(/^param_(grid|distributions)$/);
    expect(method.check({ paramGrid: specFor(name).paramGrid, paramDistributions: specFor(name).paramDistributions })).toBeNull();
  });

  it('ranks what it evaluated, names a best among its candidates, and repeats itself with the same seed', async () => {
    const spec = specFor(name);
    const r = await searchHyperparameters(X, y, rows, tree, spec, { seed: 3 });
    expect(r.method).toBe(name);
    expect(r.candidates.length).toBeGreaterThan(0);
    const best = r.candidates[r.best_index]!;
    expect(best.params).toEqual(r.best_params);
    expect(best.mean_test).toBe(r.best_score);
    for (const c of r.candidates) {
      expect(c.mean_test).toBeGreaterThanOrEqual(0);
      expect(c.mean_test).toBeLessThanOrEqual(1);
      expect(c.rank).toBe(1 + r.candidates.filter((o) => o.mean_test > c.mean_test).length);
      expect(Object.keys(c.params).every((k) => k === 'max_depth' || k === 'min_samples_leaf')).toBe(true);
    }
    const fixed = searchCandidates(spec, 3);
    if (fixed !== null) {
      const evaluated = new Set(r.candidates.map((c) => JSON.stringify(c.params)));
      for (const c of evaluated) expect(fixed.map((p) => JSON.stringify(p))).toContain(c);
    }
    const again = await searchHyperparameters(X, y, rows, tree, spec, { seed: 3 });
    expect(JSON.stringify(again.candidates.map((c) => [c.params, c.mean_test, c.rank]))).toBe(JSON.stringify(r.candidates.map((c) => [c.params, c.mean_test, c.rank])));
  });
});
