/**
 * `checkEstimator(algorithm, engine)`: scikit-learn's estimator checks in vitest, run for every
 * algorithm × engine in the registry (`test/models/contract.test.ts`), so a new algorithm or engine
 * is held to the contract without anyone remembering to add it.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Random, SweepError, type Label, type Matrix, type Params } from '../../src/core/index.js';
import { clone, createEstimator, getImplementation, loadEstimator, type Classifier } from '../../src/models/index.js';

/** A labelled dataset for the checks. */
export interface Labelled {
  X: Matrix;
  y: Label[];
}

/**
 * Gaussian blobs in `cols` dimensions, one per label, centres 6 apart (well separated), seeded.
 * Labels are given in the order of `labels`, interleaved, so sorting them is the estimator's job.
 */
export function makeBlobs(seed: number, rowsPerClass: number, cols: number, labels: readonly Label[]): Labelled {
  const rng = new Random(seed);
  const centres = labels.map(() => Array.from({ length: cols }, () => (rng.random() - 0.5) * 12));
  const rows = rowsPerClass * labels.length;
  const data = new Float64Array(rows * cols);
  const y: Label[] = [];
  for (let i = 0; i < rows; i++) {
    const c = i % labels.length;
    for (let j = 0; j < cols; j++) data[i * cols + j] = centres[c]![j]! + rng.normal();
    y.push(labels[c]!);
  }
  return { X: { data, rows, cols }, y };
}

/** The first `rows` rows of `datasets/mushroom.csv.gz`, every column one-hot encoded; target `edibility` (`e`/`p`). */
export function mushroomOneHot(rows: number): Labelled {
  const text = gunzipSync(readFileSync(new URL('../../datasets/mushroom.csv.gz', import.meta.url))).toString('utf8');
  const lines = text.split('\n').filter((line) => line.length > 0);
  const header = lines[0]!.split(',');
  const records = lines.slice(1, rows + 1).map((line) => line.split(','));
  const target = header.indexOf('edibility');
  const columns: string[] = [];
  const index = new Map<string, number>();
  for (let j = 0; j < header.length; j++) {
    if (j === target) continue;
    const values = [...new Set(records.map((r) => r[j]!))].sort();
    for (const v of values) {
      index.set(`${j}=${v}`, columns.length);
      columns.push(`${header[j]}=${v}`);
    }
  }
  const cols = columns.length;
  const data = new Float64Array(records.length * cols);
  records.forEach((r, i) => {
    for (let j = 0; j < header.length; j++) if (j !== target) data[i * cols + index.get(`${j}=${r[j]}`)!] = 1;
  });
  return { X: { data, rows: records.length, cols, columns }, y: records.map((r) => r[target]!) };
}

/** Rows `start..end` of a dataset. */
export function sliceRows(d: Labelled, start: number, end: number): Labelled {
  return { X: { data: d.X.data.slice(start * d.X.cols, end * d.X.cols), rows: end - start, cols: d.X.cols }, y: d.y.slice(start, end) };
}

/** Keeps the first `cols` features. */
export function firstColumns(X: Matrix, cols: number): Matrix {
  const data = new Float64Array(X.rows * cols);
  for (let i = 0; i < X.rows; i++) data.set(X.data.subarray(i * X.cols, i * X.cols + cols), i * cols);
  return { data, rows: X.rows, cols };
}

/** The fraction of equal labels. */
export function accuracy(yTrue: readonly Label[], yPred: readonly Label[]): number {
  let hits = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hits++;
  return hits / yTrue.length;
}

/**
 * Small data sets on which estimators overflow, divide by zero or loop: every feature constant,
 * values near the float64 limit, one row per class, duplicated (and contradictory) rows.
 */
export function numericEdgeCases(): Array<[string, Labelled]> {
  const blobs = makeBlobs(3, 8, 3, ['a', 'b']);
  const constant: Labelled = { X: { data: new Float64Array(16 * 3).fill(3), rows: 16, cols: 3 }, y: blobs.y.slice(0, 16) };
  const huge: Labelled = { X: { ...blobs.X, data: blobs.X.data.slice() }, y: blobs.y };
  huge.X.data[4] = 1e308;
  huge.X.data[7] = -1e308;
  const scaledUp: Labelled = { X: { ...blobs.X, data: blobs.X.data.map((v) => v * 1e150) }, y: blobs.y };
  const onePerClass = makeBlobs(5, 1, 3, ['a', 'b', 'c']);
  const dupData = new Float64Array(12 * 2);
  for (let i = 0; i < 12; i++) dupData.set(i < 6 ? [1, 2] : [5, 6], i * 2);
  const duplicates: Labelled = { X: { data: dupData, rows: 12, cols: 2 }, y: Array.from({ length: 12 }, (_, i) => (i < 6 ? (i === 5 ? 'b' : 'a') : 'b')) };
  return [
    ['every feature constant', constant],
    ['one value of ±1e308', huge],
    ['values around 1e150', scaledUp],
    ['one row per class', onePerClass],
    ['duplicated and contradictory rows', duplicates],
  ];
}

