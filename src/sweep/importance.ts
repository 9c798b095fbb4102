/**
 * Feature importances of a fitted cell: the estimator's own impurity-based ones (tree models that
 * declare `featureImportances_`, named after preprocessing, e.g. one-hot `color=red`), and
 * permutation importance on the test rows for any estimator (scikit-learn's
 * `permutation_importance` of the whole pipeline: each input column shuffled `repeats` times,
 * the drop in accuracy recorded).
 */
import { Random, takeTableRows, type Label, type Table } from '../core/index.js';
import type { Classifier } from '../models/index.js';
import type { TablePreprocessor } from '../preprocessing/index.js';

/** Permutation importance runs on at most this many test rows per fold (a seeded sample). */
export const PERMUTATION_MAX_ROWS = 2000;

/** Importances of one fold's model. */
export interface FoldImportances {
  /** Impurity-based, per feature after preprocessing; null when the estimator has none. */
  impurity: { features: string[]; values: number[] } | null;
  /** Accuracy drop per input column when it is shuffled: mean and std over repeats. */
  permutation: { columns: string[]; mean: number[]; std: number[]; repeats: number; rows: number; baseline: number } | null;
}

function accuracy(yTrue: readonly Label[], yPred: readonly Label[]): number {
  let hits = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hits++;
  return yTrue.length === 0 ? NaN : hits / yTrue.length;
}

/** The table with column `j`'s rows reordered by `order`, the other columns untouched. */
function shuffleColumn(table: Table, j: number, order: Int32Array): Table {
  const column = takeTableRows({ nRows: table.nRows, columns: [table.columns[j]!] }, order).columns[0]!;
  return { nRows: table.nRows, columns: table.columns.map((c, k) => (k === j ? column : c)) };
}

/**
 * Shuffles each input column of `X` (`repeats` seeded permutations) and records the accuracy
 * lost, as scikit-learn's `permutation_importance(pipeline, X, y, n_repeats, scoring='accuracy')`
 * (std over repeats with ddof 0, as numpy's default).
 */
export function permutationImportance(estimator: Classifier, preprocessor: TablePreprocessor, X: Table, y: readonly Label[], repeats: number, seed: number): NonNullable<FoldImportances['permutation']> {
  const baseline = accuracy(y, estimator.predict(preprocessor.transform(X)));
  const rng = new Random(seed);
  const mean: number[] = [];
  const std: number[] = [];
  for (let j = 0; j < X.columns.length; j++) {
    const drops: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const shuffled = shuffleColumn(X, j, rng.permutation(X.nRows));
      drops.push(baseline - accuracy(y, estimator.predict(preprocessor.transform(shuffled))));
    }
    const m = drops.reduce((a, b) => a + b, 0) / drops.length;
    mean.push(m);
    std.push(Math.sqrt(drops.reduce((a, b) => a + (b - m) ** 2, 0) / drops.length));
  }
  return { columns: X.columns.map((c) => c.name), mean, std, repeats, rows: X.nRows, baseline };
}

/** The impurity importances an estimator declares, named after preprocessing; null when it has none. */
export function impurityImportances(estimator: Classifier, featureNames: readonly string[]): FoldImportances['impurity'] {
  const values = estimator.featureImportances_;
  if (values === undefined || values.length !== featureNames.length) return null;
  return { features: [...featureNames], values: Array.from(values) };
}

/** Mean over folds of each fold's importances (impurity: mean value; permutation: mean of means, std of all drops pooled as the mean of stds). */
export function averageImportances(folds: ReadonlyArray<FoldImportances | null | undefined>): (FoldImportances & { folds: number }) | null {
  const present = folds.filter((f): f is FoldImportances => f !== null && f !== undefined);
  if (present.length === 0) return null;
  const avg = (rows: number[][]): number[] => rows[0]!.map((_, k) => rows.reduce((s, r) => s + r[k]!, 0) / rows.length);
  const imp = present.map((f) => f.impurity).filter((i): i is NonNullable<FoldImportances['impurity']> => i !== null);
  const sameFeatures = imp.every((i) => i.features.join('\u0000') === imp[0]?.features.join('\u0000'));
  const perm = present.map((f) => f.permutation).filter((p): p is NonNullable<FoldImportances['permutation']> => p !== null);
  return {
    folds: present.length,
    impurity: imp.length > 0 && sameFeatures ? { features: imp[0]!.features, values: avg(imp.map((i) => i.values)) } : imp[0] ?? null,
    permutation:
      perm.length === 0
        ? null
        : { columns: perm[0]!.columns, mean: avg(perm.map((p) => p.mean)), std: avg(perm.map((p) => p.std)), repeats: perm[0]!.repeats, rows: perm.reduce((s, p) => s + p.rows, 0), baseline: perm.reduce((s, p) => s + p.baseline, 0) / perm.length },
  };
}
