/**
 * ARFF (Weka, OpenML) as a `Table`. `numeric`/`real`/`integer` attributes become numeric columns;
 * nominal attributes (`{a,b,c}`) become categorical with the declared categories, in declared
 * order; `string` and `date` attributes become categorical (categories in order of appearance).
 * `?` is missing; `%` starts a comment; values may be quoted with `'` or `"`. Dense and sparse
 * (`{index value, …}`) data rows are read. Saved as dense ARFF with nominal attributes.
 */
import type { Column, Table } from '../../core/index.js';
import { invalidDataset, stringOption, type DatasetType } from '../dataset-type.js';
import { checkTable } from '../table-check.js';
import { decodeText } from '../text.js';

interface Attribute {
  name: string;
  kind: 'numeric' | 'nominal' | 'string';
  categories: string[];
}

const MISSING = Symbol('missing');
const OMITTED = Symbol('omitted');
type Cell = string | typeof MISSING | typeof OMITTED;

/** An unquoted `?` is missing; a quoted one is the text `?`. */
function toCell(value: { value: string; quoted: boolean }): Cell {
  return !value.quoted && value.value === '?' ? MISSING : value.value;
}

/** Splits `text` at `separator` (outside quotes), unquoting `'…'`/`"…"` and trimming; `null` on an unclosed quote. */
export function splitArff(text: string, separator: ',' | ' '): Array<{ value: string; quoted: boolean }> | null {
  const out: Array<{ value: string; quoted: boolean }> = [];
  let i = 0;
  const n = text.length;
  const isSep = (ch: string): boolean => (separator === ' ' ? ch === ' ' || ch === '\t' : ch === ',');
  while (i <= n) {
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
    let value = '';
    let quoted = false;
    const q = text[i];
    if (q === "'" || q === '"') {
      quoted = true;
      i++;
      let closed = false;
      while (i < n) {
        const ch = text[i]!;
        if (ch === '\\' && i + 1 < n) {
          const next = text[i + 1]!;
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
          i += 2;
        } else if (ch === q) {
          closed = true;
          i++;
          break;
        } else {
          value += ch;
          i++;
        }
      }
      if (!closed) return null;
      while (i < n && !isSep(text[i]!)) i++;
    } else {
      const start = i;
      while (i < n && !isSep(text[i]!)) i++;
      value = text.slice(start, i).trim();
    }
    out.push({ value, quoted });
    if (separator === ' ') {
      while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
      if (i >= n) break;
    } else {
      if (i >= n) break;
      i++; // the comma
    }
  }
  return out;
}

/** The name of an `@attribute` (quoted or bare) and the type text after it; `null` if malformed. */
function readAttributeName(rest: string): { name: string; typeText: string } | null {
  const q = rest[0];
  if (q === "'" || q === '"') {
    const [first] = splitArff(rest, ' ') ?? [];
    if (first === undefined) return null;
    // Find the closing quote: the first unescaped `q` after the opening one.
    let end = 1;
    while (end < rest.length && !(rest[end] === q && rest[end - 1] !== '\\')) end++;
    const typeText = rest.slice(end + 1).trim();
    return typeText === '' ? null : { name: first.value, typeText };
  }
  const match = /^(\S+)\s+(.+)$/.exec(rest);
  return match === null ? null : { name: match[1]!, typeText: match[2]!.trim() };
}

/** Quotes an ARFF value when it has separators, quotes, braces, `%`, spaces, or reads as `?`. */
export function quoteArff(value: string): string {
  if (value !== '' && value !== '?' && !/[\s,'"{}%\\]/.test(value)) return value;
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\t/g, '\\t')}'`;
}