/** Expects `fn` to throw a `SweepError` with `code` whose message matches `pattern`. */
export async function expectSweepError(fn: () => unknown, code: string, pattern: RegExp): Promise<SweepError> {
  let caught: unknown;
  try {
    await fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected a SweepError').toBeInstanceOf(SweepError);
  const error = caught as SweepError;
  expect(error.code).toBe(code);
  expect(error.message).toMatch(pattern);
  return error;
}

/**
 * Params that keep the checks fast without changing what is checked: ensembles get 10 members.
 * Chosen by param name, so a new algorithm needs nothing here.
 */
export function fastParams(defaults: Params): Params {
  return 'n_estimators' in defaults ? { n_estimators: 10 } : {};
}

/** Rows whose largest probability is shared by two or more columns (where argmax may pick either). */
function tiedRows(proba: Matrix): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < proba.rows; i++) {
    const row = Array.from(proba.data.subarray(i * proba.cols, (i + 1) * proba.cols));
    const max = Math.max(...row);
    if (row.filter((v) => Math.abs(v - max) <= 1e-12).length > 1) out.add(i);
  }
  return out;
}

/** The vitest suite every algorithm × engine passes. */
export function checkEstimator(algorithm: string, engine: string): void {
  describe(`checkEstimator: ${algorithm} (engine ${engine})`, () => {
    const impl = getImplementation(algorithm, engine);
    const defaults = impl.paramsSchema.parse({});
    const params: Params = fastParams(defaults);
    const make = (extra: Params = {}): Classifier => createEstimator(algorithm, { ...params, ...extra }, engine);

    const strings = makeBlobs(1, 20, 4, ['emu', 'cat', 'dog']);
    const numbers = makeBlobs(2, 20, 4, [30, 10, 20]);
    const twoClass = makeBlobs(3, 20, 3, ['yes', 'no']);
    const test = makeBlobs(1, 5, 4, ['emu', 'cat', 'dog']);

    it('declares a strict, fully defaulted params schema and honest default tags', () => {
      const est = createEstimator(algorithm, {}, engine);
      expect(est.algorithm).toBe(algorithm);
      expect(est.engine).toBe(engine);
      expect(est.getParams()).toEqual(defaults);
      expect(JSON.parse(JSON.stringify(defaults))).toEqual(defaults);
      expect(est.tags()).toEqual(impl.tags);
      expect(impl.paramsSchema.safeParse({ definitely_not_a_param: 1 }).success).toBe(false);
    });

    it('constructor stores params and does no work; getParams/setParams round-trip', () => {
      const est = make({ definitely_not_a_param: 1 });
      expect(est.classes_).toBeUndefined();
      const good = make();
      expect(good.getParams()).toEqual({ ...defaults, ...params });
      const again = createEstimator(algorithm, good.getParams(), engine);
      expect(again.getParams()).toEqual(good.getParams());
      expect(again.setParams(good.getParams())).toBe(again);
      expect(again.getParams()).toEqual(good.getParams());
    });

    it('rejects an invalid hyperparameter with a clear error at fit', async () => {
      await expectSweepError(() => make({ definitely_not_a_param: 1 }).fit(strings.X, strings.y), 'SWEEP_ESTIMATOR_INVALID_INPUT', /definitely_not_a_param/);
      const numeric = Object.keys(defaults).find((key) => typeof defaults[key] === 'number');
      if (numeric !== undefined) {
        await expectSweepError(() => make({ [numeric]: 'not-a-number' }).fit(strings.X, strings.y), 'SWEEP_ESTIMATOR_INVALID_INPUT', new RegExp(numeric));
      }
    });

    it('fit returns this; predict returns labels of the type given (strings)', async () => {
      const est = make();
      expect(await est.fit(strings.X, strings.y)).toBe(est);
      expect(est.classes_).toEqual(['cat', 'dog', 'emu']);
      const yhat = est.predict(test.X);
      expect(yhat).toHaveLength(test.X.rows);
      for (const label of yhat) expect(['cat', 'dog', 'emu']).toContain(label);
      expect(accuracy(test.y, yhat)).toBeGreaterThanOrEqual(0.9);
    });

    it('predict returns labels of the type given (numbers)', async () => {
      const est = await make().fit(numbers.X, numbers.y);
      expect(est.classes_).toEqual([10, 20, 30]);
      const yhat = est.predict(numbers.X);
      for (const label of yhat) expect([10, 20, 30]).toContain(label);
      expect(accuracy(numbers.y, yhat)).toBeGreaterThanOrEqual(0.9);
    });

    it('refitting forgets the previous fit (classes and feature count)', async () => {
      const est = await make().fit(strings.X, strings.y);
      await est.fit(twoClass.X, twoClass.y);
      expect(est.classes_).toEqual(['no', 'yes']);
      const yhat = est.predict(twoClass.X);
      for (const label of yhat) expect(['no', 'yes']).toContain(label);
      await expectSweepError(() => est.predict(strings.X), 'SWEEP_ESTIMATOR_INVALID_INPUT', /features/);
      if (est.tags().proba) expect(est.predictProba!(twoClass.X).cols).toBe(2);
    });

    it('clone gives the same params and no fitted state', async () => {
      const est = await make().fit(strings.X, strings.y);
      const copy = clone(est);
      expect(copy).not.toBe(est);
      expect(copy.algorithm).toBe(algorithm);
      expect(copy.engine).toBe(engine);
      expect(copy.getParams()).toEqual(est.getParams());
      expect(copy.classes_).toBeUndefined();
      await expectSweepError(() => copy.predict(strings.X), 'SWEEP_ESTIMATOR_NOT_FITTED', /not fitted/);
    });

    it('predictProba: rows sum to 1, columns follow classes_, argmax agrees with predict', async () => {
      const est = await make().fit(strings.X, strings.y);
      if (!est.tags().proba) {
        expect(impl.tags.proba).toBe(false);
        return;
      }
      expect(typeof est.predictProba).toBe('function');
      for (const data of [test, strings]) {
        const proba = est.predictProba!(data.X);
        expect(proba.rows).toBe(data.X.rows);
        expect(proba.cols).toBe(est.classes_!.length);
        const yhat = est.predict(data.X);
        const ties = tiedRows(proba);
        for (let i = 0; i < proba.rows; i++) {
          const row = Array.from(proba.data.subarray(i * proba.cols, (i + 1) * proba.cols));
          for (const p of row) {
            expect(p).toBeGreaterThanOrEqual(0);
            expect(p).toBeLessThanOrEqual(1 + 1e-12);
          }
          expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
          if (ties.has(i)) continue;
          const argmax = row.indexOf(Math.max(...row));
          expect(est.classes_![argmax]).toBe(yhat[i]);
        }
        expect(ties.size).toBeLessThan(proba.rows);
      }
      // Columns follow classes_: the column of a well-separated class is highest on its own rows.
      const proba = est.predictProba!(test.X);
      let agree = 0;
      for (let i = 0; i < test.X.rows; i++) {
        const col = est.classes_!.indexOf(test.y[i]!);
        const row = Array.from(proba.data.subarray(i * proba.cols, (i + 1) * proba.cols));
        if (row[col] === Math.max(...row)) agree++;
      }
      expect(agree / test.X.rows).toBeGreaterThanOrEqual(0.9);
    });

    // Numeric edge cases (issue 12): a fit either works, giving labels from classes_ and finite
    // probabilities that sum to 1, or refuses with a SweepError. Never NaN, a crash or a hang.
    for (const [what, data] of numericEdgeCases()) {
      it(`numeric edge case: ${what}: a valid model or a named error`, async () => {
        const est = make();
        try {
          await est.fit(data.X, data.y);
        } catch (error) {
          expect(error, `${what}: fit threw something other than a SweepError`).toBeInstanceOf(SweepError);
          return;
        }
        const yhat = est.predict(data.X);
        expect(yhat).toHaveLength(data.X.rows);
        for (const label of yhat) expect(est.classes_).toContain(label);
        if (!est.tags().proba) return;
        let proba: Matrix;
        try {
          proba = est.predictProba!(data.X);
        } catch (error) {
          expect(error, `${what}: predictProba threw something other than a SweepError`).toBeInstanceOf(SweepError);
          return;
        }
        for (let i = 0; i < proba.rows; i++) {
          const row = Array.from(proba.data.subarray(i * proba.cols, (i + 1) * proba.cols));
          for (const p of row) expect(Number.isFinite(p), `${what}: row ${i} has probability ${p}`).toBe(true);
          expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
        }
      }, 20_000);
    }

    it('a single-class training set fails with a clear error', async () => {
      const y = strings.y.map(() => 'cat');
      await expectSweepError(() => make().fit(strings.X, y), 'SWEEP_ESTIMATOR_INVALID_INPUT', /single class/);
    });

    it('NaN input fails clearly unless the estimator handles missing values', async () => {
      const withNaN = { ...strings.X, data: strings.X.data.slice() };
      withNaN.data[5] = Number.NaN;
      if (make().tags().handlesMissing) {
        const est = await make().fit(withNaN, strings.y);
        const yhat = est.predict(withNaN);
        for (const label of yhat) expect(['cat', 'dog', 'emu']).toContain(label);
        return;
      }
      await expectSweepError(() => make().fit(withNaN, strings.y), 'SWEEP_ESTIMATOR_INVALID_INPUT', /NaN/);
      const est = await make().fit(strings.X, strings.y);
      await expectSweepError(() => est.predict(withNaN), 'SWEEP_ESTIMATOR_INVALID_INPUT', /NaN/);
    });

    it('wrong feature count at predict fails clearly', async () => {
      const est = await make().fit(strings.X, strings.y);
      await expectSweepError(() => est.predict(firstColumns(strings.X, 3)), 'SWEEP_ESTIMATOR_INVALID_INPUT', /3 features.*4/);
      if (est.tags().proba) {
        await expectSweepError(() => est.predictProba!(firstColumns(strings.X, 3)), 'SWEEP_ESTIMATOR_INVALID_INPUT', /features/);
      }
    });

    it('predict, predictProba and toJSON before fit fail clearly', async () => {
      const est = make();
      await expectSweepError(() => est.predict(strings.X), 'SWEEP_ESTIMATOR_NOT_FITTED', /not fitted/);
      if (est.tags().proba) await expectSweepError(() => est.predictProba!(strings.X), 'SWEEP_ESTIMATOR_NOT_FITTED', /not fitted/);
      await expectSweepError(() => est.toJSON(), 'SWEEP_ESTIMATOR_NOT_FITTED', /fitted/);
    });

    it('persistence: a saved and loaded model predicts identically', async () => {
      const est = await make().fit(strings.X, strings.y);
      const json = JSON.parse(JSON.stringify(est.toJSON())) as ReturnType<Classifier['toJSON']>;
      expect(json.algorithm).toBe(algorithm);
      expect(json.engine).toBe(engine);
      const loaded = loadEstimator(json);
      expect(loaded.classes_).toEqual(est.classes_);
      expect(loaded.getParams()).toEqual(est.getParams());
      expect(loaded.predict(test.X)).toEqual(est.predict(test.X));
      if (est.tags().proba) expect(loaded.predictProba!(test.X).data).toEqual(est.predictProba!(test.X).data);
      await expectSweepError(() => loaded.predict(firstColumns(test.X, 2)), 'SWEEP_ESTIMATOR_INVALID_INPUT', /features/);
    });

    it('the same random_state gives identical model bytes', async () => {
      const seeded: Params = 'random_state' in defaults ? { random_state: 7 } : {};
      if (!('random_state' in defaults)) expect(impl.tags.deterministic).toBe(true);
      const a = await make(seeded).fit(strings.X, strings.y);
      const b = await make(seeded).fit(strings.X, strings.y);
      expect(JSON.stringify(b.toJSON())).toBe(JSON.stringify(a.toJSON()));
    });

    it('learns a real one-hot slice (mushroom, 200 train rows) and round-trips it', async () => {
      const mushroom = mushroomOneHot(300);
      const train = sliceRows(mushroom, 0, 200);
      const holdout = sliceRows(mushroom, 200, 300);
      const est = await make('random_state' in defaults ? { random_state: 0 } : {}).fit(train.X, train.y);
      expect(est.classes_).toEqual(['e', 'p']);
      const yhat = est.predict(holdout.X);
      expect(accuracy(holdout.y, yhat)).toBeGreaterThanOrEqual(0.8);
      const loaded = loadEstimator(JSON.parse(JSON.stringify(est.toJSON())) as ReturnType<Classifier['toJSON']>);
      expect(loaded.predict(holdout.X)).toEqual(yhat);
    });
  });
}
