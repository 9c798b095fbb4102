/** The `decision-tree` algorithm: a CART decision tree, as scikit-learn's DecisionTreeClassifier. */
import type { AlgorithmSpec } from './estimator.js';
import { mljsDecisionTree } from './mljs/decision-tree.js';
import { nativeDecisionTree } from './native/decision-tree.js';

/** `decision-tree`: native engine by default, ml.js selectable with `engine: mljs`. */
export const decisionTree: AlgorithmSpec = {
  name: 'decision-tree',
  summary: "CART decision tree (scikit-learn's DecisionTreeClassifier)",
  engines: { native: nativeDecisionTree, mljs: mljsDecisionTree },
};
