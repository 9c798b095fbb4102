/** The `linear-svm` algorithm: a linear support vector classifier, as scikit-learn's LinearSVC. */
import type { AlgorithmSpec } from './estimator.js';
import { nativeLinearSvm } from './native/linear-svm.js';

/** `linear-svm`: liblinear's dual coordinate descent on the native engine. */
export const linearSvm: AlgorithmSpec = {
  name: 'linear-svm',
  summary: "linear SVM, squared hinge loss, one-vs-rest (scikit-learn's LinearSVC)",
  engines: { native: nativeLinearSvm },
};
