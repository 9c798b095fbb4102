/**
 * What every search method shares: the spec and result shapes, the `SearchMethod` contract that
 * the `searchMethods` registry holds, and the cross-validation of candidates on inner folds (each
 * fold preprocessed once for all candidates) with scikit-learn's ranking.
 */
import { SweepError, type JsonValue, type Label, type Params, type Table } from '../core/index.js';
import { fitAndScore, meanStd, prepareFold, type FitSpec, type OnFitHook, type PreparedFold } from './cross-validate.js';
import type { MetricSpec } from './metrics.js';
import type { ParamDistribution } from './search-space.js';
import type { Fold } from './split.js';

/**
 * A distribution as the config layer normalizes it (scipy.stats-like; `randint` high exclusive).
 * `when` makes it conditional: drawn only when each named hyperparameter took one of the values
 * (e.g. `degree` only when `kernel` is `poly`).
 */
export type NormalizedDistribution = (
  | { kind: 'uniform' | 'loguniform' | 'randint'; low: number; high: number }
  | { kind: 'choice'; values: JsonValue[] }
) & { when?: Record<string, JsonValue[]> | null };

/** Options of the TPE sampler (Optuna's names in the config: `n_startup_trials`, `n_ei_candidates`, `multivariate`). */
export interface SamplerSpec {
  nStartupTrials: number;
  nEiCandidates: number;
  multivariate: boolean;
}

/** A pruner by name (`none`, `median`, `asha`) with Optuna's option names. */
export interface PrunerSpec {
  kind: string;
  options: Record<string, number>;
}

/**
 * What to search: the config layer's `SearchConfig` fits this shape as is. `method` names an
 * entry of `searchMethods` (`grid`, `random`, `halving`, …); `scoring` a metric name; `cv` the
 * number of inner stratified folds.
 */
export interface SearchSpec {
  method: string;
  /** Values per hyperparameter; every combination is a candidate (grid, halving, or random without distributions). */
  paramGrid: Record<string, JsonValue[]> | null;
  /** Distributions for random search (and halving without a grid). */
  paramDistributions: Record<string, NormalizedDistribution | ParamDistribution> | null;
  /** Candidates drawn by random search (and by halving from distributions). */
  nIter: number;
  scoring: string;
  cv: number;
  /** Halving: the share of candidates kept (1/factor) and the growth of resources per iteration. */
  factor: number;
  /** Adaptive methods (tpe): trials to run in all (a resumed study counts its earlier trials); null: `nIter`, or unbounded with a timeout. */
  nTrials?: number | null;
  /** Adaptive methods: seconds after which no new trial starts (whichever of this and `nTrials` comes first ends the search). */
  timeout?: number | null;
  sampler?: SamplerSpec | null;
  pruner?: PrunerSpec | null;
}

/** Options of `searchHyperparameters`. */
export interface SearchOptions {
  /** Seeds the inner folds, random draws and halving subsamples. */
  seed: number;
  /** Extra metrics to record per candidate (mean and std of the test score), besides `scoring`. */
  metrics?: string[];
  /** Also score the training rows of each inner fold (`mean_train`); off by default as in scikit-learn. */
  returnTrainScore?: boolean;
  /**
   * Inner folds to use instead of seeded stratified k-fold (row indices of `X`, each within
   * `trainRows`): for parity tests against scikit-learn on the same explicit folds.
   */
  folds?: readonly Fold[];
  /** See `OnFitHook`; `fold` numbers count across halving iterations (iteration * cv + fold). */
  onFit?: OnFitHook;
  /**
   * Adaptive methods: a study to continue (its finished trials, in order) and a callback awaited
   * as soon as each new trial finishes, so a killed search can resume where it stopped.
   */
  study?: { trials: readonly StudyTrial[]; onTrial?: (trial: StudyTrial) => void | Promise<void> };
}

/** One trial of an adaptive search (report.json `trials: [...]`), as Optuna's `FrozenTrial`. */
export interface StudyTrial {
  number: number;
  /** The searched hyperparameters (conditional ones only where drawn). */
  params: Params;
  state: 'complete' | 'pruned' | 'failed';
  /** Mean validation score (complete), the last intermediate value (pruned), or null (failed). */
  value: number | null;
  /** `[step, value]`: after inner fold `step`, the mean validation score of folds 0..step. */
  intermediate: Array<[number, number]>;
  /** The step at which a pruned trial was stopped. */
  pruned_step?: number;
  /** Wall seconds of the trial (fits and scoring of its folds). */
  duration_s: number;
  /** ASHA: values recorded at the rungs the trial was promoted through. */
  rungs?: number[];
  /**
   * Iterative estimators (`stagedPredict`: boosting rounds): the validation score after each
   * iteration, averaged over the folds the trial ran. Pruning still happens per fold.
   */
  iterations?: number[];
  /** Complete trials: the candidate row (std, train score, timings, extra metrics). */
  candidate?: Omit<SearchCandidate, 'rank' | 'params'>;
  error?: string;
}

