/** The `random-forest` algorithm: random forest of CART trees, features drawn per split. */
import type { AlgorithmSpec } from './estimator.js';
import { mljsRandomForest } from './mljs/random-forest.js';
import { nativeRandomForest } from './native/random-forest.js';

/** `random-forest`: native engine by default, ml.js selectable with `engine: mljs`. */
export const randomForest: AlgorithmSpec = {
  name: 'random-forest',
  summary: 'random forest of CART trees, features drawn per split',
  engines: { native: nativeRandomForest, mljs: mljsRandomForest },
};
