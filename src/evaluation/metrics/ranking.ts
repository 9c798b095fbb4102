/**
 * Metrics computed from class probabilities: ROC AUC (binary, one-vs-rest, one-vs-one) and top-k
 * accuracy, as scikit-learn 1.2's `roc_auc_score` and `top_k_accuracy_score`.
 */
import { SweepError, type Label, type Matrix } from '../../core/index.js';
import { labelIndex } from '../labels.js';
import type { MetricInput, MetricSpec } from '../metrics.js';

function invalid(message: string, hint?: string): SweepError {
  return new SweepError('SWEEP_METRIC_INVALID', message, hint === undefined ? {} : { hint });
}

/** Checks `proba` against the labels and classes; returns the class index of each true label. */
export function checkProba(name: string, input: MetricInput): { proba: Matrix; codes: Int32Array } {
  const { yTrue, classes, proba } = input;
  if (proba === undefined) throw invalid(`${name} needs class probabilities`, 'use an estimator with the proba tag, or a label metric');
  if (yTrue.length === 0) throw invalid(`${name}: no rows to score`, 'check the test split is not empty');
  if (proba.rows !== yTrue.length) throw invalid(`${name}: proba has ${proba.rows} rows but y_true has ${yTrue.length} labels`);
  if (proba.cols !== classes.length) throw invalid(`${name}: proba has ${proba.cols} columns but there are ${classes.length} classes`);
  if (classes.length < 2) throw invalid(`${name}: needs at least 2 classes, got ${classes.length}`);
  for (let i = 0; i < proba.data.length; i++) {
    if (!Number.isFinite(proba.data[i]!)) throw invalid(`${name}: proba has a non-finite value (${proba.data[i]}) in row ${Math.floor(i / proba.cols)}`);
  }
  const index = labelIndex(classes);
  const codes = new Int32Array(yTrue.length);
  for (let i = 0; i < yTrue.length; i++) {
    const code = index.get(yTrue[i]!);
    if (code === undefined) throw invalid(`${name}: y_true contains label '${yTrue[i]}' that is not one of the classes (${classes.join(', ')})`);
    codes[i] = code;
  }
  return { proba, codes };
}

/**
 * The ROC curve of one binary problem, as scikit-learn's `roc_curve` (drop_intermediate): one
 * point per distinct score (tied scores make one step), collinear points dropped, starting at
 * (0, 0). Throws when only one class is present.
 */
export function binaryRocCurve(positive: ArrayLike<boolean | number>, score: ArrayLike<number>, name = 'roc_auc'): { fpr: number[]; tpr: number[] } {
  const n = score.length;
  let nPos = 0;
  for (let i = 0; i < n; i++) if (positive[i]) nPos++;
  if (nPos === 0 || nPos === n) {
    throw invalid(`${name}: ROC AUC is not defined when only one class is present in y_true`, 'use more rows or a stratified split');
  }
  for (let i = 0; i < n; i++) {
    if (score[i] !== score[i]) throw invalid(`${name}: the scores contain NaN (row ${i})`, 'the estimator gave NaN probabilities; check its input for overflow');
  }
  // scores of each side sorted natively, then walked together from the top, one point per distinct score
  const pos = new Float64Array(nPos);
  const neg = new Float64Array(n - nPos);
  for (let i = 0, a = 0, b = 0; i < n; i++) {
    if (positive[i]) pos[a++] = score[i]!;
    else neg[b++] = score[i]!;
  }
  pos.sort();
  neg.sort();
  const tps: number[] = [];
  const fps: number[] = [];
  let i = pos.length - 1;
  let j = neg.length - 1;
  let tp = 0;
  let fp = 0;
  while (i >= 0 || j >= 0) {
    const threshold = Math.max(i >= 0 ? pos[i]! : -Infinity, j >= 0 ? neg[j]! : -Infinity);
    while (i >= 0 && pos[i] === threshold) {
      tp++;
      i--;
    }
    while (j >= 0 && neg[j] === threshold) {
      fp++;
      j--;
    }
    tps.push(tp);
    fps.push(fp);
  }
  const totalP = tp;
  const totalN = fp;
  // drop_intermediate: keep first, last, and points where the second difference is non-zero
  const keepT: number[] = [0];
  const keepF: number[] = [0];
  for (let k = 0; k < tps.length; k++) {
    const inner = k > 0 && k < tps.length - 1;
    if (inner && tps[k - 1]! - 2 * tps[k]! + tps[k + 1]! === 0 && fps[k - 1]! - 2 * fps[k]! + fps[k + 1]! === 0) continue;
    keepT.push(tps[k]!);
    keepF.push(fps[k]!);
  }
  return { fpr: keepF.map((f) => f / totalN), tpr: keepT.map((t) => t / totalP) };
}

