/**
 * Tree-structured Parzen Estimator search, as Optuna's default `TPESampler`, with trials that
 * report a running mean after each inner CV fold so a pruner (`median`, `asha`) can stop hopeless
 * ones. Trials run one after another (each learns from the ones before); the study can be
 * continued from earlier trials (`options.study`), and each trial is handed to `onTrial` as soon
 * as it finishes.
 */
import { Random, SweepError, type JsonValue } from '../../core/index.js';
import { fitAndScore, prepareFold, secondsSince, type PreparedFold } from '../cross-validate.js';
import { configError, needsGridOrDistributions, rankedResult, summarize, toSearchSpace, type NormalizedDistribution, type SearchContext, type SearchMethod, type SearchResult, type SearchSpec, type StudyTrial } from '../search-method.js';
import type { ParamDistribution } from '../search-space.js';
import { createPruner } from '../tpe/pruners.js';
import { TPE_DEFAULTS, TpeSampler, type SpaceParam } from '../tpe/sampler.js';

/** The sampler's space from `param_distributions` (or a grid's lists as categories). */
export function tpeSpace(search: Pick<SearchSpec, 'paramDistributions' | 'paramGrid'>): SpaceParam[] {
  const source: Record<string, NormalizedDistribution | ParamDistribution> | null = search.paramDistributions ?? search.paramGrid;
  if (source === null) throw configError('tpe search needs param_distributions (or param_grid)');
  return Object.entries(source).map(([name, raw]) => {
    const when = !Array.isArray(raw) && 'kind' in raw ? (raw.when ?? null) : null;
    const d = toSearchSpace(raw);
    const choices: JsonValue[] | null = Array.isArray(d) ? d : 'choice' in d ? d.choice : null;
    if (choices !== null) return { name, domain: { kind: 'categorical', choices: choices.length }, choices, when };
    if ('uniform' in d) return { name, domain: { kind: 'float', low: d.uniform[0], high: d.uniform[1], log: false }, when };
    if ('loguniform' in d) return { name, domain: { kind: 'float', low: d.loguniform[0], high: d.loguniform[1], log: true }, when };
    // randint's high is exclusive (scipy); Optuna's IntDistribution's is inclusive
    const [low, high] = (d as { randint: [number, number] }).randint;
    return { name, domain: { kind: 'int', low, high: high - 1, log: false }, when };
  });
}

/** Element-wise mean of per-fold iteration scores (folds may stop at different iterations: each mean uses the folds that reached it). */
function meanByIteration(perFold: readonly number[][]): number[] {
  const n = Math.max(...perFold.map((s) => s.length));
  return Array.from({ length: n }, (_, i) => {
    const values = perFold.map((s) => s[i]).filter((v): v is number => v !== undefined);
    return values.reduce((a, b) => a + b, 0) / values.length;
  });
}

/** Trials to run in all: `nTrials`, else `nIter` without a timeout, else until the timeout. */
function trialBudget(search: SearchSpec): number {
  if (search.nTrials !== undefined && search.nTrials !== null) return search.nTrials;
  return search.timeout !== undefined && search.timeout !== null ? Infinity : search.nIter;
}

