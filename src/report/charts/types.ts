/** What a chart builder receives and returns. */
import type { CellReport, SweepResults } from '../results.js';

/** A Vega-Lite specification as plain JSON (compiled by `renderSvg`). */
export type VegaLiteSpec = { [key: string]: unknown };

/** Everything a chart may draw from: the run's results and each ok cell's report. */
export interface ChartInput {
  results: SweepResults;
  /** Cell reports keyed by `cellKey(dataset, algorithm)`; absent for failed cells. */
  reports: ReadonlyMap<string, CellReport>;
  /** Metrics where smaller is better (e.g. `log_loss`), so colors and "best" point the right way. */
  lowerIsBetter: ReadonlySet<string>;
  /** The metric that ranks models (`sweep report --metric`); default `rankingMetric(results)`. */
  metric?: string;
}

/** The metric that ranks and colors models: `evaluation.scoring`, else the first metric (older files). */
export function rankingMetric(results: SweepResults, chosen?: string): string | undefined {
  return chosen ?? results.scoring ?? results.metrics[0];
}

/** One chart: a file name (without extension), what it shows, whose it is, and its spec. */
export interface Chart {
  /** File name stem under `<run>/charts/` (safe characters only). */
  name: string;
  /** The chart kind, i.e. its registry key. */
  kind: string;
  title: string;
  /** The dataset (and algorithm) a per-dataset or per-cell chart belongs to; null for run-wide charts. */
  dataset: string | null;
  algorithm: string | null;
  spec: VegaLiteSpec;
}

/**
 * Builds zero or more charts from a run; returns none when its data is absent (never an empty chart).
 * @example
 * const timing: ChartBuilder = ({ results }) => results.cells.some((c) => c.timing.fit_s !== null) ? [timingChart(results)] : [];
 */
export type ChartBuilder = (input: ChartInput) => Chart[];

/** Key of a cell in `ChartInput.reports`. */
export function cellKey(dataset: string, algorithm: string): string {
  return `${dataset}\u0000${algorithm}`;
}
