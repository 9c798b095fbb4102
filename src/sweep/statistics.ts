/**
 * Statistics of a run: which algorithms differ, and how sure we can be. Computed here from the
 * results (and kept predictions) with the evaluation layer's tests; the report layer only draws
 * them. A test that cannot mean anything carries its reason instead of a p-value.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SweepError, unknownNameMessage, type Label } from '../core/index.js';
import { correctedResampledTTest, friedmanTest, mcnemarTest, metrics as metricRegistry, winTieLoss } from '../evaluation/index.js';
import type {
  CellResult,
  DatasetComparison,
  FriedmanSummary,
  NotApplicableTest,
  PairwiseOutcome,
  PairwiseTest,
  RunStatistics,
  SweepResults,
  WinTieLossSummary,
} from '../report/index.js';

/** Test-set labels of one cell (a single holdout), for McNemar's test. */
export interface TestPredictions {
  y_true: Label[];
  y_pred: Label[];
}

/** Options of `computeStatistics`. */
export interface StatisticsOptions {
  /** Algorithm the others are counted against for win/tie/loss (default: the first). */
  baseline?: string;
  /** Metric to compare on (default: the run's main metric, the first). */
  metric?: string;
  alpha?: number;
  /** Loads a cell's test predictions, or null when the run did not keep them. */
  predictions?: (dataset: string, algorithm: string) => Promise<TestPredictions | null>;
}

const NEEDS_PREDICTIONS =
  "McNemar's test needs each cell's test predictions row by row, and this run folder does not keep them (not applicable: needs predictions)";

/** How win/tie/loss counts, in words (statistics.json and the report say it). */
export const WIN_RULE =
  'a win or loss counts only when the paired test on that dataset (corrected resampled t-test over folds, or McNemar on a holdout) is significant after Holm adjustment; any other difference is a tie';

/** Holm's step-down adjustment of p-values (same order as given). */
export function holmAdjust(ps: readonly number[]): number[] {
  const order = ps.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const out = new Array<number>(ps.length);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (ps.length - rank) * p));
    out[i] = running;
  });
  return out;
}

function score(cell: CellResult | undefined, metric: string): number | null {
  const v = cell?.status === 'ok' ? cell.metrics.test[metric] : null;
  return v === null || v === undefined || !Number.isFinite(v) ? null : v;
}

function friedman(results: SweepResults, algorithms: string[], datasets: string[], metric: string, greater: boolean, alpha: number): FriedmanSummary | NotApplicableTest {
  const cell = (d: string, a: string) => results.cells.find((c) => c.dataset === d && c.algorithm === a);
  const excluded: FriedmanSummary['excluded_datasets'] = [];
  const rows: number[][] = [];
  const used: string[] = [];
  for (const d of datasets) {
    const missing = algorithms.filter((a) => score(cell(d, a), metric) === null);
    if (missing.length > 0) {
      excluded.push({ dataset: d, reason: `no ${metric} for ${missing.join(', ')}` });
      continue;
    }
    rows.push(algorithms.map((a) => score(cell(d, a), metric)!));
    used.push(d);
  }
  const test = friedmanTest(rows, { alpha, greaterIsBetter: greater });
  if (!test.applicable) {
    const why = excluded.length > 0 ? ` (${excluded.length} dataset${excluded.length === 1 ? '' : 's'} left out for missing scores: ${excluded.map((e) => e.dataset).join(', ')})` : '';
    return { applicable: false, reason: `${test.reason}${why}` };
  }
  return {
    applicable: true,
    metric,
    algorithms,
    datasets: used,
    excluded_datasets: excluded,
    average_ranks: test.average_ranks,
    chi2: test.chi2,
    chi2_p: test.chi2_p,
    iman_davenport_f: test.iman_davenport_f,
    iman_davenport_p: test.iman_davenport_p,
    df1: test.df1,
    df2: test.df2,
    alpha: test.alpha,
    critical_difference: test.critical_difference,
    significant_pairs: test.significant_pairs.map(([i, j]) => [algorithms[i]!, algorithms[j]!]),
  };
}

