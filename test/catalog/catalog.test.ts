/** The Catalog itself: entries, error wrapping, gzip, memory datasets, atomic file saves, http. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog, schemeOf, type DatasetEntry } from '../../src/catalog/index.js';
import { DatasetError, SweepError, type Table } from '../../src/core/index.js';
import { tableValues } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'sweep-catalog-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function rejection(promise: Promise<unknown>): Promise<SweepError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SweepError)) throw new Error(`expected a SweepError, got ${String(error)}`);
  return error;
}

describe('entries', () => {
  const entries: DatasetEntry[] = [
    { name: 'adult', type: 'csv', path: 'datasets/adult.csv.gz', options: { header: true } },
    { name: 'adult::model', type: 'model', path: 'memory://adult/model.json' },
  ];

  it('keeps entries in order and hands out copies', () => {
    const catalog = new Catalog(entries);
    expect(catalog.names()).toEqual(['adult', 'adult::model']);
    expect(catalog.has('adult')).toBe(true);
    expect(catalog.has('mushroom')).toBe(false);
    const copy = catalog.entry('adult');
    expect(copy).toEqual(entries[0]);
    copy.options!.header = false;
    expect(catalog.entry('adult').options).toEqual({ header: true });
  });

  it('refuses a second entry with the same name', () => {
    expect(() => new Catalog([...entries, entries[0]!])).toThrow(/dataset 'adult' is already in the catalog/);
  });

  it('suggests the closest name for an unknown dataset', () => {
    expect(() => new Catalog(entries).entry('adlut')).toThrow(/unknown dataset 'adlut'; did you mean 'adult'\?/);
  });

  it("names the dataset in the registry's did-you-mean error for an unknown type or scheme", () => {
    const badType = (): Catalog => new Catalog([{ name: 'adult', type: 'cvs', path: 'a.csv' }]);
    expect(badType).toThrow(SweepError);
    expect(badType).toThrow(/dataset 'adult' \(cvs, a\.csv\): unknown dataset type 'cvs'; did you mean 'csv'\?/);
    try {
      new Catalog([{ name: 'remote', type: 'csv', path: 'gs://bucket/a.csv' }]);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'SWEEP_UNKNOWN_NAME', hint: expect.stringContaining('file, http, https, memory, s3') });
      expect((error as Error).message).toMatch(/dataset 'remote' \(csv, gs:\/\/bucket\/a\.csv\): unknown storage driver 'gs'/);
    }
  });

  it('rejects malformed entries', () => {
    expect(() => new Catalog([{ name: '', type: 'csv', path: 'a' }])).toThrow(/`name` must be a non-empty string/);
    expect(() => new Catalog([{ name: 'a', type: 'csv', path: 'a', options: [] as never }])).toThrow(/`options` must be an object/);
  });

  it('picks the storage driver by URL scheme; plain and drive-letter paths are files', () => {
    expect(['data/a.csv', '/abs/a.csv', 'C:\\data\\a.csv', 'file:///x', 'HTTPS://h/x', 'memory://k'].map(schemeOf)).toEqual([
      'file',
      'file',
      'file',
      'file',
      'https',
      'memory',
    ]);
  });
});

describe('load and save errors are DatasetErrors naming dataset, type and path', () => {
  it('a missing file is SWEEP_DATASET_NOT_FOUND with the path hint', async () => {
    const path = join(root, 'nope', 'adult.csv');
    const error = await rejection(new Catalog([{ name: 'adult', type: 'csv', path }]).load('adult'));
    expect(error).toBeInstanceOf(DatasetError);
    expect(error.code).toBe('SWEEP_DATASET_NOT_FOUND');
    expect(error.message).toContain(`dataset 'adult' (csv, ${path}): no such file: ${path}`);
    expect(error.hint).toBe('check `path` in the config; relative paths resolve against the project root');
    expect(error.details).toMatchObject({ dataset: 'adult', type: 'csv', path });
  });

  it('bytes that do not parse are SWEEP_DATASET_INVALID', async () => {
    const path = join(root, 'broken.json');
    writeFileSync(path, '{"a": ');
    const error = await rejection(new Catalog([{ name: 'cfg', type: 'json', path }]).load('cfg'));
    expect(error).toMatchObject({ name: 'DatasetError', code: 'SWEEP_DATASET_INVALID' });
    expect(error.message).toMatch(new RegExp(`^dataset 'cfg' \\(json, ${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\): not valid JSON`));
  });

  it('reading a folder is SWEEP_DATASET_IO', async () => {
    const error = await rejection(new Catalog([{ name: 'dir', type: 'text', path: root }]).load('dir'));
    expect(error).toMatchObject({ name: 'DatasetError', code: 'SWEEP_DATASET_IO' });
    expect(error.message).toContain('is a folder');
  });

  it('saving to a read-only type says so', async () => {
    const error = await rejection(new Catalog([{ name: 'mnist', type: 'idx', path: join(root, 'x.idx') }]).save('mnist', { nRows: 0, columns: [] }));
    expect(error.message).toMatch(/dataset 'mnist' \(idx, .*\): the idx dataset type is read-only/);
  });

  it('a value the type cannot hold is refused before anything is written', async () => {
    const path = join(root, 'kept.json');
    const catalog = new Catalog([{ name: 'kept', type: 'json', path }]);
    await catalog.save('kept', { ok: true });
    const error = await rejection(catalog.save('kept', { bad: NaN }));
    expect(error.message).toContain('$.bad: NaN is not a JSON number');
    expect(await catalog.load('kept')).toEqual({ ok: true });
  });
});

describe('file storage through the catalog', () => {
  it('creates parent folders, writes atomically (no temp files left), and gzips .gz paths', async () => {
    const dir = join(root, 'out', 'adult', 'knn');
    const catalog = new Catalog([
      { name: 'metrics', type: 'json', path: join(dir, 'metrics.json') },
      { name: 'log', type: 'text', path: join(dir, 'log.txt.gz') },
    ]);
    expect(await catalog.exists('metrics')).toBe(false);
    await catalog.save('metrics', { accuracy: 0.85, folds: [1, 2] });
    await catalog.save('metrics', { accuracy: 0.9 });
    await catalog.save('log', 'fit\npredict\n');
    expect(await catalog.exists('metrics')).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['log.txt.gz', 'metrics.json']);
    expect(readFileSync(join(dir, 'metrics.json'), 'utf8')).toBe('{\n  "accuracy": 0.9\n}\n');
    expect(readFileSync(join(dir, 'log.txt.gz')).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(await catalog.load('log')).toBe('fit\npredict\n');
  });

  it('a failed rename leaves the old state and no temp file', async () => {
    const dir = join(root, 'clash');
    mkdirSync(join(dir, 'target.txt'), { recursive: true }); // a folder where the file should go
    const error = await rejection(new Catalog([{ name: 't', type: 'text', path: join(dir, 'target.txt') }]).save('t', 'x'));
    expect(error).toMatchObject({ code: 'SWEEP_DATASET_IO' });
    expect(readdirSync(dir)).toEqual(['target.txt']);
  });

  it('reads gzip by its magic bytes, whatever the file is called', async () => {
    const path = join(root, 'sneaky.csv');
    writeFileSync(path, gzipSync('a,b\n1,x\n'));
    const table = await new Catalog([{ name: 's', type: 'csv', path }]).load<Table>('s');
    expect(tableValues(table)).toEqual({ a: { kind: 'numeric', values: [1] }, b: { kind: 'categorical', values: ['x'] } });
  });
});

describe('memory datasets', () => {
  it('loading a never-saved memory dataset fails clearly', async () => {
    const catalog = new Catalog([{ name: 'adult::fold0', type: 'memory', path: 'memory://adult/fold0' }]);
    const error = await rejection(catalog.load('adult::fold0'));
    expect(error).toMatchObject({ name: 'DatasetError', code: 'SWEEP_DATASET_NOT_FOUND' });
    expect(error.message).toContain("dataset 'adult::fold0' (memory, memory://adult/fold0): this memory dataset has not been saved yet");
  });

  it('each catalog instance holds its own live values', async () => {
    const entry: DatasetEntry = { name: 'x', type: 'memory', path: 'memory://x' };
    const a = new Catalog([entry]);
    const b = new Catalog([entry]);
    await a.save('x', 1);
    await b.save('x', 2);
    expect([await a.load('x'), await b.load('x')]).toEqual([1, 2]);
  });
});

describe('http storage through the catalog (a real server on 127.0.0.1)', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/adult.csv.gz') res.writeHead(200).end(gzipSync('age,income\n39,<=50K\n50,>50K\n'));
      else if (req.url === '/boom') res.writeHead(500).end('oops');
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    base = `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('loads a gzipped CSV over HTTP', async () => {
    const catalog = new Catalog([{ name: 'adult', type: 'csv', path: `${base}/adult.csv.gz` }]);
    expect(await catalog.exists('adult')).toBe(true);
    expect(tableValues(await catalog.load<Table>('adult'))).toEqual({
      age: { kind: 'numeric', values: [39, 50] },
      income: { kind: 'categorical', values: ['<=50K', '>50K'] },
    });
  });

  it('404 is not found, 500 is an I/O error with the status, writing is refused', async () => {
    const catalog = new Catalog([
      { name: 'missing', type: 'csv', path: `${base}/missing.csv` },
      { name: 'boom', type: 'text', path: `${base}/boom` },
    ]);
    expect(await catalog.exists('missing')).toBe(false);
    expect(await rejection(catalog.load('missing'))).toMatchObject({ code: 'SWEEP_DATASET_NOT_FOUND', message: expect.stringContaining('HTTP 404') });
    const boom = await rejection(catalog.load('boom'));
    expect(boom).toMatchObject({ code: 'SWEEP_DATASET_IO', details: { status: 500 } });
    expect(boom.message).toContain('HTTP 500');
    const write = await rejection(catalog.save('boom', 'x'));
    expect(write).toMatchObject({ code: 'SWEEP_DATASET_IO' });
    expect(write.message).toMatch(/dataset 'boom' \(text, http:.*\): cannot save: cannot write http:.* the http storage driver is read-only/);
    expect(existsSync(join(root, 'boom'))).toBe(false);
  });
});
