/**
 * Precision–recall curves and calibration (reliability) curves for reports, as scikit-learn's
 * `precision_recall_curve` / `average_precision_score` and `calibration_curve` (uniform bins).
 * Under cross-validation PR curves are averaged over folds on a recall grid with a ±1 std band
 * (as ROC curves are), and calibration bins are pooled over folds (counts added).
 */
import type { Label, Matrix } from '../core/index.js';

/** One precision–recall curve (recall decreasing, as scikit-learn returns it); a mean over folds carries stds. */
export interface PrCurve {
  precision: number[];
  recall: number[];
  /** Average precision: Σ (Rₙ − Rₙ₋₁) Pₙ (scikit-learn's `average_precision_score`). */
  ap: number;
  /** Share of positive rows: the precision of a random classifier (the chance line). */
  prevalence: number;
  precision_std?: number[];
  ap_std?: number;
}

/** The PR curves of one cell: one per class (the positive class for two), with the micro average for more. */
export interface PrSummary {
  curves: Array<PrCurve & { label: Label }>;
  micro?: PrCurve | null;
  folds?: number;
  omitted?: Array<{ label: Label; reason: string }>;
}

/** Recall points the mean curves are read at. */
export const PR_GRID = Array.from({ length: 101 }, (_, i) => i / 100);

/**
 * `precision_recall_curve` of one binary problem: one point per distinct score (ties make one
 * step), from the lowest threshold to the highest, ending at (recall 0, precision 1), as
 * scikit-learn 1.2 returns it.
 */
export function binaryPrCurve(positive: ArrayLike<boolean>, score: ArrayLike<number>): { precision: number[]; recall: number[] } {
  const n = score.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[b]! - score[a]!);
  const tps: number[] = [];
  const fps: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    if (positive[i]) tp++;
    else fp++;
    if (k === n - 1 || score[order[k + 1]!] !== score[i]) {
      tps.push(tp);
      fps.push(fp);
    }
  }
  const total = tp;
  // Every threshold, reversed (scikit-learn ≥ 1.1 no longer stops at the first full recall).
  const last = tps.length - 1;
  const precision: number[] = [];
  const recall: number[] = [];
  for (let k = last; k >= 0; k--) {
    const p = tps[k]! + fps[k]!;
    precision.push(p === 0 ? 0 : tps[k]! / p);
    recall.push(total === 0 ? 1 : tps[k]! / total);
  }
  precision.push(1);
  recall.push(0);
  return { precision, recall };
}

/** `average_precision_score` from a curve: −Σ (recall[k+1] − recall[k]) · precision[k]. */
export function averagePrecision(precision: readonly number[], recall: readonly number[]): number {
  let ap = 0;
  for (let k = 0; k + 1 < recall.length; k++) ap -= (recall[k + 1]! - recall[k]!) * precision[k]!;
  return ap;
}

function thin(precision: number[], recall: number[], max: number): { precision: number[]; recall: number[] } {
  if (precision.length <= max) return { precision, recall };
  const keep: number[] = [];
  for (let k = 0; k < max; k++) keep.push(Math.round((k * (precision.length - 1)) / (max - 1)));
  return { precision: keep.map((i) => precision[i]!), recall: keep.map((i) => recall[i]!) };
}

function curveOf(positive: boolean[], score: ArrayLike<number>, maxPoints: number): PrCurve {
  const { precision, recall } = binaryPrCurve(positive, score);
  const prevalence = positive.filter(Boolean).length / positive.length;
  return { ...thin(precision, recall, maxPoints), ap: averagePrecision(precision, recall), prevalence };
}

/**
 * Precision–recall curves of test probabilities: the positive class (`classes[1]`) for two
 * classes, else one-vs-rest per class plus the micro average (every row × class pair as one
 * problem). A class absent from the test rows has no curve and is named in `omitted`.
 */
