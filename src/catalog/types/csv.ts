/**
 * Delimited text (CSV, and TSV with `delimiter: "\t"`) as a core `Table`.
 *
 * Options: `header` (default true), `columns` (names; required without a header, replace the
 * header's names with one), `delimiter` (default `,`), `na_values` (default `'' ? NA N/A NaN nan
 * null`), `categorical` (column names forced categorical), `decimal` (`.` or `,`), `encoding`
 * (default utf-8; see `decodeText`), `strict` (default false). Fields are trimmed, so adult-style
 * `a, b` files work. Blank lines are skipped.
 *
 * Column types, by majority: a column is numeric (`Float64Array`, missing = NaN) when more than
 * half of its non-missing values are numbers, else categorical (missing = code -1, categories in
 * order of first appearance). In a numeric column, a token that is not a number is read as
 * missing and reported in `Table.notes` (count and first examples); with `strict: true` it is an
 * error naming its line. Infinite values (`inf`, `-Infinity`, `1e309`) are numbers for the vote
 * but are read as missing (then imputed like any missing value) and reported the same way; under
 * `strict: true` they are an error too.
 *
 * Sniffing, only when the option is not set (and said in `notes`): the delimiter, when the header
 * has one field with `,` but splits evenly on `;`, tab or `|`; `decimal: ','` when the delimiter
 * is `;` and numbers are written `1,5` (never `1.5`) in the first lines.
 *
 * Files without a `"` take a fast path that scans fields in place and turns plain decimals into
 * numbers without cutting strings (KDD 10%, 494k rows × 42, loads in a few seconds; csv-parse
 * alone takes about 9 s just to split it). Anything quoted goes through csv-parse, which handles
 * quotes and newlines in fields. A property test checks that both paths read the same tables.
 */
import { parse } from 'csv-parse/sync';
import { DatasetError, didYouMean, type Column, type DataNote, type Table } from '../../core/index.js';
import { booleanOption, invalidDataset, stringListOption, stringOption, type DatasetEntry, type DatasetType } from '../dataset-type.js';
import { checkTable } from '../table-check.js';
import { decodeText } from '../text.js';

/** Values read as missing when `na_values` is not set (pandas' common spellings plus `?`). */
export const DEFAULT_NA_VALUES: readonly string[] = ['', '?', 'NA', 'N/A', 'NaN', 'nan', 'null'];

/** Which parser reads the text: `auto` takes the fast path when the file has no quotes. */
export type CsvParser = 'auto' | 'fast' | 'csv-parse';

interface CsvSettings {
  header: boolean;
  columns: string[] | undefined;
  delimiter: string;
  /** The delimiter was not given: it may be sniffed. */
  delimiterDefault: boolean;
  /** `,` decimals (`1,5`); null when not given (it may be sniffed). */
  decimal: '.' | ',' | null;
  naValues: Set<string>;
  categorical: string[];
  strict: boolean;
}

function readSettings(entry: DatasetEntry): CsvSettings {
  const given = stringOption(entry, 'delimiter');
  const delimiter = given ?? ',';
  if (delimiter === '' || /["\r\n]/.test(delimiter)) {
    throw invalidDataset(entry, `option 'delimiter' must be a non-empty string without quotes or newlines, got ${JSON.stringify(delimiter)}`);
  }
  const decimal = stringOption(entry, 'decimal');
  if (decimal !== undefined && decimal !== '.' && decimal !== ',') {
    throw invalidDataset(entry, `option 'decimal' must be '.' or ',', got ${JSON.stringify(decimal)}`);
  }
  if (decimal === ',' && delimiter === ',') {
    throw invalidDataset(entry, "option 'decimal' is ',' but so is the delimiter", "set `delimiter: ';'` (the usual partner of decimal commas)");
  }
  return {
    header: booleanOption(entry, 'header', true),
    columns: stringListOption(entry, 'columns'),
    delimiter,
    delimiterDefault: given === undefined,
    decimal: decimal ?? null,
    naValues: new Set(stringListOption(entry, 'na_values', [...DEFAULT_NA_VALUES])),
    categorical: stringListOption(entry, 'categorical', []),
    strict: booleanOption(entry, 'strict', false),
  };
}

/** Delimiters tried when the header has a single field. */
const SNIFF_DELIMITERS = [';', '\t', '|'] as const;
/** Lines looked at when sniffing. */
const SNIFF_LINES = 50;

/** The first `n` non-empty lines of `text`. */
function firstLines(text: string, n: number): string[] {
  const lines: string[] = [];
  let start = 0;
  while (start < text.length && lines.length < n) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).replace(/\r$/, '');
    if (line !== '') lines.push(line);
    start = end + 1;
  }
  return lines;
}