/**
 * Area under the ROC curve of one binary problem, as `roc_auc_score` on 0/1 targets: the
 * trapezoidal area under `binaryRocCurve`. Throws when only one class is present.
 */
export function binaryRocAuc(positive: ArrayLike<boolean | number>, score: ArrayLike<number>, name = 'roc_auc'): number {
  const { fpr, tpr } = binaryRocCurve(positive, score, name);
  let area = 0;
  for (let k = 1; k < fpr.length; k++) area += ((fpr[k]! - fpr[k - 1]!) * (tpr[k]! + tpr[k - 1]!)) / 2;
  return area;
}

function column(proba: Matrix, j: number, rows?: readonly number[]): Float64Array {
  const c = proba.cols;
  if (rows === undefined) {
    const out = new Float64Array(proba.rows);
    for (let i = 0; i < proba.rows; i++) out[i] = proba.data[i * c + j]!;
    return out;
  }
  const out = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = proba.data[rows[k]! * c + j]!;
  return out;
}

function isClass(codes: Int32Array, j: number, rows?: readonly number[]): Uint8Array {
  if (rows === undefined) return Uint8Array.from(codes, (c) => (c === j ? 1 : 0));
  const out = new Uint8Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = codes[rows[k]!] === j ? 1 : 0;
  return out;
}

function checkRowsSumToOne(name: string, proba: Matrix): void {
  for (let i = 0; i < proba.rows; i++) {
    let s = 0;
    for (let j = 0; j < proba.cols; j++) s += proba.data[i * proba.cols + j]!;
    // numpy.allclose(1, s): |1 - s| <= atol + rtol * |s|
    if (!(Math.abs(1 - s) <= 1e-8 + 1e-5 * Math.abs(s))) {
      throw invalid(`${name}: probabilities of row ${i} sum to ${s}, not 1`, 'multiclass ROC AUC needs probabilities, as scikit-learn');
    }
  }
}

/**
 * ROC AUC as scikit-learn's `roc_auc_ovr` / `roc_auc_ovo` scorers (with `labels=classes`). Two
 * classes: the plain AUC of `classes[1]`'s column. More: one-vs-rest over every class (each must
 * occur in `yTrue`) or Hand & Till's one-vs-one over the classes present in `yTrue`, averaged
 * unweighted (`macro`) or by prevalence (`weighted`).
 */
