/**
 * searchHyperparameters: GridSearchCV parity (means, stds, ranks with ties, best) on explicit
 * folds of real slices; the halving schedule against HalvingGridSearchCV; seeds; failures;
 * unknown hyperparameters; log-loss direction.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Label, Params, Table } from '../../src/core/index.js';
import { halvingSchedule, rankScores, searchCandidates, searchHyperparameters, type FitSpec, type Fold, type SearchSpec } from '../../src/evaluation/index.js';
import type { SearchConfig } from '../../src/config/index.js';
import type { PreprocessingConfig } from '../../src/preprocessing/index.js';
import { adult, hasDatasets, mushroom, range, synthetic } from '../fixtures/evaluation/model-selection-data.js';

interface GridCase {
  name: string;
  data: 'adult' | 'mushroom';
  rows: number[];
  preprocessing: Partial<PreprocessingConfig>;
  folds: Array<{ train: number[]; test: number[] }>;
  scoring: string;
  grid: Record<string, number[]>;
  mean_test: number[];
  std_test: number[];
  rank: number[];
  best_index: number;
  best_params: Params;
}
const parity = JSON.parse(readFileSync(new URL('../fixtures/evaluation/model-selection-parity.json', import.meta.url), 'utf8')) as { _source: string; grid_search: GridCase[] };
const halving = JSON.parse(readFileSync(new URL('../fixtures/evaluation/model-selection-halving.json', import.meta.url), 'utf8')) as {
  _source: string;
  cases: Array<{ n_candidates: number; n_samples: number; n_classes: number; cv: number; factor: number; min_resources: number; n_iterations: number; n_resources: number[]; n_candidates_per_iteration: number[] }>;
};

function searchOf(partial: Partial<SearchSpec>): SearchSpec {
  return { method: 'grid', paramGrid: null, paramDistributions: null, nIter: 10, scoring: 'accuracy', cv: 3, factor: 3, ...partial };
}
const nb: FitSpec = { algorithm: 'naive-bayes', engine: 'native', params: {}, preprocessing: {} };
const tree: FitSpec = { algorithm: 'decision-tree', engine: 'native', params: {}, preprocessing: {} };

describe.runIf(hasDatasets())('grid search matches scikit-learn GridSearchCV on the same folds', () => {
  it('fixture says where it came from and has rank ties', () => {
    expect(parity._source).toContain('scikit-learn 1.2.1');
    expect(parity.grid_search.some((g) => new Set(g.rank).size < g.rank.length)).toBe(true);
  });

  for (const g of parity.grid_search) {
    it(g.name, async () => {
      const { X, y } = g.data === 'adult' ? adult(g.rows) : mushroom(g.rows);
      const folds: Fold[] = g.folds.map((f) => ({ train: Int32Array.from(f.train), test: Int32Array.from(f.test) }));
      const result = await searchHyperparameters(X, y, range(X.nRows), { ...nb, preprocessing: g.preprocessing }, searchOf({ paramGrid: g.grid, scoring: g.scoring }), { seed: 0, folds });
      expect(result.candidates.map((c) => c.params)).toEqual(g.grid['var_smoothing']!.map((v) => ({ var_smoothing: v })));
      result.candidates.forEach((c, i) => {
        const tol = g.scoring === 'log_loss' ? 1e-7 : 1e-9; // see cross-validate.test.ts on binary log_loss
        expect(Math.abs(c.mean_test - g.mean_test[i]!), `mean ${i}`).toBeLessThan(tol);
        expect(Math.abs(c.std_test - g.std_test[i]!), `std ${i}`).toBeLessThan(tol);
      });
      expect(result.candidates.map((c) => c.rank)).toEqual(g.rank);
      expect(result.best_index).toBe(g.best_index);
      expect(result.best_params).toEqual(g.best_params);
      expect(result.best_score).toBe(result.candidates[g.best_index]!.mean_test);
      if (g.scoring === 'log_loss') expect(result.best_score).toBe(Math.min(...result.candidates.map((c) => c.mean_test))); // natural value, lowest wins
    });
  }
});

describe('halving schedule matches HalvingGridSearchCV(min_resources="exhaust")', () => {
  it('fixture says where it came from', () => expect(halving._source).toContain('scikit-learn 1.2.1'));
  for (const c of halving.cases) {
    it(`${c.n_candidates} candidates, ${c.n_samples} rows, ${c.n_classes} classes, cv ${c.cv}, factor ${c.factor}`, () => {
      const s = halvingSchedule(c.n_candidates, c.n_samples, c.n_classes, c.cv, c.factor);
      expect(s.minResources).toBe(c.min_resources);
      expect(s.nIterations).toBe(c.n_iterations);
      expect(s.resources).toEqual(c.n_resources);
      // candidates per iteration: ceil(previous / factor)
      const perIteration = [c.n_candidates];
      while (perIteration.length < s.nIterations) perIteration.push(Math.ceil(perIteration.at(-1)! / c.factor));
      expect(perIteration).toEqual(c.n_candidates_per_iteration);
    });
  }
  it('needs 2 × cv × classes rows', () => {
    expect(() => halvingSchedule(4, 19, 2, 5, 3)).toThrow(/at least 20 training rows/);
  });
});

describe('SearchSpec', () => {
  it('accepts the config layer\'s SearchConfig as is (checked by the type checker)', () => {
    const config: SearchConfig = { method: 'random', paramGrid: null, paramDistributions: { k: { kind: 'randint', low: 1, high: 4 } }, nIter: 3, scoring: 'accuracy', cv: 3, factor: 3, refit: true, nTrials: null, timeout: null, sampler: { nStartupTrials: 10, nEiCandidates: 24, multivariate: false }, pruner: { kind: 'none', options: {} } };
    const spec: SearchSpec = config;
    expect(searchCandidates(spec, 0)!.every((c) => [1, 2, 3].includes(c['k'] as number))).toBe(true);
  });
});

describe('rankScores', () => {
  it('ranks as rankdata(-x, "min"), NaN last, all NaN rank 1', () => {
    expect(rankScores([0.5, 0.9, 0.5, NaN, 0.1])).toEqual([2, 1, 2, 5, 4]);
    expect(rankScores([NaN, 0.2, NaN])).toEqual([2, 1, 2]);
    expect(rankScores([NaN, NaN])).toEqual([1, 1]);
  });
  it('orders like the scores: higher never ranks worse, equal shares, NaN after every number', () => {
    const score = fc.oneof(fc.constant(NaN), fc.integer({ min: -3, max: 3 }).map((v) => v / 2));
    fc.assert(
      fc.property(fc.array(score, { minLength: 1, maxLength: 12 }), (scores) => {
        const ranks = rankScores(scores);
        for (let i = 0; i < scores.length; i++) {
          for (let j = 0; j < scores.length; j++) {
            const a = scores[i]!;
            const b = scores[j]!;
            if (Number.isNaN(a) && Number.isNaN(b)) expect(ranks[i]).toBe(ranks[j]);
            else if (Number.isNaN(b)) expect(ranks[i]!).toBeLessThan(ranks[j]!);
            else if (a > b) expect(ranks[i]!).toBeLessThan(ranks[j]!);
            else if (a === b) expect(ranks[i]).toBe(ranks[j]);
          }
        }
        expect(Math.min(...ranks)).toBe(1);
        expect(Math.max(...ranks)).toBeLessThanOrEqual(scores.length);
      }),
    );
  });
});

describe('search behaviour', () => {
  const { X, y } = synthetic(240);
  const rows = range(180);

  it('grid: ParameterGrid order, ranks, best = first of rank 1; same seed, same result', async () => {
    const search = searchOf({ paramGrid: { max_depth: [1, 2, 4], min_samples_leaf: [1, 20] } });
    const a = await searchHyperparameters(X, y, rows, tree, search, { seed: 7, metrics: ['f1_macro'] });
    const b = await searchHyperparameters(X, y, rows, tree, search, { seed: 7, metrics: ['f1_macro'] });
    expect(a.n_candidates).toBe(6);
    expect(a.candidates.map((c) => c.params)).toEqual([
      { max_depth: 1, min_samples_leaf: 1 }, { max_depth: 1, min_samples_leaf: 20 }, { max_depth: 2, min_samples_leaf: 1 },
      { max_depth: 2, min_samples_leaf: 20 }, { max_depth: 4, min_samples_leaf: 1 }, { max_depth: 4, min_samples_leaf: 20 },
    ]);
    const strip = (r: typeof a) => r.candidates.map(({ fit_s: _f, score_s: _s, ...c }) => c);
    expect(a.candidates.every((c) => c.fit_s > 0 && c.score_s > 0)).toBe(true);
    expect(strip(a)).toEqual(strip(b));
    expect(a.best_params).toEqual(b.best_params);
    const best = Math.max(...a.candidates.map((c) => c.mean_test));
    expect(a.best_score).toBe(best);
    expect(a.best_index).toBe(a.candidates.findIndex((c) => c.mean_test === best));
    expect(a.candidates[a.best_index]!.rank).toBe(1);
    expect(a.candidates[0]!.mean_test).toBeLessThan(best); // a stump cannot separate three classes
    expect(a.candidates.every((c) => c.mean_train === null && c.scores!['f1_macro'] !== undefined)).toBe(true);
    const other = await searchHyperparameters(X, y, rows, tree, search, { seed: 8 });
    expect(other.candidates.map((c) => c.mean_test)).not.toEqual(a.candidates.map((c) => c.mean_test)); // different inner folds
  });

  it('random: seeded draws (same seed same candidates, another seed others), n_iter candidates', async () => {
    const search = searchOf({ method: 'random', nIter: 4, paramDistributions: { var_smoothing: { kind: 'loguniform', low: 1e-9, high: 1 } } });
    const a = await searchHyperparameters(X, y, rows, nb, search, { seed: 1 });
    const b = await searchHyperparameters(X, y, rows, nb, search, { seed: 1 });
    const c = await searchHyperparameters(X, y, rows, nb, search, { seed: 2 });
    expect(a.n_candidates).toBe(4);
    expect(a.candidates.map((x) => x.params)).toEqual(b.candidates.map((x) => x.params));
    expect(a.candidates.map((x) => x.mean_test)).toEqual(b.candidates.map((x) => x.mean_test));
    expect(a.candidates.map((x) => x.params)).not.toEqual(c.candidates.map((x) => x.params));
    for (const x of a.candidates) expect(x.params['var_smoothing']).toBeGreaterThanOrEqual(1e-9);
  });

  it('a candidate whose fit throws scores NaN, ranks last and keeps the message', async () => {
    const r = await searchHyperparameters(X, y, rows, tree, searchOf({ paramGrid: { max_depth: [2, -1, 3] } }), { seed: 0 });
    const failed = r.candidates[1]!;
    expect(failed.mean_test).toBeNaN();
    expect(failed.rank).toBe(3);
    expect(failed.error).toMatch(/max_depth/);
    expect(r.best_params['max_depth']).not.toBe(-1);
  });

  it('an unknown hyperparameter fails up front naming it and the algorithm, with a did-you-mean', async () => {
    const run = searchHyperparameters(X, y, rows, tree, searchOf({ paramGrid: { max_dept: [2, 3] } }), { seed: 0 });
    await expect(run).rejects.toThrow(/'max_dept'.*did you mean 'max_depth'/);
    await expect(run).rejects.toThrow(/decision-tree/);
    // a variant-specific key is judged with the variant it comes with
    const ok = await searchHyperparameters(X, y, rows, { ...nb, params: { variant: 'multinomial' } }, searchOf({ paramGrid: { alpha: [0.5, 1] } }), { seed: 0 });
    expect(ok.candidates).toHaveLength(2);
  });

  it('log_loss: ranked as neg_log_loss (lowest loss best) but reported as the positive loss', async () => {
    const r = await searchHyperparameters(X, y, rows, nb, searchOf({ paramGrid: { var_smoothing: [1e-9, 1e-2, 0.5, 5] }, scoring: 'log_loss' }), { seed: 0, returnTrainScore: true });
    const losses = r.candidates.map((c) => c.mean_test);
    expect(losses.every((l) => l > 0)).toBe(true);
    expect(r.best_score).toBe(Math.min(...losses));
    const order = [...losses].sort((p, q) => p - q);
    r.candidates.forEach((c) => expect(c.rank).toBe(order.indexOf(c.mean_test) + 1));
    expect(r.candidates.every((c) => typeof c.mean_train === 'number')).toBe(true);
  });

  it('halving: iterations as scheduled, the best ceil(n/factor) promoted, best from the last iteration', async () => {
    const grid = { max_depth: [1, 2, 3, 4, 6, 8], min_samples_leaf: [1, 5, 30] };
    const r = await searchHyperparameters(X, y, rows, tree, searchOf({ method: 'halving', paramGrid: grid, factor: 3 }), { seed: 4 });
    const s = halvingSchedule(18, rows.length, 3, 3, 3);
    expect(r.n_candidates).toBe(18);
    expect(r.iterations!.map((i) => i.n_resources)).toEqual(s.resources);
    expect(r.iterations!.map((i) => i.n_candidates)).toEqual([18, 6, 2].slice(0, s.nIterations));
    expect(r.candidates).toHaveLength(r.iterations!.reduce((t, i) => t + i.n_candidates, 0));
    for (let itr = 1; itr < s.nIterations; itr++) {
      const prev = r.candidates.filter((c) => c.iteration === itr - 1);
      const next = r.candidates.filter((c) => c.iteration === itr);
      expect(next.every((c) => c.resource === s.resources[itr])).toBe(true);
      // everything promoted scored at least as well as everything dropped
      const key = (p: Params) => JSON.stringify(p);
      const promoted = new Set(next.map((c) => key(c.params)));
      const worstPromoted = Math.min(...prev.filter((c) => promoted.has(key(c.params))).map((c) => c.mean_test));
      const bestDropped = Math.max(...prev.filter((c) => !promoted.has(key(c.params))).map((c) => c.mean_test));
      expect(worstPromoted).toBeGreaterThanOrEqual(bestDropped);
    }
    const last = r.candidates.filter((c) => c.iteration === s.nIterations - 1);
    expect(r.candidates[r.best_index]!.iteration).toBe(s.nIterations - 1);
    expect(r.best_score).toBe(Math.max(...last.map((c) => c.mean_test)));
    const again = await searchHyperparameters(X, y, rows, tree, searchOf({ method: 'halving', paramGrid: grid, factor: 3 }), { seed: 4 });
    expect(again.candidates.map((c) => [c.params, c.mean_test])).toEqual(r.candidates.map((c) => [c.params, c.mean_test]));
  });

  it('unknown method and metric are errors', async () => {
    await expect(searchHyperparameters(X, y, rows, tree, searchOf({ method: 'bayes', paramGrid: { max_depth: [1] } }), { seed: 0 })).rejects.toThrow(/unknown search method 'bayes'/);
    await expect(searchHyperparameters(X, y, rows, tree, searchOf({ paramGrid: { max_depth: [1] }, scoring: 'f1macro' }), { seed: 0 })).rejects.toThrow(/did you mean 'f1_macro'/);
  });
});
