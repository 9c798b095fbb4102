import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromRows, type Label, type Params } from '../../../src/core/index.js';
import { NativeNaiveBayes, nativeNaiveBayes } from '../../../src/models/native/naive-bayes.js';
import { adultNumeric, concat, fashion, hasDatasets, mushroomOrdinal, slice, type Data } from '../../fixtures/models/native/knn-nb-datasets.js';

interface NbCase {
  name: string;
  dataset: 'adult-numeric' | 'fashion' | 'mushroom-ordinal';
  params: Params;
  train_rows: [number, number];
  test_rows: [number, number];
  classes: Label[];
  predict: Label[];
  proba: number[][];
}
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/models/native/nb-parity.json', import.meta.url), 'utf8')) as {
  _source: string;
  cases: NbCase[];
};

describe.runIf(hasDatasets())('native naive Bayes matches scikit-learn 1.2.1 on real slices', () => {
  const datasets: Record<NbCase['dataset'], () => Data> = {
    'adult-numeric': adultNumeric,
    fashion: () => concat(fashion('train', 1000), fashion('t10k', 150)),
    'mushroom-ordinal': mushroomOrdinal,
  };
  const cache = new Map<string, Data>();
  const load = (name: NbCase['dataset']): Data => {
    if (!cache.has(name)) cache.set(name, datasets[name]());
    return cache.get(name)!;
  };

  it('covers all four variants', () => {
    expect(fixture._source).toContain('scikit-learn 1.2.1');
    const variants = new Set(fixture.cases.map((c) => (c.params['variant'] as string | undefined) ?? 'gaussian'));
    expect([...variants].sort()).toEqual(['bernoulli', 'categorical', 'gaussian', 'multinomial']);
  });

  for (const c of fixture.cases) {
    it(`${c.name}: probabilities to 1e-9, identical predictions, and after a JSON round trip`, async () => {
      const data = load(c.dataset);
      const train = slice(data, ...c.train_rows);
      const test = slice(data, ...c.test_rows);
      const est = await nativeNaiveBayes.create(c.params).fit(train.X, train.y);
      expect(est.classes_).toEqual(c.classes);
      const proba = est.predictProba!(test.X);
      expect(proba.rows).toBe(c.proba.length);
      let maxDiff = 0;
      for (let i = 0; i < proba.rows; i++) {
        for (let j = 0; j < proba.cols; j++) maxDiff = Math.max(maxDiff, Math.abs(proba.data[i * proba.cols + j]! - c.proba[i]![j]!));
      }
      expect(maxDiff).toBeLessThan(1e-9);
      expect(est.predict(test.X)).toEqual(c.predict);

      const restored = nativeNaiveBayes.load(JSON.parse(JSON.stringify(est.toJSON())));
      expect(restored.predict(test.X)).toEqual(c.predict);
      expect(restored.predictProba!(test.X).data).toEqual(proba.data);
    });
  }
});

describe('native naive Bayes params', () => {
  it('defaults to gaussian with scikit-learn defaults', () => {
    expect(new NativeNaiveBayes().getParams()).toEqual({ variant: 'gaussian', var_smoothing: 1e-9, priors: null });
    expect(new NativeNaiveBayes({ variant: 'bernoulli' }).getParams()).toEqual({
      variant: 'bernoulli',
      alpha: 1,
      fit_prior: true,
      class_prior: null,
      binarize: 0,
    });
    expect(new NativeNaiveBayes({ variant: 'categorical' }).getParams()).toMatchObject({ min_categories: null, alpha: 1 });
  });

  it('rejects a param given to a variant it does not belong to, naming the variants it belongs to', () => {
    const bad = nativeNaiveBayes.paramsSchema.safeParse({ alpha: 0.5 });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain("'alpha' applies to variant multinomial | bernoulli | categorical, not 'gaussian'");
    expect(nativeNaiveBayes.paramsSchema.safeParse({ variant: 'multinomial', binarize: 0 }).success).toBe(false);
    expect(nativeNaiveBayes.paramsSchema.safeParse({ variant: 'bernoulli', binarize: 0.5, alpha: 2 }).success).toBe(true);
    expect(nativeNaiveBayes.paramsSchema.safeParse({ variant: 'poisson' }).success).toBe(false);
    expect(nativeNaiveBayes.paramsSchema.safeParse({ variant: 'gaussian', bogus: 1 }).success).toBe(false);
  });

  it('fit fails with a clear error for invalid params', async () => {
    const X = fromRows([[1], [2], [3], [4]]);
    await expect(nativeNaiveBayes.create({ variant: 'gaussian', alpha: 1 }).fit(X, [0, 0, 1, 1])).rejects.toThrow(/alpha/);
  });
});

describe('native naive Bayes input checks', () => {
  const y = ['a', 'a', 'b', 'b'];
  it('multinomial rejects negative features', async () => {
    await expect(nativeNaiveBayes.create({ variant: 'multinomial' }).fit(fromRows([[1], [-1], [0], [2]]), y)).rejects.toThrow(/non-negative/);
  });
  it('categorical rejects non-integer codes and codes unseen in fit', async () => {
    await expect(nativeNaiveBayes.create({ variant: 'categorical' }).fit(fromRows([[0.5], [1], [0], [2]]), y)).rejects.toThrow(/integer category codes/);
    const est = await nativeNaiveBayes.create({ variant: 'categorical' }).fit(fromRows([[0], [1], [0], [2]]), y);
    expect(() => est.predict(fromRows([[3]]))).toThrow(/not seen in fit/);
    const wider = await nativeNaiveBayes.create({ variant: 'categorical', min_categories: 5 }).fit(fromRows([[0], [1], [0], [2]]), y);
    expect(wider.predict(fromRows([[4]]))).toHaveLength(1);
  });
  it('gaussian priors must match the classes and sum to 1', async () => {
    const X = fromRows([[1], [2], [3], [4]]);
    await expect(nativeNaiveBayes.create({ priors: [0.5, 0.4] }).fit(X, y)).rejects.toThrow(/sum of priors/);
    await expect(nativeNaiveBayes.create({ priors: [1] }).fit(X, y)).rejects.toThrow(/2 classes/);
  });
  it('predicts the argmax of the joint log likelihood, first class on ties', async () => {
    // symmetric data: both classes equally likely at x = 0
    const est = await nativeNaiveBayes.create().fit(fromRows([[-1], [-2], [1], [2]]), ['a', 'a', 'b', 'b']);
    expect(est.predict(fromRows([[0], [5], [-5]]))).toEqual(['a', 'b', 'a']);
    const [pa, pb] = est.predictProba!(fromRows([[0]])).data;
    expect(pa).toBe(pb);
    expect(pa).toBeCloseTo(0.5, 12);
  });
});

describe('native naive Bayes determinism', () => {
  it('the same data gives the same model, byte for byte, for every variant', async () => {
    const X = fromRows([[0, 3, 1], [2, 0, 1], [1, 1, 0], [3, 2, 2], [0, 0, 1], [2, 3, 0]]);
    const y = ['a', 'b', 'a', 'b', 'c', 'c'];
    for (const variant of ['gaussian', 'multinomial', 'bernoulli', 'categorical']) {
      const a = await nativeNaiveBayes.create({ variant }).fit(X, y);
      const b = await nativeNaiveBayes.create({ variant }).fit(X, y);
      expect(JSON.stringify(a.toJSON())).toBe(JSON.stringify(b.toJSON()));
      expect(a.predictProba!(X).data).toEqual(b.predictProba!(X).data);
    }
  });
});
