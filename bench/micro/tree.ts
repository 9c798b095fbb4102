/**
 * Micro-benchmark of the native decision tree and random forest against scikit-learn on the same
 * matrices: Fashion-MNIST (official 60k/10k split) and KDD Cup 99 10% (one-hot protocol/service/
 * flag, stratified 70/30 split, seed 0). Each case runs in its own process so peak RSS is its own.
 *
 *   npx tsx bench/micro/tree.ts                        # everything (sklearn too when available)
 *   npx tsx bench/micro/tree.ts --only fashion --no-sklearn
 *   npx tsx bench/micro/tree.ts --case fashion:forest:2   # one case, prints JSON
 *
 * scikit-learn runs with one thread (OPENBLAS_NUM_THREADS=1, n_jobs=1) via /usr/bin/python3.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Random, type Matrix } from '../../src/core/index.js';
import { NativeDecisionTree } from '../../src/models/native/decision-tree.js';
import { NativeRandomForest } from '../../src/models/native/random-forest.js';

interface Split {
  Xtr: Matrix;
  ytr: number[];
  Xte: Matrix;
  yte: number[];
}

function readIdx(file: string): { dims: number[]; data: Uint8Array } {
  const buf = gunzipSync(readFileSync(file));
  const nd = buf[3]!;
  const dims: number[] = [];
  for (let i = 0; i < nd; i++) dims.push(buf.readUInt32BE(4 + 4 * i));
  return { dims, data: new Uint8Array(buf.buffer, buf.byteOffset + 4 + 4 * nd, buf.length - 4 - 4 * nd) };
}

function loadFashion(): Split {
  const dir = '/usr/share/datasets/fashion-mnist';
  const part = (img: string, lab: string): [Matrix, number[]] => {
    const { dims, data } = readIdx(path.join(dir, img));
    const rows = dims[0]!;
    const cols = data.length / rows;
    const X = new Float64Array(data.length);
    for (let k = 0; k < data.length; k++) X[k] = data[k]!;
    return [{ data: X, rows, cols }, Array.from(readIdx(path.join(dir, lab)).data)];
  };
  const [Xtr, ytr] = part('train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz');
  const [Xte, yte] = part('t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz');
  return { Xtr, ytr, Xte, yte };
}

/** KDD 10%: numeric columns as they are, the 3 categorical ones one-hot (sorted categories). */
function loadKdd(): Split {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const text = gunzipSync(readFileSync(path.join(root, 'datasets/kddcup99-10pct.csv.gz'))).toString('utf8');
  const lines = text.split('\n').filter((l) => l.length > 0);
  const cat = [1, 2, 3];
  const cats = cat.map(() => new Set<string>());
  const rows = lines.map((l) => l.split(','));
  for (const r of rows) cat.forEach((c, j) => cats[j]!.add(r[c]!));
  const catLists = cats.map((s) => [...s].sort());
  const catIndex = catLists.map((l) => new Map(l.map((v, i) => [v, i])));
  const numeric = Array.from({ length: 41 }, (_, i) => i).filter((i) => !cat.includes(i));
  const cols = numeric.length + catLists.reduce((a, l) => a + l.length, 0);
  const n = rows.length;
  const X = new Float64Array(n * cols);
  const labels: string[] = [];
  rows.forEach((r, i) => {
    let k = i * cols;
    for (const c of numeric) X[k++] = Number(r[c]);
    cat.forEach((c, j) => {
      X[k + catIndex[j]!.get(r[c]!)!] = 1;
      k += catLists[j]!.length;
    });
    labels.push(r[41]!);
  });
  const classes = [...new Set(labels)].sort();
  const y = labels.map((l) => classes.indexOf(l));
  // Stratified 70/30 split with our own seeded RNG (sklearn gets the same indices).
  const rng = new Random(0);
  const byClass = new Map<number, number[]>();
  y.forEach((c, i) => {
    const list = byClass.get(c);
    if (list === undefined) byClass.set(c, [i]);
    else list.push(i);
  });
  const train: number[] = [];
  const test: number[] = [];
  for (const [, idx] of [...byClass].sort((a, b) => a[0] - b[0])) {
    rng.shuffle(idx);
    const nTest = Math.round(idx.length * 0.3);
    for (let k = 0; k < idx.length; k++) (k < nTest ? test : train).push(idx[k]!);
  }
  train.sort((a, b) => a - b);
  test.sort((a, b) => a - b);
  const take = (ix: number[]): Matrix => {
    const d = new Float64Array(ix.length * cols);
    ix.forEach((i, k) => d.set(X.subarray(i * cols, (i + 1) * cols), k * cols));
    return { data: d, rows: ix.length, cols };
  };
  return { Xtr: take(train), ytr: train.map((i) => y[i]!), Xte: take(test), yte: test.map((i) => y[i]!) };
}

function accuracy(a: ArrayLike<unknown>, b: ArrayLike<unknown>): number {
  let ok = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) ok++;
  return ok / a.length;
}

