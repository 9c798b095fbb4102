/**
 * Shards for batch schedulers (`sweep run --shard i/N`): a deterministic 1/N of the cells, balanced
 * by estimated cost, so a Slurm array or a Kubernetes Indexed Job runs one sweep as N tasks; then
 * `mergeRuns` builds one run folder and report from the N shard folders.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { constants as zlibConstants, gunzipSync } from 'node:zlib';
import type { DatasetConfig } from '../config/index.js';
import { SweepError, joinName } from '../core/index.js';
import type { Cell, SweepPlan } from './plan.js';

/** Shard `index` (1-based) of `count`. */
export interface ShardSpec {
  index: number;
  count: number;
}

/** Parses `i/N` (1 ≤ i ≤ N); anything else is a usage error. */
export function parseShard(text: string): ShardSpec {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m === null ? NaN : Number(m[1]);
  const count = m === null ? NaN : Number(m[2]);
  if (!Number.isInteger(index) || !Number.isInteger(count) || count < 1 || index < 1 || index > count) {
    throw new SweepError('SWEEP_USAGE', `--shard expects i/N with 1 ≤ i ≤ N, got '${text}'`, { hint: 'e.g. --shard 1/4 … --shard 4/4 (Slurm: --shard $((SLURM_ARRAY_TASK_ID+1))/$SLURM_ARRAY_TASK_COUNT)' });
  }
  return { index, count };
}

const SAMPLE_BYTES = 64 * 1024;

/** The first bytes of a file, and its whole size (a gzip file's uncompressed size from its trailer). */
function peek(file: string): { head: Buffer; size: number } {
  const fd = openSync(file, 'r');
  try {
    const size = statSync(file).size;
    const raw = Buffer.alloc(Math.min(size, SAMPLE_BYTES));
    readSync(fd, raw, 0, raw.length, 0);
    if (!file.endsWith('.gz') || size < 18) return { head: raw, size };
    const trailer = Buffer.alloc(4);
    readSync(fd, trailer, 0, 4, size - 4);
    // ISIZE is the size mod 2^32: a file over 4 GiB reads small, which only misweights its cells.
    return { head: gunzipSync(raw, { finishFlush: zlibConstants.Z_SYNC_FLUSH }), size: trailer.readUInt32LE(0) };
  } finally {
    closeSync(fd);
  }
}

/**
 * Rows × features of a dataset, estimated without loading it: for delimited text, features from
 * the first line and rows from the file size over the mean length of the first 64 KiB of lines;
 * otherwise (binary formats) the file size. Capped by `sample`. Remote files count as 10⁶.
 */
export function estimateDatasetSize(d: DatasetConfig): number {
  const one = (file: string | null): { rows: number; features: number } => {
    if (file === null) return { rows: 0, features: 0 };
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) return { rows: 1000, features: 1000 };
    let head: Buffer;
    let size: number;
    try {
      ({ head, size } = peek(file));
    } catch {
      return { rows: 1000, features: 1000 };
    }
    const text = head.toString('latin1');
    const lines = text.split('\n');
    if (d.type !== 'csv' || lines.length < 2) return { rows: 1, features: Math.max(1, size) };
    const first = lines[0]!;
    const delimiter = d.delimiter ?? ([',', ';', '\t', '|'].map((c) => [c, first.split(c).length] as const).sort((a, b) => b[1] - a[1])[0]![0]);
    const features = Math.max(1, first.split(delimiter).length - 1);
    const complete = lines.length - 1; // the last line may be cut
    const rows = Math.max(1, Math.round(size / (text.length / Math.max(1, complete))) - (d.header ? 1 : 0));
    return { rows, features };
  };
  const train = one(d.path);
  const test = one(d.testPath);
  const rows = d.sample === null ? train.rows + test.rows : Math.min(d.sample, train.rows + test.rows);
  return rows * Math.max(train.features, 1);
}

/**
 * How costly each algorithm is relative to a decision tree on the same data, roughly: a forest
 * and boosting scale with their number of trees; k-NN with the training rows (brute force).
 * Unknown algorithms weigh 1. Only the balance of shards depends on these, never a result.
 */
function algorithmWeight(cell: Cell, rows: number): number {
  const n = (key: string, fallback: number): number => (typeof cell.params[key] === 'number' ? (cell.params[key] as number) : fallback);
  switch (cell.estimator) {
    case 'random-forest':
      return n('n_estimators', 100) / 3;
    case 'gradient-boosting':
    case 'adaboost':
      return n('max_iter', n('n_estimators', 100)) / 5;
    case 'knn':
      return Math.max(1, rows / 2000);
    case 'naive-bayes':
      return 0.2;
    case 'svm':
      return Math.max(1, rows / 1000);
    default:
      return 1;
  }
}

/** Estimated cost of every cell of the plan, in plan order: rows × features × folds × algorithm weight (× 10 when tuned). */
export function estimateCellCosts(plan: SweepPlan): number[] {
  const sizes = new Map(plan.datasets.map((d) => [d.name, { size: estimateDatasetSize(d), rows: d.sample ?? 10_000 }]));
  return plan.cells.map((cell) => {
    const s = sizes.get(cell.dataset) ?? { size: 1, rows: 1 };
    return s.size * cell.folds * algorithmWeight(cell, s.rows) * (cell.tuned ? 10 : 1);
  });
}

/**
 * The shard (0-based) of each cell: longest-processing-time first, each cell to the least loaded
 * shard; ties by plan position and lowest shard, so every task computes the same assignment.
 */
export function assignShards(costs: readonly number[], count: number): number[] {
  const order = costs.map((_, k) => k).sort((a, b) => costs[b]! - costs[a]! || a - b);
  const load = new Array<number>(count).fill(0);
  const shard = new Array<number>(costs.length).fill(0);
  for (const k of order) {
    let best = 0;
    for (let s = 1; s < count; s++) if (load[s]! < load[best]!) best = s;
    shard[k] = best;
    load[best]! += costs[k]!;
  }
  return shard;
}

/** Where a shard's cells sit in the whole plan (recorded in results.json, so a merge restores plan order). */
export interface ShardInfo {
  index: number;
  count: number;
  /** Cells in the whole sweep. */
  cells_total: number;
  /** Plan position of each of this shard's cells, in the order of `cells`. */
  positions: number[];
}

/** The plan cut to one shard: its cells, and the pipeline nodes they need (a dataset's prepare included). */
export function shardPlan(plan: SweepPlan, spec: ShardSpec): { plan: SweepPlan; info: ShardInfo } {
  const shards = assignShards(estimateCellCosts(plan), spec.count);
  const positions = plan.cells.map((_, k) => k).filter((k) => shards[k] === spec.index - 1);
  const cells = positions.map((k) => plan.cells[k]!);
  const names = cells.flatMap((c) => c.nodes.filter((n) => n !== joinName(c.dataset, 'prepare')));
  const pipeline = names.length === 0 ? plan.pipeline.filter({ names: [] }) : plan.pipeline.filter({ names, withUpstream: true });
  return { plan: { ...plan, cells, pipeline }, info: { index: spec.index, count: spec.count, cells_total: plan.cells.length, positions } };
}
