/**
 * Hyperparameter search on training rows only: exhaustive grid, seeded random draws, and
 * successive halving, as scikit-learn's `GridSearchCV`, `RandomizedSearchCV` and
 * `HalvingGridSearchCV`. Every candidate is cross-validated inside the training rows with a
 * preprocessor fitted per inner fold, so neither the outer test rows nor the inner validation rows
 * ever reach a fit. The refit of the best candidate is left to the caller.
 */
import { Random, SweepError, take, unknownNameMessage, type JsonValue, type Label, type Params, type Table } from '../core/index.js';
import { createEstimator, encodeLabels, getImplementation } from '../models/index.js';
import {
  checkFolds,
  fitAndScore,
  meanStd,
  prepareFold,
  resolveMetrics,
  type FitSpec,
  type OnFitHook,
  type PreparedFold,
} from './cross-validate.js';
import type { MetricSpec } from './metrics.js';
import { stratifiedSample } from './sample.js';
import { expandGrid, sampleParams, type ParamDistribution } from './search-space.js';
import { stratifiedKFold, type Fold } from './split.js';

/** A distribution as the config layer normalizes it (scipy.stats-like; `randint` high exclusive). */
export type NormalizedDistribution =
  | { kind: 'uniform' | 'loguniform' | 'randint'; low: number; high: number }
  | { kind: 'choice'; values: JsonValue[] };

/**
 * What to search: the config layer's `SearchConfig` fits this shape as is. `method` is `grid`,
 * `random` or `halving`; `scoring` a metric name; `cv` the number of inner stratified folds.
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
}

function configError(message: string, hint?: string): SweepError {
  return new SweepError('SWEEP_CONFIG_INVALID', message, hint === undefined ? {} : { hint });
}

/** The search-space form of a distribution (accepts both the config and search-space shapes). */
function toSearchSpace(dist: NormalizedDistribution | ParamDistribution): ParamDistribution {
  if (Array.isArray(dist) || !('kind' in dist)) return dist as ParamDistribution;
  const d = dist as NormalizedDistribution;
  if (d.kind === 'choice') return { choice: d.values };
  if (d.kind === 'uniform') return { uniform: [d.low, d.high] };
  if (d.kind === 'loguniform') return { loguniform: [d.low, d.high] };
  return { randint: [d.low, d.high] };
}

/** The candidates of a search, in scikit-learn's order (`ParameterGrid` / `ParameterSampler`). */
export function searchCandidates(search: SearchSpec, seed: number): Params[] {
  const drawSeed = Random.derive(seed, 'search', 'candidates').nextUint32();
  const distributions = (): Record<string, ParamDistribution> | null => {
    if (search.paramDistributions !== null) {
      return Object.fromEntries(Object.entries(search.paramDistributions).map(([k, d]) => [k, toSearchSpace(d)]));
    }
    return search.paramGrid;
  };
  switch (search.method) {
    case 'grid':
      if (search.paramGrid === null) throw configError('grid search needs param_grid');
      return expandGrid(search.paramGrid);
    case 'random': {
      const d = distributions();
      if (d === null) throw configError('random search needs param_distributions (or param_grid)');
      return sampleParams(d, search.nIter, drawSeed);
    }
    case 'halving':
      if (search.paramGrid !== null) return expandGrid(search.paramGrid);
      if (search.paramDistributions !== null) return sampleParams(distributions()!, search.nIter, drawSeed);
      throw configError('halving search needs param_grid or param_distributions');
    default:
      throw configError(`unknown search method '${search.method}'`, 'use grid, random or halving');
  }
}

/** Known hyperparameter names of an algorithm given its fixed params (all defaulted keys). */
function knownParams(spec: { algorithm: string; engine: string; params: Params }): string[] {
  return Object.keys(createEstimator(spec.algorithm, spec.params, spec.engine).getParams());
}

/**
 * Fails when a candidate sets a hyperparameter the algorithm does not have, naming the parameter
 * and the algorithm with a did-you-mean. Each candidate is checked merged over the fixed params,
 * so variant-specific keys (naive-bayes `alpha` with `variant: multinomial`) are judged in
 * context. Bad values are left to the estimator's own fit (that candidate then scores NaN).
 */
