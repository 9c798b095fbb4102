/**
 * Hyperparameter search on training rows only. The method (grid, random, halving, …) is an entry
 * of the `searchMethods` registry; this file resolves what every method needs (metrics, inner
 * folds, parameter names) and hands it over. Every candidate is cross-validated inside the
 * training rows with a preprocessor fitted per inner fold, so neither the outer test rows nor the
 * inner validation rows ever reach a fit. The refit of the best candidate is left to the caller.
 */
import { Random, SweepError, take, unknownNameMessage, type Label, type Params, type Table } from '../core/index.js';
import { createEstimator, getImplementation } from '../models/index.js';
import { checkFolds, resolveMetrics, type FitSpec } from './cross-validate.js';
import { configError, distributionsOf, type SearchOptions, type SearchResult, type SearchSpec } from './search-method.js';
import { searchMethods } from './search-methods/index.js';
import { stratifiedKFold, type Fold } from './split.js';

export { rankingValue, rankScores, type NormalizedDistribution, type SearchCandidate, type SearchOptions, type SearchResult, type SearchSpec } from './search-method.js';

/** The candidates of a search fixed before evaluation, in scikit-learn's order (`ParameterGrid` / `ParameterSampler`); null for adaptive methods. */
export function searchCandidates(search: SearchSpec, seed: number): Params[] | null {
  return searchMethods.get(search.method).candidates(search, seed);
}

/** One candidate naming every searched hyperparameter (its first choice or lower bound), to check the names of adaptive searches up front. */
function representativeCandidate(search: SearchSpec): Params {
  const d = distributionsOf(search) ?? {};
  return Object.fromEntries(
    Object.entries(d).map(([k, v]) => {
      if (Array.isArray(v)) return [k, v[0] ?? null];
      if ('choice' in v) return [k, v.choice[0] ?? null];
      return [k, 'uniform' in v ? v.uniform[0] : 'loguniform' in v ? v.loguniform[0] : v.randint[0]];
    }),
  );
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

/**
 * Searches hyperparameters of `spec` by cross-validation on `trainRows` of (X, y) only.
 *
 * - `search.method` names an entry of `searchMethods`: `grid` (every combination of `paramGrid`,
 *   `ParameterGrid` order), `random` (`nIter` seeded draws, `ParameterSampler`), `halving`
 *   (successive halving over a grid or `nIter` draws; see `search-methods/halving.ts`), ….
 * - Inner CV: stratified k-fold (`search.cv` folds) over `trainRows`, shuffled with a stream of
 *   `seed`; each inner fold gets its own preprocessor fitted on its training rows.
 * - Scoring: a registry metric. Losses (`greaterIsBetter: false`, e.g. `log_loss`) are negated for
 *   ranking as scikit-learn's `neg_log_loss`, but every reported score is the natural value.
 * - A candidate whose fit (or metric) throws scores NaN, ranks last, and keeps the message in
 *   `error` (scikit-learn's `error_score=nan`).
 * - Ranks: ties share the smallest rank; `best_index` is the first candidate of rank 1 (halving:
 *   the best of the last iteration, as scikit-learn).
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
  const method = searchMethods.get(search.method);
  const candidates = method.candidates(search, options.seed);
  checkParamNames(spec, candidates ?? [representativeCandidate(search)], `search of ${spec.algorithm}`);
  const folds = innerFolds(y, rows, search.cv, options.seed, 'search', options.folds);
  return method.run({ X, y, rows, spec, search, options, folds, scoring: scoring!, extra, returnTrainScore: options.returnTrainScore ?? false });
}

