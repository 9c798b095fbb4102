/** The table, idx, json, model and text dataset types, beyond what the contract checks. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Catalog, decodeTable, encodeTable, type DatasetEntry } from '../../src/catalog/index.js';
import type { Table } from '../../src/core/index.js';
import { categorical, column, columnValues } from './helpers.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/catalog/${name}`, import.meta.url));
const entry = (type: string, options?: DatasetEntry['options']): DatasetEntry => ({ name: 'd', type, path: 'memory://d', ...(options ? { options } : {}) });

describe('table: binary columnar', () => {
  const table: Table = {
    nRows: 3,
    columns: [
      { name: 'f64', kind: 'numeric', values: Float64Array.from([1.5, NaN, -0]) },
      { name: 'f32', kind: 'numeric', values: Float32Array.from([0.1, Infinity, -2]) },
      { name: 'u8', kind: 'numeric', values: Uint8Array.from([0, 128, 255]) },
      { name: 'i32', kind: 'numeric', values: Int32Array.from([-2147483648, 0, 2147483647]) },
      { ...categorical('cat', ['b', null, 'a']), categories: ['a', 'b', 'unused'] } as Table['columns'][number],
    ],
  };

  it('round-trips every dtype exactly: same array class, same bits, same categories', () => {
    const bytes = encodeTable(table);
    // Decode from an odd offset, as a Buffer slice out of a pool would be.
    const shifted = Buffer.concat([Buffer.from([7]), bytes]).subarray(1);
    const back = decodeTable(shifted, entry('table'));
    expect(back.nRows).toBe(3);
    back.columns.forEach((col, j) => {
      const orig = table.columns[j]!;
      expect(col.name).toBe(orig.name);
      expect(col.kind).toBe(orig.kind);
      if (col.kind === 'numeric' && orig.kind === 'numeric') {
        expect(col.values.constructor).toBe(orig.values.constructor);
        expect(Buffer.from(col.values.buffer, col.values.byteOffset, col.values.byteLength)).toEqual(
          Buffer.from(orig.values.buffer, orig.values.byteOffset, orig.values.byteLength),
        );
      } else if (col.kind === 'categorical' && orig.kind === 'categorical') {
        expect(col.categories).toEqual(['a', 'b', 'unused']);
        expect(Array.from(col.codes)).toEqual(Array.from(orig.codes));
      }
    });
    expect(Object.is((column(back, 'f64') as { values: Float64Array }).values[2], -0)).toBe(true);
  });

  it('stores the columns compactly (raw bytes plus a small header)', () => {
    const big: Table = { nRows: 10_000, columns: [{ name: 'x', kind: 'numeric', values: new Float64Array(10_000) }] };
    expect(encodeTable(big).length).toBeLessThan(10_000 * 8 + 200);
  });

  it('rejects corrupt or cut-off files, and non-tables on save', async () => {
    const bytes = encodeTable(table);
    expect(() => decodeTable(Buffer.from('PK\x03\x04 not a table'), entry('table'))).toThrow(/not a sweep table file: it does not start with 'SWTB'/);
    expect(() => decodeTable(bytes.subarray(0, bytes.length - 8), entry('table'))).toThrow(/column 'cat' is cut off/);
    const catalog = new Catalog([{ name: 'prepared', type: 'table', path: 'memory://formats/prepared.table' }]);
    await expect(catalog.save('prepared', { nRows: 2, columns: [{ name: 'x', kind: 'numeric', values: [1, 2] }] })).rejects.toThrow(
      /dataset 'prepared' \(table, memory:\/\/formats\/prepared\.table\): cannot save: column 'x': values must be a Float64Array/,
    );
    await expect(
      catalog.save('prepared', { nRows: 1, columns: [{ name: 'c', kind: 'categorical', codes: Int32Array.from([3]), categories: ['a'] }] }),
    ).rejects.toThrow(/code 3 is outside its 1 categories/);
  });
});

describe('idx', () => {
  const idxEntry = (path: string, labels?: string): DatasetEntry => ({
    name: 'fashion',
    type: 'idx',
    path,
    ...(labels === undefined ? {} : { options: { labels_path: labels } }),
  });

  it('loads the Fashion-MNIST slice: 784 Uint8 pixel columns plus the labels from labels_path', async () => {
    const catalog = new Catalog([idxEntry(fixture('fashion-t10k-20-images-idx3-ubyte.gz'), fixture('fashion-t10k-20-labels-idx1-ubyte'))]);
    const table = await catalog.load<Table>('fashion');
    const raw = gunzipSync(readFileSync(fixture('fashion-t10k-20-images-idx3-ubyte.gz')));
    const labels = readFileSync(fixture('fashion-t10k-20-labels-idx1-ubyte'));
    expect(table.nRows).toBe(20);
    expect(table.columns).toHaveLength(785);
    expect(table.columns.map((c) => c.name).slice(0, 3)).toEqual(['pixel0', 'pixel1', 'pixel2']);
    expect(table.columns[783]!.name).toBe('pixel783');
    const label = column(table, 'label');
    expect(label.kind === 'numeric' && label.values).toBeInstanceOf(Uint8Array);
    expect(columnValues(label)).toEqual(Array.from(labels.subarray(8)));
    // Image i, pixel j is byte 16 + i·784 + j of the file.
    for (const [i, j] of [[0, 0], [3, 400], [19, 783], [7, 350]] as const) {
      const col = table.columns[j]!;
      expect(col.kind === 'numeric' && col.values[i]).toBe(raw[16 + i * 784 + j]);
      expect(col.kind === 'numeric' && col.values).toBeInstanceOf(Uint8Array);
    }
  });

  const bytes = (header: number[], body: number[]): Buffer => Buffer.from([...header, ...body]);
  const images2x2x2 = bytes([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 1], [1, 2, 3, 4]);

  it.each<[string, Buffer, Buffer, RegExp]>([
    ['a bad magic number in the images', bytes([0x50, 0x4b, 3, 4], []), bytes([0, 0, 8, 1, 0, 0, 0, 2], [0, 1]), /images\.idx: bad magic number 0x504b0304/],
    ['cut-off image data', images2x2x2.subarray(0, 18), bytes([0, 0, 8, 1, 0, 0, 0, 2], [0, 1]), /images\.idx: size mismatch: shape 2×2×1 needs 20 bytes, the file has 18/],
    ['a label count that differs from the image count', images2x2x2, bytes([0, 0, 8, 1, 0, 0, 0, 3], [0, 1, 2]), /labels\.idx: 3 labels for 2 images/],
    ['an unknown data type in the labels', images2x2x2, bytes([0, 0, 0x42, 1, 0, 0, 0, 2], [0, 1]), /labels\.idx: unknown IDX data type 0x42/],
  ])('names the file on %s', async (_what, images, labels, message) => {
    const catalog = new Catalog([idxEntry('memory://idx/images.idx', 'memory://idx/labels.idx')]);
    const { storageDrivers } = await import('../../src/catalog/index.js');
    await storageDrivers.get('memory').write('memory://idx/images.idx', images);
    await storageDrivers.get('memory').write('memory://idx/labels.idx', labels);
    await expect(catalog.load('fashion')).rejects.toMatchObject({ code: 'SWEEP_DATASET_INVALID', message: expect.stringMatching(message) });
  });

  it('reports a missing labels file as not found, naming the companion file', async () => {
    const catalog = new Catalog([idxEntry(fixture('fashion-t10k-20-images-idx3-ubyte.gz'), fixture('no-such-labels'))]);
    await expect(catalog.load('fashion')).rejects.toMatchObject({ code: 'SWEEP_DATASET_NOT_FOUND', message: expect.stringContaining('companion file') });
  });

  const t10k = '/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz';
  const reason = existsSync(t10k) ? '' : ` (SKIPPED: ${t10k} is absent; install dataset-fashion-mnist)`;
  it.skipIf(!existsSync(t10k))(`loads the full Fashion-MNIST t10k set${reason}`, async () => {
    const catalog = new Catalog([idxEntry(t10k, '/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz')]);
    const table = await catalog.load<Table>('fashion');
    expect(table.nRows).toBe(10_000);
    expect(table.columns).toHaveLength(785);
    const label = column(table, 'label');
    const counts = new Array<number>(10).fill(0);
    for (const v of columnValues(label)) counts[v as number]!++;
    expect(counts).toEqual(new Array(10).fill(1000)); // Fashion-MNIST's test set is balanced
    const slice = await new Catalog([idxEntry(fixture('fashion-t10k-20-images-idx3-ubyte.gz'))]).load<Table>('fashion');
    for (let j = 0; j < 784; j += 97) expect(columnValues(table.columns[j]!).slice(0, 20)).toEqual(columnValues(slice.columns[j]!));
  });
});

describe('json, model and text', () => {
  it('json saves with a 2-space indent and a final newline, and refuses what JSON cannot hold', async () => {
    const catalog = new Catalog([{ name: 'j', type: 'json', path: 'memory://formats/j.json' }]);
    await catalog.save('j', { a: [1, { b: null }] });
    const { storageDrivers } = await import('../../src/catalog/index.js');
    expect((await storageDrivers.get('memory').read('memory://formats/j.json')).toString()).toBe('{\n  "a": [\n    1,\n    {\n      "b": null\n    }\n  ]\n}\n');
    await expect(catalog.save('j', { x: new Float64Array(1) })).rejects.toThrow(/\$\.x: a Float64Array is not plain JSON/);
    await expect(catalog.save('j', [undefined])).rejects.toThrow(/\$\[0\]: undefined is not JSON/);
  });

  it('model checks the serialized-estimator shape on save and load', async () => {
    const catalog = new Catalog([
      { name: 'm', type: 'model', path: 'memory://formats/m.json' },
      { name: 'asJson', type: 'json', path: 'memory://formats/m.json' },
    ]);
    const model = { algorithm: 'decision-tree', engine: 'native', params: { max_depth: 3 }, state: { tree_: [] } };
    await catalog.save('m', model);
    expect(await catalog.load('m')).toEqual(model);
    await catalog.save('asJson', { algorithm: 'knn', params: [] });
    const error = await catalog.load('m').catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ code: 'SWEEP_DATASET_INVALID' });
    expect((error as Error).message).toMatch(/not a serialized estimator: `engine` must be a non-empty string; `params` must be an object; `state` must be an object/);
  });

  it('text is utf-8 and only takes strings', async () => {
    const catalog = new Catalog([{ name: 't', type: 'text', path: 'memory://formats/t.txt' }]);
    await catalog.save('t', 'ünïcødé ✓');
    expect(await catalog.load('t')).toBe('ünïcødé ✓');
    await expect(catalog.save('t', 42)).rejects.toThrow(/cannot save a number as text/);
  });
});
