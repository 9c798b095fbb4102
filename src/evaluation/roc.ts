/**
 * ROC curves for reports: one-vs-rest per class with micro and macro averages (as scikit-learn's
 * "Multiclass ROC" example), and the mean curve with a ±1 std band over cross-validation folds (as
 * its "ROC with cross validation" example). Each summary says which classes have no curve and why.
 */
import type { Label, Matrix } from '../core/index.js';
import { binaryRocCurve } from './metrics/ranking.js';

/** One ROC curve; under cross-validation, the mean over folds with the std of the TPR and AUC. */
export interface RocCurve {
  fpr: number[];
  tpr: number[];
  auc: number;
  /** Std over folds of the TPR at each `fpr` (only for a mean over folds). */
  tpr_std?: number[];
  /** Std over folds of the AUC (only for a mean over folds). */
  auc_std?: number;
}

/** The ROC curves of one cell's test predictions (or their mean over folds). */
export interface RocSummary {
  curves: Array<RocCurve & { label: Label }>;
  /** Micro average: every (row, class) pair as one binary problem. Multiclass only. */
  micro?: RocCurve | null;
  /** Macro average: the mean TPR of the class curves at each FPR; its AUC is the mean class AUC. */
  macro?: RocCurve | null;
  /** Folds averaged (1: one test set). */
  folds?: number;
  /** Classes with no curve, and why. */
  omitted?: Array<{ label: Label; reason: string }>;
}

/** FPR points the mean curves are interpolated at (scikit-learn's example uses 100). */
export const ROC_GRID = Array.from({ length: 101 }, (_, i) => i / 100);

/** Keeps at most `max` points of a curve, evenly spaced, always the first and last. */
function thin(fpr: number[], tpr: number[], max: number): { fpr: number[]; tpr: number[] } {
  if (fpr.length <= max) return { fpr, tpr };
  const keep: number[] = [];
  for (let k = 0; k < max; k++) keep.push(Math.round((k * (fpr.length - 1)) / (max - 1)));
  return { fpr: keep.map((i) => fpr[i]!), tpr: keep.map((i) => tpr[i]!) };
}

function trapezoid(x: readonly number[], y: readonly number[]): number {
  let area = 0;
  for (let k = 1; k < x.length; k++) area += ((x[k]! - x[k - 1]!) * (y[k]! + y[k - 1]!)) / 2;
  return area;
}

/** `numpy.interp(grid, fpr, tpr)` for a ROC curve (fpr non-decreasing); at a vertical step, the top. */
export function interpolateTpr(fpr: readonly number[], tpr: readonly number[], grid: readonly number[] = ROC_GRID): number[] {
  const out: number[] = [];
  let k = 0;
  for (const x of grid) {
    while (k + 1 < fpr.length && fpr[k + 1]! <= x) k++;
    if (k + 1 >= fpr.length || fpr[k]! === x) out.push(tpr[k]!);
    else {
      const x0 = fpr[k]!;
      const x1 = fpr[k + 1]!;
      out.push(x1 === x0 ? tpr[k + 1]! : tpr[k]! + ((tpr[k + 1]! - tpr[k]!) * (x - x0)) / (x1 - x0));
    }
  }
  return out;
}

function curveOf(positive: boolean[], score: ArrayLike<number>, maxPoints: number): RocCurve {
  const { fpr, tpr } = binaryRocCurve(positive, score);
  return { ...thin(fpr, tpr, maxPoints), auc: trapezoid(fpr, tpr) };
}

/**
 * One-vs-rest ROC curves (at most `maxPoints` each) of test probabilities: the positive class
 * (`classes[1]`) for two classes, as scikit-learn's `roc_curve`; for more, one per class plus the
 * micro and macro averages. A class absent from `yTrue` (or the only one present) has no curve and
 * is listed in `omitted`.
 */
