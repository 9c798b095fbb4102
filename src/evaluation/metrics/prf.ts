/**
 * Precision, recall, F1 and support per label and averaged, as scikit-learn 1.2's
 * `precision_recall_fscore_support` with `zero_division=0`.
 */
import type { Label } from '../../core/index.js';
import { checkSameLength } from '../confusion.js';
import { labelIndex } from '../labels.js';

/** Per-label true positives, predicted and true counts, for the listed labels. */
export interface LabelCounts {
  labels: Label[];
  tp: number[];
  predicted: number[];
  actual: number[];
}

/** Counts tp / predicted / true per label; samples with other labels only count where they match a listed one. */
export function countLabels(yTrue: readonly Label[], yPred: readonly Label[], labels: readonly Label[]): LabelCounts {
  checkSameLength(yTrue, yPred);
  const index = labelIndex(labels);
  const k = labels.length;
  const tp = new Array<number>(k).fill(0);
  const predicted = new Array<number>(k).fill(0);
  const actual = new Array<number>(k).fill(0);
  for (let i = 0; i < yTrue.length; i++) {
    const t = index.get(yTrue[i]!);
    const p = index.get(yPred[i]!);
    if (t !== undefined) actual[t]!++;
    if (p !== undefined) predicted[p]!++;
    if (t !== undefined && t === p) tp[t]!++;
  }
  return { labels: [...labels], tp, predicted, actual };
}

/** `a / b`, or 0 when `b` is 0 (scikit-learn's `zero_division=0`). */
function divide(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/** F1 from precision and recall as scikit-learn computes it (0 when both are 0). */
function fscore(p: number, r: number): number {
  const denom = p + r;
  return (2 * p * r) / (denom === 0 ? 1 : denom);
}

/** Per-label scores. */
export interface PerLabelScores {
  precision: number[];
  recall: number[];
  f1: number[];
  support: number[];
}

/** Precision, recall, F1 and support for each label of `counts`. */
export function perLabelScores(counts: LabelCounts): PerLabelScores {
  const precision = counts.tp.map((tp, i) => divide(tp, counts.predicted[i]!));
  const recall = counts.tp.map((tp, i) => divide(tp, counts.actual[i]!));
  const f1 = precision.map((p, i) => fscore(p, recall[i]!));
  return { precision, recall, f1, support: counts.actual.slice() };
}

/** Averaged precision, recall and F1. */
export interface AveragedScores {
  precision: number;
  recall: number;
  f1: number;
}

/** How per-label scores are combined, as scikit-learn's `average=`. */
export type Average = 'macro' | 'micro' | 'weighted';

function mean(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

function weightedMean(values: readonly number[], weights: readonly number[]): number {
  let s = 0;
  let w = 0;
  for (let i = 0; i < values.length; i++) {
    s += values[i]! * weights[i]!;
    w += weights[i]!;
  }
  return s / w;
}

/** Averages the scores of `counts` as `precision_recall_fscore_support(average=...)` does. */
export function averagedScores(counts: LabelCounts, average: Average): AveragedScores {
  if (average === 'micro') {
    const sum = (a: number[]): number => a.reduce((x, y) => x + y, 0);
    const tp = sum(counts.tp);
    const precision = divide(tp, sum(counts.predicted));
    const recall = divide(tp, sum(counts.actual));
    return { precision, recall, f1: fscore(precision, recall) };
  }
  const s = perLabelScores(counts);
  if (average === 'macro') return { precision: mean(s.precision), recall: mean(s.recall), f1: mean(s.f1) };
  // weighted by support; no true samples at all gives zeros (zero_division=0)
  if (s.support.every((w) => w === 0)) return { precision: 0, recall: 0, f1: 0 };
  return { precision: weightedMean(s.precision, s.support), recall: weightedMean(s.recall, s.support), f1: weightedMean(s.f1, s.support) };
}
