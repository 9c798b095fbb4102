/** Checks that a value handed to `save` is a well-formed core `Table` before a type serializes it. */
import type { Column, Table } from '../core/index.js';
import { invalidDataset, type DatasetEntry } from './dataset-type.js';

const NUMERIC_ARRAYS = [Float64Array, Float32Array, Uint8Array, Int32Array] as const;

/** The `value` as a `Table`, or a `SWEEP_DATASET_INVALID` error saying what is wrong with it. */
export function checkTable(value: unknown, entry: DatasetEntry): Table {
  const fail = (message: string): never => {
    throw invalidDataset(entry, `cannot save: ${message}`);
  };
  if (typeof value !== 'object' || value === null) return fail(`expected a Table, got ${value === null ? 'null' : typeof value}`);
  const table = value as Partial<Table>;
  if (typeof table.nRows !== 'number' || !Number.isInteger(table.nRows) || table.nRows < 0 || !Array.isArray(table.columns)) {
    return fail('expected a Table ({ nRows, columns })');
  }
  const seen = new Set<string>();
  for (const column of table.columns as unknown[]) {
    const col = column as Partial<Column> & { values?: unknown; codes?: unknown; categories?: unknown };
    if (typeof col.name !== 'string') return fail('every column needs a string name');
    if (seen.has(col.name)) return fail(`duplicate column name '${col.name}'`);
    seen.add(col.name);
    if (col.kind === 'numeric') {
      if (!NUMERIC_ARRAYS.some((Ctor) => col.values instanceof Ctor)) return fail(`column '${col.name}': values must be a Float64Array, Float32Array, Uint8Array or Int32Array`);
      if ((col.values as ArrayLike<number>).length !== table.nRows) return fail(`column '${col.name}' has ${(col.values as ArrayLike<number>).length} values, expected ${table.nRows}`);
    } else if (col.kind === 'categorical') {
      if (!(col.codes instanceof Int32Array)) return fail(`column '${col.name}': codes must be an Int32Array`);
      if (!Array.isArray(col.categories) || !col.categories.every((c) => typeof c === 'string')) return fail(`column '${col.name}': categories must be strings`);
      if (col.codes.length !== table.nRows) return fail(`column '${col.name}' has ${col.codes.length} codes, expected ${table.nRows}`);
      const n = col.categories.length;
      for (const code of col.codes) if (code < -1 || code >= n) return fail(`column '${col.name}': code ${code} is outside its ${n} categories`);
    } else {
      return fail(`column '${col.name}': kind must be 'numeric' or 'categorical'`);
    }
  }
  return table as Table;
}
