/**
 * Benchmark (not a test): fit and transform Fashion-MNIST's 60,000×784 training images, loaded as
 * a table of Uint8Array pixel columns (as the `idx` dataset type loads them).
 * Run: npx tsx test/preprocessing/bench-fashion-mnist.ts [standard|minmax|none]
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Column, Table } from '../../src/core/index.js';
import { TablePreprocessor, type Scaling } from '../../src/preprocessing/index.js';

const path = process.env['FASHION_MNIST'] ?? '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz';
const bytes = gunzipSync(readFileSync(path));
const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const n = view.getUint32(4);
const pixels = view.getUint32(8) * view.getUint32(12);
const columns: Column[] = [];
for (let j = 0; j < pixels; j++) {
  const values = new Uint8Array(n);
  for (let i = 0; i < n; i++) values[i] = bytes[16 + i * pixels + j]!;
  columns.push({ name: `pixel${j}`, kind: 'numeric', values });
}
const table: Table = { nRows: n, columns };
const scale = (process.argv[2] ?? 'standard') as Scaling;

const time = (f: () => void): number => {
  const start = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - start) / 1e6;
};
const pre = new TablePreprocessor({ scale });
const fitMs = time(() => pre.fit(table));
const runs: number[] = [];
for (let r = 0; r < 5; r++) runs.push(time(() => pre.transform(table)));
runs.sort((a, b) => a - b);
console.log(`${n}×${pixels} scale=${scale}: fit ${fitMs.toFixed(0)} ms; transform min ${runs[0]!.toFixed(0)} ms, median ${runs[2]!.toFixed(0)} ms (5 runs)`);
