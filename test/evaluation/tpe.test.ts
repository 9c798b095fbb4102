// TPE: Optuna's gamma and weights, regret against Optuna's TPESampler and random search on known
// objectives (fixture made by test/fixtures/make/evaluation_tpe_regret.py), conditional / log /
// int / categorical parameters, and the search method: same seed same trials, resume, budgets,
// pruned trials recorded.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Params } from '../../src/core/index.js';
import { searchHyperparameters, TpeSampler, tpeSpace, type FitSpec, type SamplerTrial, type SearchSpec, type SpaceParam, type StudyTrial } from '../../src/evaluation/index.js';
import { defaultGamma, defaultWeights } from '../../src/evaluation/tpe/parzen.js';
import { range, synthetic } from '../fixtures/evaluation/model-selection-data.js';

const regret = JSON.parse(readFileSync(new URL('../fixtures/evaluation/tpe-regret.json', import.meta.url), 'utf8')) as {
  _source: string;
  problems: Record<string, { x: [number, number]; y: [number, number]; minimum: number }>;
  tpe: Record<string, Record<string, { median: number }>>;
  random: Record<string, Record<string, { median: number }>>;
};

const objectives: Record<string, (x: number, y: number) => number> = {
  quadratic: (x, y) => (x - 1) ** 2 + (y + 2) ** 2,
  branin: (x, y) => {
    const b = 5.1 / (4 * Math.PI ** 2);
    const c = 5 / Math.PI;
    const t = 1 / (8 * Math.PI);
    return (y - b * x * x + c * x - 6) ** 2 + 10 * (1 - t) * Math.cos(x) + 10;
  },
};

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2;
}

/** Median regret over seeds 0..19 after `budget` trials; `nStartupTrials: budget` is pure random search. */
function medianRegret(problem: string, budget: number, nStartupTrials: number): number {
  const p = regret.problems[problem]!;
  const f = objectives[problem]!;
  const space: SpaceParam[] = [
    { name: 'x', domain: { kind: 'float', low: p.x[0], high: p.x[1], log: false }, when: null },
    { name: 'y', domain: { kind: 'float', low: p.y[0], high: p.y[1], log: false }, when: null },
  ];
  const regrets = range(20).map((seed) => {
    const sampler = new TpeSampler(space, seed, { nStartupTrials, nEiCandidates: 24, multivariate: false }, 'minimize');
    const history: SamplerTrial[] = [];
    for (let n = 0; n < budget; n++) {
      const params = sampler.suggest(history, n);
      history.push({ params, state: 'complete', value: f(params['x'] as number, params['y'] as number), intermediate: [] });
    }
    return Math.min(...history.map((h) => h.value!)) - p.minimum;
  });
  return median(regrets);
}

describe('TPE sampler', () => {
  it("gamma and weights are Optuna's defaults", () => {
    expect([0, 1, 10, 11, 100, 250, 1000].map(defaultGamma)).toEqual([0, 1, 1, 2, 10, 25, 25]);
    expect(defaultWeights(3)).toEqual([1, 1, 1]);
    const w = defaultWeights(30);
    expect(w.length).toBe(30);
    expect(w[0]).toBeCloseTo(1 / 30, 15);
    expect(w[4]).toBe(1);
    expect(w.slice(5).every((v) => v === 1)).toBe(true);
  });

  it('fixture says where it came from', () => expect(regret._source).toContain('optuna 3.1'));

  describe.each(['quadratic', 'branin'])('%s, 30 trials, median regret over 20 seeds', (problem) => {
    const ours = medianRegret(problem, 30, 10);
    it("beats random search (ours and Optuna's)", () => {
      expect(ours).toBeLessThan(medianRegret(problem, 30, 30));
      expect(ours).toBeLessThan(regret.random[problem]!['30']!.median);
    });
    it("is within 1.5× of Optuna's TPESampler", () => {
      expect(ours).toBeLessThanOrEqual(1.5 * regret.tpe[problem]!['30']!.median);
    });
  });

  it('draws log, int and categorical values in range, and a conditional one only when its condition holds', () => {
    const space = tpeSpace({
      paramGrid: null,
      paramDistributions: {
        kernel: { kind: 'choice', values: ['rbf', 'poly'] },
        degree: { kind: 'randint', low: 2, high: 5, when: { kernel: ['poly'] } },
        C: { kind: 'loguniform', low: 1e-3, high: 1e3 },
      },
    });
    const sampler = new TpeSampler(space, 7, { nStartupTrials: 5, nEiCandidates: 24, multivariate: false });
    const history: SamplerTrial[] = [];
    for (let n = 0; n < 40; n++) {
      const p = sampler.suggest(history, n);
      expect('degree' in p).toBe(p['kernel'] === 'poly');
      if ('degree' in p) expect([2, 3, 4]).toContain(p['degree']);
      expect(p['C']).toBeGreaterThanOrEqual(1e-3);
      expect(p['C']).toBeLessThanOrEqual(1e3);
      // best: poly of degree 3 with C near 1
      const value = -Math.abs(Math.log10(p['C'] as number)) - (p['kernel'] === 'poly' ? Math.abs((p['degree'] as number) - 3) : 2);
      history.push({ params: p, state: 'complete', value, intermediate: [] });
    }
    const late = history.slice(20);
    expect(late.filter((t) => t.params['kernel'] === 'poly').length).toBeGreaterThan(late.length / 2);
  });

  it('multivariate draws jointly and stays seeded', () => {
    const space = tpeSpace({ paramGrid: null, paramDistributions: { a: { kind: 'uniform', low: 0, high: 1 }, b: { kind: 'randint', low: 1, high: 10 } } });
    const run = (): Params[] => {
      const s = new TpeSampler(space, 3, { nStartupTrials: 4, nEiCandidates: 24, multivariate: true });
      const h: SamplerTrial[] = [];
      for (let n = 0; n < 12; n++) {
        const p = s.suggest(h, n);
        h.push({ params: p, state: 'complete', value: -(((p['a'] as number) - 0.3) ** 2) - ((p['b'] as number) - 4) ** 2, intermediate: [] });
      }
      return h.map((t) => t.params);
    };
    expect(JSON.stringify(run())).toBe(JSON.stringify(run()));
  });
});

