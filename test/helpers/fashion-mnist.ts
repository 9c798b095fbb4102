/**
 * Reads slices of the Fashion-MNIST IDX files (installed by CI in `/usr/share/datasets/fashion-mnist/`)
 * without the catalog, so model tests do not depend on another layer's progress.
 */
import { readFileSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Matrix } from '../../src/core/index.js';

/** Where Debian's `dataset-fashion-mnist` puts the IDX files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** True when the Fashion-MNIST files are installed. */
export function hasFashionMnist(): boolean {
  return existsSync(`${FASHION_MNIST_DIR}/t10k-images-idx3-ubyte.gz`);
}

/** Rows `start..start+count` of a Fashion-MNIST split as a matrix of raw pixels (0..255) and integer labels. */
export function readFashionMnist(split: 'train' | 't10k', start: number, count: number): { X: Matrix; y: number[] } {
  const images = gunzipSync(readFileSync(`${FASHION_MNIST_DIR}/${split}-images-idx3-ubyte.gz`));
  const labels = gunzipSync(readFileSync(`${FASHION_MNIST_DIR}/${split}-labels-idx1-ubyte.gz`));
  if (images.readUInt32BE(0) !== 2051 || labels.readUInt32BE(0) !== 2049) throw new Error('not IDX image/label files');
  const n = images.readUInt32BE(4);
  const cols = images.readUInt32BE(8) * images.readUInt32BE(12);
  if (start + count > n) throw new RangeError(`asked for rows ${start}..${start + count} of ${n}`);
  const data = new Float64Array(count * cols);
  for (let k = 0; k < count * cols; k++) data[k] = images[16 + start * cols + k]!;
  const y: number[] = [];
  for (let i = 0; i < count; i++) y.push(labels[8 + start + i]!);
  return { X: { data, rows: count, cols }, y };
}
