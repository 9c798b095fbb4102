/**
 * The truncated normal distribution as Optuna's TPE uses it (`optuna/samplers/_tpe/_truncnorm.py`):
 * log-space CDF, the log of a Gaussian mass between two points, sampling by inverting the CDF with
 * a 100-step bisection on `logNdtr`, and the log density. Standardized bounds `a`, `b` are
 * `(low - mu) / sigma`, `(high - mu) / sigma`.
 */

const SQRT2 = Math.SQRT2;
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** erf(x) for |x| < 3 by its everywhere-positive series `2/√π e^{-x²} Σ 2ⁿ x^{2n+1} / (2n+1)!!` (no cancellation). */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/** log(erfc(x)) + x² for x ≥ 3, by the continued fraction `1/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …))))` (modified Lentz). */
function logScaledErfcCf(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const an = n / 2;
    d = x + an * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = x + an / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return -0.5 * Math.log(Math.PI) - Math.log(f);
}

/** erfc(x) for any x, accurate to a few ulps in relative terms where it matters (both tails). */
export function erfc(x: number): number {
  if (x < -3) return 2 - Math.exp(logScaledErfcCf(-x) - x * x);
  if (x < 3) return 1 - erfSeries(x);
  return Math.exp(logScaledErfcCf(x) - x * x);
}

/** The standard normal CDF Φ(a). */
export function ndtr(a: number): number {
  return 0.5 * erfc(-a / SQRT2);
}

/** log Φ(a), finite far into the lower tail (Optuna's `_log_ndtr`). */
export function logNdtr(a: number): number {
  if (a > 6) return -ndtr(-a); // log(1 - ε) ≈ -ε
  const x = -a / SQRT2;
  if (x >= 3) return Math.log(0.5) + logScaledErfcCf(x) - x * x;
  return Math.log(ndtr(a));
}

function logDiff(logP: number, logQ: number): number {
  return logP + Math.log1p(-Math.exp(logQ - logP));
}

function logSum(logP: number, logQ: number): number {
  const m = Math.max(logP, logQ);
  if (m === -Infinity) return -Infinity;
  return m + Math.log(Math.exp(logP - m) + Math.exp(logQ - m));
}

/** log of the standard normal mass on [a, b] (Optuna's `_log_gauss_mass`). */
export function logGaussMass(a: number, b: number): number {
  if (b <= 0) return logDiff(logNdtr(b), logNdtr(a));
  if (a > 0) return logDiff(logNdtr(-a), logNdtr(-b));
  return Math.log1p(-ndtr(a) - ndtr(-b));
}

/** The x with log Φ(x) = y, by 100 bisection steps on [-100, 100] (Optuna's `_ndtri_exp`). */
function ndtriExp(y: number): number {
  let lo = -100;
  let hi = 100;
  let m = 0;
  for (let i = 0; i < 100; i++) {
    m = (lo + hi) / 2;
    if (logNdtr(m) < y) lo = m;
    else hi = m;
  }
  return m;
}

/** The quantile `q` of the standard normal truncated to [a, b] (Optuna's `ppf`). */
export function truncnormPpf(q: number, a: number, b: number): number {
  if (a === b) return NaN;
  if (q === 0) return a;
  if (q === 1) return b;
  if (a < 0) return ndtriExp(logSum(logNdtr(a), Math.log(q) + logGaussMass(a, b)));
  return -ndtriExp(logSum(logNdtr(-b), Math.log1p(-q) + logGaussMass(a, b)));
}

/** log density at `x` of N(loc, scale²) truncated to standardized bounds [a, b] (Optuna's `logpdf`). */
export function truncnormLogPdf(x: number, a: number, b: number, loc: number, scale: number): number {
  const z = (x - loc) / scale;
  if (a === b) return NaN;
  if (z < a || z > b) return -Infinity;
  return -(z * z) / 2 - LOG_SQRT_2PI - logGaussMass(a, b);
}