/**
 * Fills in the delimiter and decimal mark when they were not given and the first lines make them
 * plain; each guess is returned as a note. Quoted files are left alone (fields may hold anything).
 */
function sniffSettings(text: string, settings: CsvSettings): DataNote[] {
  const notes: DataNote[] = [];
  const lines = firstLines(text, SNIFF_LINES);
  if (lines.length === 0 || text.includes('"')) return notes;
  if (settings.delimiterDefault && settings.header && !lines[0]!.includes(',')) {
    for (const candidate of SNIFF_DELIMITERS) {
      const width = lines[0]!.split(candidate).length;
      if (width > 1 && lines.every((line) => line.split(candidate).length === width)) {
        settings.delimiter = candidate;
        notes.push({ kind: 'sniffed', column: null, count: 0, examples: [], message: `the delimiter was not set; the header splits into ${width} columns on ${JSON.stringify(candidate)}, so that is the delimiter (set \`delimiter:\` to be explicit)` });
        break;
      }
    }
  }
  if (settings.decimal === null && settings.delimiter === ';') {
    const fields = lines.slice(settings.header ? 1 : 0).flatMap((line) => line.split(';').map((f) => f.trim()));
    const comma = fields.filter((f) => /^[+-]?\d+,\d+$/.test(f)).length;
    const dot = fields.filter((f) => /^[+-]?\d*\.\d+$/.test(f)).length;
    if (comma > 0 && dot === 0) {
      settings.decimal = ',';
      notes.push({ kind: 'sniffed', column: null, count: 0, examples: [], message: "the delimiter is ';' and numbers are written like 1,5: read with `decimal: ','` (set `decimal:` to be explicit)" });
    }
  }
  return notes;
}

/** Calls `onRecord(fields, line)` for every non-blank record; `line` is 1-based. */
type RecordSink = (fields: string[], line: number) => void;

function trimField(s: string): string {
  return s.length > 0 && (s.charCodeAt(0) <= 32 || s.charCodeAt(s.length - 1) <= 32) ? s.trim() : s;
}

/** Calls `onLine(start, stop, line)` for every non-empty line (`stop` excludes `\r\n`); `line` is 1-based. */
function forEachLine(text: string, onLine: (start: number, stop: number, line: number) => void): void {
  let start = 0;
  let line = 0;
  const length = text.length;
  while (start < length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = length;
    line++;
    const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    // csv-parse's skip_empty_lines skips only truly empty lines; mirror that.
    if (stop > start) onLine(start, stop, line);
    start = end + 1;
  }
}

function splitFields(text: string, start: number, stop: number, delimiter: string): string[] {
  const fields = text.slice(start, stop).split(delimiter);
  for (let i = 0; i < fields.length; i++) fields[i] = trimField(fields[i]!);
  return fields;
}

/** Splits quote-free text: exactly what csv-parse does on such input, several times faster. */
function forEachRecordFast(text: string, delimiter: string, onRecord: RecordSink): void {
  forEachLine(text, (start, stop, line) => onRecord(splitFields(text, start, stop, delimiter), line));
}

const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);

