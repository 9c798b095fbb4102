/** The csv dataset type on real slices (adult, mushroom, KDD), its options, its errors, and properties. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Catalog, DEFAULT_NA_VALUES, type DatasetEntry } from '../../src/catalog/index.js';
import { formatCsvTable, parseCsvTable } from '../../src/catalog/types/csv.js';
import type { Column, Table } from '../../src/core/index.js';
import { categorical, column, columnValues, tableValues } from './helpers.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/catalog/${name}`, import.meta.url));

const KDD_COLUMNS =
  'duration,protocol_type,service,flag,src_bytes,dst_bytes,land,wrong_fragment,urgent,hot,num_failed_logins,logged_in,num_compromised,root_shell,su_attempted,num_root,num_file_creations,num_shells,num_access_files,num_outbound_cmds,is_host_login,is_guest_login,count,srv_count,serror_rate,srv_serror_rate,rerror_rate,srv_rerror_rate,same_srv_rate,diff_srv_rate,srv_diff_host_rate,dst_host_count,dst_host_srv_count,dst_host_same_srv_rate,dst_host_diff_srv_rate,dst_host_same_src_port_rate,dst_host_srv_diff_host_rate,dst_host_serror_rate,dst_host_srv_serror_rate,dst_host_rerror_rate,dst_host_srv_rerror_rate,label'.split(
    ',',
  );

/** The rows of a simple (quote-free) CSV file, split the obvious way: an oracle independent of the loader. */
function naiveRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split(',').map((f) => f.trim()));
}

function csv(text: string, options: DatasetEntry['options'] = {}): Table {
  return parseCsvTable(Buffer.from(text, 'utf8'), { name: 'toy', type: 'csv', path: 'memory://toy.csv', options });
}