export function prSummary(yTrue: readonly Label[], proba: Matrix, classes: readonly Label[], maxPoints = 200): PrSummary {
  const curves: PrSummary['curves'] = [];
  const omitted: NonNullable<PrSummary['omitted']> = [];
  const columns = classes.length === 2 ? [1] : classes.map((_, j) => j);
  for (const j of columns) {
    const label = classes[j]!;
    const positive = yTrue.map((v) => v === label);
    if (!positive.some(Boolean)) {
      omitted.push({ label, reason: 'no test rows of this class' });
      continue;
    }
    const score = new Float64Array(proba.rows);
    for (let i = 0; i < proba.rows; i++) score[i] = proba.data[i * proba.cols + j]!;
    curves.push({ label, ...curveOf(positive, score, maxPoints) });
  }
  let micro: PrCurve | null = null;
  if (classes.length > 2 && curves.length > 0) {
    const positive: boolean[] = new Array(proba.rows * proba.cols);
    for (let i = 0; i < proba.rows; i++) for (let j = 0; j < proba.cols; j++) positive[i * proba.cols + j] = yTrue[i] === classes[j];
    micro = curveOf(positive, proba.data, maxPoints);
  }
  return { curves, micro, folds: 1, omitted };
}

/** Precision at each recall of `grid`: the highest precision reached at that recall or more (step interpolation). */
export function interpolatePrecision(precision: readonly number[], recall: readonly number[], grid: readonly number[] = PR_GRID): number[] {
  return grid.map((r) => {
    let best = 0;
    for (let k = 0; k < recall.length; k++) if (recall[k]! >= r - 1e-12 && precision[k]! > best) best = precision[k]!;
    return best;
  });
}

function meanStd(xs: readonly number[]): { mean: number; std: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, std: Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length) };
}

function meanCurve(curves: readonly PrCurve[]): PrCurve {
  const grids = curves.map((c) => interpolatePrecision(c.precision, c.recall));
  const at = PR_GRID.map((_, g) => meanStd(grids.map((t) => t[g]!)));
  const ap = meanStd(curves.map((c) => c.ap));
  // Recall decreasing, as a single fold's curve.
  return {
    precision: at.map((s) => s.mean).reverse(),
    recall: [...PR_GRID].reverse(),
    precision_std: at.map((s) => s.std).reverse(),
    ap: ap.mean,
    ap_std: ap.std,
    prevalence: meanStd(curves.map((c) => c.prevalence)).mean,
  };
}

/**
 * The mean of the folds' PR summaries: each class's interpolated precision (`interpolatePrecision`)
 * averaged at `PR_GRID` with a ±1 std band, and the mean and std of the fold APs. One summary is
 * returned as is.
 */
export function averagePrSummaries(folds: ReadonlyArray<PrSummary | null>): PrSummary | null {
  const present = folds.filter((f): f is PrSummary => f !== null);
  if (present.length === 0) return null;
  if (present.length === 1 && folds.length === 1) return { folds: 1, omitted: [], micro: null, ...present[0]! };
  const labels: Label[] = [];
  for (const f of present) for (const c of f.curves) if (!labels.includes(c.label)) labels.push(c.label);
  for (const f of present) for (const o of f.omitted ?? []) if (!labels.includes(o.label)) labels.push(o.label);
  const curves: PrSummary['curves'] = [];
  const omitted: NonNullable<PrSummary['omitted']> = [];
  for (const label of labels) {
    const of = present.flatMap((f) => f.curves.filter((c) => c.label === label));
    if (of.length === 0) omitted.push({ label, reason: 'no test rows of this class on any fold' });
    else {
      if (of.length < folds.length) omitted.push({ label, reason: `mean over ${of.length} of ${folds.length} folds only (absent from the others' test rows)` });
      curves.push({ label, ...meanCurve(of) });
    }
  }
  const micros = present.flatMap((f) => (f.micro ? [f.micro] : []));
  return { curves, micro: micros.length === 0 ? null : meanCurve(micros), folds: folds.length, omitted };
}