async function compareDataset(results: SweepResults, dataset: string, metric: string, options: StatisticsOptions): Promise<DatasetComparison> {
  const cells = results.cells.filter((c) => c.dataset === dataset && score(c, metric) !== null);
  const folds = Math.min(...cells.map((c) => c.folds.length));
  if (cells.length < 2) {
    return { dataset, test: null, folds: Number.isFinite(folds) ? folds : 0, reason: `needs at least 2 algorithms with a ${metric} score on this dataset; it has ${cells.length}`, pairs: [] };
  }
  const sameFolds = cells.every((c) => c.folds.length === cells[0]!.folds.length);
  if (!sameFolds) return { dataset, test: null, folds, reason: 'the algorithms were scored on different numbers of folds', pairs: [] };
  const test: DatasetComparison['test'] = folds >= 2 ? 'corrected_t' : 'mcnemar';
  const raw: Array<{ a: string; b: string; result: Omit<PairwiseOutcome, 'p_holm'> | NotApplicableTest }> = [];
  const predictions = new Map<string, TestPredictions | null>();
  if (test === 'mcnemar') {
    for (const c of cells) predictions.set(c.algorithm, options.predictions === undefined ? null : await options.predictions(dataset, c.algorithm));
  }
  for (let i = 0; i < cells.length; i++) {
    for (let j = i + 1; j < cells.length; j++) {
      const a = cells[i]!;
      const b = cells[j]!;
      if (test === 'corrected_t') {
        const fa = a.folds.map((f) => f.test[metric] ?? NaN);
        const fb = b.folds.map((f) => f.test[metric] ?? NaN);
        if ([...fa, ...fb].some((v) => !Number.isFinite(v))) {
          raw.push({ a: a.algorithm, b: b.algorithm, result: { applicable: false, reason: `a fold has no ${metric} score` } });
          continue;
        }
        const nTrain = a.n_train ?? 0;
        const nTest = a.n_test ?? 0;
        if (nTrain <= 0 || nTest <= 0) {
          raw.push({ a: a.algorithm, b: b.algorithm, result: { applicable: false, reason: 'the train and test sizes of the folds are unknown' } });
          continue;
        }
        const t = correctedResampledTTest(fa, fb, nTrain, nTest);
        raw.push({
          a: a.algorithm,
          b: b.algorithm,
          result: t.applicable ? { applicable: true, statistic: t.t, p: t.p, details: { mean_difference: t.mean_difference, df: t.df, n_train: nTrain, n_test: nTest } } : t,
        });
      } else {
        const pa = predictions.get(a.algorithm) ?? null;
        const pb = predictions.get(b.algorithm) ?? null;
        if (pa === null || pb === null) {
          raw.push({ a: a.algorithm, b: b.algorithm, result: { applicable: false, reason: NEEDS_PREDICTIONS } });
          continue;
        }
        const sameRows = pa.y_true.length === pb.y_true.length && pa.y_true.every((y, k) => y === pb.y_true[k]);
        if (!sameRows) {
          raw.push({ a: a.algorithm, b: b.algorithm, result: { applicable: false, reason: 'the two cells were not tested on the same rows' } });
          continue;
        }
        const m = mcnemarTest(pa.y_pred.map((y, k) => y === pa.y_true[k]), pb.y_pred.map((y, k) => y === pb.y_true[k]));
        raw.push({
          a: a.algorithm,
          b: b.algorithm,
          result: m.applicable ? { applicable: true, statistic: m.statistic, p: m.p, details: { a_right_b_wrong: m.b, a_wrong_b_right: m.c, method: m.method } } : m,
        });
      }
    }
  }
  const applicable = raw.flatMap((r) => (r.result.applicable ? [r.result.p] : []));
  const adjusted = holmAdjust(applicable);
  let k = 0;
  const pairs: PairwiseTest[] = raw.map((r) => (r.result.applicable ? { a: r.a, b: r.b, result: { ...r.result, p_holm: adjusted[k++]! } } : { a: r.a, b: r.b, result: r.result }));
  return { dataset, test, folds, reason: null, pairs };
}

