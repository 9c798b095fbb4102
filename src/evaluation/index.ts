/**
 * evaluation: scoring, splitting and comparing. Metrics (a registry matching scikit-learn's scorers),
 * classification report, confusion matrix, seeded splits and sampling, search spaces, statistical tests.
 */
export * from './confusion.js';
export * from './metrics.js';
export { accuracyScore, balancedAccuracyScore, matthewsCorrcoef, cohenKappaScore, prfScore } from './metrics/classification.js';
export { rocAucScore, topKAccuracyScore, binaryRocAuc } from './metrics/ranking.js';
export { logLoss } from './metrics/log-loss.js';
export * from './report.js';
export * from './split.js';
export * from './sample.js';
export * from './search-space.js';
export * from './stats.js';