/** The `arff` dataset type. */
export const arffType: DatasetType<Table> = {
  name: 'arff',
  summary: 'ARFF (Weka/OpenML): nominal attributes become categorical with declared categories',

  load(bytes, entry) {
    const lines = decodeText(bytes, entry).split('\n');
    const attributes: Attribute[] = [];
    let i = 0;
    const fail = (line: number, message: string): never => {
      throw invalidDataset(entry, `line ${line}: ${message}`, undefined, { line });
    };
    // Header: @relation, @attribute …, then @data.
    for (; i < lines.length; i++) {
      const text = lines[i]!.trim();
      if (text === '' || text.startsWith('%')) continue;
      const lower = text.toLowerCase();
      if (lower.startsWith('@relation')) continue;
      if (lower.startsWith('@data')) break;
      if (!lower.startsWith('@attribute')) fail(i + 1, `expected @relation, @attribute or @data, got '${text.slice(0, 40)}'`);
      const declared = readAttributeName(text.slice('@attribute'.length).trim());
      if (declared === null) return fail(i + 1, `cannot read the attribute in '${text}'`);
      const { name, typeText } = declared;
      if (attributes.some((a) => a.name === name)) fail(i + 1, `duplicate attribute name '${name}'`);
      if (typeText.startsWith('{')) {
        const close = typeText.lastIndexOf('}');
        const values = close < 0 ? null : splitArff(typeText.slice(1, close), ',');
        if (values === null) return fail(i + 1, `attribute '${name}': cannot read the nominal values ${typeText}`);
        const categories = values.map((v) => v.value).filter((v, k, all) => !(v === '' && all.length === 1));
        if (new Set(categories).size !== categories.length) fail(i + 1, `attribute '${name}' declares a nominal value twice`);
        attributes.push({ name, kind: 'nominal', categories });
      } else {
        const type = typeText.split(/\s+/)[0]!.toLowerCase();
        if (type === 'numeric' || type === 'real' || type === 'integer') attributes.push({ name, kind: 'numeric', categories: [] });
        else if (type === 'string' || type === 'date') attributes.push({ name, kind: 'string', categories: [] });
        else fail(i + 1, `attribute '${name}' has unsupported type '${type}'`);
      }
    }
    if (i >= lines.length) throw invalidDataset(entry, 'no @data section', 'an ARFF file needs @attribute lines and then @data');
    if (attributes.length === 0) throw invalidDataset(entry, 'no @attribute lines before @data');

    const nCols = attributes.length;
    // A cell is the value's text, MISSING for an unquoted `?`, or OMITTED for a value a sparse row leaves out.
    const cells: Cell[][] = attributes.map(() => []);
    const rowLines: number[] = [];
    let nRows = 0;
    for (i++; i < lines.length; i++) {
      const text = lines[i]!.trim();
      if (text === '' || text.startsWith('%')) continue;
      const row = nRows++;
      rowLines.push(i + 1);
      if (text.startsWith('{')) {
        if (!text.endsWith('}')) fail(i + 1, 'a sparse row must end with }');
        for (const col of cells) col[row] = OMITTED;
        const pairs = splitArff(text.slice(1, -1), ',') ?? fail(i + 1, 'unclosed quote');
        for (const pair of pairs) {
          if (pair.value === '' && pairs.length === 1) break;
          const space = pair.value.search(/\s/);
          const index = Number(pair.value.slice(0, space));
          if (space < 0 || !Number.isInteger(index) || index < 0 || index >= nCols) fail(i + 1, `'${pair.value}' is not 'index value' with an index below ${nCols}`);
          const inner = splitArff(pair.value.slice(space + 1), ',')?.[0];
          cells[index]![row] = inner === undefined ? '' : toCell(inner);
        }
        continue;
      }
      const values = splitArff(text, ',') ?? fail(i + 1, 'unclosed quote');
      if (values.length !== nCols) fail(i + 1, `${values.length} values, expected ${nCols} (one per @attribute)`);
      values.forEach((v, c) => {
        cells[c]![row] = toCell(v);
      });
    }

    const columns = attributes.map((attribute, c): Column => {
      const raw = cells[c]!;
      if (attribute.kind === 'numeric') {
        const values = new Float64Array(nRows);
        for (let r = 0; r < nRows; r++) {
          const v = raw[r]!;
          if (v === MISSING) values[r] = NaN;
          else if (v === OMITTED) values[r] = 0;
          else {
            const x = Number(v);
            if (v === '' || Number.isNaN(x)) fail(rowLines[r]!, `attribute '${attribute.name}': '${v}' is not a number`);
            values[r] = x;
          }
        }
        return { name: attribute.name, kind: 'numeric', values };
      }
      const categories = [...attribute.categories];
      const index = new Map(categories.map((v, k) => [v, k]));
      const codes = new Int32Array(nRows);
      for (let r = 0; r < nRows; r++) {
        const v = raw[r]!;
        // A value left out of a sparse row is "index 0": the first declared value of a nominal
        // attribute; for string attributes, which have no declared values, it is read as missing.
        if (v === MISSING || (v === OMITTED && categories.length === 0)) {
          codes[r] = -1;
          continue;
        }
        if (v === OMITTED) {
          codes[r] = 0;
          continue;
        }
        let code = index.get(v);
        if (code === undefined) {
          if (attribute.kind === 'nominal') fail(rowLines[r]!, `attribute '${attribute.name}': '${v}' is not one of its declared values {${attribute.categories.join(',')}}`);
          code = categories.push(v) - 1;
          index.set(v, code);
        }
        codes[r] = code;
      }
      return { name: attribute.name, kind: 'categorical', codes, categories };
    });
    return { nRows, columns };
  },

  save(value, entry) {
    const table = checkTable(value, entry);
    const relation = stringOption(entry, 'relation', entry.name);
    const out: string[] = [`@relation ${quoteArff(relation)}`, ''];
    for (const col of table.columns) {
      out.push(`@attribute ${quoteArff(col.name)} ${col.kind === 'numeric' ? 'numeric' : `{${col.categories.map(quoteArff).join(',')}}`}`);
    }
    out.push('', '@data');
    for (let r = 0; r < table.nRows; r++) {
      const row = table.columns.map((col) => {
        if (col.kind === 'numeric') {
          const v = col.values[r]!;
          if (v === Infinity || v === -Infinity) throw invalidDataset(entry, `cannot save: column '${col.name}' row ${r} is ${v}`);
          return v !== v ? '?' : v === 0 && 1 / v < 0 ? '-0' : String(v);
        }
        const code = col.codes[r]!;
        return code < 0 ? '?' : quoteArff(col.categories[code]!);
      });
      out.push(row.join(','));
    }
    return Buffer.from(`${out.join('\n')}\n`, 'utf8');
  },
};