/**
 * Computes the run's statistics: Friedman/Iman–Davenport + Nemenyi over datasets, per-dataset
 * pairwise tests (corrected resampled t-test with ≥ 2 folds, McNemar on a holdout), and
 * win/tie/loss against a baseline algorithm.
 */
export async function computeStatistics(results: SweepResults, options: StatisticsOptions = {}): Promise<RunStatistics> {
  const metric = options.metric ?? results.scoring ?? results.metrics[0] ?? 'accuracy';
  const greater = metricRegistry.has(metric) ? metricRegistry.get(metric).greaterIsBetter : true;
  const alpha = options.alpha ?? 0.05;
  const algorithms = [...new Set(results.cells.map((c) => c.algorithm))];
  const datasets = [...new Set([...results.datasets.map((d) => d.dataset), ...results.cells.map((c) => c.dataset)])].filter((d) => results.cells.some((c) => c.dataset === d));
  if (options.baseline !== undefined && !algorithms.includes(options.baseline)) {
    const { message, hint } = unknownNameMessage('algorithm', options.baseline, algorithms);
    throw new SweepError('SWEEP_UNKNOWN_NAME', `--baseline: ${message} (not in this run)`, { hint });
  }
  const baseline = options.baseline ?? algorithms[0];
  const perDataset: DatasetComparison[] = [];
  for (const d of datasets) perDataset.push(await compareDataset(results, d, metric, options));
  // A win or loss counts only when the paired test on that dataset rejects equality (Holm-adjusted).
  const significant = (dataset: string, algorithm: string): boolean => {
    const pair = perDataset.find((c) => c.dataset === dataset)?.pairs.find((p) => (p.a === algorithm && p.b === baseline) || (p.b === algorithm && p.a === baseline));
    return pair !== undefined && pair.result.applicable && pair.result.p_holm < alpha;
  };
  let wtl: WinTieLossSummary | NotApplicableTest;
  if (baseline === undefined || algorithms.length < 2) {
    wtl = { applicable: false, reason: 'win/tie/loss needs at least 2 algorithms' };
  } else {
    const scores = new Map<string, Map<string, number>>();
    for (const c of results.cells) {
      const v = score(c, metric);
      if (v === null) continue;
      const row = scores.get(c.dataset) ?? new Map<string, number>();
      row.set(c.algorithm, v);
      scores.set(c.dataset, row);
    }
    const rows = winTieLoss(scores, baseline, { greaterIsBetter: greater, significant });
    wtl = { applicable: true, baseline, metric, rule: WIN_RULE, rows: algorithms.filter((a) => a !== baseline).map((a) => rows.find((r) => r.algorithm === a) ?? { algorithm: a, wins: 0, ties: 0, losses: 0 }) };
  }
  return { metric, greater_is_better: greater, alpha, friedman: friedman(results, algorithms, datasets, metric, greater, alpha), datasets: perDataset, win_tie_loss: wtl };
}

/**
 * Reads a cell's kept test predictions from the run folder: those of the reported model, i.e.
 * `<dataset>/<algorithm>/tuned-predictions.json` after a search, else `predictions.json` (or the
 * same under `.data/`, where `--keep-data` keeps intermediates).
 */
export function predictionsFromRunDir(runDir: string): (dataset: string, algorithm: string) => Promise<TestPredictions | null> {
  return async (dataset, algorithm) => {
    const places = [path.join(runDir, dataset, algorithm), path.join(runDir, '.data', dataset, algorithm)];
    for (const file of places.flatMap((dir) => [path.join(dir, 'tuned-predictions.json'), path.join(dir, 'predictions.json')])) {
      try {
        const json = JSON.parse(await readFile(file, 'utf8')) as { test?: { y_true?: unknown; y_pred?: unknown } };
        const t = json.test;
        if (t !== undefined && Array.isArray(t.y_true) && Array.isArray(t.y_pred) && t.y_true.length === t.y_pred.length) {
          return { y_true: t.y_true as Label[], y_pred: t.y_pred as Label[] };
        }
      } catch {
        // absent or unreadable: try the next place
      }
    }
    return null;
  };
}
