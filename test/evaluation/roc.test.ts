import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromRows } from '../../src/core/index.js';
import { averageRocSummaries, interpolateTpr, rocSummary } from '../../src/evaluation/index.js';

interface Fixture {
  classes: string[];
  folds: Array<{ y: string[]; proba: number[][]; per_class: Record<string, { auc: number; interp: number[] }>; micro_auc: number; macro_auc: number }>;
  mean: Record<string, { tpr: number[]; tpr_std: number[]; auc: number; auc_std: number }>;
}
// scikit-learn 1.2 values: test/fixtures/make/evaluation_roc.py
const fx = JSON.parse(readFileSync(new URL('../fixtures/evaluation/roc.json', import.meta.url), 'utf8')) as Fixture;

describe('ROC summaries (scikit-learn parity)', () => {
  const summaries = fx.folds.map((f) => rocSummary(f.y, fromRows(f.proba), fx.classes));

  it('per-class curves, micro and macro averages of one fold match roc_curve / roc_auc_score', () => {
    fx.folds.forEach((f, k) => {
      const s = summaries[k]!;
      for (const c of fx.classes) {
        const curve = s.curves.find((x) => x.label === c)!;
        expect(curve.auc).toBeCloseTo(f.per_class[c]!.auc, 12);
        interpolateTpr(curve.fpr, curve.tpr).forEach((t, i) => expect(t).toBeCloseTo(f.per_class[c]!.interp[i]!, 12));
      }
      expect(s.micro!.auc).toBeCloseTo(f.micro_auc, 12);
      expect(s.macro!.auc).toBeCloseTo(f.macro_auc, 12);
    });
  });

  it('the mean over folds is the interpolated mean TPR with a ±1 std band, and the AUC mean ± std', () => {
    const mean = averageRocSummaries(summaries)!;
    expect(mean.folds).toBe(3);
    for (const c of fx.classes) {
      const curve = mean.curves.find((x) => x.label === c)!;
      const ref = fx.mean[c]!;
      curve.tpr.forEach((t, i) => expect(t).toBeCloseTo(ref.tpr[i]!, 12));
      curve.tpr_std!.forEach((t, i) => expect(t).toBeCloseTo(ref.tpr_std[i]!, 12));
      expect(curve.auc).toBeCloseTo(ref.auc, 12);
      expect(curve.auc_std!).toBeCloseTo(ref.auc_std, 12);
    }
  });

  it('names the classes that have no curve, and those averaged over only some folds', () => {
    const s = rocSummary(['a', 'a', 'b', 'b'], fromRows([[0.9, 0.05, 0.05], [0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.4, 0.5, 0.1]]), ['a', 'b', 'c']);
    expect(s.curves.map((c) => c.label)).toEqual(['a', 'b']);
    expect(s.omitted).toEqual([{ label: 'c', reason: 'no test rows of this class' }]);
    const mean = averageRocSummaries([summaries[0]!, s])!;
    expect(mean.omitted).toEqual([{ label: 'c', reason: "mean over 1 of 2 folds only (absent from the others' test rows)" }]);
  });
});