/**
 * `text[start, stop)` as a number when it is a plain decimal of at most 15 digits (`-12`, `0.25`,
 * `.5`), else NaN, meaning "ask parseDecimal". Such a value is m / 10^k with both exact doubles,
 * so the one division is correctly rounded: the same double as `Number()` (Clinger's fast path).
 */
function scanDecimal(text: string, start: number, stop: number): number {
  let i = start;
  let ch = text.charCodeAt(i);
  const negative = ch === 45;
  if (negative || ch === 43) i++;
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < stop; i++) {
    ch = text.charCodeAt(i);
    if (ch >= 48 && ch <= 57) {
      mantissa = mantissa * 10 + (ch - 48);
      digits++;
    } else if (ch === 46 && fraction < 0) {
      fraction = digits;
    } else {
      return NaN;
    }
  }
  if (digits === 0 || digits > 15) return NaN;
  const value = fraction < 0 || fraction === digits ? mantissa : mantissa / POW10[digits - fraction]!;
  return negative ? -value : value;
}

function forEachRecordCsvParse(text: string, delimiter: string, onRecord: RecordSink, entry: DatasetEntry): void {
  try {
    parse(text, {
      delimiter,
      trim: true,
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (record: string[], context) => {
        onRecord(record, context.lines);
        return null;
      },
    });
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    const line = typeof error === 'object' && error !== null && 'lines' in error ? Number(error.lines) : undefined;
    const reason = error instanceof Error ? error.message : String(error);
    throw invalidDataset(entry, `${line === undefined ? '' : `line ${line}: `}cannot parse CSV: ${reason}`, undefined, line === undefined ? undefined : { line });
  }
}

/** A finite decimal number, or NaN when `s` is not one (hex, `Infinity`, empty, words). */
function parseDecimal(s: string): number {
  const value = parseNumber(s);
  return value - value === 0 ? value : NaN; // finite check without a call
}

const INFINITY = /^[+-]?inf(inity)?$/i;

/**
 * A decimal number, ±Infinity for `inf`/`Infinity`/overflowing literals such as `1e309`, or NaN
 * when `s` is not a number (hex, empty, words).
 */
function parseNumber(s: string): number {
  if (s.length === 0) return NaN;
  const first = s.charCodeAt(0);
  // Number() accepts 0x10, 0b1, 0o7: not decimal data, keep them as text.
  if (first === 48 && s.length > 2) {
    const second = s.charCodeAt(1) | 32;
    if (second === 120 || second === 98 || second === 111) return NaN;
  }
  const value = Number(s);
  if (value === value) return value;
  return INFINITY.test(s) ? (first === 45 ? -Infinity : Infinity) : NaN;
}

/** `parseNumber` for `decimal: ','` files: `1,5` is 1.5, and `1.5` is not a number there. */
function parseCommaNumber(s: string): number {
  if (s.includes('.')) return NaN;
  return parseNumber(s.includes(',') ? s.replace(',', '.') : s);
}

/** Distinct offending tokens kept per column for the note. */
const MAX_EXAMPLES = 5;

interface ColumnState {
  name: string;
  categorical: boolean;
  /** The column must stay numeric (a re-read after the vote): tokens that are not numbers are missing. */
  forcedNumeric: boolean;
  /** Values that are numbers (finite or not), for the vote. */
  numbers: number;
  /** Non-missing values that are not numbers, for the vote. */
  words: number;
  /** Infinite values read as missing in a numeric column. */
  infinite: number;
  /** Tokens read as missing in a numeric column because they are not numbers. */
  unparsed: number;
  examples: string[];
  infiniteExamples: string[];
  /** Line of the first unparsed (or infinite) value, for `strict`. */
  firstBadLine: number;
  values: Float64Array | null;
  codes: Int32Array | null;
  index: Map<string, number>;
  categories: string[];
}

