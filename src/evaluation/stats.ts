/**
 * Statistical comparison of classifiers, as the literature on comparing learners asks for
 * (Demšar 2006; Nadeau & Bengio 2003; McNemar 1947): Friedman with the Iman–Davenport correction
 * and the Nemenyi critical difference over several datasets, the corrected resampled t-test over
 * repeated cross-validation on one dataset, McNemar's test on one holdout, and win/tie/loss counts.
 * Each test says when it does not apply instead of returning a meaningless p-value.
 */

/** A test that could not be run meaningfully, and why. */
export interface NotApplicable {
  applicable: false;
  reason: string;
}

// ---------------------------------------------------------------------------------------------
// Special functions (Numerical Recipes / Cephes-style), for p-values without a stats dependency.

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos approximation, ~15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = 0.99999999999980993;
  const t = z + 7.5;
  for (let i = 0; i < LANCZOS.length; i++) a += LANCZOS[i]! / (z + i + 1);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Regularized lower incomplete gamma P(a, x). */
export function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 1000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
  }
  return 1 - gammaQContinuedFraction(a, x);
}

function gammaQContinuedFraction(a: number, x: number): number {
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/** Regularized incomplete beta I_x(a, b). */
export function betaI(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 1000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return h;
}

/** Survival function of the χ² distribution: P(X > x) with `df` degrees of freedom. */
export function chi2Sf(x: number, df: number): number {
  return x <= 0 ? 1 : 1 - gammaP(df / 2, x / 2);
}

/** Survival function of the F distribution: P(X > x). */
export function fSf(x: number, df1: number, df2: number): number {
  return x <= 0 ? 1 : betaI(df2 / 2, df1 / 2, df2 / (df2 + df1 * x));
}

/** Two-sided p-value of Student's t with `df` degrees of freedom. */
export function tTwoSided(t: number, df: number): number {
  return betaI(df / 2, 0.5, df / (df + t * t));
}

/** Standard normal CDF. */
export function normalCdf(z: number): number {
  return 0.5 * (1 + erf(z / Math.SQRT2));
}

/** The error function (Abramowitz–Stegun 7.1.26 refined through the incomplete gamma). */
export function erf(x: number): number {
  const v = gammaP(0.5, x * x);
  return x >= 0 ? v : -v;
}

/**
 * Quantile of the studentized range for `k` groups and infinite degrees of freedom (what the
 * Nemenyi test needs): solves P(range of k standard normals < q) = 1 - alpha by bisection over a
 * numerically integrated CDF.
 */
export function studentizedRangeQuantile(k: number, alpha: number): number {
  const steps = 1000;
  const lo = -8;
  const hi = 8;
  const h = (hi - lo) / steps;
  const density = Float64Array.from({ length: steps + 1 }, (_, i) => Math.exp(-((lo + i * h) ** 2) / 2) / Math.sqrt(2 * Math.PI));
  const cdfGrid = Float64Array.from({ length: steps + 1 }, (_, i) => normalCdf(lo + i * h));
  const cdf = (q: number): number => {
    // P(R < q) = k ∫ φ(z) [Φ(z) − Φ(z − q)]^(k−1) dz, Simpson's rule on [−8, 8].
    let sum = 0;
    for (let i = 0; i <= steps; i++) {
      const z = lo + i * h;
      const f = density[i]! * Math.pow(cdfGrid[i]! - normalCdf(z - q), k - 1);
      sum += f * (i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2);
    }
    return (k * sum * h) / 3;
  };
  let below = 0;
  let above = 10;
  for (let i = 0; i < 45; i++) {
    const mid = (below + above) / 2;
    if (cdf(mid) < 1 - alpha) below = mid;
    else above = mid;
  }
  return (below + above) / 2;
}

// ---------------------------------------------------------------------------------------------
// Ranks, Friedman, Nemenyi.

/**
 * Ranks of each row's scores (1 = best), ties sharing their average rank, as Demšar does.
 * @param scores rows = datasets, columns = algorithms.
 */
export function rankRows(scores: readonly (readonly number[])[], greaterIsBetter = true): number[][] {
  return scores.map((row) => {
    const order = row.map((v, j) => ({ v, j })).sort((a, b) => (greaterIsBetter ? b.v - a.v : a.v - b.v));
    const ranks = new Array<number>(row.length);
    let i = 0;
    while (i < order.length) {
      let j = i;
      while (j + 1 < order.length && order[j + 1]!.v === order[i]!.v) j++;
      const avg = (i + j) / 2 + 1;
      for (let t = i; t <= j; t++) ranks[order[t]!.j] = avg;
      i = j + 1;
    }
    return ranks;
  });
}

/** The Friedman test over N datasets × k algorithms, with Iman–Davenport's F and Nemenyi's CD. */
export interface FriedmanResult {
  applicable: true;
  n_datasets: number;
  n_algorithms: number;
  /** Average rank per algorithm (1 = best), in input order. */
  average_ranks: number[];
  chi2: number;
  chi2_p: number;
  iman_davenport_f: number;
  iman_davenport_p: number;
  df1: number;
  df2: number;
  alpha: number;
  /** Nemenyi critical difference of average ranks at `alpha`. */
  critical_difference: number;
  /** Pairs of algorithm indices whose average ranks differ by more than the CD. */
  significant_pairs: Array<[number, number]>;
}

/**
 * Friedman's test with the Iman–Davenport correction and the Nemenyi post-hoc critical difference.
 * Needs at least 3 datasets and 2 algorithms (fewer carry no evidence; the reason is returned).
 */
export function friedmanTest(scores: readonly (readonly number[])[], options: { alpha?: number; greaterIsBetter?: boolean } = {}): FriedmanResult | NotApplicable {
  const alpha = options.alpha ?? 0.05;
  const n = scores.length;
  const k = scores[0]?.length ?? 0;
  if (n < 3 || k < 2) {
    return { applicable: false, reason: `the Friedman test needs at least 3 datasets and 2 algorithms with results; this run has ${n} dataset${n === 1 ? '' : 's'} and ${k} algorithm${k === 1 ? '' : 's'}` };
  }
  if (scores.some((row) => row.length !== k || row.some((v) => !Number.isFinite(v)))) {
    return { applicable: false, reason: 'every algorithm needs a score on every dataset (a failed cell leaves a gap)' };
  }
  const ranks = rankRows(scores, options.greaterIsBetter ?? true);
  const avg = Array.from({ length: k }, (_, j) => ranks.reduce((s, r) => s + r[j]!, 0) / n);
  const sumSq = avg.reduce((s, r) => s + r * r, 0);
  const chi2 = ((12 * n) / (k * (k + 1))) * (sumSq - (k * (k + 1) ** 2) / 4);
  const df1 = k - 1;
  const df2 = (k - 1) * (n - 1);
  const denominator = n * (k - 1) - chi2;
  const ff = denominator <= 0 ? Infinity : ((n - 1) * chi2) / denominator;
  const cd = (studentizedRangeQuantile(k, alpha) / Math.SQRT2) * Math.sqrt((k * (k + 1)) / (6 * n));
  const pairs: Array<[number, number]> = [];
  for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) if (Math.abs(avg[a]! - avg[b]!) > cd) pairs.push([a, b]);
  return {
    applicable: true,
    n_datasets: n,
    n_algorithms: k,
    average_ranks: avg,
    chi2,
    chi2_p: chi2Sf(chi2, df1),
    iman_davenport_f: ff,
    iman_davenport_p: Number.isFinite(ff) ? fSf(ff, df1, df2) : 0,
    df1,
    df2,
    alpha,
    critical_difference: cd,
    significant_pairs: pairs,
  };
}

