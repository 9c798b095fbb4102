/**
 * The results contract: what `results.json` holds. Tools read it; every renderer in this layer
 * renders from it alone, so `sweep report` can redraw everything without re-running.
 */
import type { Label } from '../core/index.js';

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
  metrics: { test: Record<string, number | null>; train: Record<string, number | null> };
  /** Standard deviation of each metric over folds (0 folds of spread for a single holdout). */
  metrics_std: { test: Record<string, number | null>; train: Record<string, number | null> };
  /** Per-fold scores (one entry for a holdout). */
  folds: Array<{ test: Record<string, number | null>; train: Record<string, number | null>; fit_s: number; predict_s: number }>;
  timing: { fit_s: number | null; predict_s: number | null };
  n_train: number | null;
  n_test: number | null;
  n_features: number | null;
  /** Path of the cell's `report.json`, relative to the run folder. */
  report: string | null;
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
  datasets: DatasetResult[];
  cells: CellResult[];
}

/** Counts of cells by status. */
export function countCells(results: SweepResults): { ok: number; failed: number; skipped: number; total: number } {
  const count = (s: CellResult['status']): number => results.cells.filter((c) => c.status === s).length;
  return { ok: count('ok'), failed: count('failed'), skipped: count('skipped'), total: results.cells.length };
}