/** An upper bound on the number of data records: the lines, less a trailing newline and the header. */
function countRecords(text: string, header: boolean): number {
  let n = text.length > 0 && text.charCodeAt(text.length - 1) !== 10 ? 1 : 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return Math.max(0, header ? n - 1 : n);
}

/** A copy of `array` with room for `n` values. */
function grow<A extends Float64Array | Int32Array>(array: A, n: number): A {
  const out = new (array.constructor as new (n: number) => A)(n);
  out.set(array);
  return out;
}

/** `array` trimmed to `n` values, without a copy when it is already that long (saves ~170 MB on KDD). */
function fit<A extends Float64Array | Int32Array>(array: A, n: number): A {
  return (array.length === n ? array : array.slice(0, n)) as A;
}

/** What one pass decided: the table, and the columns whose vote disagrees with how they were read. */
interface Pass {
  table: Table;
  states: ColumnState[];
  /** Read as numbers, but most values are words: read again as categorical. */
  toCategorical: string[];
  /** Read as categories (the first value was a word), but most values are numbers: read again as numeric. */
  toNumeric: string[];
}

/**
 * One pass over the records. Columns in `forced` are categorical from the start and those in
 * `forcedNumeric` numeric; any other column is numeric until its first non-missing value is a
 * word. The vote (numbers against words) is counted as it goes; a column it overrules is reported
 * so the caller reads again with the kind forced.
 */
