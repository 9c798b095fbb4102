/** The `adaboost` algorithm: AdaBoost with SAMME, as scikit-learn's AdaBoostClassifier. */
import type { AlgorithmSpec } from './estimator.js';
import { nativeAdaBoost } from './native/adaboost.js';

/** `adaboost`: native engine (boosted native decision trees, stumps by default). */
export const adaboost: AlgorithmSpec = {
  name: 'adaboost',
  summary: "AdaBoost with SAMME over native decision trees (scikit-learn's AdaBoostClassifier)",
  engines: { native: nativeAdaBoost },
};
