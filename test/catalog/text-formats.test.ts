/** The arff, libsvm and jsonl dataset types, checked against the same rows read as CSV. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Catalog, datasetTypes, type DatasetEntry } from '../../src/catalog/index.js';
import type { Table } from '../../src/core/index.js';
import { column, columnValues, tableValues } from './helpers.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/catalog/${name}`, import.meta.url));

async function load(type: string, path: string, options?: DatasetEntry['options']): Promise<Table> {
  return new Catalog([{ name: 'd', type, path, ...(options ? { options } : {}) }]).load<Table>('d');
}

function parse(type: string, text: string, options?: DatasetEntry['options']): Table {
  return datasetTypes.get(type).load(Buffer.from(text), { name: 'toy', type, path: `memory://toy.${type}`, ...(options ? { options } : {}) }, {
    read: () => Promise.reject(new Error('no companion files here')),
  }) as Table;
}

function parseError(type: string, text: string): Error {
  try {
    parse(type, text);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`expected the ${type} text to be rejected`);
}

describe('arff', () => {
  it('reads the mushroom slice: same values as the CSV, categories in declared order, ? missing', async () => {
    const arff = await load('arff', fixture('mushroom-slice.arff'));
    const csv = await load('csv', fixture('mushroom-slice.csv'));
    expect(tableValues(arff)).toEqual(tableValues(csv));
    const text = readFileSync(fixture('mushroom-slice.arff'), 'utf8');
    const declared = /@attribute 'cap-color' \{([^}]*)\}/.exec(text)![1]!.split(',');
    const capColor = column(arff, 'cap-color');
    expect(capColor.kind === 'categorical' && capColor.categories).toEqual(declared);
    const root = column(arff, 'stalk-root');
    expect(root.kind === 'categorical' && Array.from(root.codes).filter((c) => c === -1)).toHaveLength(40);
  });

  it('reads quoted names and values, numeric types, comments and sparse rows', () => {
    const table = parse(
      'arff',
      [
        '% weather, abridged',
        '@RELATION weather',
        "@attribute 'out look' {sunny, 'over cast', rainy}",
        '@attribute temperature REAL',
        '@attribute note string',
        '@data',
        "sunny, 85, 'hot, dry'",
        "'over cast',?,\"it's \\\"fine\\\"\"",
        '{1 64.5, 2 mild}',
        "rainy, -1e2, '?'",
      ].join('\n'),
    );
    expect(tableValues(table)).toEqual({
      'out look': { kind: 'categorical', values: ['sunny', 'over cast', 'sunny', 'rainy'] },
      temperature: { kind: 'numeric', values: [85, NaN, 64.5, -100] },
      note: { kind: 'categorical', values: ['hot, dry', 'it\'s "fine"', 'mild', '?'] },
    });
  });

  it.each([
    ['a value outside the declared ones', '@attribute a {x,y}\n@data\nz\n', /line 3: attribute 'a': 'z' is not one of its declared values \{x,y\}/],
    ['a 0 in a dense row of a nominal attribute', '@attribute a {x,y}\n@data\nx\n0\n', /line 4: attribute 'a': '0' is not one of its declared values/],
    ['a short row', '@attribute a numeric\n@attribute b numeric\n@data\n1\n', /line 4: 1 values, expected 2/],
    ['a word in a numeric attribute', '@attribute a numeric\n@data\n1\nabc\n', /line 4: attribute 'a': 'abc' is not a number/],
    ['no @data', '@attribute a numeric\n', /no @data section/],
    ['an unknown type', '@attribute a relational\n@data\n', /line 1: attribute 'a' has unsupported type 'relational'/],
  ])('names the line on %s', (_what, text, message) => {
    const error = parseError('arff', text);
    expect(error).toMatchObject({ name: 'DatasetError', code: 'SWEEP_DATASET_INVALID' });
    expect(error.message).toMatch(message);
  });

  it('saves declared categories (unused ones too) and round-trips them in order', async () => {
    const catalog = new Catalog([{ name: 'w', type: 'arff', path: 'memory://text-formats/w.arff' }]);
    const table: Table = {
      nRows: 2,
      columns: [{ name: 'level', kind: 'categorical', codes: Int32Array.from([2, -1]), categories: ['low', 'mid', "it's high"] }],
    };
    await catalog.save('w', table);
    const back = await catalog.load<Table>('w');
    expect(back.columns[0]).toEqual(table.columns[0]);
  });
});

describe('libsvm', () => {
  it("reads scikit-learn's dump of the adult numeric columns: dense f1..f6 equal to the CSV, label numeric", async () => {
    const table = await load('libsvm', fixture('adult-numeric.svmlight'));
    const csv = await load('csv', fixture('adult-head.csv.gz'));
    const numeric = ['age', 'fnlwgt', 'education_num', 'capital_gain', 'capital_loss', 'hr_per_week'];
    expect(table.columns.map((c) => c.name)).toEqual(['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'label']);
    numeric.forEach((name, j) => expect(columnValues(table.columns[j]!), name).toEqual(columnValues(column(csv, name))));
    expect(columnValues(column(table, 'label'))).toEqual(columnValues(column(csv, 'income')).map((v) => (v === '>50K' ? 1 : 0)));
  });

  it('widens to n_features, keeps zero-based files as f0.., ignores qid and comments, reads word labels as categorical', () => {
    expect(parse('libsvm', '1 2:3\n0 1:1\n', { n_features: 4 }).columns.map((c) => c.name)).toEqual(['f1', 'f2', 'f3', 'f4', 'label']);
    const table = parse('libsvm', '# header comment\nspam qid:3 0:1.5 2:-2 # trailing\nham 1:4\n');
    expect(tableValues(table)).toEqual({
      f0: { kind: 'numeric', values: [1.5, 0] },
      f1: { kind: 'numeric', values: [0, 4] },
      f2: { kind: 'numeric', values: [-2, 0] },
      label: { kind: 'categorical', values: ['spam', 'ham'] },
    });
  });

  it.each([
    ['a bad pair', '1 2-3\n', /line 1: '2-3' is not index:value/],
    ['decreasing indices', '1 3:1 2:1\n', /line 1: indices must increase/],
    ['no data', '# only a comment\n', /no data lines/],
  ])('rejects %s', (_what, text, message) => {
    expect(parseError('libsvm', text).message).toMatch(message);
  });

  it('refuses to save categorical features or missing values', async () => {
    const catalog = new Catalog([{ name: 's', type: 'libsvm', path: 'memory://text-formats/s.svm' }]);
    const bad: Table = {
      nRows: 1,
      columns: [
        { name: 'x', kind: 'numeric', values: Float64Array.from([NaN]) },
        { name: 'label', kind: 'numeric', values: Float64Array.from([1]) },
      ],
    };
    await expect(catalog.save('s', bad)).rejects.toThrow(/feature 'x' has a missing or infinite value/);
  });
});

describe('jsonl', () => {
  it('reads objects into columns: numbers numeric, anything else categorical, null or absent missing', () => {
    const table = parse('jsonl', '{"a": 1, "b": "x"}\n\n{"a": null, "c": true}\n{"b": 2, "a": 2.5}\n');
    expect(tableValues(table)).toEqual({
      a: { kind: 'numeric', values: [1, NaN, 2.5] },
      b: { kind: 'categorical', values: ['x', null, '2'] },
      c: { kind: 'categorical', values: [null, 'true', null] },
    });
  });

  it.each([
    ['bad JSON', '{"a": 1}\n{"a": \n', /line 2: not valid JSON/],
    ['a non-object line', '{"a": 1}\n[1]\n', /line 2: expected a JSON object, got an array/],
    ['a nested value', '{"a": {"b": 1}}\n', /line 1: key 'a' holds a nested object/],
  ])('names the line on %s', (_what, text, message) => {
    expect(parseError('jsonl', text).message).toMatch(message);
  });
});
