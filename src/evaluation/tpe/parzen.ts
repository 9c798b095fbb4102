/**
 * Optuna 3.1's `_ParzenEstimator`: a mixture with one kernel per observation plus a prior kernel,
 * weighted by `defaultWeights`; truncated normals for numbers (in log space for `log` params, as a
 * discretized mass for integers) and smoothed one-hot weights for categories. Bandwidths follow
 * Optuna's rules: univariate neighbour distances with the prior among the points and the
 * endpoints not considered, or Scott-like `0.2 n^(-1/(d+4))` of the range when multivariate; then
 * the "magic clip" to `[range / min(100, 1 + n_kernels), range]`; the prior kernel sits at the
 * middle with the whole range as its sigma.
 */
import type { Random } from '../../core/index.js';
import { truncnormLogPdf, truncnormPpf, logGaussMass } from './truncnorm.js';

/** One hyperparameter's domain, as Optuna's Float/Int/CategoricalDistribution. `high` is inclusive. */
export type Domain =
  | { kind: 'float'; low: number; high: number; log: boolean }
  | { kind: 'int'; low: number; high: number; log: boolean }
  | { kind: 'categorical'; choices: number };

const SIGMA0_MAGNITUDE = 0.2;
const PRIOR_WEIGHT = 1;

/** Optuna's `default_gamma`: how many of `n` trials are "below" (good). */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/** Optuna's `default_weights`: 1 for the 25 newest observations, a linear ramp from 1/n below them. */
export function defaultWeights(n: number): number[] {
  if (n === 0) return [];
  if (n < 25) return new Array<number>(n).fill(1);
  const m = n - 25;
  const ramp = Array.from({ length: m }, (_, i) => (m === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (m - 1)));
  return [...ramp, ...new Array<number>(25).fill(1)];
}

/** numpy's `round` (half to even). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The Parzen bounds (internal, possibly log) and the integer step of a numeric domain. */
function parzenBounds(d: Exclude<Domain, { kind: 'categorical' }>): { low: number; high: number; q: number | null } {
  if (d.kind === 'float') return d.log ? { low: Math.log(d.low), high: Math.log(d.high), q: null } : { low: d.low, high: d.high, q: null };
  return d.log ? { low: Math.log(d.low - 0.5), high: Math.log(d.high + 0.5), q: null } : { low: d.low - 0.5, high: d.high + 0.5, q: 1 };
}

type Kernel =
  | { kind: 'numeric'; low: number; high: number; q: number | null; mus: number[]; sigmas: number[] }
  | { kind: 'categorical'; weights: number[][] };

/** A mixture over the params of `domains`, from observations (internal representation: category index, raw number). */
export class ParzenEstimator {
  readonly weights: number[];
  private readonly kernels: Kernel[];

  /**
   * @param domains the params, in order
   * @param observations one array per param (same order), all of one length
   */
  constructor(
    private readonly domains: readonly Domain[],
    observations: ReadonlyArray<readonly number[]>,
    multivariate: boolean,
  ) {
    const n = observations[0]?.length ?? 0;
    const w = defaultWeights(n);
    const weights = [...w, PRIOR_WEIGHT];
    const total = weights.reduce((s, v) => s + v, 0);
    this.weights = weights.map((v) => v / total);
    const sigma0 = multivariate ? SIGMA0_MAGNITUDE * Math.max(n, 1) ** (-1 / (domains.length + 4)) : null;
    this.kernels = domains.map((d, k) => {
      const obs = observations[k]!;
      if (d.kind === 'categorical') {
        const value = PRIOR_WEIGHT / (n + 1);
        const rows = Array.from({ length: n + 1 }, () => new Array<number>(d.choices).fill(value));
        obs.forEach((c, i) => (rows[i]![c]! += 1));
        for (const row of rows) {
          const s = row.reduce((a, b) => a + b, 0);
          for (let j = 0; j < row.length; j++) row[j]! /= s;
        }
        return { kind: 'categorical', weights: rows };
      }
      const { low, high, q } = parzenBounds(d);
      const mus = [...obs.map((x) => (d.log ? Math.log(x) : x)), 0.5 * (low + high)];
      let sigmas: number[];
      if (sigma0 !== null) sigmas = mus.map(() => sigma0 * (high - low));
      else {
        const order = mus.map((_, i) => i).sort((a, b) => mus[a]! - mus[b]! || a - b);
        const ends = [low, ...order.map((i) => mus[i]!), high];
        const sorted = order.map((_, j) => Math.max(ends[j + 1]! - ends[j]!, ends[j + 2]! - ends[j + 1]!));
        if (ends.length >= 4) {
          sorted[0] = ends[2]! - ends[1]!;
          sorted[sorted.length - 1] = ends[ends.length - 2]! - ends[ends.length - 3]!;
        }
        sigmas = new Array<number>(mus.length);
        order.forEach((i, j) => (sigmas[i] = sorted[j]!));
      }
      const maxSigma = high - low;
      const minSigma = (high - low) / Math.min(100, 1 + mus.length);
      sigmas = sigmas.map((s) => Math.min(maxSigma, Math.max(minSigma, s)));
      sigmas[n] = high - low;
      return { kind: 'numeric', low, high, q, mus, sigmas };
    });
  }

