/** The `knn` algorithm: k-nearest neighbours, exact. */
import type { AlgorithmSpec } from './estimator.js';
import { mljsKnn } from './mljs/knn.js';
import { nativeKnn } from './native/knn.js';

/** `knn`: native engine by default, ml.js selectable with `engine: mljs`. */
export const knn: AlgorithmSpec = {
  name: 'knn',
  summary: 'k-nearest neighbours, exact',
  engines: { native: nativeKnn, mljs: mljsKnn },
};
