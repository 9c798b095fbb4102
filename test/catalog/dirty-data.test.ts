/**
 * Dirty data never turns into a silent wrong answer (issue 12): column types by majority, odd
 * tokens read as missing and said in `Table.notes`, `strict`, infinities, decimal commas,
 * delimiter sniffing, encodings, invalid UTF-8 and binary files. Each case failed on the main
 * of 2026-12-02 (one `oops` one-hot encoded a whole numeric column, and so on).
 */
import { describe, expect, it } from 'vitest';
import type { DatasetEntry } from '../../src/catalog/index.js';
import { parseCsvTable } from '../../src/catalog/types/csv.js';
import { arffType } from '../../src/catalog/types/arff.js';
import { libsvmType } from '../../src/catalog/types/libsvm.js';
import type { Table } from '../../src/core/index.js';
import { tableValues } from './helpers.js';

const entry = (options: DatasetEntry['options'] = {}): DatasetEntry => ({ name: 'dirty', type: 'csv', path: 'memory://dirty.csv', options });
const csv = (text: string | Buffer, options: DatasetEntry['options'] = {}): Table =>
  parseCsvTable(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, entry(options));

function rejection(run: () => unknown): Error & { code?: string } {
  try {
    run();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a rejection');
}

/** A numeric column of `n` rows with `bad` spliced in at `at`. */
function numericWith(bad: string, at: number, n = 40): string {
  const rows = Array.from({ length: n }, (_, i) => `${(i * 0.25).toFixed(2)},${i % 2 === 0 ? 'a' : 'b'}`);
  rows[at] = `${bad},${at % 2 === 0 ? 'a' : 'b'}`;
  return `x,label\n${rows.join('\n')}\n`;
}

describe('column types by majority', () => {
  it.each([
    ['a word', 'oops'],
    ['an unparseable number', '1.2.3'],
  ])('a numeric column with %s stays numeric; the token is missing and noted with its count and example', (_what, bad) => {
    for (const at of [0, 17, 39]) {
      const table = csv(numericWith(bad, at));
      const x = table.columns[0]!;
      expect(x.kind).toBe('numeric');
      expect(x.kind === 'numeric' && Number.isNaN(x.values[at]!)).toBe(true);
      expect(x.kind === 'numeric' && x.values[at === 0 ? 1 : 0]).toBe(at === 0 ? 0.25 : 0);
      expect(table.notes).toEqual([{ kind: 'unparsed', column: 'x', count: 1, examples: [bad], message: `column 'x': 1 value is not a number ('${bad}'); read as missing` }]);
    }
  });

  it('counts every unparseable token and keeps the first five distinct ones as examples', () => {
    const rows = Array.from({ length: 30 }, (_, i) => (i % 5 === 4 ? `bad${i % 7}` : String(i)));
    const table = csv(`x\n${rows.join('\n')}\n`);
    expect(table.columns[0]!.kind).toBe('numeric');
    expect(table.notes![0]).toMatchObject({ kind: 'unparsed', count: 6, examples: ['bad4', 'bad2', 'bad0', 'bad5', 'bad3'] });
  });

  it('a column of mostly words stays categorical with every value as written (numbers included)', () => {
    expect(tableValues(csv('c\nred\n3\nblue\nred\n'))).toEqual({ c: { kind: 'categorical', values: ['red', '3', 'blue', 'red'] } });
  });

  it('a column whose first values are words but most are numbers is numeric', () => {
    const table = csv('x\nunknown\nunknown\n1\n2\n3\n4\n5\n');
    expect(tableValues(table)).toEqual({ x: { kind: 'numeric', values: [NaN, NaN, 1, 2, 3, 4, 5] } });
    expect(table.notes).toMatchObject([{ kind: 'unparsed', count: 2, examples: ['unknown'] }]);
  });

  it('the same tables from the fast path and csv-parse (quoted file)', () => {
    const text = numericWith('oops', 5);
    const quoted = text.replace('label', '"label"');
    expect(tableValues(csv(quoted))).toEqual(tableValues(csv(text)));
    expect(csv(quoted).notes).toEqual(csv(text).notes);
  });

  it('`strict: true` makes an unparseable token an error naming its line and column', () => {
    const error = rejection(() => csv(numericWith('oops', 17), { strict: true }));
    expect(error).toMatchObject({ code: 'SWEEP_DATASET_INVALID' });
    expect(error.message).toMatch(/line 19: column 'x': 'oops' is not a number \(strict: true\)/);
  });

  it('`categorical:` still forces a numeric-looking column to categories, with no note', () => {
    const table = csv(numericWith('oops', 3), { categorical: ['x'] });
    expect(table.columns[0]!.kind).toBe('categorical');
    expect(table.notes).toBeUndefined();
  });
});

describe('infinite values', () => {
  it.each(['inf', '-inf', 'Infinity', '-Infinity', 'INF', '1e309', '-1e400'])('%s keeps the column numeric and is read as missing, with a note', (token) => {
    const table = csv(numericWith(token, 9));
    const x = table.columns[0]!;
    expect(x.kind).toBe('numeric');
    expect(x.kind === 'numeric' && Array.from(x.values).filter((v) => Number.isNaN(v))).toHaveLength(1);
    expect(x.kind === 'numeric' && Array.from(x.values).every((v) => Number.isNaN(v) || Number.isFinite(v))).toBe(true);
    expect(table.notes).toEqual([{ kind: 'infinite', column: 'x', count: 1, examples: [token], message: `column 'x': 1 value is infinite ('${token}'); read as missing` }]);
  });

  it('NaN and inf mixed: numeric, both missing, the infinity noted', () => {
    const table = csv('x\n1\nNaN\ninf\n2\n');
    expect(tableValues(table)).toEqual({ x: { kind: 'numeric', values: [1, NaN, NaN, 2] } });
    expect(table.notes).toMatchObject([{ kind: 'infinite', count: 1 }]);
  });

  it('under `strict: true` an infinity is an error', () => {
    expect(rejection(() => csv('x\n1\ninf\n', { strict: true })).message).toMatch(/line 3: column 'x': 'inf' is infinite/);
  });

  it('1e308 is a finite number and stays as it is', () => {
    expect(tableValues(csv('x\n1e308\n-1e308\n'))).toEqual({ x: { kind: 'numeric', values: [1e308, -1e308] } });
  });
});

describe('decimal commas and delimiters', () => {
  const semicolons = 'a;b;label\n1,5;2,25;x\n-0,5;3;y\n10;7,125;x\n';

  it("`decimal: ','` reads 1,5 as 1.5", () => {
    expect(tableValues(csv(semicolons, { delimiter: ';', decimal: ',' }))).toEqual({
      a: { kind: 'numeric', values: [1.5, -0.5, 10] },
      b: { kind: 'numeric', values: [2.25, 3, 7.125] },
      label: { kind: 'categorical', values: ['x', 'y', 'x'] },
    });
  });

  it("sniffs `decimal: ','` when the delimiter is ';' and numbers are written with commas, and says so", () => {
    const table = csv(semicolons, { delimiter: ';' });
    expect(tableValues(table)['a']).toEqual({ kind: 'numeric', values: [1.5, -0.5, 10] });
    expect(table.notes).toMatchObject([{ kind: 'sniffed', message: expect.stringMatching(/decimal: ','/) }]);
  });

  it('sniffs the delimiter (and then the decimal comma) when none is set and the header has one column', () => {
    const table = csv(semicolons);
    expect(table.columns.map((c) => c.name)).toEqual(['a', 'b', 'label']);
    expect(tableValues(table)['b']).toEqual({ kind: 'numeric', values: [2.25, 3, 7.125] });
    expect(table.notes!.map((n) => n.message)).toEqual([expect.stringMatching(/the delimiter was not set.*";"/), expect.stringMatching(/decimal: ','/)]);
    expect(csv('a\tb\n1\t2\n').columns.map((c) => c.name)).toEqual(['a', 'b']);
  });

  it('never sniffs over an explicit delimiter, nor a one-column file', () => {
    expect(csv('a;b\n1;2\n', { delimiter: ',' }).columns.map((c) => c.name)).toEqual(['a;b']);
    expect(csv('label\nx\ny\n').notes).toBeUndefined();
  });

  it("refuses `decimal: ','` with a ',' delimiter, and an unknown decimal mark", () => {
    expect(rejection(() => csv('a\n1\n', { decimal: ',' })).message).toMatch(/option 'decimal' is ',' but so is the delimiter/);
    expect(rejection(() => csv('a\n1\n', { decimal: '_' })).message).toMatch(/option 'decimal' must be '.' or ','/);
  });
});

describe('encodings and binary files', () => {
  const latin1 = Buffer.from('city,label\nZ\u00fcrich,a\nM\u00fcnchen,b\n', 'latin1');

  it('invalid UTF-8 is an error naming the line and suggesting `encoding:`', () => {
    const error = rejection(() => csv(latin1));
    expect(error).toMatchObject({ code: 'SWEEP_DATASET_INVALID' });
    expect(error.message).toMatch(/line 2: the file is not valid UTF-8/);
    expect((error as unknown as { hint: string }).hint).toMatch(/encoding:.*latin1/);
  });

  it('`encoding: latin1` reads the same text as the UTF-8 file', () => {
    expect(tableValues(csv(latin1, { encoding: 'latin1' }))).toEqual(tableValues(csv(latin1.toString('latin1'))));
    expect(tableValues(csv(latin1, { encoding: 'latin1' }))['city']).toEqual({ kind: 'categorical', values: ['Zürich', 'München'] });
  });

  it('`encoding: utf-16le` reads a UTF-16 file with a BOM; without it the file is "not a text file" with a hint', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,label\n1,x\n', 'utf16le')]);
    expect(tableValues(csv(utf16, { encoding: 'utf-16le' }))).toEqual({ a: { kind: 'numeric', values: [1] }, label: { kind: 'categorical', values: ['x'] } });
    const error = rejection(() => csv(utf16));
    expect(error.message).toMatch(/not a text file/);
    expect((error as unknown as { hint: string }).hint).toMatch(/utf-16le/);
  });

  it('an unknown encoding is named', () => {
    expect(rejection(() => csv('a\n1\n', { encoding: 'klingon' })).message).toMatch(/unknown encoding 'klingon'/);
  });

  it('a binary file is "not a text file" for csv, arff and libsvm alike', async () => {
    const binary = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x0a, 0x41, 0x2c, 0x42, 0x0a]);
    expect(rejection(() => csv(binary)).message).toMatch(/not a text file \(a NUL byte at offset 7\)/);
    const ctx = { read: async () => Buffer.alloc(0) };
    await expect(Promise.resolve().then(() => arffType.load(binary, { ...entry(), type: 'arff' }, ctx))).rejects.toThrow(/not a text file/);
    await expect(Promise.resolve().then(() => libsvmType.load(binary, { ...entry(), type: 'libsvm' }, ctx))).rejects.toThrow(/not a text file/);
  });
});
