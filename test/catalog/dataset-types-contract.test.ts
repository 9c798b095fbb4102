/**
 * The dataset-type contract, run for every entry of `datasetTypes`: each writable type must
 * round-trip at least one of the sample values through save → load (plain and `.gz`), and must
 * refuse, rather than corrupt, the samples it cannot hold. Read-only types must refuse saves.
 */
import { describe, expect, it } from 'vitest';
import { Catalog, datasetTypes, isGzip, type DatasetType } from '../../src/catalog/index.js';
import { storageDrivers } from '../../src/catalog/index.js';
import type { Table } from '../../src/core/index.js';
import { categorical, tableValues } from './helpers.js';

const mixedTable: Table = {
  nRows: 4,
  columns: [
    { name: 'age', kind: 'numeric', values: Float64Array.from([39, 50.5, NaN, -3e-7]) },
    { name: 'pixels', kind: 'numeric', values: Uint8Array.from([0, 255, 7, 128]) },
    categorical('workclass', ['State-gov', null, 'Self-emp, inc', 'say "hi"']),
    categorical('income', ['<=50K', '>50K', '<=50K', '>50K']),
  ],
};
const numericTable: Table = {
  nRows: 3,
  columns: [
    { name: 'f1', kind: 'numeric', values: Float64Array.from([0.5, 0, 2]) },
    { name: 'f2', kind: 'numeric', values: Float64Array.from([0, 1.25, 0]) },
    { name: 'label', kind: 'numeric', values: Float64Array.from([1, 0, 1]) },
  ],
};
const model = { algorithm: 'knn', engine: 'native', params: { n_neighbors: 3 }, state: { classes_: ['a', 'b'], X: [[1, 2]] } };
const samples: Array<{ what: string; value: unknown }> = [
  { what: 'a mixed Table', value: mixedTable },
  { what: 'a numeric Table', value: numericTable },
  { what: 'a serialized model', value: model },
  { what: 'a JSON array', value: [1, 'two', null, { three: [true] }] },
  { what: 'a string', value: 'héllo\nworld\n' },
];

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && 'nRows' in value && 'columns' in value;
}

/** Equality as far as the type promises: tables compare by values (dtype and category order may change). */
function expectSame(loaded: unknown, saved: unknown): void {
  if (isTable(saved)) {
    expect(isTable(loaded)).toBe(true);
    expect(tableValues(loaded as Table)).toEqual(tableValues(saved));
  } else {
    expect(loaded).toEqual(saved);
  }
}

let run = 0;
function catalogFor(type: DatasetType, suffix: string): { catalog: Catalog; path: string } {
  const path = `memory://type-contract-${run++}/data.${type.name}${suffix}`;
  return { catalog: new Catalog([{ name: 'sample', type: type.name, path }]), path };
}

for (const [name, type] of datasetTypes.entriesList()) {
  describe(`dataset type '${name}'`, () => {
    it('is registered under its own name, with a one-line summary', () => {
      expect(type.name).toBe(name);
      expect(type.summary.length).toBeGreaterThan(0);
      expect(type.summary).not.toContain('\n');
    });

    if (type.live === true) {
      it('keeps the live value in the catalog instance (same object back), not in storage', async () => {
        const catalog = new Catalog([{ name: 'sample', type: name, path: 'memory://ignored' }]);
        expect(await catalog.exists('sample')).toBe(false);
        const value = { anything: new Float64Array([1, 2]) };
        await catalog.save('sample', value);
        expect(await catalog.load('sample')).toBe(value);
        expect(await new Catalog([catalog.entry('sample')]).exists('sample')).toBe(false);
      });
      return;
    }

    if (type.save === undefined) {
      it('is read-only: saving fails with a DatasetError naming the dataset', async () => {
        const { catalog } = catalogFor(type, '');
        await expect(catalog.save('sample', mixedTable)).rejects.toMatchObject({ code: 'SWEEP_DATASET_INVALID', message: expect.stringContaining("'sample'") });
      });
      return;
    }

    for (const suffix of ['', '.gz']) {
      it(`round-trips at least one sample through save → load${suffix === '' ? '' : ' as gzip'}, and refuses the rest cleanly`, async () => {
        let roundTrips = 0;
        for (const sample of samples) {
          const { catalog, path } = catalogFor(type, suffix);
          const saved = await catalog.save('sample', sample.value).then(
            () => true,
            (error: unknown) => {
              // Refusing is fine, but it must be the catalog's clear error, not a crash.
              expect(error, sample.what).toMatchObject({ name: 'DatasetError', code: 'SWEEP_DATASET_INVALID' });
              return false;
            },
          );
          if (!saved) continue;
          const stored = await storageDrivers.get('memory').read(path);
          expect(isGzip(stored), `${sample.what} stored gzipped`).toBe(suffix === '.gz');
          expectSame(await catalog.load('sample'), sample.value);
          roundTrips++;
        }
        expect(roundTrips, `type '${name}' accepted none of the samples; add one it can hold`).toBeGreaterThan(0);
      });
    }
  });
}
