/**
 * JSON Lines (one JSON object per line) as a `Table`. Columns are the keys in order of first
 * appearance; a column is numeric when every present value is a number, else categorical (numbers
 * and booleans in it become their text; categories in order of first appearance). `null` or an
 * absent key is missing. Saved as one object per row, missing values as `null`.
 */
import type { Column, Table } from '../../core/index.js';
import { invalidDataset, type DatasetType } from '../dataset-type.js';
import { checkTable } from '../table-check.js';
import { decodeText } from '../text.js';

type Cell = string | number | boolean | null | undefined;

/** The `jsonl` dataset type. */
export const jsonlType: DatasetType<Table> = {
  name: 'jsonl',
  summary: 'JSON Lines: one object per line, as a Table (keys are columns)',

  load(bytes, entry) {
    const names: string[] = [];
    const cells = new Map<string, Cell[]>();
    let nRows = 0;
    const lines = decodeText(bytes, entry).split('\n');
    lines.forEach((text, i) => {
      if (text.trim() === '') return;
      const line = i + 1;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw invalidDataset(entry, `line ${line}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`, undefined, { line });
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw invalidDataset(entry, `line ${line}: expected a JSON object, got ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`, undefined, { line });
      }
      const row = nRows++;
      for (const [key, cell] of Object.entries(value)) {
        if (typeof cell === 'object' && cell !== null) {
          throw invalidDataset(entry, `line ${line}: key '${key}' holds a nested ${Array.isArray(cell) ? 'array' : 'object'}; a table needs flat values`, undefined, { line });
        }
        let column = cells.get(key);
        if (column === undefined) {
          column = [];
          cells.set(key, column);
          names.push(key);
        }
        column[row] = cell as Cell;
      }
    });
    const columns = names.map((name): Column => {
      const column = cells.get(name)!;
      let numeric = true;
      for (let i = 0; i < nRows && numeric; i++) {
        const v = column[i];
        if (v !== undefined && v !== null && typeof v !== 'number') numeric = false;
      }
      if (numeric) {
        return { name, kind: 'numeric', values: Float64Array.from({ length: nRows }, (_, i) => (typeof column[i] === 'number' ? (column[i] as number) : NaN)) };
      }
      const categories: string[] = [];
      const index = new Map<string, number>();
      const codes = Int32Array.from({ length: nRows }, (_, i) => {
        const v = column[i];
        if (v === undefined || v === null) return -1;
        const text = String(v);
        let code = index.get(text);
        if (code === undefined) {
          code = categories.push(text) - 1;
          index.set(text, code);
        }
        return code;
      });
      return { name, kind: 'categorical', codes, categories };
    });
    return { nRows, columns };
  },

  save(value, entry) {
    const table = checkTable(value, entry);
    const lines: string[] = [];
    for (let i = 0; i < table.nRows; i++) {
      const row: Record<string, string | number | null> = {};
      for (const col of table.columns) {
        if (col.kind === 'numeric') {
          const v = col.values[i]!;
          if (v === Infinity || v === -Infinity) throw invalidDataset(entry, `cannot save: column '${col.name}' row ${i} is ${v}, which JSON cannot hold`);
          row[col.name] = v !== v ? null : v;
        } else {
          const code = col.codes[i]!;
          row[col.name] = code < 0 ? null : col.categories[code]!;
        }
      }
      lines.push(JSON.stringify(row));
    }
    return Buffer.from(lines.length === 0 ? '' : `${lines.join('\n')}\n`, 'utf8');
  },
};