/** One evaluated candidate (one row of scikit-learn's `cv_results_`). */
export interface SearchCandidate {
  /** The searched hyperparameters only (the spec's fixed params are not repeated). */
  params: Params;
  /** Mean validation score over the inner folds, in the metric's natural direction. */
  mean_test: number;
  std_test: number;
  /** Mean training score, or null unless `returnTrainScore`. */
  mean_train: number | null;
  /** Mean seconds to fit (the fold's preprocessing included). */
  fit_s: number;
  /** Mean seconds to score the validation rows (predict and metrics). */
  score_s: number;
  /** 1 = best; ties share the smallest rank; failed candidates (NaN) rank last. */
  rank: number;
  /** Halving: training rows per inner fold budget (scikit-learn's `n_resources`). */
  resource?: number;
  /** Halving: the iteration (0-based). */
  iteration?: number;
  /** Mean and std of the test score of each extra metric asked for. */
  scores?: Record<string, { mean: number; std: number }>;
  /** Why the candidate failed on some fold (fit or metric error), if it did. */
  error?: string;
}

/** What a search found. */
export interface SearchResult {
  method: string;
  scoring: string;
  /** The searched hyperparameters of the best candidate; refit with `{...spec.params, ...best_params}`. */
  best_params: Params;
  /** The best candidate's `mean_test` (natural direction: a `log_loss` here is positive). */
  best_score: number;
  /** Index of the best candidate in `candidates`. */
  best_index: number;
  /** Number of distinct candidates (halving: those of the first iteration). */
  n_candidates: number;
  candidates: SearchCandidate[];
  /** Halving only: candidates and training-row budget of each iteration. */
  iterations?: Array<{ iteration: number; n_candidates: number; n_resources: number }>;
  /** Adaptive methods: every trial in order, pruned and failed ones included. */
  trials?: StudyTrial[];
}

/** Everything a search method's `run` gets, resolved and checked by `searchHyperparameters`. */
export interface SearchContext {
  X: Table;
  y: readonly Label[];
  /** The training rows the search may use (indices of `X`). */
  rows: Int32Array;
  spec: FitSpec;
  search: SearchSpec;
  options: SearchOptions;
  /** The inner folds over `rows`. */
  folds: Fold[];
  /** The metric that ranks candidates, then the extra ones recorded beside it. */
  scoring: MetricSpec;
  extra: MetricSpec[];
  returnTrainScore: boolean;
}

/**
 * One search method: an entry of the `searchMethods` registry (file name = key).
 *
 * @example
 * searchMethods.register('grid', {
 *   description: 'every combination of param_grid (GridSearchCV)',
 *   check: (s) => (s.paramGrid === null ? { key: 'param_grid', message: 'grid search needs `param_grid:`' } : null),
 *   candidates: (s) => expandGrid(s.paramGrid!),
 *   run: (ctx) => evaluateAndRank(ctx, expandGrid(ctx.search.paramGrid!)),
 * });
 */
export interface SearchMethod {
  /** One line for docs and `--help`. */
  description: string;
  /** What the spec lacks for this method (the config key to blame and why), or null when it can run. */
  check(search: { paramGrid: unknown; paramDistributions: unknown }): { key: 'param_grid' | 'param_distributions'; message: string } | null;
  /** The candidates, when they are fixed before any is evaluated; null for methods that propose as they learn. */
  candidates(search: SearchSpec, seed: number): Params[] | null;
  /** Evaluates candidates on `context.folds` and ranks them. */
  run(context: SearchContext): Promise<SearchResult>;
}

/** A `check` for methods that take a grid or distributions: blames `key` with `message` when both are absent. */
export function needsGridOrDistributions(key: 'param_grid' | 'param_distributions', message: string): SearchMethod['check'] {
  const absent = (v: unknown): boolean => v === null || v === undefined;
  return (s) => (absent(s.paramGrid) && absent(s.paramDistributions) ? { key, message } : null);
}

/** A `SWEEP_CONFIG_INVALID` error with an optional hint. */
export function configError(message: string, hint?: string): SweepError {
  return new SweepError('SWEEP_CONFIG_INVALID', message, hint === undefined ? {} : { hint });
}

/** The search-space form of a distribution (accepts both the config and search-space shapes). */
export function toSearchSpace(dist: NormalizedDistribution | ParamDistribution): ParamDistribution {
  if (Array.isArray(dist) || !('kind' in dist)) return dist as ParamDistribution;
  const d = dist as NormalizedDistribution;
  if (d.kind === 'choice') return { choice: d.values };
  if (d.kind === 'uniform') return { uniform: [d.low, d.high] };
  if (d.kind === 'loguniform') return { loguniform: [d.low, d.high] };
  return { randint: [d.low, d.high] };
}

/** The spec's distributions in search-space form, else its grid (a list per key), else null. */
export function distributionsOf(search: SearchSpec): Record<string, ParamDistribution> | null {
  if (search.paramDistributions !== null) {
    return Object.fromEntries(Object.entries(search.paramDistributions).map(([k, d]) => [k, toSearchSpace(d)]));
  }
  return search.paramGrid;
}