// ---------------------------------------------------------------------------------------------
// Pairwise tests on one dataset.

/** The corrected resampled t-test between two algorithms on the same folds. */
export interface CorrectedTTestResult {
  applicable: true;
  mean_difference: number;
  t: number;
  df: number;
  p: number;
}

/**
 * Nadeau & Bengio's corrected resampled t-test: the variance of the per-fold differences is
 * inflated by n_test/n_train to account for overlapping training sets. Needs ≥ 2 folds; meant for
 * repeated cross-validation (with a single k-fold it is still computed but has few df).
 */
export function correctedResampledTTest(
  a: readonly number[],
  b: readonly number[],
  nTrain: number,
  nTest: number,
): CorrectedTTestResult | NotApplicable {
  const j = a.length;
  if (j !== b.length) return { applicable: false, reason: 'the two algorithms were not scored on the same folds' };
  if (j < 2) return { applicable: false, reason: `the corrected t-test needs at least 2 folds; there ${j === 1 ? 'is 1' : `are ${j}`}` };
  const d = a.map((v, i) => v - b[i]!);
  const mean = d.reduce((s, v) => s + v, 0) / j;
  const variance = d.reduce((s, v) => s + (v - mean) ** 2, 0) / (j - 1);
  const se = Math.sqrt((1 / j + nTest / nTrain) * variance);
  if (se === 0) {
    return mean === 0
      ? { applicable: true, mean_difference: 0, t: 0, df: j - 1, p: 1 }
      : { applicable: false, reason: 'the per-fold differences are constant, so the t statistic is undefined' };
  }
  const t = mean / se;
  return { applicable: true, mean_difference: mean, t, df: j - 1, p: tTwoSided(t, j - 1) };
}

