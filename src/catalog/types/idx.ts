/**
 * IDX files (MNIST, Fashion-MNIST) as a `Table`: each image flattened into columns
 * `pixel0..pixel{N-1}` (Uint8Array for unsigned-byte data, else Float64Array), plus a `label`
 * column read from the companion file `options.labels_path` (resolved through the same storage
 * drivers, gunzipped when gzip). Without `labels_path` the table has pixel columns only.
 */
import type { Column, NumericArray, Table } from '../../core/index.js';
import { invalidDataset, stringOption, type DatasetEntry, type DatasetType } from '../dataset-type.js';

/** A parsed IDX array: its shape and its values in row-major order. */
export interface IdxArray {
  shape: number[];
  data: NumericArray;
}

interface IdxDtype {
  size: number;
  read(view: DataView, offset: number): number;
}

const DTYPES: Record<number, IdxDtype> = {
  0x08: { size: 1, read: (v, o) => v.getUint8(o) },
  0x09: { size: 1, read: (v, o) => v.getInt8(o) },
  0x0b: { size: 2, read: (v, o) => v.getInt16(o) },
  0x0c: { size: 4, read: (v, o) => v.getInt32(o) },
  0x0d: { size: 4, read: (v, o) => v.getFloat32(o) },
  0x0e: { size: 8, read: (v, o) => v.getFloat64(o) },
};

/** Parses IDX bytes (big-endian header `00 00 dtype ndims`, then dims, then data); `file` names it in errors. */
export function parseIdx(bytes: Buffer, entry: DatasetEntry, file: string): IdxArray {
  const fail = (message: string): never => {
    throw invalidDataset(entry, `${file}: ${message}`, 'IDX files start with 00 00, a type byte and a dimension count (MNIST format)', { file });
  };
  if (bytes.length < 4) fail(`too short for an IDX header (${bytes.length} bytes)`);
  if (bytes[0] !== 0 || bytes[1] !== 0) fail(`bad magic number 0x${bytes.readUInt32BE(0).toString(16).padStart(8, '0')}; not an IDX file`);
  const dtype = DTYPES[bytes[2]!];
  if (dtype === undefined) fail(`unknown IDX data type 0x${bytes[2]!.toString(16)}`);
  const ndims = bytes[3]!;
  if (ndims === 0) fail('zero dimensions');
  const dataStart = 4 + 4 * ndims;
  if (bytes.length < dataStart) fail(`header cut off: ${ndims} dimensions need ${dataStart} bytes`);
  const shape: number[] = [];
  for (let d = 0; d < ndims; d++) shape.push(bytes.readUInt32BE(4 + 4 * d));
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = dataStart + count * dtype!.size;
  if (bytes.length !== expected) {
    fail(`size mismatch: shape ${shape.join('×')} needs ${expected} bytes, the file has ${bytes.length}`);
  }
  if (bytes[2] === 0x08) return { shape, data: new Uint8Array(bytes.subarray(dataStart)) };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = dtype!.read(view, dataStart + i * dtype!.size);
  return { shape, data };
}

/** Turns an image array (n × …) and optional labels (n) into a table of pixel columns plus `label`. */
export function idxToTable(images: IdxArray, labels: IdxArray | undefined, entry: DatasetEntry, labelsFile?: string): Table {
  const n = images.shape[0]!;
  const width = images.shape.slice(1).reduce((a, b) => a * b, 1);
  const columns: Column[] = [];
  const Ctor = images.data.constructor as new (length: number) => NumericArray;
  const source = images.data;
  const arrays = Array.from({ length: width }, () => new Ctor(n));
  // Transpose in blocks of rows so each block of images stays in cache while it is spread out.
  const BLOCK = 256;
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const i1 = Math.min(n, i0 + BLOCK);
    for (let j = 0; j < width; j++) {
      const values = arrays[j]!;
      for (let i = i0, k = i0 * width + j; i < i1; i++, k += width) values[i] = source[k]!;
    }
  }
  arrays.forEach((values, j) => columns.push({ name: `pixel${j}`, kind: 'numeric', values }));
  if (labels !== undefined) {
    if (labels.shape.length !== 1) {
      throw invalidDataset(entry, `${labelsFile}: labels must be one-dimensional, got shape ${labels.shape.join('×')}`, undefined, { file: labelsFile });
    }
    if (labels.shape[0] !== n) {
      throw invalidDataset(entry, `${labelsFile}: ${labels.shape[0]} labels for ${n} images`, 'pair the images file with its own labels file (train with train, t10k with t10k)', { file: labelsFile });
    }
    columns.push({ name: 'label', kind: 'numeric', values: labels.data });
  }
  return { nRows: n, columns };
}

/** The `idx` dataset type (read-only). */
export const idxType: DatasetType<Table> = {
  name: 'idx',
  summary: 'IDX images (MNIST format) as pixel0.. columns plus a label column from options.labels_path',
  async load(bytes, entry, ctx) {
    const images = parseIdx(bytes, entry, entry.path);
    if (images.shape.length < 2) throw invalidDataset(entry, `${entry.path}: expected images (n × height × width), got shape ${images.shape.join('×')}`);
    const labelsPath = stringOption(entry, 'labels_path');
    const labels = labelsPath === undefined ? undefined : parseIdx(await ctx.read(labelsPath), entry, labelsPath);
    return idxToTable(images, labels, entry, labelsPath);
  },
};
