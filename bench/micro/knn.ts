/**
 * Micro-benchmark of the native k-NN against scikit-learn 1.2 (KNeighborsClassifier, brute, one
 * thread) on identical matrices: Fashion-MNIST (official 60k/10k split, raw pixels) and adult
 * (numeric columns unscaled + one-hot categoricals, every 5th row held out), and the standardized
 * adult-scaled and kdd-scaled (numeric columns standardized, one-hot 0/1, as the sweep's default
 * `scale: standard`; see knn-nb-data.ts). Prints fit+predict seconds (CPU seconds in parentheses:
 * the machine is shared), accuracy, agreement of the predictions and the ratio ours/sklearn.
 *
 *   npx tsx bench/micro/knn.ts                          # everything
 *   npx tsx bench/micro/knn.ts --only adult --queries 2000 --no-sklearn
 *   npx tsx bench/micro/knn.ts --only adult-scaled,kdd-scaled   # non-integer data (mixed search)
 *   npx tsx bench/micro/knn.ts --algorithm brute        # without pruning
 *
 * scikit-learn runs via /usr/bin/python3 with OPENBLAS_NUM_THREADS=1, OMP_NUM_THREADS=1, n_jobs=1
 * on the same matrices (written to a temp dir as raw float64).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Label, Matrix } from '../../src/core/index.js';
import { NativeKnn } from '../../src/models/native/knn.js';
import { benchDatasets, scaledDatasets, type BenchSplit } from './knn-nb-data.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};
const only = option('--only')?.split(',');
const queries = option('--queries') === undefined ? undefined : Number(option('--queries'));
const algorithm = option('--algorithm') ?? 'auto';
const withSklearn = !args.includes('--no-sklearn') && existsSync('/usr/bin/python3');

const SKLEARN = `
import sys, json, time, numpy as np
from sklearn.neighbors import KNeighborsClassifier
d = sys.argv[1]; meta = json.load(open(d + '/meta.json'))
Xtr = np.fromfile(d + '/Xtr.f64').reshape(meta['ntr'], meta['cols']); ytr = np.array(meta['ytr'])
Xte = np.fromfile(d + '/Xte.f64').reshape(meta['nte'], meta['cols'])
t = time.perf_counter(); c = time.process_time()
pred = KNeighborsClassifier(n_neighbors=5, algorithm='brute', n_jobs=1).fit(Xtr, ytr).predict(Xte)
s = time.perf_counter() - t; cs = time.process_time() - c
print(json.dumps({'seconds': s, 'cpu': cs, 'predict': pred.tolist()}))
`;

function runSklearn(split: BenchSplit): { seconds: number; cpu: number; predict: Label[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'knn-bench-'));
  try {
    const raw = (m: Matrix): Buffer => Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength);
    writeFileSync(path.join(dir, 'Xtr.f64'), raw(split.Xtr));
    writeFileSync(path.join(dir, 'Xte.f64'), raw(split.Xte));
    writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ ntr: split.Xtr.rows, nte: split.Xte.rows, cols: split.Xtr.cols, ytr: split.ytr }));
    const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const res = spawnSync('/usr/bin/python3', ['-c', SKLEARN, dir], { env, encoding: 'utf8', maxBuffer: 1 << 26 });
    if (res.status !== 0) throw new Error(res.stderr);
    return JSON.parse(res.stdout) as { seconds: number; cpu: number; predict: Label[] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const accuracy = (a: readonly Label[], b: readonly Label[]): number => a.filter((v, i) => v === b[i]).length / a.length;

console.log(`| dataset | train × test × features | ours s (cpu) | acc | sklearn s (cpu) | sk acc | same predictions | ratio |`);
console.log(`|---|---|---|---|---|---|---|---|`);
for (const [name, load] of Object.entries({ ...benchDatasets, ...scaledDatasets })) {
  if (only !== undefined && !only.includes(name)) continue;
  const split = load(queries);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const est = await new NativeKnn({ n_neighbors: 5, algorithm }).fit(split.Xtr, split.ytr);
  const pred = est.predict(split.Xte);
  const ours = (performance.now() - t0) / 1000;
  const c1 = process.cpuUsage(c0);
  const oursCpu = (c1.user + c1.system) / 1e6;
  const acc = accuracy(pred, split.yte);
  let skCells = ['–', '–', '–', '–'];
  if (withSklearn) {
    const sk = runSklearn(split);
    skCells = [`${sk.seconds.toFixed(2)} (${sk.cpu.toFixed(2)})`, accuracy(sk.predict, split.yte).toFixed(4), accuracy(sk.predict, pred).toFixed(4), `${(ours / sk.seconds).toFixed(2)} (cpu ${(oursCpu / sk.cpu).toFixed(2)})`];
  }
  console.log(`| ${name} | ${split.Xtr.rows} × ${split.Xte.rows} × ${split.Xtr.cols} | ${ours.toFixed(2)} (${oursCpu.toFixed(2)}) | ${acc.toFixed(4)} | ${skCells.join(' | ')} |`);
}