  /** `size` draws: a kernel by weight, then each param from that kernel; values in the external representation. */
  sample(rng: Random, size: number): number[][] {
    const cdf: number[] = [];
    this.weights.reduce((s, w, i) => (cdf[i] = s + w), 0);
    const active = Array.from({ length: size }, () => {
      const u = rng.random() * cdf[cdf.length - 1]!;
      const i = cdf.findIndex((c) => c > u);
      return i < 0 ? cdf.length - 1 : i;
    });
    return this.kernels.map((kernel, k) => {
      const d = this.domains[k]!;
      return active.map((a) => {
        if (kernel.kind === 'categorical') {
          const u = rng.random();
          let c = 0;
          let cum = 0;
          const row = kernel.weights[a]!;
          for (let j = 0; j < row.length - 1; j++) {
            cum += row[j]!;
            if (cum < u) c = j + 1;
          }
          return c;
        }
        const mu = kernel.mus[a]!;
        const sigma = kernel.sigmas[a]!;
        const x = truncnormPpf(rng.random(), (kernel.low - mu) / sigma, (kernel.high - mu) / sigma) * sigma + mu;
        return fromInternal(d, x);
      });
    });
  }

  /** log density of each sample (`samples[k][i]`: param k of sample i, external representation). */
  logPdf(samples: ReadonlyArray<readonly number[]>): number[] {
    const nSamples = samples[0]?.length ?? 0;
    const out: number[] = [];
    const logW = this.weights.map(Math.log);
    for (let i = 0; i < nSamples; i++) {
      const comp = logW.slice();
      this.kernels.forEach((kernel, k) => {
        const d = this.domains[k]!;
        const raw = samples[k]![i]!;
        for (let j = 0; j < comp.length; j++) {
          if (kernel.kind === 'categorical') {
            comp[j]! += Math.log(kernel.weights[j]![raw]!);
            continue;
          }
          const x = d.kind !== 'categorical' && d.log ? Math.log(raw) : raw;
          const mu = kernel.mus[j]!;
          const sigma = kernel.sigmas[j]!;
          const a = (kernel.low - mu) / sigma;
          const b = (kernel.high - mu) / sigma;
          if (kernel.q === null) comp[j]! += truncnormLogPdf(x, a, b, mu, sigma);
          else {
            const upper = Math.min(x + kernel.q / 2, kernel.high);
            const lower = Math.max(x - kernel.q / 2, kernel.low);
            comp[j]! += logGaussMass((lower - mu) / sigma, (upper - mu) / sigma) - logGaussMass(a, b);
          }
        }
      });
      const max = Math.max(...comp);
      out.push(max === -Infinity ? -Infinity : max + Math.log(comp.reduce((s, v) => s + Math.exp(v - max), 0)));
    }
    return out;
  }
}

/** From the Parzen (internal) scale back to a value of the domain: exp for log, rounded and clipped for integers. */
function fromInternal(d: Domain, x: number): number {
  if (d.kind === 'float') return d.log ? Math.exp(x) : x;
  if (d.kind === 'int') {
    const v = d.log ? roundHalfEven(Math.exp(x)) : roundHalfEven(x - d.low) + d.low;
    return Math.min(d.high, Math.max(d.low, v));
  }
  return x;
}

/** A uniform draw from a domain as Optuna's `RandomSampler` (integers: uniform on [low-0.5, high+0.5], rounded). */
export function sampleUniform(d: Domain, rng: Random): number {
  if (d.kind === 'categorical') return rng.randint(d.choices);
  const { low, high } = d.kind === 'float' ? (d.log ? { low: Math.log(d.low), high: Math.log(d.high) } : d) : d.log ? { low: Math.log(d.low - 0.5), high: Math.log(d.high + 0.5) } : { low: d.low - 0.5, high: d.high + 0.5 };
  return fromInternal(d, low + (high - low) * rng.random());
}
