/**
 * Micro-benchmark of the native naive Bayes against scikit-learn 1.2 (GaussianNB and the other
 * variants, one thread) on identical matrices: Fashion-MNIST (official split, raw pixels), adult
 * (unscaled numeric + one-hot, every 5th row test) and KDD Cup 99 10% (one-hot protocol/service/
 * flag, every 5th row test). Prints fit+predict seconds, accuracy, agreement, max |Δproba| on the
 * test rows and the wall-time ratio ours/sklearn.
 *
 *   npx tsx bench/micro/nb.ts                         # gaussian on everything
 *   npx tsx bench/micro/nb.ts --variant multinomial --only fashion
 *   npx tsx bench/micro/nb.ts --no-sklearn
 *
 * scikit-learn runs via /usr/bin/python3 with OPENBLAS_NUM_THREADS=1, OMP_NUM_THREADS=1.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Label, Matrix } from '../../src/core/index.js';
import { NativeNaiveBayes } from '../../src/models/native/naive-bayes.js';
import { nbDatasets, type BenchSplit } from './knn-nb-data.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
};
const only = option('--only')?.split(',');
const variant = option('--variant') ?? 'gaussian';
const withSklearn = !args.includes('--no-sklearn') && existsSync('/usr/bin/python3');

const SKLEARN = `
import sys, json, time, numpy as np
from sklearn.naive_bayes import GaussianNB, MultinomialNB, BernoulliNB, CategoricalNB
d = sys.argv[1]; meta = json.load(open(d + '/meta.json'))
Xtr = np.fromfile(d + '/Xtr.f64').reshape(meta['ntr'], meta['cols']); ytr = np.array(meta['ytr'])
Xte = np.fromfile(d + '/Xte.f64').reshape(meta['nte'], meta['cols'])
cls = {'gaussian': GaussianNB, 'multinomial': MultinomialNB, 'bernoulli': BernoulliNB, 'categorical': CategoricalNB}[meta['variant']]
t = time.perf_counter(); c = time.process_time()
est = cls().fit(Xtr, ytr); pred = est.predict(Xte)
s = time.perf_counter() - t; cs = time.process_time() - c
est.predict_proba(Xte).astype(np.float64).tofile(d + '/proba.f64')
print(json.dumps({'seconds': s, 'cpu': cs, 'predict': pred.tolist()}))
`;

function runSklearn(split: BenchSplit): { seconds: number; cpu: number; predict: Label[]; proba: Float64Array } {
  const dir = mkdtempSync(path.join(tmpdir(), 'nb-bench-'));
  try {
    const raw = (m: Matrix): Buffer => Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength);
    writeFileSync(path.join(dir, 'Xtr.f64'), raw(split.Xtr));
    writeFileSync(path.join(dir, 'Xte.f64'), raw(split.Xte));
    writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ ntr: split.Xtr.rows, nte: split.Xte.rows, cols: split.Xtr.cols, ytr: split.ytr, variant }));
    const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const res = spawnSync('/usr/bin/python3', ['-c', SKLEARN, dir], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
    if (res.status !== 0) throw new Error(res.stderr);
    const out = JSON.parse(res.stdout) as { seconds: number; cpu: number; predict: Label[] };
    const bytes = readFileSync(path.join(dir, 'proba.f64'));
    return { ...out, proba: new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const accuracy = (a: readonly Label[], b: readonly Label[]): number => a.filter((v, i) => v === b[i]).length / a.length;

console.log(`variant: ${variant}`);
console.log(`| dataset | train × test × features | ours s (cpu) | acc | sklearn s (cpu) | sk acc | same predictions | max abs Δproba | ratio |`);
console.log(`|---|---|---|---|---|---|---|---|---|`);
for (const [name, load] of Object.entries(nbDatasets)) {
  if (only !== undefined && !only.includes(name)) continue;
  const split = load();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const est = await new NativeNaiveBayes({ variant }).fit(split.Xtr, split.ytr);
  const pred = est.predict(split.Xte);
  const ours = (performance.now() - t0) / 1000;
  const c1 = process.cpuUsage(c0);
  const oursCpu = (c1.user + c1.system) / 1e6;
  const acc = accuracy(pred, split.yte);
  let skCells = ['–', '–', '–', '–', '–'];
  if (withSklearn) {
    const sk = runSklearn(split);
    const proba = est.predictProba(split.Xte).data;
    let maxDiff = 0;
    for (let i = 0; i < proba.length; i++) maxDiff = Math.max(maxDiff, Math.abs(proba[i]! - sk.proba[i]!));
    skCells = [`${sk.seconds.toFixed(3)} (${sk.cpu.toFixed(3)})`, accuracy(sk.predict, split.yte).toFixed(4), accuracy(sk.predict, pred).toFixed(4), maxDiff.toExponential(1), `${(ours / sk.seconds).toFixed(2)} (cpu ${(oursCpu / sk.cpu).toFixed(2)})`];
  }
  console.log(`| ${name} | ${split.Xtr.rows} × ${split.Xte.rows} × ${split.Xtr.cols} | ${ours.toFixed(3)} (${oursCpu.toFixed(3)}) | ${acc.toFixed(4)} | ${skCells.join(' | ')} |`);
}