function buildColumns(
  text: string,
  settings: CsvSettings,
  entry: DatasetEntry,
  parser: 'fast' | 'csv-parse',
  forced: ReadonlySet<string>,
  forcedNumeric: ReadonlySet<string>,
): Pass {
  let capacity = countRecords(text, settings.header);
  /** The next row index, growing the columns if the estimate was short (e.g. csv-parse splitting on a lone `\r`). */
  const nextRow = (): number => {
    if (nRows === capacity) {
      capacity = Math.max(16, capacity * 2);
      for (const state of states!) {
        if (state.values !== null) state.values = grow(state.values, capacity);
        if (state.codes !== null) state.codes = grow(state.codes, capacity);
      }
    }
    return nRows++;
  };
  let states: ColumnState[] | null = null;
  let nCols = 0;
  let nRows = 0;
  let headerSeen = !settings.header;
  const { naValues } = settings;
  const toNumber = settings.decimal === ',' ? parseCommaNumber : parseNumber;
  // The in-place scanner reads `.` decimals only; numeric missing markers or `,` decimals need storeField.
  const slowNumbers = settings.decimal === ',' || [...naValues].some((na) => parseDecimal(na) === parseDecimal(na));

  const setUp = (names: string[], line: number): void => {
    const seen = new Map<string, number>();
    names.forEach((name, i) => {
      if (name === '') {
        throw invalidDataset(entry, `line ${line}: column ${i + 1} has an empty name`, 'name every column in the header, or set `columns` in the dataset options', { line });
      }
      const first = seen.get(name);
      if (first !== undefined) {
        throw invalidDataset(entry, `line ${line}: duplicate column name '${name}' (columns ${first + 1} and ${i + 1})`, 'column names must be unique; rename one, or set `columns` in the dataset options', { line });
      }
      seen.set(name, i);
    });
    for (const name of settings.categorical) {
      if (!seen.has(name)) {
        const guess = didYouMean(name, names);
        throw new DatasetError('SWEEP_COLUMN_NOT_FOUND', entry, `option 'categorical' names column '${name}', which the file does not have${guess === undefined ? '' : `; did you mean '${guess}'?`}`, {
          hint: `columns: ${names.join(', ')}`,
        });
      }
    }
    nCols = names.length;
    states = names.map((name) => {
      const categorical = forced.has(name);
      return {
        name,
        categorical,
        forcedNumeric: forcedNumeric.has(name),
        numbers: 0,
        words: 0,
        infinite: 0,
        unparsed: 0,
        examples: [],
        infiniteExamples: [],
        firstBadLine: 0,
        values: categorical ? null : new Float64Array(capacity),
        codes: categorical ? new Int32Array(capacity) : null,
        index: new Map([...naValues].map((na) => [na, -1])),
        categories: [],
      };
    });
  };

  const onRecord: RecordSink = (fields, line) => {
    if (!headerSeen) {
      headerSeen = true;
      if (settings.columns !== undefined && settings.columns.length !== fields.length) {
        throw invalidDataset(entry, `line ${line}: the header has ${fields.length} fields but option 'columns' names ${settings.columns.length}`, undefined, { line });
      }
      setUp(settings.columns ?? fields, line);
      return;
    }
    if (states === null) {
      // No header: the names come from `columns` (checked by the caller) and must fit the first row.
      const names = settings.columns!;
      if (names.length !== fields.length) {
        throw invalidDataset(entry, `line ${line}: the file has ${fields.length} fields but option 'columns' names ${names.length}`, 'list one name per field in `columns`', { line });
      }
      setUp(names, line);
    }
    if (fields.length !== nCols) {
      throw invalidDataset(entry, `line ${line}: ${fields.length} fields, expected ${nCols}`, 'every row needs the same number of fields as the header', { line });
    }
    const row = nextRow();
    const cols = states!;
    for (let c = 0; c < nCols; c++) storeField(cols[c]!, row, fields[c]!, line);
  };

  const keepExample = (list: string[], field: string): void => {
    if (list.length < MAX_EXAMPLES && !list.includes(field)) list.push(field);
  };

  /** Stores one (trimmed) field of `row`: a number, a missing marker, or a category; counts the vote. */
  const storeField = (state: ColumnState, row: number, field: string, line: number): void => {
    if (!state.categorical) {
      // Numbers first: one parse, and a Set lookup only when a missing marker could be numeric.
      const value = toNumber(field);
      if (value === value && !(slowNumbers && naValues.has(field))) {
        state.numbers++;
        if (value - value === 0) {
          state.values![row] = value;
          return;
        }
        state.values![row] = NaN;
        state.infinite++;
        keepExample(state.infiniteExamples, field);
        if (state.firstBadLine === 0) state.firstBadLine = line;
        return;
      }
      if (naValues.has(field)) {
        state.values![row] = NaN;
        return;
      }
      if (state.numbers > 0 || state.forcedNumeric) {
        // A word among numbers: missing for now; the vote at the end decides the column's kind.
        state.words++;
        state.values![row] = NaN;
        state.unparsed++;
        keepExample(state.examples, field);
        if (state.firstBadLine === 0) state.firstBadLine = line;
        return;
      }
      // The first non-missing value is a word: categorical (earlier rows were all missing).
      state.categorical = true;
      state.values = null;
      state.codes = new Int32Array(capacity);
      state.codes.fill(-1, 0, row);
    }
    // Missing markers sit in the category index with code -1: one Map lookup per field.
    let code = state.index.get(field);
    if (code === undefined) {
      code = state.categories.length;
      state.categories.push(field);
      state.index.set(field, code);
    }
    if (code >= 0) {
      if (toNumber(field) === toNumber(field)) state.numbers++;
      else state.words++;
    }
    state.codes![row] = code;
  };

  /**
   * The hot loop for quote-free text with a one-character delimiter, once the columns are known:
   * fields are scanned in place, and simple decimals in numeric columns become numbers without
   * ever being cut out as strings. Anything else goes through `storeField`, as the other paths do.
   */
  const scanRow = (start: number, stop: number, line: number): void => {
    const cols = states!;
    const delimiter = settings.delimiter;
    const row = nextRow();
    let c = 0;
    let from = start;
    for (;;) {
      let to = text.indexOf(delimiter, from);
      if (to < 0 || to > stop) to = stop;
      if (c < nCols) {
        let a = from;
        let b = to;
        while (a < b && text.charCodeAt(a) <= 32) a++;
        while (b > a && text.charCodeAt(b - 1) <= 32) b--;
        const state = cols[c]!;
        const value = state.categorical || slowNumbers ? NaN : scanDecimal(text, a, b);
        if (value === value) {
          state.values![row] = value;
          state.numbers++;
        } else {
          storeField(state, row, text.slice(a, b), line);
        }
      }
      c++;
      if (to === stop) break;
      from = to + 1;
    }
    if (c !== nCols) {
      throw invalidDataset(entry, `line ${line}: ${c} fields, expected ${nCols}`, 'every row needs the same number of fields as the header', { line });
    }
  };

  if (parser === 'csv-parse') forEachRecordCsvParse(text, settings.delimiter, onRecord, entry);
  else if (settings.delimiter.length !== 1) forEachRecordFast(text, settings.delimiter, onRecord);
  else forEachLine(text, (start, stop, line) => (states === null ? onRecord(splitFields(text, start, stop, settings.delimiter), line) : scanRow(start, stop, line)));

  // `states` is assigned inside the callback, which TypeScript's narrowing cannot see.
  const finalStates = states as ColumnState[] | null;
  if (finalStates === null) {
    throw invalidDataset(entry, 'the file is empty', settings.header ? 'a CSV dataset needs a header line' : 'a headerless CSV dataset needs at least one row');
  }
  const columns = finalStates.map((s): Column =>
    s.categorical
      ? { name: s.name, kind: 'categorical', codes: fit(s.codes!, nRows), categories: s.categories }
      : { name: s.name, kind: 'numeric', values: fit(s.values!, nRows) },
  );
  const free = (s: ColumnState): boolean => !forced.has(s.name) && !forcedNumeric.has(s.name);
  return {
    table: { nRows, columns },
    states: finalStates,
    toCategorical: finalStates.filter((s) => free(s) && !s.categorical && s.words > 0 && s.words >= s.numbers).map((s) => s.name),
    toNumeric: finalStates.filter((s) => free(s) && s.categorical && s.numbers > s.words).map((s) => s.name),
  };
}