export function rocAucScore(input: MetricInput, multiClass: 'ovr' | 'ovo', average: 'macro' | 'weighted'): number {
  const name = `roc_auc_${multiClass}${average === 'weighted' ? '_weighted' : ''}`;
  const { proba, codes } = checkProba(name, input);
  const k = proba.cols;
  if (k === 2) return binaryRocAuc(isClass(codes, 1), column(proba, 1), name);
  checkRowsSumToOne(name, proba);
  if (multiClass === 'ovr') {
    const support = new Array<number>(k).fill(0);
    for (const c of codes) support[c]!++;
    const scores: number[] = [];
    for (let j = 0; j < k; j++) {
      if (support[j] === 0) {
        throw invalid(`${name}: class '${input.classes[j]}' does not occur in y_true, so its one-vs-rest AUC is undefined`, 'use a stratified split or roc_auc_ovo');
      }
      scores.push(binaryRocAuc(isClass(codes, j), column(proba, j), name));
    }
    if (average === 'macro') return scores.reduce((a, b) => a + b, 0) / k;
    const total = support.reduce((a, b) => a + b, 0);
    return scores.reduce((a, s, j) => a + s * support[j]!, 0) / total;
  }
  const present = [...new Set(codes)].sort((a, b) => a - b);
  if (present.length < 2) throw invalid(`${name}: only one class is present in y_true, so ROC AUC is undefined`);
  const pairScores: number[] = [];
  const prevalence: number[] = [];
  for (let x = 0; x < present.length; x++) {
    for (let y = x + 1; y < present.length; y++) {
      const a = present[x]!;
      const b = present[y]!;
      const rows: number[] = [];
      codes.forEach((c, i) => {
        if (c === a || c === b) rows.push(i);
      });
      const aScore = binaryRocAuc(isClass(codes, a, rows), column(proba, a, rows), name);
      const bScore = binaryRocAuc(isClass(codes, b, rows), column(proba, b, rows), name);
      pairScores.push((aScore + bScore) / 2);
      prevalence.push(rows.length / codes.length);
    }
  }
  if (average === 'macro') return pairScores.reduce((s, v) => s + v, 0) / pairScores.length;
  const wsum = prevalence.reduce((s, v) => s + v, 0);
  return pairScores.reduce((s, v, i) => s + v * prevalence[i]!, 0) / wsum;
}

/**
 * Fraction of rows whose true class is among the `k` highest probabilities
 * (`top_k_accuracy_score(labels=classes)`): ties rank the later class first, as numpy's stable
 * argsort reversed; with two classes and `k >= 2` every row counts.
 */
export function topKAccuracyScore(input: MetricInput, k = 2): number {
  const { proba, codes } = checkProba('top_k_accuracy', input);
  const n = codes.length;
  const c = proba.cols;
  let hits = 0;
  if (c === 2 && k === 1) {
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < n; i++) {
      const s = proba.data[i * c + 1]!;
      min = Math.min(min, s);
      max = Math.max(max, s);
    }
    const threshold = min >= 0 && max <= 1 ? 0.5 : 0;
    for (let i = 0; i < n; i++) if ((proba.data[i * c + 1]! > threshold ? 1 : 0) === codes[i]) hits++;
    return hits / n;
  }
  if (c === 2) return 1;
  for (let i = 0; i < n; i++) {
    const t = codes[i]!;
    const st = proba.data[i * c + t]!;
    let ahead = 0;
    for (let j = 0; j < c; j++) {
      const s = proba.data[i * c + j]!;
      if (s > st || (s === st && j > t)) ahead++;
    }
    if (ahead < k) hits++;
  }
  return hits / n;
}

function probaMetric(name: string, summary: string, fn: (input: MetricInput) => number): MetricSpec {
  return { name, summary, needsProba: true, greaterIsBetter: true, compute: fn };
}

/** The probability-ranking metrics. */
export const rankingMetrics: MetricSpec[] = [
  probaMetric('top_k_accuracy', 'Fraction of rows whose true class is among the 2 most probable (1 for two classes).', (i) => topKAccuracyScore(i, 2)),
  probaMetric('roc_auc_ovr', 'ROC AUC; multiclass: one-vs-rest, unweighted mean (every class must occur in y_true).', (i) => rocAucScore(i, 'ovr', 'macro')),
  probaMetric('roc_auc_ovo', 'ROC AUC; multiclass: one-vs-one (Hand & Till), unweighted mean over class pairs.', (i) => rocAucScore(i, 'ovo', 'macro')),
  probaMetric('roc_auc_ovr_weighted', 'ROC AUC; multiclass: one-vs-rest, mean weighted by class support.', (i) => rocAucScore(i, 'ovr', 'weighted')),
  probaMetric('roc_auc_ovo_weighted', 'ROC AUC; multiclass: one-vs-one, mean weighted by pair prevalence.', (i) => rocAucScore(i, 'ovo', 'weighted')),
];
