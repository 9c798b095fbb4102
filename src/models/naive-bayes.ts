/** The `naive-bayes` algorithm: naive Bayes: gaussian, multinomial, bernoulli or categorical. */
import type { AlgorithmSpec } from './estimator.js';
import { mljsNaiveBayes } from './mljs/naive-bayes.js';
import { nativeNaiveBayes } from './native/naive-bayes.js';

/** `naive-bayes`: native engine by default, ml.js selectable with `engine: mljs`. */
export const naiveBayes: AlgorithmSpec = {
  name: 'naive-bayes',
  summary: 'naive Bayes: gaussian, multinomial, bernoulli or categorical',
  engines: { native: nativeNaiveBayes, mljs: mljsNaiveBayes },
};
