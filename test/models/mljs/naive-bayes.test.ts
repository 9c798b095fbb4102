/**
 * ml-naivebayes' GaussianNB: pins its predict defects against the raw package (so we notice when
 * upstream fixes them) and checks the mljs adapter against scikit-learn's GaussianNB.
 */
import { readFileSync } from 'node:fs';
import { GaussianNB } from 'ml-naivebayes';
import { describe, expect, it } from 'vitest';
import { fromRows, toRows } from '../../../src/core/index.js';
import { createEstimator } from '../../../src/models/index.js';
import { accuracy, expectSweepError } from '../../helpers/check-estimator.js';
import { hasFashionMnist, readFashionMnist } from '../../helpers/fashion-mnist.js';

/** Two classes that differ only in the third feature; features 0 and 1 have the same values in both. */
const thirdFeatureOnly = {
  X: fromRows([
    [1, 5, 0.0], [2, 6, 0.2], [3, 7, 0.1], [4, 8, 0.3],
    [1, 5, 9.0], [2, 6, 9.2], [3, 7, 9.1], [4, 8, 9.3],
  ]),
  y: [0, 0, 0, 0, 1, 1, 1, 1],
};

describe('ml-naivebayes GaussianNB (raw package defects)', () => {
  it('predict reads only the first two features', () => {
    const raw = new GaussianNB();
    raw.train(toRows(thirdFeatureOnly.X), thirdFeatureOnly.y);
    const predictions = raw.predict(toRows(thirdFeatureOnly.X));
    // Features 0 and 1 look the same for both classes, so the package cannot tell them apart.
    expect(new Set(predictions).size).toBe(1);
    expect(accuracy(thirdFeatureOnly.y, predictions)).toBe(0.5);
  });

  it('a feature constant within a class makes it predict -1', () => {
    const X = [[1, 0, 3], [1, 1, 4], [1, 2, 3], [2, 7, 8], [2, 8, 9], [2, 9, 8]];
    const raw = new GaussianNB();
    raw.train(X, [0, 0, 0, 1, 1, 1]);
    expect(raw.predict(X)).toContain(-1);
  });

  it('a row far from every class underflows to probability 0 and gets -1', () => {
    const raw = new GaussianNB();
    raw.train([[0, 0], [1, 1], [0, 1], [5, 5], [6, 6], [5, 6]], [0, 0, 0, 1, 1, 1]);
    expect(raw.predict([[0.5, 0.5], [1000, 1000]])).toEqual([0, -1]);
  });

  it('stores -2·std² with the n − 1 divisor (scikit-learn uses n)', () => {
    const raw = new GaussianNB();
    raw.train([[0], [2], [10], [14]], [0, 0, 1, 1]);
    const model = raw.toJSON();
    // class 0: values 0, 2 → unbiased variance 2 (population variance 1)
    expect(model.calculateProbabilities[0]![1]![1]).toBeCloseTo(-2 * 2, 12);
  });
});

