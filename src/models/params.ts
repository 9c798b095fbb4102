/**
 * The hyperparameters of each algorithm's native engine, by registry key (parsed form: every
 * param present). The library API types its estimator classes from this map.
 */
import type { AdaBoostParams } from './native/adaboost.js';
import type { DecisionTreeParams } from './native/decision-tree.js';
import type { GradientBoostingParams } from './native/gradient-boosting.js';
import type { KnnParams } from './native/knn.js';
import type { LinearSvmParams } from './native/linear-svm.js';
import type { LogisticRegressionParams } from './native/logistic-regression.js';
import type { MlpParams } from './native/mlp.js';
import type { NaiveBayesParams } from './native/naive-bayes.js';
import type { RandomForestParams } from './native/random-forest.js';
import type { SvmParams } from './native/svm.js';

/** Native hyperparameters by algorithm name (a test checks the keys against the `algorithms` registry). */
export interface AlgorithmParams {
  'decision-tree': DecisionTreeParams;
  'random-forest': RandomForestParams;
  knn: KnnParams;
  'naive-bayes': NaiveBayesParams;
  adaboost: AdaBoostParams;
  'gradient-boosting': GradientBoostingParams;
  'linear-svm': LinearSvmParams;
  'logistic-regression': LogisticRegressionParams;
  svm: SvmParams;
  mlp: MlpParams;
}
