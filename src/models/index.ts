/**
 * models: the estimator contract, the algorithm registry, and the engines that implement each
 * algorithm (`native`: our typed-array code; `mljs`: adapters over the ml.js packages).
 */
import { Registry, SweepError, unknownNameMessage, type Params } from '../core/index.js';
import { adaboost } from './adaboost.js';
import { decisionTree } from './decision-tree.js';
import { gradientBoosting } from './gradient-boosting.js';
import type { AlgorithmSpec, Classifier, EngineImplementation, SerializedEstimator } from './estimator.js';
import { knn } from './knn.js';
import { linearSvm } from './linear-svm.js';
import { logisticRegression } from './logistic-regression.js';
import { mlp } from './mlp.js';
import { naiveBayes } from './naive-bayes.js';
import { randomForest } from './random-forest.js';
import { svm } from './svm.js';

export * from './estimator.js';
export * from './base.js';
export type { AlgorithmParams } from './params.js';

/** The engine used when a config does not name one. The one place this default is chosen. */
export const DEFAULT_ENGINE = 'native';

/** Every algorithm, keyed by file name. Adding one is one file plus one line here. */
export const algorithms = new Registry<AlgorithmSpec>('algorithm')
  .register('decision-tree', decisionTree)
  .register('random-forest', randomForest)
  .register('knn', knn)
  .register('naive-bayes', naiveBayes)
  .register('adaboost', adaboost)
  .register('gradient-boosting', gradientBoosting)
  .register('linear-svm', linearSvm)
  .register('logistic-regression', logisticRegression)
  .register('svm', svm)
  .register('mlp', mlp);

/** Engine names that implement at least one algorithm. */
export function engineNames(): string[] {
  const names = new Set<string>();
  for (const [, spec] of algorithms.entriesList()) for (const engine of Object.keys(spec.engines)) names.add(engine);
  return [...names];
}

/** The engine an algorithm runs on: the one asked for, else `DEFAULT_ENGINE`. */
export function resolveEngine(algorithm: string, engine?: string): string {
  return engine ?? DEFAULT_ENGINE;
}

/** The implementation of `algorithm` on `engine`, or an error naming what exists. */
export function getImplementation(algorithm: string, engine?: string): EngineImplementation {
  const spec = algorithms.get(algorithm);
  const name = resolveEngine(algorithm, engine);
  const impl = spec.engines[name];
  if (impl === undefined) {
    const { message, hint } = unknownNameMessage(`engine for ${algorithm}`, name, Object.keys(spec.engines));
    throw new SweepError('SWEEP_UNKNOWN_NAME', message, { hint });
  }
  return impl;
}

/** A fresh, unfitted estimator. */
export function createEstimator(algorithm: string, params: Params = {}, engine?: string): Classifier {
  return getImplementation(algorithm, engine).create(params);
}

/** Restores a fitted estimator from its `model.json` form. */
export function loadEstimator(json: SerializedEstimator): Classifier {
  return getImplementation(json.algorithm, json.engine).load(json);
}

/** A fresh estimator with the same algorithm, engine and params (scikit-learn's `clone`). */
export function clone(estimator: Classifier): Classifier {
  return createEstimator(estimator.algorithm, estimator.getParams(), estimator.engine);
}