export function rocSummary(yTrue: readonly Label[], proba: Matrix, classes: readonly Label[], maxPoints = 200): RocSummary {
  const curves: RocSummary['curves'] = [];
  const omitted: NonNullable<RocSummary['omitted']> = [];
  const columns = classes.length === 2 ? [1] : classes.map((_, j) => j);
  for (const j of columns) {
    const label = classes[j]!;
    const positive = yTrue.map((v) => v === label);
    if (!positive.some(Boolean)) {
      omitted.push({ label, reason: 'no test rows of this class' });
      continue;
    }
    if (positive.every(Boolean)) {
      omitted.push({ label, reason: 'every test row is of this class' });
      continue;
    }
    const score = new Float64Array(proba.rows);
    for (let i = 0; i < proba.rows; i++) score[i] = proba.data[i * proba.cols + j]!;
    curves.push({ label, ...curveOf(positive, score, maxPoints) });
  }
  let micro: RocCurve | null = null;
  let macro: RocCurve | null = null;
  if (classes.length > 2 && curves.length > 0) {
    const positive: boolean[] = new Array(proba.rows * proba.cols);
    for (let i = 0; i < proba.rows; i++) for (let j = 0; j < proba.cols; j++) positive[i * proba.cols + j] = yTrue[i] === classes[j];
    micro = curveOf(positive, proba.data, maxPoints);
    macro = macroAverage(curves);
  }
  return { curves, micro, macro, folds: 1, omitted };
}

function macroAverage(curves: readonly RocCurve[]): RocCurve {
  const grids = curves.map((c) => interpolateTpr(c.fpr, c.tpr));
  const tpr = ROC_GRID.map((_, g) => grids.reduce((s, t) => s + t[g]!, 0) / grids.length);
  return { fpr: [...ROC_GRID], tpr, auc: curves.reduce((s, c) => s + c.auc, 0) / curves.length };
}

function meanStd(xs: readonly number[]): { mean: number; std: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, std: Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length) };
}

/** The mean of several folds' curves at `ROC_GRID`, with the std of the TPR and of the AUC. */
function meanCurve(curves: readonly RocCurve[]): RocCurve {
  // As scikit-learn's example: each fold's curve starts at TPR 0, the mean ends at 1.
  const grids = curves.map((c) => {
    const t = interpolateTpr(c.fpr, c.tpr);
    t[0] = 0;
    return t;
  });
  const at = ROC_GRID.map((_, g) => meanStd(grids.map((t) => t[g]!)));
  const tpr = at.map((s) => s.mean);
  tpr[tpr.length - 1] = 1;
  const auc = meanStd(curves.map((c) => c.auc));
  return { fpr: [...ROC_GRID], tpr, tpr_std: at.map((s) => s.std), auc: auc.mean, auc_std: auc.std };
}

/**
 * Averages the ROC summaries of the folds of a cross-validation: each class's curve is the mean
 * TPR over the folds where the class had a curve, at `ROC_GRID`, with a ±1 std band, and the mean
 * and std of the fold AUCs (scikit-learn's "ROC with cross validation"). A class with a curve on
 * only some folds says so in `omitted`. One summary is returned as is.
 */
export function averageRocSummaries(folds: ReadonlyArray<RocSummary | null>): RocSummary | null {
  const present = folds.filter((f): f is RocSummary => f !== null);
  if (present.length === 0) return null;
  if (present.length === 1 && folds.length === 1) return { folds: 1, omitted: [], micro: null, macro: null, ...present[0]! };
  const labels: Label[] = [];
  for (const f of present) for (const c of f.curves) if (!labels.includes(c.label)) labels.push(c.label);
  for (const f of present) for (const o of f.omitted ?? []) if (!labels.includes(o.label)) labels.push(o.label);
  const curves: RocSummary['curves'] = [];
  const omitted: NonNullable<RocSummary['omitted']> = [];
  for (const label of labels) {
    const of = present.flatMap((f) => f.curves.filter((c) => c.label === label));
    if (of.length === 0) omitted.push({ label, reason: `no curve on any fold (${present[0]!.omitted?.find((o) => o.label === label)?.reason ?? 'absent'})` });
    else {
      if (of.length < folds.length) omitted.push({ label, reason: `mean over ${of.length} of ${folds.length} folds only (absent from the others' test rows)` });
      curves.push({ label, ...meanCurve(of) });
    }
  }
  const averaged = (key: 'micro' | 'macro'): RocCurve | null => {
    const xs = present.flatMap((f) => (f[key] ? [f[key]!] : []));
    return xs.length === 0 ? null : meanCurve(xs);
  };
  return { curves, micro: averaged('micro'), macro: averaged('macro'), folds: folds.length, omitted };
}
