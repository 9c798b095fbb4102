/**
 * The one rule that turns the best parameters of each outer fold's search into "the tuned
 * parameters" of a cell, used by every output (report.json, results.json, summary.md, report.html
 * and the curves), so they can never disagree.
 */
/** The rule, in words, as the reports print it. */
export const TUNED_PARAMS_RULE =
  'the choice made most often by the outer folds\u2019 searches; a tie goes to the choice with the best mean inner-CV score';

/** What `chooseTunedParams` decided, with each fold's own choice kept beside it. */
export interface TunedParamsChoice<P extends Record<string, unknown> = Record<string, unknown>> {
  params: P;
  /** Outer folds whose search chose `params`. */
  votes: number;
  /** Outer folds with a search. */
  folds: number;
  rule: string;
  /** Each outer fold's choice and its inner-CV score, in fold order. */
  per_fold: Array<{ fold: number; params: P; score: number }>;
}

/**
 * Picks the tuned parameters from the outer folds' searches: the most frequent `best_params`;
 * among equally frequent ones, the best mean `best_score` (`greaterIsBetter` says which way);
 * still tied, the one chosen first. Null without searches.
 */
export function chooseTunedParams<P extends Record<string, unknown>>(searches: ReadonlyArray<{ best_params: P; best_score: number }>, greaterIsBetter = true): TunedParamsChoice<P> | null {
  if (searches.length === 0) return null;
  const groups = new Map<string, { params: P; votes: number; sum: number; first: number }>();
  searches.forEach((s, k) => {
    const key = JSON.stringify(s.best_params, Object.keys(s.best_params).sort());
    const g = groups.get(key) ?? { params: s.best_params, votes: 0, sum: 0, first: k };
    g.votes++;
    g.sum += Number.isFinite(s.best_score) ? s.best_score : greaterIsBetter ? -Infinity : Infinity;
    groups.set(key, g);
  });
  const sign = greaterIsBetter ? 1 : -1;
  const best = [...groups.values()].sort((a, b) => b.votes - a.votes || sign * (b.sum / b.votes - a.sum / a.votes) || a.first - b.first)[0]!;
  return {
    params: best.params,
    votes: best.votes,
    folds: searches.length,
    rule: TUNED_PARAMS_RULE,
    per_fold: searches.map((s, k) => ({ fold: k + 1, params: s.best_params, score: s.best_score })),
  };
}
