/** The `gradient-boosting` algorithm: histogram gradient boosting, as scikit-learn's HistGradientBoostingClassifier. */
import type { AlgorithmSpec } from './estimator.js';
import { nativeGradientBoosting } from './native/gradient-boosting.js';

/** `gradient-boosting`: native engine (log loss, leaf-wise trees on binned features). */
export const gradientBoosting: AlgorithmSpec = {
  name: 'gradient-boosting',
  summary: "histogram gradient boosting with log loss (scikit-learn's HistGradientBoostingClassifier)",
  engines: { native: nativeGradientBoosting },
};