async function tpeSearch(context: SearchContext): Promise<SearchResult> {
  const { search, options, scoring, extra, spec } = context;
  const direction = scoring.greaterIsBetter ? 'maximize' : 'minimize';
  const sampler = new TpeSampler(tpeSpace(search), Random.derive(options.seed, 'tpe').nextUint32(), search.sampler ?? TPE_DEFAULTS, direction);
  const pruner = createPruner(search.pruner?.kind ?? 'none', search.pruner?.options ?? {});
  const trials: StudyTrial[] = (options.study?.trials ?? []).map((t) => ({ ...t, intermediate: t.intermediate.map(([s, v]) => [s, v ?? NaN] as [number, number]) }));
  trials.forEach((t, i) => {
    if (t.number !== i) throw new SweepError('SWEEP_RUN_FAILED', `the study's trial ${i} is numbered ${t.number}`, { hint: 'the study file was edited or mixes two studies; delete it to start again' });
  });
  const prepared: PreparedFold[] = [];
  const foldOf = (f: number): PreparedFold => {
    const fold = context.folds[f]!;
    prepared[f] ??= prepareFold(context.X, context.y, fold.train, fold.test, spec.preprocessing, { onFit: options.onFit, fold: f });
    return prepared[f];
  };
  const budget = trialBudget(search);
  const started = performance.now();
  const specs = [scoring, ...extra];
  while (trials.length < budget) {
    if (search.timeout !== undefined && search.timeout !== null && secondsSince(started) >= search.timeout) break;
    const number = trials.length;
    const params = sampler.suggest(trials, number);
    const trialStart = performance.now();
    const running: Omit<StudyTrial, 'state'> & { state: StudyTrial['state'] | 'running' } = { number, params, state: 'running', value: null, intermediate: [], duration_s: 0 };
    const evaluated = { params, test: [] as Array<Record<string, number>>, train: context.returnTrainScore ? ([] as Array<Record<string, number>>) : null, fit: [] as number[], score: [] as number[], errors: [] as string[] };
    const staged: number[][] = [];
    for (let f = 0; f < context.folds.length; f++) {
      const outcome = await fitAndScore(foldOf(f), { algorithm: spec.algorithm, engine: spec.engine, params: { ...spec.params, ...params } }, specs, { returnTrainScore: context.returnTrainScore, errorScore: 'nan', staged: scoring });
      if (outcome.staged !== undefined) staged.push(outcome.staged);
      evaluated.test.push(outcome.test);
      evaluated.train?.push(outcome.train!);
      evaluated.fit.push(outcome.fitSeconds);
      evaluated.score.push(outcome.scoreSeconds);
      if (outcome.error !== null) evaluated.errors.push(`fold ${f}: ${outcome.error}`);
      const scores = evaluated.test.map((s) => s[scoring.name]!);
      const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
      running.intermediate.push([f, mean]);
      if (Number.isNaN(mean)) break;
      if (f < context.folds.length - 1 && pruner.shouldPrune(running, trials, direction)) {
        running.state = 'pruned';
        running.value = mean;
        running.pruned_step = f;
        break;
      }
    }
    if (staged.length > 0) running.iterations = meanByIteration(staged);
    const summary = summarize(evaluated, scoring, extra);
    if (running.state === 'running') {
      const failed = Number.isNaN(summary.mean_test) || evaluated.test.length < context.folds.length;
      running.state = failed ? 'failed' : 'complete';
      running.value = failed ? null : summary.mean_test;
      const { params: _params, ...candidate } = summary;
      running.candidate = candidate;
    }
    if (summary.error !== undefined) running.error = summary.error;
    running.duration_s = secondsSince(trialStart);
    const trial = running as StudyTrial;
    trials.push(trial);
    await options.study?.onTrial?.(trial);
  }
  const ranked = trials.filter((t) => t.state !== 'pruned');
  if (ranked.length === 0) {
    throw new SweepError('SWEEP_RUN_FAILED', `tpe search of ${spec.algorithm} finished no trial (${trials.length} pruned)`, { hint: 'raise n_trials or timeout, or use a gentler pruner' });
  }
  const summaries = ranked.map((t) => ({ params: t.params, ...(t.candidate ?? { mean_test: NaN, std_test: NaN, mean_train: null, fit_s: NaN, score_s: NaN }), ...(t.error === undefined ? {} : { error: t.error }) }));
  return { ...rankedResult(context, summaries), trials };
}

export const tpe: SearchMethod = {
  description: "Tree-structured Parzen Estimator (Optuna's TPESampler), n_trials/timeout, median or asha pruning",
  check: needsGridOrDistributions('param_distributions', 'tpe search needs `param_distributions:` (a distribution per hyperparameter)'),
  candidates: () => null,
  run: tpeSearch,
};
