/** The `svm` algorithm: a kernel support vector classifier, as scikit-learn's SVC (libsvm). */
import type { AlgorithmSpec } from './estimator.js';
import { nativeSvm } from './native/svm.js';

/** `svm`: libsvm's SMO solver, one-vs-one, on the native engine. */
export const svm: AlgorithmSpec = {
  name: 'svm',
  summary: "kernel SVM (rbf, linear, poly, sigmoid), one-vs-one, Platt probabilities (scikit-learn's SVC)",
  engines: { native: nativeSvm },
};
