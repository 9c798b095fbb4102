/**
 * The benchmark matrices of `bench/micro/knn.ts` and `nb.ts`: Fashion-MNIST from its IDX files
 * (parsed here) and adult one-hot (numeric columns unscaled, categories sorted; every 5th row is
 * test), plus KDD Cup 99 10% for naive Bayes (one-hot protocol/service/flag, every 5th row test).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Label, Matrix } from '../../src/core/index.js';

/** A train/test split of one dataset. */
export interface BenchSplit {
  Xtr: Matrix;
  ytr: Label[];
  Xte: Matrix;
  yte: Label[];
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function readIdx(file: string): { dims: number[]; data: Uint8Array } {
  const buf = gunzipSync(readFileSync(file));
  const nd = buf[3]!;
  const dims: number[] = [];
  for (let i = 0; i < nd; i++) dims.push(buf.readUInt32BE(4 + 4 * i));
  return { dims, data: new Uint8Array(buf.buffer, buf.byteOffset + 4 + 4 * nd, buf.length - 4 - 4 * nd) };
}

function fashion(queries?: number): BenchSplit {
  const dir = '/usr/share/datasets/fashion-mnist';
  const part = (img: string, lab: string, limit?: number): [Matrix, Label[]] => {
    const { dims, data } = readIdx(path.join(dir, img));
    const rows = Math.min(dims[0]!, limit ?? Infinity);
    const cols = data.length / dims[0]!;
    const X = new Float64Array(rows * cols);
    for (let k = 0; k < X.length; k++) X[k] = data[k]!;
    return [{ data: X, rows, cols }, Array.from(readIdx(path.join(dir, lab)).data.subarray(0, rows))];
  };
  const [Xtr, ytr] = part('train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz');
  const [Xte, yte] = part('t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz', queries);
  return { Xtr, ytr, Xte, yte };
}

/** One-hot encodes string columns `categorical` (sorted categories), keeps the others as numbers. */
function encodeCsv(rows: string[][], target: number, categorical: Set<number>): { X: Float64Array; cols: number; y: Label[]; numeric: number[] } {
  const width = rows[0]!.length;
  const cats = new Map<number, string[]>();
  for (const c of categorical) cats.set(c, [...new Set(rows.map((r) => r[c]!))].sort());
  const layout: { col: number; offset: number }[] = [];
  let cols = 0;
  for (let c = 0; c < width; c++) {
    if (c === target) continue;
    layout.push({ col: c, offset: cols });
    cols += categorical.has(c) ? cats.get(c)!.length : 1;
  }
  const X = new Float64Array(rows.length * cols);
  const numeric = layout.filter(({ col }) => !categorical.has(col)).map(({ offset }) => offset);
  rows.forEach((r, i) => {
    for (const { col, offset } of layout) {
      if (categorical.has(col)) X[i * cols + offset + cats.get(col)!.indexOf(r[col]!)] = 1;
      else X[i * cols + offset] = Number(r[col]);
    }
  });
  return { X, cols, y: rows.map((r) => r[target]!), numeric };
}

function holdout(X: Float64Array, cols: number, y: Label[], queries?: number): BenchSplit {
  const tr: number[] = [];
  const te: number[] = [];
  for (let i = 0; i < y.length; i++) (i % 5 === 0 ? te : tr).push(i);
  const teKept = te.slice(0, queries ?? te.length);
  const take = (idx: number[]): Matrix => {
    const data = new Float64Array(idx.length * cols);
    idx.forEach((r, k) => data.set(X.subarray(r * cols, (r + 1) * cols), k * cols));
    return { data, rows: idx.length, cols };
  };
  return { Xtr: take(tr), ytr: tr.map((i) => y[i]!), Xte: take(teKept), yte: teKept.map((i) => y[i]!) };
}

function csvRows(file: string, header: boolean): string[][] {
  const lines = gunzipSync(readFileSync(path.join(ROOT, 'datasets', file))).toString('utf8').split('\n').filter((l) => l.length > 0);
  return (header ? lines.slice(1) : lines).map((l) => l.split(','));
}

function adult(queries?: number): BenchSplit {
  const rows = csvRows('adult.csv.gz', true);
  // columns: age,type_employer,fnlwgt,education,education_num,marital,occupation,relationship,race,sex,capital_gain,capital_loss,hr_per_week,country,income
  const { X, cols, y } = encodeCsv(rows, 14, new Set([1, 3, 5, 6, 7, 8, 9, 13]));
  return holdout(X, cols, y, queries);
}

function kdd(queries?: number): BenchSplit {
  const rows = csvRows('kddcup99-10pct.csv.gz', false);
  const { X, cols, y } = encodeCsv(rows, 41, new Set([1, 2, 3]));
  return holdout(X, cols, y, queries);
}

/** Benchmark datasets by name; `queries` limits the number of test rows. */
export const benchDatasets: Record<string, (queries?: number) => BenchSplit> = { fashion, adult };
/** Also KDD, for naive Bayes (k-NN on all of it is ~6·10¹² multiply-adds). */
export const nbDatasets: Record<string, (queries?: number) => BenchSplit> = { fashion, adult, kdd };

/**
 * Standardizes columns `numeric` of a split in place with the training rows' mean and population
 * standard deviation (scikit-learn's StandardScaler; a constant column keeps scale 1), as the
 * sweep's `scale: standard` does before k-NN. One-hot columns stay 0/1.
 */
export function standardize(split: BenchSplit, numeric: readonly number[]): BenchSplit {
  const { Xtr, Xte } = split;
  const cols = Xtr.cols;
  for (const j of numeric) {
    let mean = 0;
    for (let i = 0; i < Xtr.rows; i++) mean += Xtr.data[i * cols + j]!;
    mean /= Xtr.rows;
    let v = 0;
    for (let i = 0; i < Xtr.rows; i++) v += (Xtr.data[i * cols + j]! - mean) ** 2;
    let sd = Math.sqrt(v / Xtr.rows);
    if (sd === 0) sd = 1;
    for (const M of [Xtr, Xte]) for (let i = 0; i < M.rows; i++) M.data[i * cols + j] = (M.data[i * cols + j]! - mean) / sd;
  }
  return split;
}

/** adult with its six numeric columns standardized (every 5th row test). */
function adultScaled(queries?: number): BenchSplit {
  const { X, cols, y, numeric } = encodeCsv(csvRows('adult.csv.gz', true), 14, new Set([1, 3, 5, 6, 7, 8, 9, 13]));
  return standardize(holdout(X, cols, y, queries), numeric);
}

/**
 * A KDD Cup 99 sample with its 38 numeric columns standardized: rows i % 14 == 0 train (35,288),
 * the other rows with i % 33 == 1 test (disjoint from train).
 */
function kddScaled(queries?: number): BenchSplit {
  const rows = csvRows('kddcup99-10pct.csv.gz', false);
  const tr: string[][] = [];
  const te: string[][] = [];
  rows.forEach((r, i) => {
    if (i % 14 === 0) tr.push(r);
    else if (i % 33 === 1) te.push(r);
  });
  const { X, cols, y, numeric } = encodeCsv([...tr, ...te.slice(0, queries ?? te.length)], 41, new Set([1, 2, 3]));
  const nte = Math.min(te.length, queries ?? te.length);
  const take = (a: number, b: number): Matrix => ({ data: X.slice(a * cols, b * cols), rows: b - a, cols });
  const split = { Xtr: take(0, tr.length), ytr: y.slice(0, tr.length), Xte: take(tr.length, tr.length + nte), yte: y.slice(tr.length) };
  return standardize(split, numeric);
}

/** Non-integer benchmark data: numeric columns standardized, one-hot columns 0/1 (the sweep's default for k-NN). */
export const scaledDatasets: Record<string, (queries?: number) => BenchSplit> = { 'adult-scaled': adultScaled, 'kdd-scaled': kddScaled };