const quoted = (tokens: readonly string[]): string => tokens.map((t) => `'${t}'`).join(', ');

/** The notes of the numeric columns of a final pass; with `strict`, the first one is an error instead. */
function columnNotes(pass: Pass, settings: CsvSettings, entry: DatasetEntry): DataNote[] {
  const notes: DataNote[] = [];
  for (const s of pass.states) {
    if (s.categorical) continue;
    if (settings.strict && (s.unparsed > 0 || s.infinite > 0)) {
      const what = s.unparsed > 0 ? `${quoted(s.examples.slice(0, 1))} is not a number` : `${quoted(s.infiniteExamples.slice(0, 1))} is infinite`;
      throw invalidDataset(entry, `line ${s.firstBadLine}: column '${s.name}': ${what} (strict: true)`, 'fix the value, add it to `na_values`, or drop `strict: true` to read such values as missing', {
        line: s.firstBadLine,
        column: s.name,
      });
    }
    if (s.unparsed > 0) {
      const n = s.unparsed === 1 ? '1 value is' : `${s.unparsed} values are`;
      notes.push({ kind: 'unparsed', column: s.name, count: s.unparsed, examples: s.examples, message: `column '${s.name}': ${n} not a number (${quoted(s.examples)}); read as missing` });
    }
    if (s.infinite > 0) {
      const n = s.infinite === 1 ? '1 value is' : `${s.infinite} values are`;
      notes.push({ kind: 'infinite', column: s.name, count: s.infinite, examples: s.infiniteExamples, message: `column '${s.name}': ${n} infinite (${quoted(s.infiniteExamples)}); read as missing` });
    }
  }
  return notes;
}

