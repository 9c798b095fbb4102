/**
 * Log loss (cross-entropy of the predicted probabilities), as scikit-learn 1.2's `log_loss` behind
 * the `neg_log_loss` scorer, reported as a positive loss.
 */
import type { MetricInput, MetricSpec } from '../metrics.js';
import { checkProba } from './ranking.js';

/** Float64 machine epsilon: scikit-learn 1.2 clips probabilities to `[eps, 1 - eps]` (`eps='auto'`). */
const EPS = 2.220446049250313e-16;

function clip(p: number): number {
  return Math.min(Math.max(p, EPS), 1 - EPS);
}

/**
 * Mean negative log-likelihood of the true classes. Probabilities are clipped to `[eps, 1-eps]`
 * and each row renormalized, as scikit-learn; with two classes only the `classes[1]` column is
 * used (the scorer passes `proba[:, 1]` and `log_loss` rebuilds `1 - p`).
 */
export function logLoss(input: MetricInput): number {
  const { proba, codes } = checkProba('log_loss', input);
  const c = proba.cols;
  let total = 0;
  for (let i = 0; i < codes.length; i++) {
    const t = codes[i]!;
    let pTrue: number;
    if (c === 2) {
      const p1 = clip(proba.data[i * 2 + 1]!);
      const p0 = 1 - p1;
      const sum = p0 + p1;
      pTrue = (t === 1 ? p1 : p0) / sum;
    } else {
      let sum = 0;
      for (let j = 0; j < c; j++) sum += clip(proba.data[i * c + j]!);
      pTrue = clip(proba.data[i * c + t]!) / sum;
    }
    total += -Math.log(pTrue);
  }
  return total / codes.length;
}

/** The probability-loss metrics. */
export const logLossMetrics: MetricSpec[] = [
  {
    name: 'log_loss',
    summary: 'Mean negative log-likelihood of the true class (clipped to [eps, 1-eps]); lower is better.',
    needsProba: true,
    greaterIsBetter: false,
    compute: logLoss,
  },
];
