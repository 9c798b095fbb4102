/**
 * Metrics computed from predicted labels alone: accuracy, balanced accuracy, precision / recall /
 * F1 (macro, micro, weighted), Matthews correlation and Cohen's kappa, as scikit-learn 1.2.
 */
import { SweepError, type Label } from '../../core/index.js';
import { confusionMatrix } from '../confusion.js';
import { uniqueLabels } from '../labels.js';
import type { MetricInput, MetricSpec } from '../metrics.js';
import { averagedScores, countLabels, type Average } from './prf.js';

/** Throws unless there is at least one row and the label arrays agree in length. */
export function checkLabels(name: string, yTrue: readonly Label[], yPred: readonly Label[]): void {
  if (yTrue.length !== yPred.length) {
    throw new SweepError('SWEEP_METRIC_INVALID', `${name}: y_true has ${yTrue.length} labels but y_pred has ${yPred.length}`);
  }
  if (yTrue.length === 0) throw new SweepError('SWEEP_METRIC_INVALID', `${name}: no rows to score`, { hint: 'check the test split is not empty' });
}

/** Fraction of rows predicted exactly (`accuracy_score`). */
export function accuracyScore(yTrue: readonly Label[], yPred: readonly Label[]): number {
  checkLabels('accuracy', yTrue, yPred);
  let hits = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hits++;
  return hits / yTrue.length;
}

/**
 * Mean recall over the classes present in `yTrue` (`balanced_accuracy_score`): classes that only
 * occur among the predictions have no recall and are left out, as scikit-learn does.
 */
export function balancedAccuracyScore(yTrue: readonly Label[], yPred: readonly Label[]): number {
  checkLabels('balanced_accuracy', yTrue, yPred);
  const { matrix } = confusionMatrix(yTrue, yPred);
  let sum = 0;
  let count = 0;
  matrix.forEach((row, i) => {
    const support = row.reduce((a, b) => a + b, 0);
    if (support > 0) {
      sum += row[i]! / support;
      count++;
    }
  });
  return sum / count;
}

/** Matthews correlation coefficient, multiclass form (`matthews_corrcoef`); 0 when undefined. */
export function matthewsCorrcoef(yTrue: readonly Label[], yPred: readonly Label[]): number {
  checkLabels('matthews_corrcoef', yTrue, yPred);
  const { matrix } = confusionMatrix(yTrue, yPred);
  const k = matrix.length;
  const tSum = matrix.map((row) => row.reduce((a, b) => a + b, 0));
  const pSum = Array.from({ length: k }, (_, j) => matrix.reduce((a, row) => a + row[j]!, 0));
  let correct = 0;
  for (let i = 0; i < k; i++) correct += matrix[i]![i]!;
  const n = pSum.reduce((a, b) => a + b, 0);
  const dot = (a: number[], b: number[]): number => a.reduce((s, v, i) => s + v * b[i]!, 0);
  const covYtYp = correct * n - dot(tSum, pSum);
  const covYpYp = n * n - dot(pSum, pSum);
  const covYtYt = n * n - dot(tSum, tSum);
  if (covYpYp * covYtYt === 0) return 0;
  return covYtYp / Math.sqrt(covYtYt * covYpYp);
}

/**
 * Cohen's kappa between true and predicted labels, unweighted (`cohen_kappa_score`). `NaN` when
 * both agree on a single label everywhere (0/0), as scikit-learn.
 */
export function cohenKappaScore(yTrue: readonly Label[], yPred: readonly Label[]): number {
  checkLabels('cohen_kappa', yTrue, yPred);
  const { matrix } = confusionMatrix(yTrue, yPred);
  const k = matrix.length;
  const sum0 = Array.from({ length: k }, (_, j) => matrix.reduce((a, row) => a + row[j]!, 0));
  const sum1 = matrix.map((row) => row.reduce((a, b) => a + b, 0));
  const total = sum0.reduce((a, b) => a + b, 0);
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      if (i === j) continue;
      observed += matrix[i]![j]!;
      expected += (sum0[i]! * sum1[j]!) / total;
    }
  }
  return 1 - observed / expected;
}

/** Precision, recall or F1 averaged over the sorted union of true and predicted labels. */
export function prfScore(yTrue: readonly Label[], yPred: readonly Label[], score: 'precision' | 'recall' | 'f1', average: Average): number {
  checkLabels(`${score}_${average}`, yTrue, yPred);
  return averagedScores(countLabels(yTrue, yPred, uniqueLabels(yTrue, yPred)), average)[score];
}

function labelMetric(name: string, summary: string, fn: (yTrue: readonly Label[], yPred: readonly Label[]) => number): MetricSpec {
  return { name, summary, needsProba: false, greaterIsBetter: true, compute: (input: MetricInput) => fn(input.yTrue, input.yPred) };
}

const AVERAGE_TEXT: Record<Average, string> = {
  macro: 'unweighted mean over labels',
  micro: 'from total counts over labels',
  weighted: 'mean over labels weighted by support',
};
const SCORE_TEXT = { precision: 'Precision', recall: 'Recall', f1: 'F1 score' } as const;

/** The label-based metrics, in the order `sweep list metrics` shows them. */
export const classificationMetrics: MetricSpec[] = [
  labelMetric('accuracy', 'Fraction of rows predicted correctly.', accuracyScore),
  labelMetric('balanced_accuracy', 'Mean per-class recall over the classes present in y_true.', balancedAccuracyScore),
  ...(['macro', 'micro', 'weighted'] as const).flatMap((average) =>
    (['precision', 'recall', 'f1'] as const).map((score) =>
      labelMetric(
        `${score}_${average}`,
        `${SCORE_TEXT[score]}, ${AVERAGE_TEXT[average]} (labels: union of y_true and y_pred; 0 when undefined).`,
        (yTrue, yPred) => prfScore(yTrue, yPred, score, average),
      ),
    ),
  ),
  labelMetric('matthews_corrcoef', 'Matthews correlation coefficient (multiclass form; 0 when undefined).', matthewsCorrcoef),
  labelMetric('cohen_kappa', "Cohen's kappa between true and predicted labels (unweighted).", cohenKappaScore),
];
