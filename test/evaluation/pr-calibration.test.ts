import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromRows } from '../../src/core/index.js';
import { averagePrSummaries, calibrationCurve, poolCalibration, prSummary } from '../../src/evaluation/index.js';

interface Curve { precision: number[]; recall: number[]; ap: number }
interface Fixture {
  classes: string[];
  y: string[];
  proba: number[][];
  per_class: Record<string, Curve>;
  micro: Curve;
  binary: { y: string[]; p: number[]; prob_true: number[]; prob_pred: number[]; brier: number };
}
// scikit-learn 1.2 values: test/fixtures/make/evaluation_pr_calibration.py
const fx = JSON.parse(readFileSync(new URL('../fixtures/evaluation/pr-calibration.json', import.meta.url), 'utf8')) as Fixture;

describe('precision–recall curves (scikit-learn parity)', () => {
  const s = prSummary(fx.y, fromRows(fx.proba), fx.classes, 10_000);

  it('per class and micro average match precision_recall_curve and average_precision_score, ties included', () => {
    for (const c of fx.classes) {
      const got = s.curves.find((x) => x.label === c)!;
      const ref = fx.per_class[c]!;
      expect(got.recall.length).toBe(ref.recall.length);
      got.precision.forEach((p, i) => expect(p).toBeCloseTo(ref.precision[i]!, 12));
      got.recall.forEach((r, i) => expect(r).toBeCloseTo(ref.recall[i]!, 12));
      expect(got.ap).toBeCloseTo(ref.ap, 12);
      expect(got.prevalence).toBeCloseTo(fx.y.filter((y) => y === c).length / fx.y.length, 12);
    }
    expect(s.micro!.ap).toBeCloseTo(fx.micro.ap, 12);
    expect(s.micro!.precision.length).toBe(fx.micro.precision.length);
  });

  it('averages folds on a recall grid with a ±1 std band and AP mean ± std; a class missing from a fold is named', () => {
    const half = (k: number) => fx.y.map((_, i) => i).filter((i) => i % 2 === k);
    const folds = [0, 1].map((k) => prSummary(half(k).map((i) => fx.y[i]!), fromRows(half(k).map((i) => fx.proba[i]!)), fx.classes));
    const mean = averagePrSummaries(folds)!;
    expect(mean.folds).toBe(2);
    const a = mean.curves.find((c) => c.label === 'a')!;
    const aps = folds.map((f) => f.curves.find((c) => c.label === 'a')!.ap);
    expect(a.ap).toBeCloseTo((aps[0]! + aps[1]!) / 2, 12);
    expect(a.ap_std).toBeCloseTo(Math.abs(aps[0]! - aps[1]!) / 2, 12);
    expect(a.precision_std!.length).toBe(a.precision.length);
    const noC = prSummary(['a', 'b'], fromRows([[0.7, 0.2, 0.1], [0.2, 0.7, 0.1]]), fx.classes);
    expect(noC.omitted).toEqual([{ label: 'c', reason: 'no test rows of this class' }]);
    expect(averagePrSummaries([folds[0]!, noC])!.omitted).toEqual([{ label: 'c', reason: "mean over 1 of 2 folds only (absent from the others' test rows)" }]);
  });
});

describe('calibration curve (scikit-learn parity)', () => {
  const b = fx.binary;
  const proba = fromRows(b.p.map((p) => [1 - p, p]));

  it('matches calibration_curve(n_bins=10, uniform), values on bin edges included, and brier_score_loss', () => {
    const c = calibrationCurve(b.y, proba, ['neg', 'pos']);
    expect(c.kind).toBe('positive');
    expect(c.label).toBe('pos');
    expect(c.bins.map((x) => x.fraction_positive)).toHaveLength(b.prob_true.length);
    c.bins.forEach((x, i) => {
      expect(x.fraction_positive).toBeCloseTo(b.prob_true[i]!, 12);
      expect(x.mean_predicted).toBeCloseTo(b.prob_pred[i]!, 12);
    });
    expect(c.brier).toBeCloseTo(b.brier, 12);
  });

  it('pooling folds adds their counts: the same curve as all rows at once', () => {
    const idx = b.p.map((_, i) => i);
    const part = (k: number) => idx.filter((i) => i % 3 === k);
    const folds = [0, 1, 2].map((k) => calibrationCurve(part(k).map((i) => b.y[i]!), fromRows(part(k).map((i) => [1 - b.p[i]!, b.p[i]!])), ['neg', 'pos']));
    const pooled = poolCalibration(folds)!;
    expect(pooled.folds).toBe(3);
    pooled.bins.forEach((x, i) => {
      expect(x.fraction_positive).toBeCloseTo(b.prob_true[i]!, 12);
      expect(x.mean_predicted).toBeCloseTo(b.prob_pred[i]!, 12);
    });
    expect(pooled.brier).toBeCloseTo(b.brier, 12);
  });

  it('many classes: the top-label curve (confidence of the predicted class against its accuracy)', () => {
    const c = calibrationCurve(fx.y, fromRows(fx.proba), fx.classes);
    expect(c.kind).toBe('top-label');
    const conf = fx.proba.map((r) => Math.max(...r));
    const right = fx.proba.map((r, i) => fx.classes[r.indexOf(Math.max(...r))] === fx.y[i]);
    expect(c.bins.reduce((s, x) => s + x.count, 0)).toBe(fx.y.length);
    expect(c.bins.reduce((s, x) => s + x.positives, 0)).toBe(right.filter(Boolean).length);
    expect(c.bins.reduce((s, x) => s + x.sum_predicted, 0)).toBeCloseTo(conf.reduce((a, v) => a + v, 0), 10);
  });
});
