import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  chi2Sf,
  correctedResampledTTest,
  fSf,
  friedmanTest,
  mcnemarTest,
  rankRows,
  studentizedRangeQuantile,
  tTwoSided,
  winTieLoss,
} from '../../src/evaluation/stats.js';

// Reference values from scipy 1.10 (test/fixtures/make/evaluation_stats.py).
const ref = JSON.parse(readFileSync(new URL('../fixtures/evaluation/stats.json', import.meta.url), 'utf8'));

describe('distribution functions match scipy', () => {
  it('χ², F and t tails', () => {
    for (const [x, df, p] of ref.chi2_sf) expect(chi2Sf(x, df)).toBeCloseTo(p, 12);
    for (const [x, a, b, p] of ref.f_sf) expect(fSf(x, a, b)).toBeCloseTo(p, 12);
    for (const [t, df, p] of ref.t_two_sided) expect(tTwoSided(t, df)).toBeCloseTo(p, 12);
  });

  it("Nemenyi's q_α (studentized range / √2) matches scipy and Demšar's Table 5", () => {
    for (const alpha of ['0.05', '0.1']) {
      for (const [k, q] of ref.nemenyi_q[alpha]) expect(studentizedRangeQuantile(k, Number(alpha)) / Math.SQRT2).toBeCloseTo(q, 4);
    }
    // Demšar (2006), Table 5(a), α = 0.05: k = 2..10.
    const demsar = [1.96, 2.343, 2.569, 2.728, 2.85, 2.949, 3.031, 3.102, 3.164];
    // The table is printed to 3 decimals (truncated), so agree within 0.001.
    demsar.forEach((q, i) => expect(Math.abs(studentizedRangeQuantile(i + 2, 0.05) / Math.SQRT2 - q)).toBeLessThan(1e-3));
  });
});

describe('friedmanTest', () => {
  it('matches the reference ranks, statistic, Iman–Davenport F and p-values', () => {
    const f = ref.friedman;
    const r = friedmanTest(f.scores);
    if (!r.applicable) throw new Error(r.reason);
    r.average_ranks.forEach((v, i) => expect(v).toBeCloseTo(f.average_ranks[i], 12));
    expect(r.chi2).toBeCloseTo(f.chi2_no_tie_correction, 10);
    expect(r.chi2_p).toBeCloseTo(f.chi2_p, 10);
    expect(r.iman_davenport_f).toBeCloseTo(f.iman_davenport_f, 10);
    expect(r.iman_davenport_p).toBeCloseTo(f.iman_davenport_p, 10);
  });

  it("reproduces Demšar's critical difference for k = 4, N = 14 (CD = 1.25 at α = 0.05)", () => {
    const scores = Array.from({ length: 14 }, (_, i) => [0.5 + i / 100, 0.6, 0.55, 0.7 - i / 200]);
    const r = friedmanTest(scores);
    if (!r.applicable) throw new Error(r.reason);
    expect(r.critical_difference).toBeCloseTo(1.2536, 3);
  });

  it('says why it does not apply with fewer than 3 datasets', () => {
    const r = friedmanTest([[0.9, 0.8], [0.7, 0.75]]);
    expect(r.applicable).toBe(false);
    if (!r.applicable) expect(r.reason).toMatch(/at least 3 datasets.*2 datasets/);
  });

  it('averages tied ranks', () => {
    expect(rankRows([[0.9, 0.8, 0.9]])).toEqual([[1.5, 3, 1.5]]);
    expect(rankRows([[0.1, 0.3, 0.2]], false)).toEqual([[1, 3, 2]]);
  });
});

describe('pairwise tests', () => {
  it('corrected resampled t-test matches the reference', () => {
    const c = ref.corrected_t;
    const r = correctedResampledTTest(c.a, c.b, c.n_train, c.n_test);
    if (!r.applicable) throw new Error(r.reason);
    expect(r.t).toBeCloseTo(c.t, 10);
    expect(r.p).toBeCloseTo(c.p, 10);
    expect(correctedResampledTTest([0.9], [0.8], 90, 10).applicable).toBe(false);
  });

  it('McNemar: χ² with continuity correction, and exact for few discordant rows', () => {
    for (const m of ref.mcnemar) {
      const a: boolean[] = [];
      const b: boolean[] = [];
      for (let i = 0; i < m.b; i++) a.push(true), b.push(false);
      for (let i = 0; i < m.c; i++) a.push(false), b.push(true);
      for (let i = 0; i < 50; i++) a.push(true), b.push(true);
      const r = mcnemarTest(a, b);
      if (!r.applicable) throw new Error(r.reason);
      expect(r.method).toBe(m.method);
      expect(r.statistic).toBeCloseTo(m.statistic, 12);
      expect(r.p).toBeCloseTo(m.p, 12);
    }
  });

  it('win/tie/loss against a baseline', () => {
    const scores = new Map([
      ['d1', new Map([['base', 0.8], ['a', 0.9], ['b', 0.8]])],
      ['d2', new Map([['base', 0.8], ['a', 0.7], ['b', 0.85]])],
      ['d3', new Map([['base', 0.8], ['a', 0.81], ['b', 0.8]])],
    ]);
    expect(winTieLoss(scores, 'base')).toEqual([
      { algorithm: 'a', wins: 2, ties: 0, losses: 1 },
      { algorithm: 'b', wins: 1, ties: 2, losses: 0 },
    ]);
  });
});
