/**
 * Hyperparameter importances of a study. Not Optuna's fANOVA (that needs a random-forest
 * *regressor*, which sweep does not have): a random-forest classifier (native, 100 trees, seeded)
 * is fitted on the complete trials to tell the better half (score ≥ median) from the rest, and
 * each hyperparameter's importance is its permutation importance — the mean drop in that
 * forest's accuracy on the trials when the hyperparameter's columns are shuffled (5 seeded
 * repeats) — clipped at 0 and scaled to sum to 1. Categorical values are one-hot columns shuffled
 * together; a conditional parameter's absence is its own value (-1 past its smallest value).
 */
import { Random, type JsonValue, type Label, type Matrix } from '../core/index.js';
import { createEstimator } from '../models/index.js';

/** Importances of the hyperparameters (descending), or null with fewer than 8 complete trials or no spread in score. */
export async function paramImportance(
  trials: ReadonlyArray<{ params: Readonly<Record<string, unknown>>; value: number | null; state: string }>,
  seed: number,
): Promise<{ method: string; n_trials: number; importances: Array<{ param: string; importance: number }> } | null> {
  const done = trials.filter((t) => t.state === 'complete' && t.value !== null && Number.isFinite(t.value));
  if (done.length < 8) return null;
  const names = [...new Set(done.flatMap((t) => Object.keys(t.params)))].sort();
  if (names.length === 0) return null;
  const sorted = done.map((t) => t.value!).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const y: Label[] = done.map((t) => (t.value! >= median ? 'better' : 'worse'));
  if (new Set(y).size < 2) return null;
  // columns: one per numeric param, one per category of a categorical one
  const groups: Array<{ param: string; columns: Array<(p: Readonly<Record<string, unknown>>) => number> }> = names.map((name) => {
    const values = done.map((t) => t.params[name]).filter((v) => v !== undefined);
    if (values.every((v) => typeof v === 'number')) {
      const missing = Math.min(...(values as number[])) - 1;
      return { param: name, columns: [(p: Readonly<Record<string, unknown>>) => (typeof p[name] === 'number' ? (p[name] as number) : missing)] };
    }
    const categories = [...new Set(values.map((v) => JSON.stringify(v)))];
    return { param: name, columns: categories.map((c) => (p: Readonly<Record<string, unknown>>) => (JSON.stringify(p[name] as JsonValue) === c ? 1 : 0)) };
  });
  const columns = groups.flatMap((g) => g.columns);
  const X: Matrix = { data: new Float64Array(done.length * columns.length), rows: done.length, cols: columns.length };
  done.forEach((t, i) => columns.forEach((col, j) => (X.data[i * columns.length + j] = col(t.params))));
  const forest = createEstimator('random-forest', { n_estimators: 100, random_state: seed & 0x7fffffff }, 'native');
  await forest.fit(X, y);
  const accuracy = (M: Matrix): number => forest.predict(M).filter((p, i) => p === y[i]).length / y.length;
  const base = accuracy(X);
  let offset = 0;
  const raw = groups.map((g, k) => {
    const cols = g.columns.map((_, j) => offset + j);
    offset += g.columns.length;
    let drop = 0;
    for (let r = 0; r < 5; r++) {
      const order = Random.derive(seed, 'importance', k, r).shuffle(Array.from({ length: done.length }, (_, i) => i));
      const P: Matrix = { ...X, data: X.data.slice() };
      for (let i = 0; i < done.length; i++) for (const j of cols) P.data[i * X.cols + j] = X.data[order[i]! * X.cols + j]!;
      drop += base - accuracy(P);
    }
    return Math.max(0, drop / 5);
  });
  const total = raw.reduce((a, b) => a + b, 0);
  const importances = groups.map((g, k) => ({ param: g.param, importance: total > 0 ? raw[k]! / total : 0 })).sort((a, b) => b.importance - a.importance || a.param.localeCompare(b.param));
  return { method: 'permutation importance of a random forest fitted on the trials (better vs worse half)', n_trials: done.length, importances };
}