async function runCase(spec: string): Promise<void> {
  const [dataset, algorithm, jobsText, engine] = spec.split(':');
  const jobs = Number(jobsText ?? 1);
  const split = dataset === 'fashion' ? loadFashion() : loadKdd();
  const rssBefore = process.resourceUsage().maxRSS * 1024;
  if (engine === 'sklearn') {
    const dir = mkdtempSync(path.join(tmpdir(), 'tree-bench-'));
    try {
      writeFileSync(path.join(dir, 'Xtr'), split.Xtr.data);
      writeFileSync(path.join(dir, 'Xte'), split.Xte.data);
      writeFileSync(path.join(dir, 'ytr'), Int32Array.from(split.ytr));
      writeFileSync(path.join(dir, 'yte'), Int32Array.from(split.yte));
      const script = `
import json, sys, time, numpy as np
from sklearn.tree import DecisionTreeClassifier
from sklearn.ensemble import RandomForestClassifier
d = sys.argv[1]
Xtr = np.fromfile(d + '/Xtr').reshape(${split.Xtr.rows}, ${split.Xtr.cols}); Xte = np.fromfile(d + '/Xte').reshape(${split.Xte.rows}, ${split.Xte.cols})
ytr = np.fromfile(d + '/ytr', dtype=np.int32); yte = np.fromfile(d + '/yte', dtype=np.int32)
m = DecisionTreeClassifier(random_state=0) if '${algorithm}' == 'tree' else RandomForestClassifier(100, random_state=0, n_jobs=1)
c = time.process_time(); t = time.perf_counter(); m.fit(Xtr, ytr); t1 = time.perf_counter(); p = m.predict(Xte); t2 = time.perf_counter()
print(json.dumps({'fit_s': t1 - t, 'predict_s': t2 - t1, 'cpu_s': time.process_time() - c, 'accuracy': float((p == yte).mean())}))
`;
      const res = spawnSync('/usr/bin/python3', ['-c', script, dir], {
        encoding: 'utf8',
        env: { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
      });
      if (res.status !== 0) throw new Error(res.stderr);
      console.log(res.stdout.trim());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return;
  }
  const model = algorithm === 'tree' ? new NativeDecisionTree({}) : new NativeRandomForest({ n_jobs: jobs });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await model.fit(split.Xtr, split.ytr);
  const t1 = performance.now();
  const pred = model.predict(split.Xte);
  const t2 = performance.now();
  const cpu = process.cpuUsage(c0);
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(
    JSON.stringify({
      fit_s: (t1 - t0) / 1000,
      predict_s: (t2 - t1) / 1000,
      cpu_s: (cpu.user + cpu.system) / 1e6,
      accuracy: accuracy(pred, split.yte),
      peak_rss_mb: peak / 2 ** 20,
      rss_before_fit_mb: rssBefore / 2 ** 20,
      train_float64_mb: (split.Xtr.data.byteLength) / 2 ** 20,
    }),
  );
}

function runChild(spec: string): Record<string, number> {
  const self = fileURLToPath(import.meta.url);
  const res = spawnSync(process.execPath, [...process.execArgv, self, '--case', spec], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (res.status !== 0) throw new Error(`case ${spec} failed:\n${res.stderr}`);
  const line = res.stdout.trim().split('\n').pop()!;
  return JSON.parse(line) as Record<string, number>;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const caseAt = args.indexOf('--case');
  if (caseAt >= 0) return runCase(args[caseAt + 1]!);
  const onlyAt = args.indexOf('--only');
  const datasets = onlyAt >= 0 ? args[onlyAt + 1]!.split(',') : ['fashion', 'kdd'];
  const algAt = args.indexOf('--algorithm');
  const algorithms = algAt >= 0 ? args[algAt + 1]!.split(',') : ['tree', 'forest'];
  const withSklearn =
    !args.includes('--no-sklearn') &&
    existsSync('/usr/bin/python3') &&
    spawnSync('/usr/bin/python3', ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0;
  const fmt = (x: number | undefined, d = 2): string => (x === undefined ? '-' : x.toFixed(d));
  // Wall-time ratio is the target; CPU seconds (all threads) are shown too because the machine is shared.
  console.log('| dataset | algorithm | jobs | ours s | ours cpu s | acc | sklearn s | sk cpu s | sk acc | wall ratio | cpu ratio | peak RSS MB | X train f64 MB |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const dataset of datasets) {
    for (const algorithm of algorithms) {
      const sk = withSklearn ? runChild(`${dataset}:${algorithm}:1:sklearn`) : undefined;
      const skTime = sk === undefined ? undefined : sk['fit_s']! + sk['predict_s']!;
      for (const jobs of algorithm === 'forest' ? [1, 2] : [1]) {
        const r = runChild(`${dataset}:${algorithm}:${jobs}`);
        const t = r['fit_s']! + r['predict_s']!;
        console.log(
          `| ${dataset} | ${algorithm} | ${jobs} | ${fmt(t)} | ${fmt(r['cpu_s'])} | ${fmt(r['accuracy'], 4)} | ${fmt(skTime)} | ${fmt(sk?.['cpu_s'])} | ${fmt(sk?.['accuracy'], 4)} | ${skTime === undefined ? '-' : fmt(t / skTime, 3)} | ${sk === undefined ? '-' : fmt(r['cpu_s']! / sk['cpu_s']!, 3)} | ${fmt(r['peak_rss_mb'], 0)} | ${fmt(r['train_float64_mb'], 0)} |`,
        );
      }
    }
  }
}

await main();
