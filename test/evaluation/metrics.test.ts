import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromRows, type Label } from '../../src/core/index.js';
import {
  classificationReport,
  confusionMatrix,
  metrics,
  normalizeConfusion,
  type AverageReport,
  type MetricInput,
} from '../../src/evaluation/index.js';

interface ReportRow { precision: number; recall: number; 'f1-score': number; support: number }
interface Case {
  name: string;
  y_true: Label[];
  y_pred: Label[];
  classes: Label[];
  proba?: number[][];
  metrics: Record<string, number | string | null>;
  report: Record<string, ReportRow | number>;
  confusion: { labels: Label[]; matrix: number[][]; true: number[][]; pred: number[][]; all: number[][] };
  report_labels?: Label[];
  report_with_labels?: Record<string, ReportRow | number>;
  confusion_with_labels?: number[][];
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/evaluation/metrics.json', import.meta.url), 'utf8')) as { _source: string; cases: Case[] };

function inputOf(c: Case): MetricInput {
  return { yTrue: c.y_true, yPred: c.y_pred, classes: c.classes, ...(c.proba === undefined ? {} : { proba: fromRows(c.proba) }) };
}

function expectClose(actual: number, expected: number | string): void {
  if (expected === 'NaN') expect(actual).toBeNaN();
  else expect(Math.abs(actual - (expected as number))).toBeLessThanOrEqual(1e-12);
}

function expectReport(actual: ReturnType<typeof classificationReport>, expected: Record<string, ReportRow | number>, labels: Label[]): void {
  expect(actual.classes.map((c) => c.label)).toEqual(labels);
  for (const row of actual.classes) {
    const want = expected[String(row.label)] as ReportRow;
    expectClose(row.precision, want.precision);
    expectClose(row.recall, want.recall);
    expectClose(row.f1, want['f1-score']);
    expect(row.support).toBe(want.support);
  }
  const avg = (got: AverageReport | null, key: string): void => {
    const want = expected[key] as ReportRow;
    expect(got).not.toBeNull();
    expectClose(got!.precision, want.precision);
    expectClose(got!.recall, want.recall);
    expectClose(got!.f1, want['f1-score']);
    expect(got!.support).toBe(want.support);
  };
  avg(actual.macro_avg, 'macro avg');
  avg(actual.weighted_avg, 'weighted avg');
  if ('accuracy' in expected) {
    expect(actual.micro_avg).toBeNull();
    expectClose(actual.accuracy!, expected.accuracy as number);
  } else {
    expect(actual.accuracy).toBeNull();
    avg(actual.micro_avg, 'micro avg');
  }
}

describe('metrics against scikit-learn 1.2.1', () => {
  it('the fixture says where it came from and covers every registered metric', () => {
    expect(fixture._source).toMatch(/evaluation_metrics\.py with scikit-learn 1\.2\.1/);
    for (const c of fixture.cases.filter((c) => c.proba !== undefined)) expect(Object.keys(c.metrics).sort()).toEqual(metrics.names().sort());
  });

  for (const c of fixture.cases) {
    describe(c.name, () => {
      for (const [name, expected] of Object.entries(c.metrics)) {
        it(name, () => {
          const spec = metrics.get(name);
          if (expected === null) {
            expect(() => spec.compute(inputOf(c))).toThrow(expect.objectContaining({ code: 'SWEEP_METRIC_INVALID' }) as Error);
          } else {
            expectClose(spec.compute(inputOf(c)), expected);
          }
        });
      }

      it('classification report', () => {
        expectReport(classificationReport(c.y_true, c.y_pred), c.report, c.confusion.labels);
        if (c.report_labels !== undefined) {
          expectReport(classificationReport(c.y_true, c.y_pred, c.report_labels), c.report_with_labels!, c.report_labels);
        }
      });

      it('confusion matrix, raw and normalized', () => {
        const cm = confusionMatrix(c.y_true, c.y_pred);
        expect(cm.labels).toEqual(c.confusion.labels);
        expect(cm.matrix).toEqual(c.confusion.matrix);
        for (const how of ['true', 'pred', 'all'] as const) {
          const got = normalizeConfusion(cm, how).matrix.flat();
          c.confusion[how].flat().forEach((v, i) => expectClose(got[i]!, v));
        }
        if (c.report_labels !== undefined) expect(confusionMatrix(c.y_true, c.y_pred, c.report_labels).matrix).toEqual(c.confusion_with_labels);
      });
    });
  }
});

describe('metric registry', () => {
  it('declares which metrics need probabilities and which are losses', () => {
    const proba = metrics.entriesList().filter(([, s]) => s.needsProba).map(([n]) => n);
    expect(proba.sort()).toEqual(['log_loss', 'roc_auc_ovo', 'roc_auc_ovo_weighted', 'roc_auc_ovr', 'roc_auc_ovr_weighted', 'top_k_accuracy']);
    expect(metrics.entriesList().filter(([, s]) => !s.greaterIsBetter).map(([n]) => n)).toEqual(['log_loss']);
    for (const [name, spec] of metrics.entriesList()) {
      expect(spec.name).toBe(name);
      expect(spec.summary.length).toBeGreaterThan(10);
    }
  });

  it('suggests a near name for a typo', () => {
    expect(() => metrics.get('f1_marco')).toThrow(/did you mean 'f1_macro'/);
  });

  it('rejects a proba metric without probabilities, and mismatched shapes', () => {
    const input = { yTrue: [0, 1], yPred: [0, 1], classes: [0, 1] };
    expect(() => metrics.get('roc_auc_ovr').compute(input)).toThrow(/needs class probabilities/);
    expect(() => metrics.get('log_loss').compute({ ...input, proba: fromRows([[0.5, 0.5]]) })).toThrow(/1 rows but y_true has 2/);
    expect(() => metrics.get('log_loss').compute({ ...input, yTrue: [0, 2], proba: fromRows([[0.5, 0.5], [0.5, 0.5]]) })).toThrow(/label '2'/);
    expect(() => metrics.get('accuracy').compute({ ...input, yPred: [0] })).toThrow(/2 labels but y_pred has 1/);
    expect(() => metrics.get('accuracy').compute({ yTrue: [], yPred: [], classes: [] })).toThrow(/no rows/);
  });

  it('refuses ROC AUC when y_true holds one class, and non-finite probabilities', () => {
    const input = { yTrue: [1, 1, 1], yPred: [1, 0, 1], classes: [0, 1], proba: fromRows([[0.2, 0.8], [0.6, 0.4], [0.3, 0.7]]) };
    expect(() => metrics.get('roc_auc_ovr').compute(input)).toThrow(/roc_auc_ovr: ROC AUC is not defined when only one class is present/);
    expect(metrics.get('log_loss').compute(input)).toBeCloseTo(-(Math.log(0.8) + Math.log(0.4) + Math.log(0.7)) / 3, 12);
    const nan = { ...input, yTrue: [0, 1, 1], proba: fromRows([[0.2, 0.8], [NaN, 0.4], [0.3, 0.7]]) };
    expect(() => metrics.get('roc_auc_ovo').compute(nan)).toThrow(/non-finite value \(NaN\) in row 1/);
  });

  it('confusion matrix with labels: order kept, unlisted samples left out, none-present refused', () => {
    expect(confusionMatrix(['a', 'b', 'c', 'a'], ['a', 'c', 'c', 'b'], ['c', 'a'])).toEqual({ labels: ['c', 'a'], matrix: [[1, 0], [0, 1]] });
    expect(() => confusionMatrix(['a'], ['a'], ['z'])).toThrow(/at least one label given must occur in y_true/);
  });

  it('rejects multiclass scores that are not probabilities for ROC AUC', () => {
    const input = { yTrue: [0, 1, 2], yPred: [0, 1, 2], classes: [0, 1, 2], proba: fromRows([[0.9, 0.9, 0.1], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8]]) };
    expect(() => metrics.get('roc_auc_ovr').compute(input)).toThrow(/row 0 sum to 1\.9/);
  });
});