/** A reliability curve's bins: counts kept so folds can be pooled exactly. */
export interface CalibrationData {
  /** `positive`: the probability of `classes[1]` (two classes); `top-label`: the highest probability and whether that class was right. */
  kind: 'positive' | 'top-label';
  /** The positive class (binary only). */
  label: Label | null;
  n_bins: number;
  /** Non-empty bins: mean predicted probability, observed frequency, rows. */
  bins: Array<{ mean_predicted: number; fraction_positive: number; count: number; sum_predicted: number; positives: number }>;
  /** Brier score of the same probabilities (mean squared error against 0/1). */
  brier: number;
  rows: number;
  folds: number;
}

/**
 * scikit-learn's `calibration_curve(y, p, n_bins, strategy='uniform')` for two classes (p = the
 * probability of `classes[1]`); for more, the top-label reliability curve (confidence = the
 * highest probability, "positive" = that class was right), the usual multiclass diagram.
 */
export function calibrationCurve(yTrue: readonly Label[], proba: Matrix, classes: readonly Label[], nBins = 10): CalibrationData {
  const binary = classes.length === 2;
  const p = new Float64Array(proba.rows);
  const hit: boolean[] = [];
  for (let i = 0; i < proba.rows; i++) {
    if (binary) {
      p[i] = proba.data[i * proba.cols + 1]!;
      hit.push(yTrue[i] === classes[1]);
    } else {
      let best = 0;
      for (let j = 1; j < proba.cols; j++) if (proba.data[i * proba.cols + j]! > proba.data[i * proba.cols + best]!) best = j;
      p[i] = proba.data[i * proba.cols + best]!;
      hit.push(yTrue[i] === classes[best]);
    }
  }
  const sums = new Float64Array(nBins);
  const trues = new Float64Array(nBins);
  const totals = new Float64Array(nBins);
  let brier = 0;
  for (let i = 0; i < p.length; i++) {
    // np.searchsorted(bins[1:-1], p) with side='left': a value on an edge goes to the lower bin.
    let b = 0;
    while (b < nBins - 1 && p[i]! > (b + 1) * (1 / nBins)) b++; // numpy.linspace edges: i · (1/n)
    sums[b]! += p[i]!;
    totals[b]!++;
    if (hit[i]) trues[b]!++;
    brier += ((hit[i] ? 1 : 0) - p[i]!) ** 2;
  }
  const bins: CalibrationData['bins'] = [];
  for (let b = 0; b < nBins; b++) {
    if (totals[b] === 0) continue;
    bins.push({ mean_predicted: sums[b]! / totals[b]!, fraction_positive: trues[b]! / totals[b]!, count: totals[b]!, sum_predicted: sums[b]!, positives: trues[b]! });
  }
  return { kind: binary ? 'positive' : 'top-label', label: binary ? classes[1]! : null, n_bins: nBins, bins, brier: p.length === 0 ? NaN : brier / p.length, rows: p.length, folds: 1 };
}

/** Pools the folds' calibration bins (counts, sums and positives added), so the curve covers every test row. */
export function poolCalibration(folds: ReadonlyArray<CalibrationData | null>): CalibrationData | null {
  const present = folds.filter((f): f is CalibrationData => f !== null);
  if (present.length === 0) return null;
  if (present.length === 1) return present[0]!;
  const first = present[0]!;
  const byBin = new Map<number, { sum: number; pos: number; count: number }>();
  for (const f of present) {
    for (const b of f.bins) {
      // The bin a mean falls in (side 'left' as in calibrationCurve).
      let k = 0;
      while (k < f.n_bins - 1 && b.mean_predicted > (k + 1) * (1 / f.n_bins)) k++;
      const acc = byBin.get(k) ?? { sum: 0, pos: 0, count: 0 };
      acc.sum += b.sum_predicted;
      acc.pos += b.positives;
      acc.count += b.count;
      byBin.set(k, acc);
    }
  }
  const bins = [...byBin.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, v]) => ({ mean_predicted: v.sum / v.count, fraction_positive: v.pos / v.count, count: v.count, sum_predicted: v.sum, positives: v.pos }));
  const rows = present.reduce((s, f) => s + f.rows, 0);
  const brier = present.reduce((s, f) => s + f.brier * f.rows, 0) / rows;
  return { ...first, bins, brier, rows, folds: present.length };
}
