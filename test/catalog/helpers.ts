/** Small helpers for catalog tests: decoding tables into plain values to compare them. */
import type { Column, Table } from '../../src/core/index.js';

/** A column's values as plain JS: numbers (NaN kept) or category strings (`null` for missing). */
export function columnValues(col: Column): Array<number | string | null> {
  if (col.kind === 'numeric') return Array.from(col.values);
  return Array.from(col.codes, (code) => (code < 0 ? null : col.categories[code]!));
}

/** A table as `{ name: { kind, values } }`, for `toEqual` comparisons that ignore dtype and category order. */
export function tableValues(table: Table): Record<string, { kind: string; values: Array<number | string | null> }> {
  const out: Record<string, { kind: string; values: Array<number | string | null> }> = {};
  for (const col of table.columns) out[col.name] = { kind: col.kind, values: columnValues(col) };
  return out;
}

/** The column named `name`, or a test failure. */
export function column(table: Table, name: string): Column {
  const col = table.columns.find((c) => c.name === name);
  if (col === undefined) throw new Error(`no column '${name}' in ${table.columns.map((c) => c.name).join(', ')}`);
  return col;
}

/** Builds a categorical column from strings (`null` = missing), categories in first-appearance order. */
export function categorical(name: string, values: Array<string | null>): Column {
  const categories: string[] = [];
  const codes = Int32Array.from(values, (v) => {
    if (v === null) return -1;
    let i = categories.indexOf(v);
    if (i < 0) i = categories.push(v) - 1;
    return i;
  });
  return { name, kind: 'categorical', codes, categories };
}
