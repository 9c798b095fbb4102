/** The `logistic-regression` algorithm: scikit-learn's LogisticRegression (lbfgs). */
import type { AlgorithmSpec } from './estimator.js';
import { nativeLogisticRegression } from './native/logistic-regression.js';

/** `logistic-regression`: native engine. */
export const logisticRegression: AlgorithmSpec = {
  name: 'logistic-regression',
  summary: 'logistic regression (lbfgs; binomial or multinomial, l2 penalty)',
  engines: { native: nativeLogisticRegression },
};