describe('tpe search method', () => {
  const { X, y } = synthetic(150);
  const rows = range(120);
  const tree: FitSpec = { algorithm: 'decision-tree', engine: 'native', params: {}, preprocessing: { scale: 'none' } };
  const base: SearchSpec = {
    method: 'tpe',
    paramGrid: null,
    paramDistributions: { max_depth: { kind: 'randint', low: 1, high: 8 }, min_samples_leaf: { kind: 'randint', low: 1, high: 30 } },
    nIter: 10,
    scoring: 'accuracy',
    cv: 4,
    factor: 3,
    nTrials: 14,
    sampler: { nStartupTrials: 4, nEiCandidates: 24, multivariate: false },
    pruner: { kind: 'median', options: { n_startup_trials: 2 } },
  };
  const strip = (trials: StudyTrial[]): string => JSON.stringify(trials.map((t) => [t.number, t.params, t.state, t.value, t.intermediate, t.pruned_step ?? null]));

  it('same seed, same trials to the byte; pruned trials recorded with their step; a resumed study continues exactly', async () => {
    const seen: StudyTrial[] = [];
    const full = await searchHyperparameters(X, y, rows, tree, base, { seed: 5, study: { trials: [], onTrial: (t) => void seen.push(t) } });
    const trials = full.trials!;
    expect(trials.length).toBe(14);
    expect(seen.map((t) => t.number)).toEqual(range(14));
    const pruned = trials.filter((t) => t.state === 'pruned');
    expect(pruned.length).toBeGreaterThan(0);
    for (const t of pruned) {
      expect(t.intermediate.length).toBe(t.pruned_step! + 1);
      expect(t.value).toBe(t.intermediate.at(-1)![1]);
    }
    for (const t of trials.filter((t) => t.state === 'complete')) expect(t.intermediate.map(([s]) => s)).toEqual([0, 1, 2, 3]);
    expect(full.candidates.length).toBe(trials.length - pruned.length);
    expect(full.best_score).toBe(Math.max(...trials.filter((t) => t.state === 'complete').map((t) => t.value!)));
    const again = await searchHyperparameters(X, y, rows, tree, base, { seed: 5 });
    expect(strip(again.trials!)).toBe(strip(trials));
    // killed after 6 trials, resumed: the same 14 trials
    const resumed = await searchHyperparameters(X, y, rows, tree, base, { seed: 5, study: { trials: JSON.parse(JSON.stringify(trials.slice(0, 6))) as StudyTrial[] } });
    expect(strip(resumed.trials!)).toBe(strip(trials));
    // a larger n_trials continues the study
    const more = await searchHyperparameters(X, y, rows, tree, { ...base, nTrials: 16 }, { seed: 5, study: { trials } });
    expect(more.trials!.length).toBe(16);
    expect(strip(more.trials!.slice(0, 14))).toBe(strip(trials));
  });

  it('records a validation score per boosting iteration where the estimator has stagedPredict (adaboost), ending at the trial value', async () => {
    const boost: FitSpec = { algorithm: 'adaboost', engine: 'native', params: { random_state: 0 }, preprocessing: { scale: 'none' } };
    const spec: SearchSpec = { ...base, nTrials: 3, pruner: null, paramDistributions: { n_estimators: { kind: 'randint', low: 3, high: 9 } } };
    const r = await searchHyperparameters(X, y, rows, boost, spec, { seed: 2 });
    for (const t of r.trials!) {
      expect(t.iterations!.length).toBeGreaterThan(0);
      expect(t.iterations!.length).toBeLessThanOrEqual(t.params['n_estimators'] as number);
      expect(t.iterations!.at(-1)).toBeCloseTo(t.value!, 12);
    }
    const tree = await searchHyperparameters(X, y, rows, { ...boost, algorithm: 'decision-tree', params: {} }, { ...spec, paramDistributions: { max_depth: { kind: 'randint', low: 1, high: 4 } } }, { seed: 2 });
    expect(tree.trials!.every((t) => t.iterations === undefined)).toBe(true);
  });

  it('a timeout ends the search before n_trials', async () => {
    const r = await searchHyperparameters(X, y, rows, tree, { ...base, nTrials: 1000, timeout: 0.3, pruner: null }, { seed: 1 });
    expect(r.trials!.length).toBeGreaterThan(0);
    expect(r.trials!.length).toBeLessThan(1000);
  });
});
