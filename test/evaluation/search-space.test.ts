import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Params } from '../../src/core/index.js';
import { expandGrid, gridSize, rangeValues, sampleParams, type ParamGrid } from '../../src/evaluation/index.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/evaluation/search-space.json', import.meta.url), 'utf8')) as {
  _source: string;
  cases: Array<{ grid: ParamGrid | ParamGrid[]; candidates: Params[] }>;
};

describe('expandGrid', () => {
  it('names its source', () => expect(fixture._source).toMatch(/evaluation_search_space\.py with scikit-learn 1\.2\.1/));

  it("gives scikit-learn's ParameterGrid candidates in its order (ranges as numpy.arange)", () => {
    for (const c of fixture.cases) {
      const got = expandGrid(c.grid);
      expect(got.map((p) => Object.keys(p))).toEqual(c.candidates.map((p) => Object.keys(p).sort()));
      expect(got).toEqual(c.candidates);
      expect(gridSize(c.grid)).toBe(c.candidates.length);
    }
  });

  it('size is the product of list lengths and candidates are distinct', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), fc.uniqueArray(fc.integer(), { minLength: 1, maxLength: 4 }), { maxKeys: 4 }), (grid) => {
        const got = expandGrid(grid);
        expect(got).toHaveLength(Object.values(grid).reduce((n, v) => n * v.length, 1));
        expect(new Set(got.map((p) => JSON.stringify(p))).size).toBe(got.length);
      }),
    );
  });

  it('rejects empty lists, empty ranges and zero steps, naming the key', () => {
    expect(() => expandGrid({ max_depth: [] })).toThrow(/max_depth: a grid entry needs at least one value/);
    expect(() => expandGrid({ k: { range: [5, 1] } })).toThrow(/k: range \[5, 1\] is empty/);
    expect(() => expandGrid({ k: { range: [1, 5, 0] } })).toThrow(/k: range step must not be 0/);
    expect(() => rangeValues('k', [1])).toThrow(/range must be \[start, stop\]/);
  });
});

describe('sampleParams', () => {
  const space = {
    C: { loguniform: [1e-3, 1e3] as [number, number] },
    alpha: { uniform: [-1, 2] as [number, number] },
    n_neighbors: { randint: [1, 20] as [number, number] },
    weights: { choice: ['uniform', 'distance'] },
    metric: ['euclidean', 'manhattan', 'chebyshev'],
  };

  it('is reproducible by seed, differs across seeds, and keys come sorted', () => {
    const a = sampleParams(space, 20, 42);
    expect(sampleParams(space, 20, 42)).toEqual(a);
    expect(sampleParams(space, 20, 43)).not.toEqual(a);
    expect(a).toHaveLength(20);
    for (const p of a) expect(Object.keys(p)).toEqual(['C', 'alpha', 'metric', 'n_neighbors', 'weights']);
  });

  it('draws within each distribution', () => {
    const draws = sampleParams(space, 2000, 7);
    for (const p of draws) {
      expect(p.C as number).toBeGreaterThanOrEqual(1e-3);
      expect(p.C as number).toBeLessThanOrEqual(1e3);
      expect(p.alpha as number).toBeGreaterThanOrEqual(-1);
      expect(p.alpha as number).toBeLessThan(2);
      expect(Number.isInteger(p.n_neighbors)).toBe(true);
      expect(p.n_neighbors as number).toBeGreaterThanOrEqual(1);
      expect(p.n_neighbors as number).toBeLessThan(20);
      expect(['uniform', 'distance']).toContain(p.weights);
      expect(['euclidean', 'manhattan', 'chebyshev']).toContain(p.metric);
    }
    // loguniform: each decade of [1e-3, 1e3] gets about 1/6 of the draws; uniform: mean near 0.5
    const decades = new Array<number>(6).fill(0);
    for (const p of draws) decades[Math.min(5, Math.floor(Math.log10(p.C as number) + 3))]!++;
    for (const d of decades) expect(d / draws.length).toBeGreaterThan(0.12);
    const mean = draws.reduce((s, p) => s + (p.alpha as number), 0) / draws.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.1);
    expect(new Set(draws.map((p) => p.n_neighbors)).size).toBe(19);
  });

  it('samples a grid of lists without replacement, capped at its size', () => {
    const grid = { a: [1, 2, 3], b: ['x', 'y'] };
    const some = sampleParams(grid, 4, 1);
    expect(new Set(some.map((p) => JSON.stringify(p))).size).toBe(4);
    const all = sampleParams(grid, 50, 1);
    expect(all).toHaveLength(6);
    expect(all.map((p) => JSON.stringify(p)).sort()).toEqual(expandGrid(grid).map((p) => JSON.stringify(p)).sort());
  });

  it('samples choices without replacement too: every entry finite, no candidate twice (model-selection.yaml draws 4 of 6)', () => {
    const space = { max_depth: { choice: [8, 16, null] }, max_features: { choice: ['sqrt', 0.3] } };
    for (let seed = 0; seed < 20; seed++) {
      const some = sampleParams(space, 4, seed);
      expect(new Set(some.map((p) => JSON.stringify(p))).size).toBe(4);
    }
    expect(sampleParams(space, 50, 3)).toHaveLength(6);
  });

  it('rejects malformed distributions, naming the key', () => {
    expect(() => sampleParams({ C: { loguniform: [0, 1] } }, 3, 0)).toThrow(/C: loguniform needs lo > 0, got 0/);
    expect(() => sampleParams({ C: { uniform: [2, 1] } }, 3, 0)).toThrow(/C: uniform needs lo < hi, got \[2, 1\]/);
    expect(() => sampleParams({ k: { randint: [1.5, 4] } }, 3, 0)).toThrow(/k: randint needs integer bounds/);
    expect(() => sampleParams({ k: { normal: [0, 1] } as never }, 3, 0)).toThrow(/k: unknown distribution 'normal'/);
    expect(() => sampleParams({ k: [1] }, 0, 0)).toThrow(/n_iter must be an integer ≥ 1, got 0/);
  });
});