/** Parses CSV bytes into a table (the `csv` type's `load`; `parser` exists for tests and benchmarks). */
export function parseCsvTable(bytes: Buffer, entry: DatasetEntry, parser: CsvParser = 'auto'): Table {
  const settings = readSettings(entry);
  if (!settings.header && settings.columns === undefined) {
    throw invalidDataset(entry, "option 'columns' is required when 'header' is false", 'list the column names in `columns`, in file order');
  }
  const text = decodeText(bytes, entry);
  const sniffed = sniffSettings(text, settings);
  // Quotes, or classic-Mac lone-CR line ends, need the full parser.
  const loneCr = text.includes('\r') && !text.includes('\r\n');
  const chosen = parser === 'auto' ? (text.includes('"') || loneCr ? 'csv-parse' : 'fast') : parser;
  const forced = new Set(settings.categorical);
  const forcedNumeric = new Set<string>();
  let pass = buildColumns(text, settings, entry, chosen, forced, forcedNumeric);
  if (pass.toCategorical.length > 0 || pass.toNumeric.length > 0) {
    // The vote overruled how a column was read: read again with its kind known, so a categorical
    // column keeps the exact text of every row and a numeric one the numbers before its first word.
    for (const name of pass.toCategorical) forced.add(name);
    for (const name of pass.toNumeric) forcedNumeric.add(name);
    pass = buildColumns(text, settings, entry, chosen, forced, forcedNumeric);
  }
  const notes = [...sniffed, ...columnNotes(pass, settings, entry)];
  return notes.length === 0 ? pass.table : { ...pass.table, notes };
}

/**
 * The column names of a CSV file from its first bytes (a header line is enough), with the same
 * options, sniffing and text checks as a full load: lets a run check its target before it starts.
 */
export function csvColumnNames(head: Buffer, entry: DatasetEntry): string[] {
  const settings = readSettings(entry);
  if (!settings.header) return settings.columns ?? [];
  const text = decodeText(head, entry);
  const end = text.indexOf('\n');
  const firstLine = end < 0 ? text : text.slice(0, end + 1);
  return parseCsvTable(Buffer.from(firstLine, 'utf8'), { ...entry, options: { ...entry.options, encoding: 'utf-8' } }).columns.map((c) => c.name);
}

function quoteField(value: string, delimiter: string): string {
  const needsQuotes =
    value === '' ||
    value.includes(delimiter) ||
    value.includes('"') ||
    value.includes('\n') ||
    value.includes('\r') ||
    value.charCodeAt(0) <= 32 ||
    value.charCodeAt(value.length - 1) <= 32;
  return needsQuotes ? `"${value.replaceAll('"', '""')}"` : value;
}

/** Formats a table as CSV text (the `csv` type's `save`): missing values are empty fields. */
export function formatCsvTable(table: Table, entry: DatasetEntry): Buffer {
  const settings = readSettings(entry);
  const { delimiter } = settings;
  const lines: string[] = [];
  if (settings.header) lines.push(table.columns.map((c) => quoteField(c.name, delimiter)).join(delimiter));
  const cells = new Array<string>(table.columns.length);
  for (let i = 0; i < table.nRows; i++) {
    for (let c = 0; c < table.columns.length; c++) {
      const col = table.columns[c]!;
      if (col.kind === 'numeric') {
        const v = col.values[i]!;
        cells[c] = v !== v ? '' : v === 0 && 1 / v < 0 ? '-0' : String(v); // String(-0) would drop the sign
      } else {
        const code = col.codes[i]!;
        cells[c] = code < 0 ? '' : quoteField(col.categories[code]!, delimiter);
      }
    }
    const line = cells.join(delimiter);
    // A blank line would be skipped on load; an explicit empty field keeps the row.
    lines.push(line === '' ? '""' : line);
  }
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

/** The `csv` dataset type (TSV is `csv` with `delimiter: "\t"`). */
export const csvType: DatasetType<Table> = {
  name: 'csv',
  summary: 'delimited text (CSV/TSV) as a Table; numeric or categorical columns inferred',
  load: (bytes, entry) => parseCsvTable(bytes, entry),
  save: (value, entry) => formatCsvTable(checkTable(value, entry), entry),
};
