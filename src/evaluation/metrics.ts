/**
 * The metric registry. Every metric matches scikit-learn 1.2's scorer of the same name (same
 * formula, `zero_division=0`), checked against stored scikit-learn values in the tests.
 */
import { Registry, type Label, type Matrix } from '../core/index.js';
import { classificationMetrics } from './metrics/classification.js';
import { logLossMetrics } from './metrics/log-loss.js';
import { rankingMetrics } from './metrics/ranking.js';

/** What a metric is computed from. */
export interface MetricInput {
  /** True labels of the scored rows. */
  yTrue: readonly Label[];
  /** Predicted labels, one per row. */
  yPred: readonly Label[];
  /** The estimator's `classes_` (sorted); the columns of `proba` follow this order. */
  classes: readonly Label[];
  /** Class probabilities, `rows = yTrue.length`, `cols = classes.length`; needed when `needsProba`. */
  proba?: Matrix;
}

/**
 * One metric, registered under its scikit-learn scorer name.
 *
 * Label-based metrics use the sorted union of `yTrue` and `yPred` as the label set (scikit-learn's
 * default when no `labels=` is passed), so a class of `classes` that appears in neither does not
 * count in a macro average. Probability metrics use `classes` as the proba columns (as if
 * `labels=classes` were passed); see each metric's summary.
 *
 * @example
 * const f1 = metrics.get('f1_macro');
 * f1.compute({ yTrue: ['a', 'b', 'b'], yPred: ['a', 'b', 'a'], classes: ['a', 'b'] }); // 0.6666…
 */
export interface MetricSpec {
  /** The registry key, e.g. `f1_macro`. */
  name: string;
  /** One line for `sweep list metrics`. */
  summary: string;
  /** Needs `proba`; a sweep plan rejects it for estimators without the `proba` tag. */
  needsProba: boolean;
  /** True for scores, false for losses (`log_loss`). */
  greaterIsBetter: boolean;
  /** The metric's value; throws `SWEEP_METRIC_INVALID` when it is undefined for the input. */
  compute(input: MetricInput): number;
}

/** Every metric, keyed by its scikit-learn scorer name. */
export const metrics = new Registry<MetricSpec>('metric');
for (const spec of [...classificationMetrics, ...rankingMetrics, ...logLossMetrics]) metrics.register(spec.name, spec);
