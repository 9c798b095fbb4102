/**
 * The results contract: what `results.json` holds. Tools read it; every renderer in this layer
 * renders from it alone, so `sweep report` can redraw everything without re-running.
 */
import type { DataNote, Label } from '../core/index.js';

/** Why a cell did not produce results. */
export interface CellError {
  code: string;
  message: string;
  hint: string | null;
  /** The node that failed (`adult::knn::fit`). */
  node: string;
}

/** One dataset × algorithm cell of a run. */
export interface CellResult {
  dataset: string;
  algorithm: string;
  estimator: string;
  engine: string;
  params: Record<string, unknown>;
  status: 'ok' | 'failed' | 'skipped';
  error: CellError | null;
  /** How the cell met the node cache: every node restored (`hit`), none (`miss`), or some (`partial`). */
  cache?: 'hit' | 'miss' | 'partial';
  metrics: { test: Record<string, number | null>; train: Record<string, number | null> };
  /** Standard deviation of each metric over folds (0 folds of spread for a single holdout). */
  metrics_std: { test: Record<string, number | null>; train: Record<string, number | null> };
  /** Per-fold scores (one entry for a holdout). */
  folds: Array<{ test: Record<string, number | null>; train: Record<string, number | null>; fit_s: number; predict_s: number }>;
  /**
   * fit and test predict seconds (means over folds); `predict_train_s` and the training rows it
   * scored; `cell_s`, the wall seconds of all the cell's nodes (load, compute and save of fit,
   * predict, evaluate, report, and the dataset's prepare node it depends on) and `nodes_s` per node.
   */
  timing: {
    fit_s: number | null;
    predict_s: number | null;
    predict_train_s?: number | null;
    n_train_scored?: number | null;
    train_score?: 'full' | 'sample' | 'off';
    cell_s?: number | null;
    nodes_s?: Record<string, number>;
  };
  n_train: number | null;
  n_test: number | null;
  n_features: number | null;
  /** Path of the cell's `report.json`, relative to the run folder. */
  report: string | null;
  /** With a search: the baseline (configured params) scores, and the best params found. */
  baseline: { metrics: ScoreSet; metrics_std: ScoreSet } | null;
  best_params: Record<string, unknown> | null;
  /** Why a metric is missing on some fold (absent in older results files). */
  metric_notes?: Record<string, string>;
  /** What fitting said (e.g. a solver stopped at max_iter before converging); absent in older results files. */
  fit_notes?: string[];
  /** Scores as the training set grows (when configured). */
  learning_curve: CurveResult | null;
  /** Scores as one hyperparameter varies (when configured). */
  validation_curve: CurveResult | null;
}

/** Shape and class balance of a dataset as the run saw it. */
export interface DatasetResult {
  dataset: string;
  rows: number;
  features: number;
  numeric: number;
  categorical: number;
  target: string;
  classes: Array<{ label: Label; count: number }>;
  sampled_from: number | null;
  dropped_missing_target: number;
  missing_values: number;
  /** What the reader had to decide about the data (unparsed or infinite values read as missing, sniffed settings). */
  notes?: DataNote[];
}

/** Everything `results.json` holds. */
export interface SweepResults {
  run_id: string;
  name: string;
  config_path: string;
  seed: number;
  started_at: string;
  finished_at: string;
  wall_s: number;
  runner: string;
  jobs: number;
  /** Peak resident set size of the sweep process (main thread and workers), in MiB. */
  peak_rss_mb: number;
  /** Metric names in config order; the first is the main one. */
  metrics: string[];
  /** The metric that ranks models and drives searches (`evaluation.scoring`; absent in older files). */
  scoring?: string;
  datasets: DatasetResult[];
  cells: CellResult[];
  /**
   * What makes scores comparable across runs (absent in older files): the seed, each dataset's
   * split settings and sample size, and the command line's filters.
   */
  protocol?: {
    seed: number;
    datasets: Record<string, { evaluation: Record<string, unknown>; sample: number | null; test_path: boolean }>;
    filters: { datasets: string[] | null; algorithms: string[] | null; only: string[] | null; tags: string[] | null; shard: string | null };
  };
  /** Set when the run was one shard (`--shard i/N`): where its cells sit in the whole sweep, for `sweep merge`. */
  shard?: { index: number; count: number; cells_total: number; positions: number[] };
}