export function checkParamNames(spec: { algorithm: string; engine: string; params: Params }, candidates: readonly Params[], where: string): void {
  const schema = getImplementation(spec.algorithm, spec.engine).paramsSchema;
  let known: string[] | undefined;
  for (const candidate of candidates) {
    const parsed = schema.safeParse({ ...spec.params, ...candidate });
    if (parsed.success) continue;
    for (const issue of parsed.error.issues) {
      if (issue.code !== 'unrecognized_keys') continue;
      const name = (issue as { keys: string[] }).keys.find((k) => k in candidate) ?? (issue as { keys: string[] }).keys[0]!;
      known ??= knownParams(spec);
      const { message, hint } = unknownNameMessage(`hyperparameter of ${spec.algorithm} (${spec.engine})`, name, known);
      throw new SweepError('SWEEP_CONFIG_INVALID', `${where}: ${message}`, { hint, details: { algorithm: spec.algorithm, engine: spec.engine, param: name } });
    }
  }
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

/** The inner folds over `trainRows`: explicit ones, or seeded shuffled stratified k-fold (indices of `X`). */
export function innerFolds(y: readonly Label[], trainRows: Int32Array, cv: number, seed: number, stream: string, explicit?: readonly Fold[]): Fold[] {
  if (explicit !== undefined) {
    const allowed = new Set(trainRows);
    explicit.forEach((fold, f) => {
      for (const side of [fold.train, fold.test]) {
        for (const i of side) if (!allowed.has(i)) throw new RangeError(`inner fold ${f} uses row ${i}, which is not among the training rows`);
      }
    });
    return explicit.map((fold) => ({ train: Int32Array.from(fold.train), test: Int32Array.from(fold.test) }));
  }
  if (!Number.isInteger(cv) || cv < 2) throw configError(`cv must be an integer ≥ 2, got ${cv}`);
  const local = stratifiedKFold(take(y, trainRows), { nSplits: cv, shuffle: true, seed: Random.derive(seed, stream, 'cv').nextUint32() });
  const toGlobal = (idx: Int32Array): Int32Array => idx.map((k) => trainRows[k]!);
  return local.map((fold) => ({ train: toGlobal(fold.train), test: toGlobal(fold.test) }));
}

interface Evaluated {
  params: Params;
  /** Per fold: test score of each metric. */
  test: Array<Record<string, number>>;
  train: Array<Record<string, number>> | null;
  fit: number[];
  score: number[];
  errors: string[];
}

/** Cross-validates every candidate on the folds; each fold is preprocessed once for all candidates. */
async function evaluateCandidates(
  X: Table,
  y: readonly Label[],
  folds: readonly Fold[],
  spec: FitSpec,
  candidates: readonly Params[],
  specs: readonly MetricSpec[],
  options: { returnTrainScore: boolean; onFit: OnFitHook | undefined; foldOffset: number },
): Promise<Evaluated[]> {
  const out: Evaluated[] = candidates.map((params) => ({ params, test: [], train: options.returnTrainScore ? [] : null, fit: [], score: [], errors: [] }));
  for (let f = 0; f < folds.length; f++) {
    const fold = folds[f]!;
    const prepared: PreparedFold = prepareFold(X, y, fold.train, fold.test, spec.preprocessing, { onFit: options.onFit, fold: options.foldOffset + f });
    for (let c = 0; c < candidates.length; c++) {
      const outcome = await fitAndScore(prepared, { algorithm: spec.algorithm, engine: spec.engine, params: { ...spec.params, ...candidates[c]! } }, specs, {
        returnTrainScore: options.returnTrainScore,
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

function summarize(e: Evaluated, scoring: MetricSpec, extra: readonly MetricSpec[]): Omit<SearchCandidate, 'rank'> {
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

/** Positions of the `k` best of `scores` (greater is better), in scikit-learn's `_top_k` order: ascending, NaN first. */
function topK(scores: readonly number[], k: number): number[] {
  const order = scores.map((_, i) => i);
  const nan = order.filter((i) => Number.isNaN(scores[i]!));
  const finite = order.filter((i) => !Number.isNaN(scores[i]!)).sort((a, b) => scores[a]! - scores[b]! || a - b);
  const sorted = [...nan, ...finite];
  return sorted.slice(Math.max(0, sorted.length - k));
}

/**
 * Searches hyperparameters of `spec` by cross-validation on `trainRows` of (X, y) only.
 *
 * - `grid`: every combination of `paramGrid`, in `ParameterGrid` order; `random`: `nIter` seeded
 *   draws (`ParameterSampler`); `halving`: successive halving over a grid (or `nIter` draws).
 * - Inner CV: stratified k-fold (`search.cv` folds) over `trainRows`, shuffled with a stream of
 *   `seed`; each inner fold gets its own preprocessor fitted on its training rows.
 * - Scoring: a registry metric. Losses (`greaterIsBetter: false`, e.g. `log_loss`) are negated for
 *   ranking as scikit-learn's `neg_log_loss`, but every reported score is the natural value.
 * - A candidate whose fit (or metric) throws scores NaN, ranks last, and keeps the message in
 *   `error` (scikit-learn's `error_score=nan`).
 * - Ranks: ties share the smallest rank; `best_index` is the first candidate of rank 1 (halving:
 *   the best of the last iteration, as scikit-learn).
 *
 * Halving follows `HalvingGridSearchCV(factor, resource='n_samples', min_resources='exhaust',
 * aggressive_elimination=False)`: the smallest budget is `2 * cv * n_classes` rows, raised so the
 * last iteration uses as many rows as possible (`max(that, n // factor^(n_required - 1))`), and the
 * number of iterations is `min(n_possible, n_required)`. Each iteration keeps the
 * `ceil(n_candidates / factor)` best by mean test score. Deviation: each inner fold's training and
 * validation rows are subsampled *stratified* (`stratifiedSample`, every class kept) where
 * scikit-learn draws plain random subsets, so a small budget cannot lose a class.
 *
 * @example
 * const result = await searchHyperparameters(X, y, trainRows, spec, { method: 'grid', paramGrid: { max_depth: [2, 4, 8] }, paramDistributions: null, nIter: 10, scoring: 'accuracy', cv: 5, factor: 3 }, { seed: 0 });
 * const best = createEstimator(spec.algorithm, { ...spec.params, ...result.best_params }, spec.engine);
 */
export async function searchHyperparameters(
  X: Table,
  y: readonly Label[],
  trainRows: ArrayLike<number>,
  spec: FitSpec,
  search: SearchSpec,
  options: SearchOptions,
): Promise<SearchResult> {
  if (y.length !== X.nRows) throw new RangeError(`X has ${X.nRows} rows but y has ${y.length} labels`);
  const rows = Int32Array.from(trainRows);
  checkFolds([{ train: rows, test: new Int32Array(0) }], X.nRows);
  const [scoring] = resolveMetrics([search.scoring]);
  const extra = resolveMetrics([search.scoring, ...(options.metrics ?? [])]).slice(1).filter((m) => m.name !== scoring!.name);
  const specs = [scoring!, ...extra];
  const candidates = searchCandidates(search, options.seed);
  checkParamNames(spec, candidates, `search of ${spec.algorithm}`);
  const folds = innerFolds(y, rows, search.cv, options.seed, 'search', options.folds);
  const returnTrainScore = options.returnTrainScore ?? false;

  if (search.method !== 'halving') {
    const evaluated = await evaluateCandidates(X, y, folds, spec, candidates, specs, { returnTrainScore, onFit: options.onFit, foldOffset: 0 });
    const summaries = evaluated.map((e) => summarize(e, scoring!, extra));
    const ranks = rankScores(summaries.map((s) => rankingValue(scoring!, s.mean_test)));
    const results: SearchCandidate[] = summaries.map((s, i) => ({ ...s, rank: ranks[i]! }));
    const bestIndex = ranks.indexOf(Math.min(...ranks));
    return {
      method: search.method,
      scoring: scoring!.name,
      best_params: { ...results[bestIndex]!.params },
      best_score: results[bestIndex]!.mean_test,
      best_index: bestIndex,
      n_candidates: candidates.length,
      candidates: results,
    };
  }
  return halvingSearch(X, y, rows, spec, search, options, { candidates, folds, scoring: scoring!, extra, returnTrainScore });
}

/** The iteration plan of successive halving (scikit-learn's `_run_search` arithmetic). */
export function halvingSchedule(nCandidates: number, nSamples: number, nClasses: number, cv: number, factor: number): { minResources: number; nIterations: number; resources: number[] } {
  if (!(factor > 1)) throw configError(`halving factor must be > 1, got ${factor}`);
  const smallest = 2 * cv * nClasses;
  if (smallest > nSamples) {
    throw new SweepError('SWEEP_DATASET_INVALID', `halving search needs at least ${smallest} training rows (2 × cv ${cv} × ${nClasses} classes), got ${nSamples}`, {
      hint: 'use fewer inner folds, more rows, or grid search',
    });
  }
  const logBase = (x: number): number => Math.log(x) / Math.log(factor);
  const nRequired = 1 + Math.floor(logBase(nCandidates));
  const minResources = Math.max(smallest, Math.floor(nSamples / factor ** (nRequired - 1)));
  const nPossible = 1 + Math.floor(logBase(Math.floor(nSamples / minResources)));
  const nIterations = Math.min(nPossible, nRequired);
  const resources = Array.from({ length: nIterations }, (_, i) => Math.min(Math.floor(factor ** i * minResources), nSamples));
  return { minResources, nIterations, resources };
}

async function halvingSearch(
  X: Table,
  y: readonly Label[],
  rows: Int32Array,
  spec: FitSpec,
  search: SearchSpec,
  options: SearchOptions,
  ctx: { candidates: Params[]; folds: Fold[]; scoring: MetricSpec; extra: MetricSpec[]; returnTrainScore: boolean },
): Promise<SearchResult> {
  const nClasses = encodeLabels(take(y, rows)).classes.length;
  const schedule = halvingSchedule(ctx.candidates.length, rows.length, nClasses, ctx.folds.length, search.factor);
  const all: Array<Omit<SearchCandidate, 'rank'>> = [];
  const iterations: NonNullable<SearchResult['iterations']> = [];
  let current = ctx.candidates;
  let lastStart = 0;
  for (let itr = 0; itr < schedule.nIterations; itr++) {
    const nResources = schedule.resources[itr]!;
    const fraction = nResources / rows.length;
    const subsample = (idx: Int32Array, stream: string, f: number): Int32Array => {
      const n = Math.floor(fraction * idx.length);
      if (n >= idx.length) return idx;
      if (n < 1) throw new SweepError('SWEEP_DATASET_INVALID', `halving iteration ${itr}: a budget of ${nResources} rows leaves an empty inner fold`);
      const picked = stratifiedSample(take(y, idx), n, Random.derive(options.seed, 'halving', itr, stream, f).nextUint32());
      return picked.map((k) => idx[k]!);
    };
    const folds = ctx.folds.map((fold, f) => ({ train: subsample(fold.train, 'train', f), test: subsample(fold.test, 'test', f) }));
    const evaluated = await evaluateCandidates(X, y, folds, spec, current, [ctx.scoring, ...ctx.extra], {
      returnTrainScore: ctx.returnTrainScore,
      onFit: options.onFit,
      foldOffset: itr * folds.length,
    });
    const summaries = evaluated.map((e) => ({ ...summarize(e, ctx.scoring, ctx.extra), resource: nResources, iteration: itr }));
    lastStart = all.length;
    all.push(...summaries);
    iterations.push({ iteration: itr, n_candidates: current.length, n_resources: nResources });
    const keep = Math.ceil(current.length / search.factor);
    const kept = topK(summaries.map((s) => rankingValue(ctx.scoring, s.mean_test)), keep);
    current = kept.map((i) => current[i]!);
  }
  const ranks = rankScores(all.map((s) => rankingValue(ctx.scoring, s.mean_test)));
  const candidates: SearchCandidate[] = all.map((s, i) => ({ ...s, rank: ranks[i]! }));
  // the best of the last iteration (scikit-learn's `_select_best_index`: nanargmax, first on ties)
  let bestIndex = lastStart;
  let bestValue = -Infinity;
  for (let i = lastStart; i < all.length; i++) {
    const v = rankingValue(ctx.scoring, all[i]!.mean_test);
    if (v > bestValue) {
      bestValue = v;
      bestIndex = i;
    }
  }
  return {
    method: search.method,
    scoring: ctx.scoring.name,
    best_params: { ...candidates[bestIndex]!.params },
    best_score: candidates[bestIndex]!.mean_test,
    best_index: bestIndex,
    n_candidates: ctx.candidates.length,
    candidates,
    iterations,
  };
}
