/**
 * The classification report: per-class precision, recall, F1 and support plus their averages, as
 * scikit-learn 1.2's `classification_report(output_dict=True)` with `zero_division=0`.
 */
import type { Label } from '../core/index.js';
import { SweepError } from '../core/index.js';
import { uniqueLabels } from './labels.js';
import { averagedScores, countLabels, perLabelScores } from './metrics/prf.js';

/** Scores of one class. */
export interface ClassReport {
  label: Label;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** An averaged row (`macro avg`, `weighted avg`, `micro avg`); support is the sum over the reported classes. */
export interface AverageReport {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** What `classificationReport` returns; keys follow scikit-learn's dict with `_` for spaces. */
export interface ClassificationReport {
  /** One entry per reported label, in label order. */
  classes: ClassReport[];
  /** Accuracy, when the reported labels are exactly those present (else `null`, see `micro_avg`). */
  accuracy: number | null;
  /** Micro averages, reported instead of accuracy when `labels` leave out or add classes. */
  micro_avg: AverageReport | null;
  macro_avg: AverageReport;
  weighted_avg: AverageReport;
}

/**
 * Per-class and averaged precision / recall / F1 / support. Without `labels`, the sorted union of
 * true and predicted labels. With `labels` (their order kept) that differ as a set from the labels
 * present, scikit-learn reports a micro average instead of accuracy; so does this.
 */
export function classificationReport(yTrue: readonly Label[], yPred: readonly Label[], labels?: readonly Label[]): ClassificationReport {
  if (yTrue.length !== yPred.length) {
    throw new SweepError('SWEEP_METRIC_INVALID', `y_true has ${yTrue.length} labels but y_pred has ${yPred.length}`);
  }
  if (yTrue.length === 0) throw new SweepError('SWEEP_METRIC_INVALID', 'classification report: no rows to score');
  const present = uniqueLabels(yTrue, yPred);
  const reported = labels === undefined ? present : [...labels];
  const presentSet = new Set(present);
  const reportedSet = new Set(reported);
  const microIsAccuracy = reportedSet.size === presentSet.size && [...reportedSet].every((l) => presentSet.has(l));
  const counts = countLabels(yTrue, yPred, reported);
  const per = perLabelScores(counts);
  const support = per.support.reduce((a, b) => a + b, 0);
  const average = (kind: 'micro' | 'macro' | 'weighted'): AverageReport => ({ ...averagedScores(counts, kind), support });
  const micro = average('micro');
  return {
    classes: reported.map((label, i) => ({ label, precision: per.precision[i]!, recall: per.recall[i]!, f1: per.f1[i]!, support: per.support[i]! })),
    accuracy: microIsAccuracy ? micro.precision : null,
    micro_avg: microIsAccuracy ? null : micro,
    macro_avg: average('macro'),
    weighted_avg: average('weighted'),
  };
}