/** Counts of cells by status. */
export function countCells(results: SweepResults): { ok: number; failed: number; skipped: number; total: number } {
  const count = (s: CellResult['status']): number => results.cells.filter((c) => c.status === s).length;
  return { ok: count('ok'), failed: count('failed'), skipped: count('skipped'), total: results.cells.length };
}

/** Scores of one evaluation (mean over folds, std over folds, and each fold). */
export interface ScoreSet {
  test: Record<string, number | null>;
  train: Record<string, number | null>;
}

/** One row of a classification report (per class, or an average). */
export interface ClassReportRow {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

/** scikit-learn's `classification_report(output_dict=True)`, as the evaluation layer computes it. */
export interface ClassificationReportData {
  classes: Array<ClassReportRow & { label: Label }>;
  accuracy: number | null;
  micro_avg: ClassReportRow | null;
  macro_avg: ClassReportRow;
  weighted_avg: ClassReportRow;
}

/** One ROC curve; a mean over folds carries the std of its TPR (the band) and of its AUC. */
export interface RocCurveData {
  fpr: number[];
  tpr: number[];
  auc: number;
  tpr_std?: number[];
  auc_std?: number;
}

/**
 * One-vs-rest ROC curves of a cell's test predictions (when the estimator has probabilities):
 * with cross-validation, the mean over folds with a ±1 std band. Fields after `curves` are absent
 * in older files.
 */
export interface RocCurves {
  curves: Array<RocCurveData & { label: Label }>;
  micro?: RocCurveData | null;
  macro?: RocCurveData | null;
  /** Folds averaged (1: one test set). */
  folds?: number;
  /** Classes without a curve (or with one from only some folds), and why. */
  omitted?: Array<{ label: Label; reason: string }>;
}

/** One precision–recall curve (recall decreasing); a mean over folds carries the std of its precision and AP. */
export interface PrCurveData {
  precision: number[];
  recall: number[];
  /** Average precision (scikit-learn's `average_precision_score`). */
  ap: number;
  /** Share of positive test rows: a random classifier's precision. */
  prevalence: number;
  precision_std?: number[];
  ap_std?: number;
}

/** Precision–recall curves of a cell's test predictions: per class (positive class for two), micro average, mean over folds. */
export interface PrCurves {
  curves: Array<PrCurveData & { label: Label }>;
  micro?: PrCurveData | null;
  folds?: number;
  omitted?: Array<{ label: Label; reason: string }>;
}

/** A reliability curve: uniform bins of predicted probability against the observed frequency, pooled over folds. */
export interface CalibrationCurveData {
  /** `positive`: P(classes[1]) of a binary target; `top-label`: the highest probability against whether that class was right. */
  kind: 'positive' | 'top-label';
  label: Label | null;
  n_bins: number;
  bins: Array<{ mean_predicted: number; fraction_positive: number; count: number; sum_predicted: number; positives: number }>;
  brier: number;
  rows: number;
  folds: number;
}

/** How a cell's tuned parameters were chosen from the outer folds' searches (one rule for every output). */
export interface TunedParamsData {
  params: Record<string, unknown>;
  votes: number;
  folds: number;
  rule: string;
  per_fold: Array<{ fold: number; params: Record<string, unknown>; score: number }>;
}

/** One trial of an adaptive search (tpe), as Optuna's FrozenTrial: report.json `trials`. */
export interface TrialData {
  number: number;
  params: Record<string, unknown>;
  /** Mean validation score (complete), last intermediate value (pruned), null (failed). */
  value: number | null;
  state: 'complete' | 'pruned' | 'failed';
  /** `[step, value]`: after inner fold `step`, the mean validation score so far. */
  intermediate: Array<[number, number]>;
  pruned_step?: number;
  duration_s: number;
  /** Boosting: the validation score after each iteration, averaged over the folds run. */
  iterations?: number[];
  error?: string;
  /** The outer fold whose search ran it (cell-level `trials` only). */
  fold?: number;
}

/** A hyperparameter search's outcome, as stored in a cell report. */
export interface SearchSummary {
  method: string;
  scoring: string;
  best_params: Record<string, unknown>;
  best_score: number;
  n_candidates: number;
  candidates: Array<{ params: Record<string, unknown>; mean_test: number; std_test: number; mean_train: number | null; fit_s: number; rank: number }>;
  /** Adaptive searches: every trial, pruned and failed ones included. */
  trials?: TrialData[];
}

/** A learning or validation curve: train and cross-validated scores at each x. */
export interface CurveResult {
  scoring: string;
  /** `train_size` for learning curves, the parameter name for validation curves. */
  x_label: string;
  x: Array<number | string | boolean | null>;
  train_mean: number[];
  train_std: number[];
  test_mean: number[];
  test_std: number[];
  fit_s_mean: number[];
  /** The parameters the curve was drawn with: the tuned ones (see `TunedParamsData`) or the configured ones (absent in older files). */
  params_used?: { params: Record<string, unknown>; source: 'tuned' | 'configured' };
}

/** `report.json` of one cell: everything about it a person or a tool needs. */
export interface CellReport {
  dataset: string;
  algorithm: string;
  /** The algorithm's registry name (differs from `algorithm` for variants). */
  estimator: string;
  engine: string;
  /** The params of the cell: with a search, the configured ones updated by the tuned choice (`tuned_params`). */
  params: Record<string, unknown>;
  /** With a search: the tuned params, the rule that chose them and each outer fold's own choice (absent in older files). */
  tuned_params?: TunedParamsData | null;
  preprocessing: Record<string, unknown>;
  n_train: number;
  n_test: number;
  n_features: number;
  feature_names: string[];
  /**
   * Mean seconds over folds: fit, predict on the test rows (labels and probabilities in one call),
   * predict on the scored training rows, and (absent in older files) restoring the model and
   * preprocessing rows in the predict node; how many training rows were scored and how chosen.
   */
  timing: {
    fit_s: number;
    predict_s: number;
    predict_train_s: number;
    load_s?: number;
    transform_s?: number;
    n_train_scored?: number;
    train_score?: 'full' | 'sample' | 'off';
  };
  /** Mean over folds (the single holdout's scores when there is one fold). */
  metrics: ScoreSet;
  metrics_std: ScoreSet;
  folds: Array<ScoreSet & { fit_s: number; predict_s: number }>;
  classification_report: { train: ClassificationReportData; test: ClassificationReportData };
  confusion_matrix: { labels: Label[]; train: number[][]; test: number[][] };
  roc: RocCurves | null;
  /** Precision–recall curves (with the ROC curves; absent in older files). */
  pr?: PrCurves | null;
  /** Reliability curve, when a metric needing probabilities was asked for (absent in older files). */
  calibration?: CalibrationCurveData | null;
  /**
   * Feature importances, mean over folds: impurity-based from tree models (per feature after
   * preprocessing) and permutation importance on the test rows (per input column, when
   * `evaluation.permutation_importance` is set). Absent in older files.
   */
  feature_importances?: {
    folds: number;
    impurity: { features: string[]; values: number[] } | null;
    permutation: { columns: string[]; mean: number[]; std: number[]; repeats: number; rows: number; baseline: number } | null;
  } | null;
  /** Why a metric is missing on some fold (`fold-2.test.roc_auc_ovr`: the message). */
  metric_notes: Record<string, string>;
  /** What fitting the reported model said (scikit-learn's warnings, e.g. not converging), per fold when several. */
  fit_notes: string[];
  /** Iterative estimators (MLP): the loss per epoch of each fold's fit, and the validation score under early stopping; null for others. */
  training_history?: Array<{ fold: number; loss: number[]; validation_score?: number[] }> | null;
  /**
   * Boosted ensembles (adaboost, gradient-boosting): accuracy on the train and test rows after each
   * iteration (scikit-learn's `staged_predict`) per fold, and the iterations early stopping kept
   * (null when it did not run); null for other estimators.
   */
  staged_scores?: Array<{ fold: number; train: number[]; test: number[]; early_stopping_iteration: number | null }> | null;
  /** With a search: the configured (default) params' scores, to compare with the tuned ones. */
  baseline: { params: Record<string, unknown>; metrics: ScoreSet; metrics_std: ScoreSet; folds: ScoreSet[] } | null;
  /** With a search: one per outer fold. */
  search: SearchSummary[] | null;
  /** With an adaptive search (tpe): every trial of every outer fold's study, in order. */
  trials?: TrialData[];
  /** With an adaptive search: how much each hyperparameter explains the trials' scores (outer fold 0). */
  param_importance?: { method: string; n_trials: number; importances: Array<{ param: string; importance: number }> } | null;
  learning_curve: CurveResult | null;
  validation_curve: CurveResult | null;
}
