/**
 * evaluation: scoring, splitting and comparing. Metrics (a registry matching scikit-learn's scorers),
 * classification report, confusion matrix, seeded splits and sampling, search spaces, statistical tests,
 * and leak-free model selection (cross-validation, hyperparameter search, learning and validation curves).
 */
export * from './confusion.js';
export * from './metrics.js';
export { accuracyScore, balancedAccuracyScore, matthewsCorrcoef, cohenKappaScore, prfScore } from './metrics/classification.js';
export { rocAucScore, topKAccuracyScore, binaryRocAuc, binaryRocCurve } from './metrics/ranking.js';
export { logLoss } from './metrics/log-loss.js';
export * from './report.js';
export * from './roc.js';
export * from './pr-calibration.js';
export * from './tuned-params.js';
export * from './split.js';
export * from './sample.js';
export * from './search-space.js';
export * from './stats.js';
export { crossValidate, type CrossValidateOptions, type CrossValidateResult, type FitSpec, type OnFitHook } from './cross-validate.js';
export { searchMethods, halvingSchedule } from './search-methods/index.js';
export type { SearchMethod, SearchContext, StudyTrial, SamplerSpec, PrunerSpec } from './search-method.js';
export { tpeSpace } from './search-methods/index.js';
export { TpeSampler, TPE_DEFAULTS, type SpaceParam, type SamplerTrial, type TpeOptions } from './tpe/sampler.js';
export { pruners, createPruner, type Pruner, type PrunableTrial } from './tpe/pruners.js';
export {
  checkParamNames,
  rankScores,
  searchCandidates,
  searchHyperparameters,
  type NormalizedDistribution,
  type SearchCandidate,
  type SearchOptions,
  type SearchResult,
  type SearchSpec,
} from './search.js';
export {
  learningCurve,
  translateTrainSizes,
  validationCurve,
  type LearningCurveOptions,
  type LearningCurveResult,
  type ValidationCurveOptions,
  type ValidationCurveResult,
} from './curves.js';
export { paramImportance } from './param-importance.js';