describe('naive-bayes (engine mljs) adapter', () => {
  it('uses every feature and handles constant features', async () => {
    const est = await createEstimator('naive-bayes', {}, 'mljs').fit(thirdFeatureOnly.X, thirdFeatureOnly.y);
    expect(est.predict(thirdFeatureOnly.X)).toEqual(thirdFeatureOnly.y);
    const constant = fromRows([[1, 0, 3], [1, 1, 4], [1, 2, 3], [1, 7, 8], [1, 8, 9], [1, 9, 8]]);
    const y = ['a', 'a', 'a', 'b', 'b', 'b'];
    const fitted = await createEstimator('naive-bayes', {}, 'mljs').fit(constant, y);
    expect(fitted.predict(constant)).toEqual(y);
    for (const p of fitted.predictProba!(constant).data) expect(Number.isFinite(p)).toBe(true);
  });

  it('matches scikit-learn on a tiny hand-checked case (population variance + epsilon)', async () => {
    // class 0: x = 0, 2 (mean 1, var 1); class 1: x = 10, 14 (mean 12, var 4); overall var = 32.75
    const est = await createEstimator('naive-bayes', { var_smoothing: 0.01 }, 'mljs').fit(fromRows([[0], [2], [10], [14]]), [0, 0, 1, 1]);
    const epsilon = 0.01 * 32.75;
    const x = 5;
    const logp = (mean: number, variance: number): number => -0.5 * Math.log(2 * Math.PI * variance) - (x - mean) ** 2 / (2 * variance);
    const l0 = Math.log(0.5) + logp(1, 1 + epsilon);
    const l1 = Math.log(0.5) + logp(12, 4 + epsilon);
    const p0 = 1 / (1 + Math.exp(l1 - l0));
    const proba = est.predictProba!(fromRows([[x]]));
    expect(proba.data[0]).toBeCloseTo(p0, 12);
    expect(proba.data[1]).toBeCloseTo(1 - p0, 12);
    // scikit-learn 1.2.1: GaussianNB(var_smoothing=0.01).fit([[0],[2],[10],[14]], [0,0,1,1]).predict_proba([[5]])
    expect(proba.data[0]).toBeCloseTo(0.55624797, 8);
    expect(est.toJSON().state['epsilon']).toBeCloseTo(epsilon, 14);
  });

  it('predicts a row far from every class (the package gives -1)', async () => {
    const est = await createEstimator('naive-bayes', {}, 'mljs').fit(fromRows([[0, 0], [1, 1], [0, 1], [5, 5], [6, 6], [5, 6]]), [0, 0, 0, 1, 1, 1]);
    expect(est.predict(fromRows([[0.5, 0.5], [1000, 1000]]))).toEqual([0, 1]);
  });

  it('rejects params of the other naive Bayes variants', async () => {
    await expectSweepError(
      () => createEstimator('naive-bayes', { variant: 'multinomial' }, 'mljs').fit(thirdFeatureOnly.X, thirdFeatureOnly.y),
      'SWEEP_ESTIMATOR_INVALID_INPUT',
      /only variant 'gaussian'/,
    );
    const gaussian = await createEstimator('naive-bayes', { variant: 'gaussian' }, 'mljs').fit(thirdFeatureOnly.X, thirdFeatureOnly.y);
    expect(gaussian.predict(thirdFeatureOnly.X)).toEqual(thirdFeatureOnly.y);
    await expectSweepError(
      () => createEstimator('naive-bayes', { alpha: 1 }, 'mljs').fit(thirdFeatureOnly.X, thirdFeatureOnly.y),
      'SWEEP_ESTIMATOR_INVALID_INPUT',
      /alpha is not supported by the mljs engine of naive-bayes.*engine: native/,
    );
  });
});

interface GnbFixture {
  _source: string;
  split: 't10k';
  train: [number, number];
  test: [number, number];
  y_test: number[];
  results: Record<string, { var_smoothing: number; epsilon: number; predict: number[]; predict_proba: number[][]; accuracy: number; constant_features: number }>;
}

describe.skipIf(!hasFashionMnist())('naive-bayes (engine mljs) vs scikit-learn on Fashion-MNIST', () => {
  const fixture = JSON.parse(readFileSync(new URL('../../fixtures/models/mljs/gnb-fashion-mnist.json', import.meta.url), 'utf8')) as GnbFixture;
  const train = readFashionMnist(fixture.split, fixture.train[0], fixture.train[1] - fixture.train[0]);
  const test = readFashionMnist(fixture.split, fixture.test[0], fixture.test[1] - fixture.test[0]);

  it('the fixture slice is the one the test reads', () => {
    expect(test.y).toEqual(fixture.y_test);
    expect(fixture.results['1e-09']!.constant_features).toBeGreaterThan(0);
  });

  for (const result of Object.values(fixture.results)) {
    it(`var_smoothing ${result.var_smoothing}: same predictions and probabilities as scikit-learn`, async () => {
      const est = await createEstimator('naive-bayes', { var_smoothing: result.var_smoothing }, 'mljs').fit(train.X, train.y);
      expect(est.toJSON().state['epsilon'] as number).toBeCloseTo(result.epsilon, 6);
      expect(est.predict(test.X)).toEqual(result.predict);
      const proba = est.predictProba!(test.X);
      let worst = 0;
      result.predict_proba.forEach((row, i) => row.forEach((p, j) => (worst = Math.max(worst, Math.abs(p - proba.data[i * 10 + j]!)))));
      expect(worst).toBeLessThan(1e-4);
    });
  }

  it('the raw package scores near chance on the same slice (sklearn: see fixture)', () => {
    const raw = new GaussianNB();
    raw.train(toRows(train.X), train.y);
    const rawAccuracy = accuracy(test.y, raw.predict(toRows(test.X)));
    expect(rawAccuracy).toBeLessThan(0.3);
    expect(fixture.results['1e-09']!.accuracy).toBeGreaterThan(0.5);
  });
});