function csvError(text: string, options: DatasetEntry['options'] = {}): Error {
  try {
    csv(text, options);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the CSV to be rejected');
}

describe('csv on real data', () => {
  it('loads the adult slice (gzip, through the catalog): numeric and categorical columns as in the file', async () => {
    const catalog = new Catalog([{ name: 'adult', type: 'csv', path: fixture('adult-head.csv.gz') }]);
    const table = await catalog.load<Table>('adult');
    const [header, ...rows] = naiveRows(gunzipSync(readFileSync(fixture('adult-head.csv.gz'))).toString('utf8'));
    expect(table.nRows).toBe(rows.length);
    expect(table.columns.map((c) => c.name)).toEqual(header);
    const numeric = ['age', 'fnlwgt', 'education_num', 'capital_gain', 'capital_loss', 'hr_per_week'];
    header!.forEach((name, j) => {
      const col = column(table, name);
      expect(col.kind, name).toBe(numeric.includes(name) ? 'numeric' : 'categorical');
      expect(columnValues(col), name).toEqual(rows.map((r) => (col.kind === 'numeric' ? Number(r[j]) : r[j])));
    });
    const age = column(table, 'age');
    expect(age.kind === 'numeric' && age.values).toBeInstanceOf(Float64Array);
    const income = column(table, 'income');
    expect(income.kind === 'categorical' && income.categories).toEqual(['<=50K', '>50K']); // first-appearance order
  });

  it("trims the spaces of UCI's original ', ' separators: the same table as without them", async () => {
    const spaced = parseCsvTable(readFileSync(fixture('adult-spaces.csv')), { name: 'adult', type: 'csv', path: 'adult-spaces.csv' });
    const plain = await new Catalog([{ name: 'adult', type: 'csv', path: fixture('adult-head.csv.gz') }]).load<Table>('adult');
    expect(spaced.nRows).toBe(20);
    const firstRows = (t: Table): ReturnType<typeof tableValues> =>
      Object.fromEntries(Object.entries(tableValues(t)).map(([k, v]) => [k, { kind: v.kind, values: v.values.slice(0, 20) }]));
    expect(tableValues(spaced)).toEqual(firstRows(plain));
  });

  it("reads mushroom's '?' in stalk-root as missing (code -1), everything categorical", () => {
    const text = readFileSync(fixture('mushroom-slice.csv'), 'utf8');
    const table = csv(text);
    const rows = naiveRows(text).slice(1);
    expect(table.nRows).toBe(100);
    expect(table.columns.every((c) => c.kind === 'categorical')).toBe(true);
    const root = column(table, 'stalk-root');
    if (root.kind !== 'categorical') throw new Error('stalk-root should be categorical');
    const missing = rows.filter((r) => r[11] === '?').length;
    expect(missing).toBe(40);
    expect(Array.from(root.codes).filter((c) => c === -1)).toHaveLength(missing);
    expect(root.categories).not.toContain('?');
  });

  it('loads the headerless KDD slice with the 42 names from `columns`', () => {
    const text = readFileSync(fixture('kdd-head.csv'), 'utf8');
    const table = csv(text, { header: false, columns: KDD_COLUMNS });
    expect(table.nRows).toBe(300);
    expect(table.columns.map((c) => c.name)).toEqual(KDD_COLUMNS);
    const kinds = Object.fromEntries(table.columns.map((c) => [c.name, c.kind]));
    expect(Object.entries(kinds).filter(([, k]) => k === 'categorical').map(([n]) => n)).toEqual(['protocol_type', 'service', 'flag', 'label']);
    const rows = naiveRows(text);
    expect(columnValues(column(table, 'src_bytes'))).toEqual(rows.map((r) => Number(r[4])));
    expect(columnValues(column(table, 'dst_host_same_src_port_rate'))).toEqual(rows.map((r) => Number(r[35])));
    expect(columnValues(column(table, 'label'))).toEqual(rows.map((r) => r[41]));
  });
});

describe('csv on the bundled full files', () => {
  const datasets = fileURLToPath(new URL('../../datasets/', import.meta.url));

  it('adult: 30,162 rows × 15 columns (as datasets/README says), 8 categorical features plus the target; the fixture is its head', async () => {
    const catalog = new Catalog([
      { name: 'adult', type: 'csv', path: `${datasets}adult.csv.gz` },
      { name: 'head', type: 'csv', path: fixture('adult-head.csv.gz') },
    ]);
    const full = await catalog.load<Table>('adult');
    expect(full.nRows).toBe(30_162);
    expect(full.columns).toHaveLength(15);
    expect(full.columns.filter((c) => c.kind === 'categorical').map((c) => c.name)).toHaveLength(9);
    const head = await catalog.load<Table>('head');
    for (const col of head.columns) expect(columnValues(column(full, col.name)).slice(0, 100), col.name).toEqual(columnValues(col));
  });

  it("mushroom: 8,124 rows, all categorical, 2,480 '?' in stalk-root read as missing", async () => {
    const table = await new Catalog([{ name: 'mushroom', type: 'csv', path: `${datasets}mushroom.csv.gz` }]).load<Table>('mushroom');
    expect(table.nRows).toBe(8_124);
    expect(table.columns.every((c) => c.kind === 'categorical')).toBe(true);
    expect(columnValues(column(table, 'stalk-root')).filter((v) => v === null)).toHaveLength(2_480);
  });
});

describe('csv options', () => {
  it('forces `categorical` columns, keeping the text as written', () => {
    const table = csv('code,x\n1.0,1\n2.50,2\n', { categorical: ['code'] });
    expect(tableValues(table)).toEqual({ code: { kind: 'categorical', values: ['1.0', '2.50'] }, x: { kind: 'numeric', values: [1, 2] } });
  });

  it('keeps the exact text of numbers seen before the first words of a mostly-word column', () => {
    const table = csv('v\n1.0\n007\nabc\nxyz\nabc\n');
    const v = column(table, 'v');
    expect(v.kind === 'categorical' && v.categories).toEqual(['1.0', '007', 'abc', 'xyz']);
    expect(columnValues(v)).toEqual(['1.0', '007', 'abc', 'xyz', 'abc']);
    expect(table.notes).toBeUndefined();
  });

  it('uses the default missing markers, or the given `na_values` instead', () => {
    expect(DEFAULT_NA_VALUES).toEqual(['', '?', 'NA', 'N/A', 'NaN', 'nan', 'null']);
    const text = 'a,b\n1,x\n?,NA\n-1,null\n';
    expect(tableValues(csv(text))).toEqual({ a: { kind: 'numeric', values: [1, NaN, -1] }, b: { kind: 'categorical', values: ['x', null, null] } });
    expect(tableValues(csv(text, { na_values: ['-1', 'null'] }))).toEqual({
      a: { kind: 'categorical', values: ['1', '?', null] },
      b: { kind: 'categorical', values: ['x', 'NA', null] },
    });
  });

  it('reads TSV with `delimiter`, CRLF line ends, a BOM, and skips blank lines', () => {
    const table = csv('\uFEFFname\tscore\r\nann\t1.5\r\n\r\nbob\t2\r\n', { delimiter: '\t' });
    expect(tableValues(table)).toEqual({ name: { kind: 'categorical', values: ['ann', 'bob'] }, score: { kind: 'numeric', values: [1.5, 2] } });
  });

  it('reads every row of a file csv-parse splits on lone CR line ends (no row lost to a short estimate)', () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i},"r${i}"`);
    const table = csv(['n,s', ...rows].join('\r'));
    expect(columnValues(column(table, 'n'))).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(columnValues(column(table, 's'))).toEqual(Array.from({ length: 40 }, (_, i) => `r${i}`));
    expect(csv('a,b\r1,2\r3,4\r').nRows).toBe(2); // no quotes: still not mistaken for one long line
  });

  it('handles quoted fields with delimiters, quotes and newlines (the csv-parse path)', () => {
    const table = csv('id,text\n1,"a, b"\n2,"say ""hi"""\n3,"two\nlines"\n');
    expect(columnValues(column(table, 'text'))).toEqual(['a, b', 'say "hi"', 'two\nlines']);
  });

  it('treats hex and words as text, decimals and exponents as numbers, Infinity as a (missing) number', () => {
    expect(column(csv('a\n0x10\n'), 'a').kind).toBe('categorical');
    const inf = csv('a\nInfinity\n');
    expect(tableValues(inf)).toEqual({ a: { kind: 'numeric', values: [NaN] } });
    expect(inf.notes).toMatchObject([{ kind: 'infinite', column: 'a', count: 1, examples: ['Infinity'] }]);
    expect(columnValues(column(csv('a\n1e3\n-.5\n+2\n0\n'), 'a'))).toEqual([1000, -0.5, 2, 0]);
  });

  it('renames the header with `columns`, and loads a header-only file as zero rows', () => {
    expect(csv('a,b\n1,2\n', { columns: ['x', 'y'] }).columns.map((c) => c.name)).toEqual(['x', 'y']);
    expect(csv('a,b\n')).toMatchObject({ nRows: 0 });
  });
});

describe('csv errors name the dataset and the line', () => {
  it.each<[string, string, DatasetEntry['options'], RegExp]>([
    ['duplicate names', 'a,b,a\n1,2,3\n', {}, /dataset 'toy' \(csv, memory:\/\/toy\.csv\): line 1: duplicate column name 'a'/],
    ['an empty file', '', {}, /dataset 'toy'.*the file is empty/],
    ['an empty headerless file', '\n\n', { header: false, columns: ['a'] }, /the file is empty/],
    ['a ragged row', 'a,b\n1,2\n3\n4,5\n', {}, /dataset 'toy'.*line 3: 1 fields, expected 2/],
    ['a ragged quoted row', 'a,b\n"1",2\n3,4,5\n', {}, /line 3: 3 fields, expected 2/],
    ['too few `columns`', '1,2,3\n', { header: false, columns: ['a', 'b'] }, /line 1: the file has 3 fields but option 'columns' names 2/],
    ['`columns` not matching the header', 'a,b\n1,2\n', { columns: ['x'] }, /line 1: the header has 2 fields/],
    ['no `columns` without a header', '1,2\n', { header: false }, /option 'columns' is required when 'header' is false/],
    ['an empty column name', 'a,,c\n1,2,3\n', {}, /line 1: column 2 has an empty name/],
    ['a non-boolean header option', 'a\n1\n', { header: 'yes' }, /option 'header' must be true or false/],
    ['an unclosed quote', 'a,b\n1,"2\n', {}, /dataset 'toy'.*cannot parse CSV/],
  ])('%s', (_what, text, options, message) => {
    const error = csvError(text, options);
    expect(error).toMatchObject({ name: 'DatasetError', code: 'SWEEP_DATASET_INVALID' });
    expect(error.message).toMatch(message);
  });

  it('an unknown `categorical` column is SWEEP_COLUMN_NOT_FOUND with a did-you-mean', () => {
    const error = csvError('income,age\nx,1\n', { categorical: ['incme'] });
    expect(error).toMatchObject({ code: 'SWEEP_COLUMN_NOT_FOUND' });
    expect(error.message).toContain("did you mean 'income'?");
  });
});

/** Category text the CSV format can carry unchanged: not a missing marker, not a number, no outer spaces. */
const categoryText = fc
  .string({ unit: fc.constantFrom('a', 'b', 'Z', 'é', ' ', ',', '"', '\n', '-', '.', '1', '?', '\t'), minLength: 1, maxLength: 8 })
  .filter((s) => s.trim() === s && /[A-Za-zé]/.test(s) && !DEFAULT_NA_VALUES.includes(s) && !['Infinity', 'NA'].includes(s));
const finiteNumber = fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), fc.double({ noNaN: true, noDefaultInfinity: true }));

const arbitraryTable = fc.integer({ min: 1, max: 25 }).chain((nRows) =>
  fc
    .uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/), { minLength: 1, maxLength: 6 })
    .chain((names) =>
      fc.tuple(
        ...names.map((name) =>
          fc.oneof(
            fc.array(fc.option(finiteNumber, { freq: 4 }), { minLength: nRows, maxLength: nRows }).map(
              (values): Column => ({ name, kind: 'numeric', values: Float64Array.from(values, (v) => (v === null ? NaN : v)) }),
            ),
            fc
              .array(fc.option(categoryText, { freq: 4 }), { minLength: nRows, maxLength: nRows })
              .filter((values) => values.some((v) => v !== null)) // an all-missing column reads back as numeric
              .map((values) => categorical(name, values)),
          ),
        ),
      ),
    )
    .map((columns): Table => ({ nRows, columns })),
);

describe('csv properties', () => {
  it('save → load gives the same table (numbers, strings, missing values, quoting)', () => {
    fc.assert(
      fc.property(arbitraryTable, fc.constantFrom(',', ';', '\t'), (table, delimiter) => {
        const entry: DatasetEntry = { name: 'prop', type: 'csv', path: 'memory://prop.csv', options: { delimiter } };
        const loaded = parseCsvTable(formatCsvTable(table, entry), entry);
        expect(tableValues(loaded)).toEqual(tableValues(table));
      }),
      { numRuns: 150 },
    );
  });

  it('the fast path and csv-parse read quote-free files identically', () => {
    const field = fc.oneof(
      fc.constantFrom('', '?', 'NA', ' x ', '1.5', ' 2', 'abc', '0x1', '-0', '5.', '.5', '.', '-', '+3', '1.2.3', '--1', '007', '1e5', 'Infinity'),
      finiteNumber.map(String),
      fc.stringMatching(/^[+-]?\d{0,18}(\.\d{0,18})?$/), // long decimals: past the exact fast path, must still agree
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 20 }), fc.boolean(), fc.constantFrom(',', '\t', '::'), (nCols, nRows, crlf, delimiter) =>
        fc.assert(
          fc.property(fc.array(fc.array(field, { minLength: nCols, maxLength: nCols }), { minLength: nRows, maxLength: nRows }), (rows) => {
            const header = Array.from({ length: nCols }, (_, j) => `c${j}`).join(delimiter);
            const eol = crlf ? '\r\n' : '\n';
            const text = [header, ...rows.map((r) => r.join(delimiter))].join(eol) + eol;
            // A single empty field makes a blank line, which both parsers skip; skip such inputs.
            fc.pre(nCols > 1 || rows.every((r) => r[0] !== ''));
            const entry: DatasetEntry = { name: 'p', type: 'csv', path: 'p.csv', options: { delimiter } };
            const bytes = Buffer.from(text, 'utf8');
            expect(tableValues(parseCsvTable(bytes, entry, 'fast'))).toEqual(tableValues(parseCsvTable(bytes, entry, 'csv-parse')));
          }),
          { numRuns: 5 },
        ),
      ),
      { numRuns: 40 },
    );
  });
});
