/**
 * A compact binary columnar `Table`, for intermediates (a dataset's prepared data, splits):
 * `SWTB`, a u32 little-endian header length, a JSON header (names, kinds, dtypes, categories,
 * lengths), zero padding to 8 bytes, then each column's raw typed-array bytes (little-endian),
 * each padded to 8. Every dtype round-trips exactly, NaN payloads included.
 */
import type { Column, NumericArray, Table } from '../../core/index.js';
import { invalidDataset, type DatasetEntry, type DatasetType } from '../dataset-type.js';
import { checkTable } from '../table-check.js';

const MAGIC = 'SWTB';
const VERSION = 1;

type Dtype = 'float64' | 'float32' | 'uint8' | 'int32';

interface ColumnHeader {
  name: string;
  kind: 'numeric' | 'categorical';
  dtype: Dtype;
  length: number;
  categories?: string[];
}

interface TableHeader {
  version: number;
  nRows: number;
  columns: ColumnHeader[];
}

const ARRAYS: Record<Dtype, { new (buffer: ArrayBuffer): NumericArray | Int32Array; BYTES_PER_ELEMENT: number }> = {
  float64: Float64Array,
  float32: Float32Array,
  uint8: Uint8Array,
  int32: Int32Array,
};

function dtypeOf(values: NumericArray | Int32Array): Dtype {
  if (values instanceof Float64Array) return 'float64';
  if (values instanceof Float32Array) return 'float32';
  if (values instanceof Uint8Array) return 'uint8';
  return 'int32';
}

const pad8 = (n: number): number => (n + 7) & ~7;

if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  // Typed arrays are stored in platform order; every platform Node ships on is little-endian.
  throw new Error('the table dataset type needs a little-endian platform');
}

/** Encodes a table in the binary columnar form. */
export function encodeTable(table: Table): Buffer {
  const header: TableHeader = {
    version: VERSION,
    nRows: table.nRows,
    columns: table.columns.map((col) =>
      col.kind === 'numeric'
        ? { name: col.name, kind: 'numeric', dtype: dtypeOf(col.values), length: col.values.length }
        : { name: col.name, kind: 'categorical', dtype: 'int32', length: col.codes.length, categories: col.categories },
    ),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const start = pad8(8 + json.length);
  const parts: Uint8Array[] = table.columns.map((col) => {
    const arr = col.kind === 'numeric' ? col.values : col.codes;
    return new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength);
  });
  const total = parts.reduce((sum, p) => sum + pad8(p.byteLength), start);
  const out = Buffer.alloc(total);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(json.length, 4);
  json.copy(out, 8);
  let offset = start;
  for (const part of parts) {
    out.set(part, offset);
    offset += pad8(part.byteLength);
  }
  return out;
}

/** Decodes the binary columnar form, checking every length against the byte count. */
export function decodeTable(bytes: Buffer, entry: DatasetEntry): Table {
  const fail = (message: string): never => {
    throw invalidDataset(entry, `not a sweep table file: ${message}`, 'table files are written by sweep itself; re-run the node that produced it');
  };
  if (bytes.length < 8 || bytes.toString('latin1', 0, 4) !== MAGIC) fail(`it does not start with '${MAGIC}'`);
  const headerLength = bytes.readUInt32LE(4);
  if (8 + headerLength > bytes.length) fail('the header is cut off');
  let header: TableHeader;
  try {
    header = JSON.parse(bytes.toString('utf8', 8, 8 + headerLength)) as TableHeader;
  } catch {
    return fail('the header is not JSON');
  }
  if (header.version !== VERSION) fail(`version ${String(header.version)} is not supported (expected ${VERSION})`);
  let offset = pad8(8 + headerLength);
  const columns: Column[] = [];
  for (const col of header.columns) {
    const Ctor = ARRAYS[col.dtype];
    if (Ctor === undefined) fail(`column '${col.name}' has unknown dtype '${String(col.dtype)}'`);
    if (col.length !== header.nRows) fail(`column '${col.name}' has ${col.length} values, expected ${header.nRows}`);
    const byteLength = col.length * Ctor.BYTES_PER_ELEMENT;
    if (offset + byteLength > bytes.length) fail(`column '${col.name}' is cut off`);
    // Copy into a fresh, aligned ArrayBuffer: file buffers may sit at any offset in a shared pool.
    const buffer = new ArrayBuffer(byteLength);
    new Uint8Array(buffer).set(bytes.subarray(offset, offset + byteLength));
    offset += pad8(byteLength);
    if (col.kind === 'categorical') {
      if (col.dtype !== 'int32' || !Array.isArray(col.categories)) fail(`categorical column '${col.name}' needs int32 codes and categories`);
      columns.push({ name: col.name, kind: 'categorical', codes: new Int32Array(buffer), categories: col.categories ?? [] });
    } else {
      columns.push({ name: col.name, kind: 'numeric', values: new Ctor(buffer) as NumericArray });
    }
  }
  return { nRows: header.nRows, columns };
}

/** The `table` dataset type. */
export const tableType: DatasetType<Table> = {
  name: 'table',
  summary: 'a binary columnar Table (exact dtypes; for intermediates)',
  load: (bytes, entry) => decodeTable(bytes, entry),
  save: (value, entry) => encodeTable(checkTable(value, entry)),
};
