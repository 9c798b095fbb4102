// Native MLP against scikit-learn 1.2.1 MLPClassifier's own accuracy spread over random_state 0..9
// (fixture: test/fixtures/make/models_native_mlp.py). Our weights come from our seeded RNG, so
// accuracy is compared with the spread, not value by value.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Params } from '../../../src/core/index.js';
import { NativeMlp } from '../../../src/models/native/mlp.js';
import { fromRows } from '../../../src/core/index.js';
import { loadSlices, type SliceCase } from '../../fixtures/models/native/dense-data.js';
import { hasDatasets } from '../../fixtures/models/native/knn-nb-datasets.js';

interface Case extends SliceCase {
  name: string;
  params: Params;
  accuracy: number[];
  min: number;
  max: number;
  n_iter: number[];
  converged: boolean[];
}
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/models/native/mlp-parity.json', import.meta.url), 'utf8')) as { _source: string; cases: Case[] };

describe.runIf(hasDatasets())('native MLP lands inside scikit-learn 1.2.1 MLPClassifier\'s accuracy spread over 10 seeds', () => {
  it('fixture comes from scikit-learn 1.2.1 with 10 seeds per case, on adult, an image set and a binary set', () => {
    expect(fixture._source).toContain('scikit-learn 1.2.1');
    for (const c of fixture.cases) expect(c.accuracy).toHaveLength(10);
    expect(new Set(fixture.cases.map((c) => c.dataset))).toEqual(new Set(['adult', 'fashion', 'mushroom']));
  });

  for (const c of fixture.cases) {
    // Our seeds draw other weights than numpy's, and one seed can land just outside ten of
    // scikit-learn's (Fashion: seed 0 scores 0.828 against 0.804..0.814), so the median of three is compared.
    it(`${c.name}: median test accuracy over random_state 0..2 within [${c.min.toFixed(4)}, ${c.max.toFixed(4)}]; a max_iter stop is a note exactly when scikit-learn warns`, async () => {
      const { train, test } = loadSlices(c);
      const accs: number[] = [];
      for (const seed of [0, 1, 2]) {
        const est = await new NativeMlp({ ...c.params, random_state: seed }).fit(train.X, train.y);
        const pred = est.predict(test.X);
        accs.push(pred.filter((p, i) => p === test.y[i]).length / pred.length);
        if (c.converged.every((v) => !v)) expect(est.fitNotes_.join(' ')).toMatch(/Maximum iterations|failed to converge/);
        if (c.converged.every((v) => v)) expect(est.fitNotes_).toEqual([]);
        expect(est.history_!.loss.length).toBe(est.nIter_);
        if (c.params['early_stopping'] === true) expect(est.history_!.validation_score).toHaveLength(est.nIter_!);
      }
      const median = accs.sort((a, b) => a - b)[1]!;
      expect(median).toBeGreaterThanOrEqual(c.min);
      expect(median).toBeLessThanOrEqual(c.max);
    });
  }
});

describe('native MLP training history and options', () => {
  const X = fromRows(Array.from({ length: 60 }, (_, i) => [Math.cos(i), Math.sin(i * 0.7), (i % 3) - 1]));
  const y = Array.from({ length: 60 }, (_, i) => (Math.cos(i) + Math.sin(i * 0.7) > 0 ? 'a' : 'b'));

  it('records one loss per epoch, falling overall, and keeps it through toJSON/fromJSON', async () => {
    const est = await new NativeMlp({ hidden_layer_sizes: [8], max_iter: 30, random_state: 1, learning_rate_init: 0.01 }).fit(X, y);
    const loss = est.history_!.loss;
    expect(loss).toHaveLength(30);
    expect(loss.at(-1)!).toBeLessThan(loss[0]!);
    expect(est.fitNotes_[0]).toMatch(/Maximum iterations \(30\)/);
    const back = NativeMlp.fromJSON(JSON.parse(JSON.stringify(est.toJSON())));
    expect(back.history_).toEqual(est.history_);
    expect(back.fitNotes_).toEqual(est.fitNotes_);
  });

  it('sgd with invscaling, adaptive and nesterov momentum, every activation, train without error and differ by option', async () => {
    const fits = [];
    for (const params of [
      { solver: 'sgd', learning_rate: 'invscaling', activation: 'tanh' },
      { solver: 'sgd', learning_rate: 'adaptive', nesterovs_momentum: false, activation: 'logistic' },
      { solver: 'adam', activation: 'identity', batch_size: 7 },
      { solver: 'lbfgs', activation: 'relu' },
    ] as Params[]) {
      const est = await new NativeMlp({ hidden_layer_sizes: [5, 4], max_iter: 20, random_state: 3, ...params }).fit(X, y);
      expect(est.history_!.loss.every(Number.isFinite)).toBe(true);
      fits.push(JSON.stringify(est.toJSON().state));
    }
    expect(new Set(fits).size).toBe(fits.length);
  });
});
