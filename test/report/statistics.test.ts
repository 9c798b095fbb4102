import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { correctedResampledTTest, friedmanTest, mcnemarTest } from '../../src/evaluation/index.js';
import { computeStatistics, holmAdjust, predictionsFromRunDir } from '../../src/sweep/index.js';
import { copyRun, loadRun } from './fixtures.js';

describe('run statistics', () => {
  const cv = loadRun('run-cv');
  const holdout = loadRun('run-holdout');

  it('runs Friedman over the datasets with complete results and says which were left out', async () => {
    const stats = await computeStatistics(cv.results);
    expect(stats.metric).toBe('accuracy');
    const f = stats.friedman;
    if (!f.applicable) throw new Error(f.reason);
    expect(f.datasets).toEqual(['iris', 'wine', 'breast-cancer', 'digits']);
    expect(f.excluded_datasets).toEqual([{ dataset: 'hostile', reason: 'no accuracy for knn' }]);
    const matrix = f.datasets.map((d) => f.algorithms.map((a) => cv.results.cells.find((c) => c.dataset === d && c.algorithm === a)!.metrics.test['accuracy']!));
    const direct = friedmanTest(matrix);
    if (!direct.applicable) throw new Error('expected applicable');
    expect(f.average_ranks).toEqual(direct.average_ranks);
    expect(f.iman_davenport_p).toBe(direct.iman_davenport_p);
    expect(f.critical_difference).toBe(direct.critical_difference);
    expect(f.significant_pairs).toEqual(direct.significant_pairs.map(([i, j]) => [f.algorithms[i], f.algorithms[j]]));
  });

  it('says why Friedman does not apply with fewer than 3 complete datasets', async () => {
    const two = { ...cv.results, cells: cv.results.cells.filter((c) => c.dataset === 'iris' || c.dataset === 'wine' || c.dataset === 'hostile') };
    const stats = await computeStatistics(two);
    expect(stats.friedman.applicable).toBe(false);
    if (stats.friedman.applicable) return;
    expect(stats.friedman.reason).toMatch(/at least 3 datasets .* this run has 2 datasets/);
    expect(stats.friedman.reason).toMatch(/left out .*: hostile/);
  });

  it('uses the corrected resampled t-test on each dataset with folds, Holm-adjusted', async () => {
    const stats = await computeStatistics(cv.results);
    const iris = stats.datasets.find((d) => d.dataset === 'iris')!;
    expect(iris.test).toBe('corrected_t');
    expect(iris.folds).toBe(10);
    expect(iris.pairs.length).toBe(6);
    const pair = iris.pairs.find((p) => p.a === 'decision-tree' && p.b === 'knn')!;
    const a = cv.results.cells.find((c) => c.dataset === 'iris' && c.algorithm === 'decision-tree')!;
    const b = cv.results.cells.find((c) => c.dataset === 'iris' && c.algorithm === 'knn')!;
    const direct = correctedResampledTTest(a.folds.map((f) => f.test['accuracy']!), b.folds.map((f) => f.test['accuracy']!), a.n_train!, a.n_test!);
    if (!pair.result.applicable || !direct.applicable) throw new Error('expected applicable');
    expect(pair.result.p).toBe(direct.p);
    expect(pair.result.statistic).toBe(direct.t);
    for (const p of iris.pairs) if (p.result.applicable) expect(p.result.p_holm).toBeGreaterThanOrEqual(p.result.p);
    const hostile = stats.datasets.find((d) => d.dataset === 'hostile')!;
    expect(hostile.pairs.length).toBe(3); // knn failed there
  });

  it('uses McNemar on a holdout when predictions are kept, and says why not when they are not', async () => {
    const withPredictions = await computeStatistics(holdout.results, { predictions: predictionsFromRunDir(holdout.dir) });
    const digits = withPredictions.datasets.find((d) => d.dataset === 'digits')!;
    expect(digits.test).toBe('mcnemar');
    expect(digits.pairs.length).toBe(3);
    const pair = digits.pairs[0]!;
    if (!pair.result.applicable) throw new Error(pair.result.reason);
    const load = predictionsFromRunDir(holdout.dir);
    const pa = (await load('digits', pair.a))!;
    const pb = (await load('digits', pair.b))!;
    const direct = mcnemarTest(pa.y_pred.map((y, i) => y === pa.y_true[i]), pb.y_pred.map((y, i) => y === pb.y_true[i]));
    if (!direct.applicable) throw new Error('expected applicable');
    expect(pair.result.p).toBe(direct.p);
    expect(pair.result.details['a_right_b_wrong']).toBe(direct.b);

    const without = await computeStatistics(holdout.results, { predictions: predictionsFromRunDir(path.join(holdout.dir, 'nowhere')) });
    for (const d of without.datasets) {
      for (const p of d.pairs) {
        expect(p.result.applicable).toBe(false);
        if (!p.result.applicable) expect(p.result.reason).toMatch(/not applicable: needs predictions/);
      }
    }
  });

  it("reads the reported (tuned) model's predictions when a search ran", async () => {
    const copy = copyRun('run-holdout');
    try {
      const load = predictionsFromRunDir(copy.dir);
      const plain = (await load('iris', 'knn'))!;
      const perfect = { test: { y_true: plain.y_true, y_pred: plain.y_true } };
      writeFileSync(path.join(copy.dir, 'iris', 'knn', 'tuned-predictions.json'), JSON.stringify(perfect));
      expect((await load('iris', 'knn'))!.y_pred).toEqual(plain.y_true);
      expect(await load('iris', 'no-such-algorithm')).toBeNull();
    } finally {
      copy.cleanup();
    }
  });

  it('counts a win or loss only when the paired test on that dataset is significant (Holm), else a tie, and rejects an unknown baseline', async () => {
    const stats = await computeStatistics(cv.results, { baseline: 'naive-bayes' });
    if (!stats.win_tie_loss.applicable) throw new Error('expected applicable');
    expect(stats.win_tie_loss.baseline).toBe('naive-bayes');
    expect(stats.win_tie_loss.rule).toMatch(/only when the paired test .* is significant/);
    let raw = 0;
    for (const row of stats.win_tie_loss.rows) {
      let wins = 0;
      let losses = 0;
      let ties = 0;
      for (const d of ['iris', 'wine', 'breast-cancer', 'digits', 'hostile']) {
        const s = (a: string) => cv.results.cells.find((c) => c.dataset === d && c.algorithm === a)?.metrics.test['accuracy'] ?? null;
        const [x, b] = [s(row.algorithm), s('naive-bayes')];
        if (x === null || b === null) continue;
        const pair = stats.datasets.find((c) => c.dataset === d)!.pairs.find((p) => [p.a, p.b].includes(row.algorithm) && [p.a, p.b].includes('naive-bayes'))!;
        const sig = pair.result.applicable && pair.result.p_holm < stats.alpha;
        if (x !== b) raw++;
        if (!sig || x === b) ties++;
        else if (x > b) wins++;
        else losses++;
      }
      expect([row.wins, row.ties, row.losses]).toEqual([wins, ties, losses]);
    }
    // The fixture has raw differences that are not significant: they must be ties now.
    const counted = stats.win_tie_loss.rows.reduce((s, r) => s + r.wins + r.losses, 0);
    expect(counted).toBeLessThan(raw);
    expect(stats.win_tie_loss.rows.map((r) => r.algorithm)).toEqual(['decision-tree', 'random-forest', 'knn']);
    await expect(computeStatistics(cv.results, { baseline: 'nave-bayes' })).rejects.toThrow(/did you mean 'naive-bayes'/);
  });

  it('tests on evaluation.scoring, not on the first metric', async () => {
    const stats = await computeStatistics({ ...cv.results, scoring: cv.results.metrics[1]! });
    expect(stats.metric).toBe(cv.results.metrics[1]);
    if (stats.friedman.applicable) expect(stats.friedman.metric).toBe(cv.results.metrics[1]);
  });

  it('adjusts p-values with Holm step-down', () => {
    expect(holmAdjust([0.01, 0.04, 0.03])).toEqual([0.03, 0.06, 0.06]);
    expect(holmAdjust([0.5, 0.9])).toEqual([1, 1]);
  });
});
