/**
 * The statistics contract: what `statistics.json` holds. The sweep layer computes it from the
 * results (with the evaluation layer's tests); renderers here only draw it.
 */

/** A test that cannot mean anything here, and why (shown instead of a p-value). */
export interface NotApplicableTest {
  applicable: false;
  reason: string;
}

/** Friedman + Iman–Davenport over datasets with complete results, and Nemenyi's critical difference. */
export interface FriedmanSummary {
  applicable: true;
  metric: string;
  /** Algorithms in the order of `average_ranks`. */
  algorithms: string[];
  /** Datasets that entered the test (every algorithm has a score). */
  datasets: string[];
  /** Datasets left out, with why (a failed cell leaves a gap). */
  excluded_datasets: Array<{ dataset: string; reason: string }>;
  average_ranks: number[];
  chi2: number;
  chi2_p: number;
  iman_davenport_f: number;
  iman_davenport_p: number;
  df1: number;
  df2: number;
  alpha: number;
  critical_difference: number;
  /** Pairs whose average ranks differ by more than the critical difference. */
  significant_pairs: Array<[string, string]>;
}

/** A pairwise test's outcome on one dataset. */
export interface PairwiseOutcome {
  applicable: true;
  statistic: number;
  p: number;
  /** Holm-adjusted p-value over the pairs of the same dataset. */
  p_holm: number;
  /** Mean score of `a` minus mean score of `b` (t-test), or the discordant counts (McNemar). */
  details: Record<string, number | string>;
}

/** One pair of algorithms compared on one dataset. */
export interface PairwiseTest {
  a: string;
  b: string;
  result: PairwiseOutcome | NotApplicableTest;
}

/** The pairwise comparisons of one dataset. */
export interface DatasetComparison {
  dataset: string;
  /** `corrected_t` (≥ 2 folds: Nadeau–Bengio), `mcnemar` (one holdout), or null when no test applies. */
  test: 'corrected_t' | 'mcnemar' | null;
  folds: number;
  /** Why no test applies to this dataset (null when `test` is set). */
  reason: string | null;
  pairs: PairwiseTest[];
}

/** Win/tie/loss of each algorithm against a baseline, over datasets. */
export interface WinTieLossSummary {
  applicable: true;
  baseline: string;
  metric: string;
  rows: Array<{ algorithm: string; wins: number; ties: number; losses: number }>;
  /** How a win is counted (absent in older files: raw differences). */
  rule?: string;
}

/** Everything `statistics.json` holds. */
export interface RunStatistics {
  /** The metric compared (the run's main metric unless chosen). */
  metric: string;
  greater_is_better: boolean;
  alpha: number;
  friedman: FriedmanSummary | NotApplicableTest;
  datasets: DatasetComparison[];
  win_tie_loss: WinTieLossSummary | NotApplicableTest;
}