/** McNemar's test between two classifiers' predictions on the same test rows. */
export interface McNemarResult {
  applicable: true;
  /** Rows the first got right and the second wrong. */
  b: number;
  /** Rows the first got wrong and the second right. */
  c: number;
  statistic: number;
  p: number;
  /** `exact` (binomial, when b + c < 25) or `chi2` (with continuity correction). */
  method: 'exact' | 'chi2';
}

/** McNemar's test on one holdout: exact binomial for few discordant rows, else χ² with continuity correction. */
export function mcnemarTest(correctA: ArrayLike<boolean>, correctB: ArrayLike<boolean>): McNemarResult | NotApplicable {
  if (correctA.length !== correctB.length) return { applicable: false, reason: 'the two algorithms were not scored on the same rows' };
  let b = 0;
  let c = 0;
  for (let i = 0; i < correctA.length; i++) {
    if (correctA[i] && !correctB[i]) b++;
    else if (!correctA[i] && correctB[i]) c++;
  }
  const n = b + c;
  if (n === 0) return { applicable: true, b, c, statistic: 0, p: 1, method: 'exact' };
  if (n < 25) {
    // Two-sided exact binomial test with p = 1/2: P = min(1, 2 · P(X ≤ min(b, c))).
    const m = Math.min(b, c);
    let tail = 0;
    for (let i = 0; i <= m; i++) tail += Math.exp(logGamma(n + 1) - logGamma(i + 1) - logGamma(n - i + 1) - n * Math.LN2);
    return { applicable: true, b, c, statistic: m, p: Math.min(1, 2 * tail), method: 'exact' };
  }
  const statistic = (Math.abs(b - c) - 1) ** 2 / n;
  return { applicable: true, b, c, statistic, p: chi2Sf(statistic, 1), method: 'chi2' };
}

/** Wins, ties and losses of each algorithm against a baseline, over datasets. */
export interface WinTieLoss {
  algorithm: string;
  wins: number;
  ties: number;
  losses: number;
}

/**
 * Counts, per algorithm, the datasets where it beats, ties or loses to `baseline` on the mean
 * score; differences within `tolerance` count as ties. With `significant`, as the Weka
 * Experimenter does, a difference counts as a win or loss only when the paired test on that
 * dataset says it is significant; otherwise it is a tie.
 */
export function winTieLoss(
  scores: ReadonlyMap<string, ReadonlyMap<string, number>>,
  baseline: string,
  options: { tolerance?: number; greaterIsBetter?: boolean; significant?: (dataset: string, algorithm: string) => boolean } = {},
): WinTieLoss[] {
  const tolerance = options.tolerance ?? 1e-9;
  const sign = options.greaterIsBetter === false ? -1 : 1;
  const algorithms = new Set<string>();
  for (const row of scores.values()) for (const a of row.keys()) algorithms.add(a);
  algorithms.delete(baseline);
  return [...algorithms].map((algorithm) => {
    const out: WinTieLoss = { algorithm, wins: 0, ties: 0, losses: 0 };
    for (const [dataset, row] of scores) {
      const base = row.get(baseline);
      const other = row.get(algorithm);
      if (base === undefined || other === undefined || !Number.isFinite(base) || !Number.isFinite(other)) continue;
      const diff = sign * (other - base);
      if (Math.abs(diff) <= tolerance || (options.significant !== undefined && !options.significant(dataset, algorithm))) out.ties++;
      else if (diff > 0) out.wins++;
      else out.losses++;
    }
    return out;
  });
}
