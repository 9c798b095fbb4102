/**
 * Successive halving over a grid (or `n_iter` draws), as scikit-learn's `HalvingGridSearchCV(factor,
 * resource='n_samples', min_resources='exhaust', aggressive_elimination=False)`: the smallest budget
 * is `2 * cv * n_classes` rows, raised so the last iteration uses as many rows as possible
 * (`max(that, n // factor^(n_required - 1))`), and the number of iterations is
 * `min(n_possible, n_required)`. Each iteration keeps the `ceil(n_candidates / factor)` best by
 * mean test score. Deviation: each inner fold's training and validation rows are subsampled
 * *stratified* (`stratifiedSample`, every class kept) where scikit-learn draws plain random
 * subsets, so a small budget cannot lose a class.
 */
import { Random, SweepError, take } from '../../core/index.js';
import { encodeLabels } from '../../models/index.js';
import { stratifiedSample } from '../sample.js';
import {
  configError,
  distributionsOf,
  evaluateCandidates,
  needsGridOrDistributions,
  rankingValue,
  rankScores,
  summarize,
  type SearchCandidate,
  type SearchContext,
  type SearchMethod,
  type SearchResult,
} from '../search-method.js';
import { expandGrid, sampleParams } from '../search-space.js';

/** Positions of the `k` best of `scores` (greater is better), in scikit-learn's `_top_k` order: ascending, NaN first. */
function topK(scores: readonly number[], k: number): number[] {
  const order = scores.map((_, i) => i);
  const nan = order.filter((i) => Number.isNaN(scores[i]!));
  const finite = order.filter((i) => !Number.isNaN(scores[i]!)).sort((a, b) => scores[a]! - scores[b]! || a - b);
  const sorted = [...nan, ...finite];
  return sorted.slice(Math.max(0, sorted.length - k));
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

async function halvingSearch(ctx: SearchContext): Promise<SearchResult> {
  const { y, rows, search, options } = ctx;
  const candidates0 = halving.candidates(search, options.seed)!;
  const nClasses = encodeLabels(take(y, rows)).classes.length;
  const schedule = halvingSchedule(candidates0.length, rows.length, nClasses, ctx.folds.length, search.factor);
  const all: Array<Omit<SearchCandidate, 'rank'>> = [];
  const iterations: NonNullable<SearchResult['iterations']> = [];
  let current = candidates0;
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
    const evaluated = await evaluateCandidates(ctx, folds, current, itr * folds.length);
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
    n_candidates: candidates0.length,
    candidates,
    iterations,
  };
}

export const halving: SearchMethod = {
  description: 'successive halving over param_grid or n_iter draws (HalvingGridSearchCV)',
  check: needsGridOrDistributions('param_grid', 'halving search needs `param_grid:` or `param_distributions:`'),
  candidates(search, seed) {
    if (search.paramGrid !== null) return expandGrid(search.paramGrid);
    if (search.paramDistributions !== null) return sampleParams(distributionsOf(search)!, search.nIter, Random.derive(seed, 'search', 'candidates').nextUint32());
    throw configError('halving search needs param_grid or param_distributions');
  },
  run: halvingSearch,
};
