/**
 * Parity with scikit-learn 1.2: every piece and the combined `TablePreprocessor` against outputs
 * stored by test/fixtures/make/preprocessing_reference.py (adult and mushroom slices with missing
 * values, unseen categories and an extreme value in the transformed rows), to a relative 1e-12.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { takeTableRows, type JsonObject, type Table } from '../../src/core/index.js';
import {
  MinMaxScaler,
  OneHotEncoder,
  OrdinalEncoder,
  type PreprocessingConfig,
  SimpleImputer,
  type SimpleImputerParams,
  StandardScaler,
  TablePreprocessor,
  type CategoricalEncoderParams,
} from '../../src/preprocessing/index.js';
import { expectMatrixClose, expectValuesClose, matrixOf, type PlainColumn, tableOf } from './helpers.js';

interface Case {
  name: string;
  dataset: string;
  columns: string[];
  ours: { piece: string; params?: JsonObject; impute?: string; config?: Partial<PreprocessingConfig> };
  feature_names: string[];
  learned: { [key: string]: Array<number | null> | string[][] };
  train: Array<Array<number | null>>;
  test: Array<Array<number | null>>;
}
interface Fixture {
  _source: string;
  n_train: number;
  datasets: Record<string, PlainColumn[]>;
  cases: Case[];
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/preprocessing/reference.json', import.meta.url), 'utf8')) as Fixture;
const nTrain = fixture.n_train;

/** The case's columns of its dataset, split into the fitted rows and the rest. */
function parts(c: Case): { plain: PlainColumn[]; train: Table; test: Table } {
  const plain = c.columns.map((name) => fixture.datasets[c.dataset]!.find((col) => col.name === name)!);
  const table = tableOf(plain);
  const rows = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, k) => from + k);
  return { plain, train: takeTableRows(table, rows(0, nTrain)), test: takeTableRows(table, rows(nTrain, table.nRows)) };
}

function numericParts(c: Case) {
  const { plain } = parts(c);
  const slice = (from: number, to?: number) => plain.map((col) => ({ values: col.values.slice(from, to) as Array<number | null> }));
  return { train: matrixOf(slice(0, nTrain)), test: matrixOf(slice(nTrain)) };
}

describe('preprocessing matches scikit-learn', () => {
  it('fixture states its source', () => {
    expect(fixture._source).toMatch(/preprocessing_reference\.py with scikit-learn 1\.2/);
    expect(fixture.cases.length).toBeGreaterThanOrEqual(15);
  });

  for (const c of fixture.cases) {
    it(c.name, () => {
      const { piece } = c.ours;
      if (piece === 'one-hot-encoder' || piece === 'ordinal-encoder') {
        const { train, test } = parts(c);
        const params = c.ours.params as Partial<CategoricalEncoderParams>;
        const enc = piece === 'one-hot-encoder' ? new OneHotEncoder(params) : new OrdinalEncoder(params);
        enc.fit(train);
        expect(enc.categories_).toEqual(c.learned['categories']);
        expect(enc.getFeatureNamesOut()).toEqual(c.feature_names);
        expectMatrixClose(enc.transform(train), c.train, 'train');
        expectMatrixClose(enc.transform(test), c.test, 'test');
        const restored = piece === 'one-hot-encoder' ? OneHotEncoder.fromJSON(enc.toJSON()) : OrdinalEncoder.fromJSON(enc.toJSON());
        expectMatrixClose(restored.transform(test), c.test, 'restored test');
      } else if (piece === 'simple-imputer') {
        const { train, test } = numericParts(c);
        const imp = new SimpleImputer(c.ours.params as Partial<SimpleImputerParams>).fit(train);
        expectValuesClose(imp.statistics_!, c.learned['statistics'] as Array<number | null>, 'statistics_');
        expectMatrixClose(imp.transform(train), c.train, 'train');
        expectMatrixClose(imp.transform(test), c.test, 'test');
      } else if (piece === 'standard-scaler' || piece === 'min-max-scaler') {
        const { train, test } = numericParts(c);
        const impute = c.ours.impute as 'mean' | 'median' | 'none';
        const imp = new SimpleImputer({ strategy: impute }).fit(train);
        const scaler = piece === 'standard-scaler' ? new StandardScaler() : new MinMaxScaler();
        scaler.fit(imp.transform(train));
        const learned = scaler instanceof StandardScaler ? { mean: scaler.mean_, var: scaler.var_, scale: scaler.scale_ } : { data_min: scaler.dataMin_, data_max: scaler.dataMax_, scale: scaler.scale_, min: scaler.min_ };
        for (const [key, values] of Object.entries(learned)) expectValuesClose(values!, c.learned[key] as Array<number | null>, key);
        expectMatrixClose(scaler.transform(imp.transform(train)), c.train, 'train');
        expectMatrixClose(scaler.transform(imp.transform(test)), c.test, 'test');
        // The same through TablePreprocessor's fused impute-then-scale path.
        const { train: tTrain, test: tTest } = parts(c);
        const pre = new TablePreprocessor({ impute_numeric: impute, scale: piece === 'standard-scaler' ? 'standard' : 'minmax' }).fit(tTrain);
        expectMatrixClose(pre.transform(tTrain), c.train, 'table train');
        expectMatrixClose(pre.transform(tTest), c.test, 'table test');
      } else {
        expect(piece).toBe('table-preprocessor');
        const { train, test } = parts(c);
        const pre = new TablePreprocessor(c.ours.config).fit(train);
        expect(pre.featureNames_).toEqual(c.feature_names);
        expectMatrixClose(pre.transform(train), c.train, 'train');
        expectMatrixClose(pre.transform(test), c.test, 'test');
        const restored = TablePreprocessor.fromJSON(JSON.parse(JSON.stringify(pre.toJSON())) as JsonObject);
        expectMatrixClose(restored.transform(test), c.test, 'restored test');
      }
    });
  }
});
