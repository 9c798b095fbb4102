/** The `mlp` algorithm: scikit-learn's MLPClassifier. */
import type { AlgorithmSpec } from './estimator.js';
import { nativeMlp } from './native/mlp.js';

/** `mlp`: native engine. */
export const mlp: AlgorithmSpec = {
  name: 'mlp',
  summary: 'multi-layer perceptron (adam, sgd or lbfgs; loss curve charted)',
  engines: { native: nativeMlp },
};