/** A metric value turned into "greater is better" for ranking (a loss is negated, as `neg_log_loss`). */
export function rankingValue(metric: MetricSpec, value: number): number {
  return metric.greaterIsBetter ? value : -value;
}

/**
 * scikit-learn's `rank_test_score`: `rankdata(-scores, method='min')` after NaN becomes
 * `nanmin - 1` (so failed candidates share the last rank); all NaN gives rank 1 for every one.
 * `scores` must already be in the "greater is better" direction.
 */
export function rankScores(scores: readonly number[]): number[] {
  const finite = scores.filter((s) => !Number.isNaN(s));
  if (finite.length === 0) return scores.map(() => 1);
  const floor = Math.min(...finite) - 1;
  const filled = scores.map((s) => (Number.isNaN(s) ? floor : s));
  return filled.map((s) => 1 + filled.filter((t) => t > s).length);
}

/** Per-fold scores of one candidate. */
export interface Evaluated {
  params: Params;
  /** Per fold: test score of each metric. */
  test: Array<Record<string, number>>;
  train: Array<Record<string, number>> | null;
  fit: number[];
  score: number[];
  errors: string[];
}

/** Cross-validates every candidate on the folds; each fold is preprocessed once for all candidates. */
export async function evaluateCandidates(
  context: Pick<SearchContext, 'X' | 'y' | 'spec' | 'scoring' | 'extra' | 'returnTrainScore' | 'options'>,
  folds: readonly Fold[],
  candidates: readonly Params[],
  foldOffset = 0,
): Promise<Evaluated[]> {
  const { X, y, spec, returnTrainScore } = context;
  const specs = [context.scoring, ...context.extra];
  const out: Evaluated[] = candidates.map((params) => ({ params, test: [], train: returnTrainScore ? [] : null, fit: [], score: [], errors: [] }));
  for (let f = 0; f < folds.length; f++) {
    const fold = folds[f]!;
    const prepared: PreparedFold = prepareFold(X, y, fold.train, fold.test, spec.preprocessing, { onFit: context.options.onFit, fold: foldOffset + f });
    for (let c = 0; c < candidates.length; c++) {
      const outcome = await fitAndScore(prepared, { algorithm: spec.algorithm, engine: spec.engine, params: { ...spec.params, ...candidates[c]! } }, specs, {
        returnTrainScore,
        errorScore: 'nan',
      });
      const e = out[c]!;
      e.test.push(outcome.test);
      e.train?.push(outcome.train!);
      e.fit.push(outcome.fitSeconds);
      e.score.push(outcome.scoreSeconds);
      if (outcome.error !== null) e.errors.push(`fold ${f}: ${outcome.error}`);
    }
  }
  return out;
}

/** A candidate's row of results (all but its rank) from its per-fold scores. */
export function summarize(e: Evaluated, scoring: MetricSpec, extra: readonly MetricSpec[]): Omit<SearchCandidate, 'rank'> {
  const test = meanStd(e.test.map((s) => s[scoring.name]!));
  const candidate: Omit<SearchCandidate, 'rank'> = {
    params: e.params,
    mean_test: test.mean,
    std_test: test.std,
    mean_train: e.train === null ? null : meanStd(e.train.map((s) => s[scoring.name]!)).mean,
    fit_s: meanStd(e.fit).mean,
    score_s: meanStd(e.score).mean,
  };
  if (extra.length > 0) candidate.scores = Object.fromEntries(extra.map((m) => [m.name, meanStd(e.test.map((s) => s[m.name]!))]));
  if (e.errors.length > 0) candidate.error = e.errors.join('; ');
  return candidate;
}

/** Ranks summarized candidates; the best is the first of rank 1. */
export function rankedResult(context: Pick<SearchContext, 'search' | 'scoring'>, summaries: ReadonlyArray<Omit<SearchCandidate, 'rank'>>, nCandidates = summaries.length): SearchResult {
  const ranks = rankScores(summaries.map((s) => rankingValue(context.scoring, s.mean_test)));
  const results: SearchCandidate[] = summaries.map((s, i) => ({ ...s, rank: ranks[i]! }));
  const bestIndex = ranks.indexOf(Math.min(...ranks));
  return {
    method: context.search.method,
    scoring: context.scoring.name,
    best_params: { ...results[bestIndex]!.params },
    best_score: results[bestIndex]!.mean_test,
    best_index: bestIndex,
    n_candidates: nCandidates,
    candidates: results,
  };
}

/** Cross-validates a fixed list of candidates on the context's folds and ranks them (grid, random). */
export async function evaluateAndRank(context: SearchContext, candidates: readonly Params[]): Promise<SearchResult> {
  const evaluated = await evaluateCandidates(context, context.folds, candidates);
  return rankedResult(context, evaluated.map((e) => summarize(e, context.scoring, context.extra)));
}
