/**
 * Confusion matrices in scikit-learn's orientation (rows: true labels, columns: predicted labels),
 * counted by the `ml-confusion-matrix` package.
 */
import { ConfusionMatrix } from 'ml-confusion-matrix';
import { SweepError, type Label } from '../core/index.js';
import { uniqueLabels } from './labels.js';

/** A confusion matrix: `matrix[i][j]` counts samples of true label `labels[i]` predicted as `labels[j]`. */
export interface ConfusionResult {
  labels: Label[];
  matrix: number[][];
}

/** How `normalizeConfusion` divides: by true-label rows, by predicted-label columns, or by the total. */
export type ConfusionNormalization = 'true' | 'pred' | 'all';

/** Throws unless `yTrue` and `yPred` have the same length. */
export function checkSameLength(yTrue: readonly Label[], yPred: readonly Label[], what = 'y_pred'): void {
  if (yTrue.length !== yPred.length) {
    throw new SweepError('SWEEP_METRIC_INVALID', `y_true has ${yTrue.length} labels but ${what} has ${yPred.length}`, {
      hint: 'score predictions made for the same rows as the true labels',
    });
  }
}

/**
 * Counts a confusion matrix as scikit-learn's `confusion_matrix(y_true, y_pred, labels=labels)`.
 * Without `labels`, the sorted union of both label arrays; with them, their order, and samples whose
 * true or predicted label is not listed are left out.
 */
export function confusionMatrix(yTrue: readonly Label[], yPred: readonly Label[], labels?: readonly Label[]): ConfusionResult {
  checkSameLength(yTrue, yPred);
  if (labels !== undefined) {
    if (new Set(labels).size !== labels.length) {
      throw new SweepError('SWEEP_METRIC_INVALID', `labels contain duplicates: ${labels.join(', ')}`);
    }
    const listed = new Set(labels);
    if (labels.length === 0 || !yTrue.some((label) => listed.has(label))) {
      throw new SweepError('SWEEP_METRIC_INVALID', 'at least one label given must occur in y_true', {
        hint: `labels given: ${labels.join(', ') || '(none)'}`,
      });
    }
  }
  const order = labels === undefined ? uniqueLabels(yTrue, yPred) : [...labels];
  const cm = ConfusionMatrix.fromLabels<Label>([...yTrue], [...yPred], { labels: order });
  return { labels: cm.getLabels().slice(), matrix: cm.getMatrix().map((row) => row.slice()) };
}

/**
 * Divides a confusion matrix by its row sums (`'true'`), column sums (`'pred'`) or total (`'all'`);
 * a zero sum gives zeros, as scikit-learn's `normalize=` does.
 */
export function normalizeConfusion(cm: ConfusionResult, normalize: ConfusionNormalization): ConfusionResult {
  const k = cm.labels.length;
  const rowSums = cm.matrix.map((row) => row.reduce((a, b) => a + b, 0));
  const colSums = Array.from({ length: k }, (_, j) => cm.matrix.reduce((a, row) => a + row[j]!, 0));
  const total = rowSums.reduce((a, b) => a + b, 0);
  const matrix = cm.matrix.map((row, i) =>
    row.map((v, j) => {
      const d = normalize === 'true' ? rowSums[i]! : normalize === 'pred' ? colSums[j]! : total;
      return d === 0 ? 0 : v / d;
    }),
  );
  return { labels: cm.labels.slice(), matrix };
}
