/**
 * evaluation: scoring and splitting. Metrics (a registry matching scikit-learn's scorers), the
 * classification report and confusion matrix, seeded train/test splits and stratified sampling.
 */
export * from './confusion.js';
export * from './metrics.js';
export { accuracyScore, balancedAccuracyScore, matthewsCorrcoef, cohenKappaScore, prfScore } from './metrics/classification.js';
export { rocAucScore, topKAccuracyScore, binaryRocAuc } from './metrics/ranking.js';
export { logLoss } from './metrics/log-loss.js';
export * from './report.js';
export * from './split.js';
export * from './sample.js';
