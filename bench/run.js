#!/usr/bin/env node
// npm run bench: the seed workload through `sweep run`, one cell per process (so peak RSS is the
// cell's own), next to scikit-learn on exactly the same rows and split when /usr/bin/python3 has
// it. Writes bench/results/bench.md and bench.json and prints the table.
//
//   npm run bench                       # everything
//   npm run bench -- --dataset adult    # some datasets (comma-separated)
//   npm run bench -- --algorithm knn    # some algorithms
//   npm run bench -- --no-sklearn       # ours only
//   npm run bench -- --no-plan-scale    # skip the plan-scale measurement (bench/plan-scale.js)
//   npm run bench -- --repeat 3         # each cell 3 times, ours and scikit-learn alternating;
//                                       # the table shows medians (this machine varies ±25 % run to run)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSweepConfig } from '../dist/config/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const configPath = path.join(root, 'bench/conf/bench.yaml');
const outDir = path.join(root, 'bench/results');
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1]?.split(',');
};
const datasetsWanted = option('--dataset');
const algorithmsWanted = option('--algorithm');
const python = '/usr/bin/python3';
const repeat = Math.max(1, Number(option('--repeat')?.[0] ?? 1));
const gnuTime = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { stdio: 'ignore' }).status === 0 ? '/usr/bin/time' : null;
const withSklearn =
  !args.includes('--no-sklearn') && existsSync(python) && spawnSync(python, ['-c', 'import sklearn, pandas'], { stdio: 'ignore' }).status === 0;

// Which (dataset, algorithm, jobs) rows the table has. k-NN on KDD runs on the stratified sample.
// The estimators that need scaled input run on the standardized datasets (and only there).
const SCALED_ALGORITHMS = ['svm', 'linear-svm', 'logistic-regression', 'mlp'];
const SCALED_DATASETS = ['adult-scaled', 'mushroom-scaled', 'fashion-mnist-10k-scaled'];
// The boosted ensembles run on the seed datasets, Fashion-MNIST as the issue's 10k-row reference.
const BOOSTED_ALGORITHMS = ['adaboost', 'gradient-boosting'];
const BOOSTED_DATASETS = ['adult', 'mushroom', 'kddcup99', 'fashion-mnist-10k'];
const rows = [];
for (const dataset of ['fashion-mnist', 'kddcup99', 'kddcup99-sample', 'adult', 'mushroom', ...SCALED_DATASETS, 'fashion-mnist-10k']) {
  for (const algorithm of ['decision-tree', 'random-forest', 'knn', 'naive-bayes', ...SCALED_ALGORITHMS, ...BOOSTED_ALGORITHMS]) {
    if (BOOSTED_ALGORITHMS.includes(algorithm) ? !BOOSTED_DATASETS.includes(dataset) : dataset === 'fashion-mnist-10k') continue;
    if (dataset === 'kddcup99' && algorithm === 'knn') continue;
    if (dataset === 'kddcup99-sample' && algorithm !== 'knn') continue;
    if (SCALED_ALGORITHMS.includes(algorithm) !== SCALED_DATASETS.includes(dataset)) continue;
    // LinearSVC runs its 1,000 passes × 10 classes over 10k × 784 values: minutes on either side.
    if (dataset === 'fashion-mnist-10k-scaled' && algorithm === 'linear-svm') continue;
    if (datasetsWanted && !datasetsWanted.includes(dataset)) continue;
    if (algorithmsWanted && !algorithmsWanted.includes(algorithm)) continue;
    rows.push({ dataset, algorithm, jobs: 1 });
    if (algorithm === 'random-forest' || algorithm === 'gradient-boosting') rows.push({ dataset, algorithm, jobs: 2 });
  }
}

// k-NN on standardized pixels (issue 11: the dense kernel's float path).
if ((!datasetsWanted || datasetsWanted.includes('fashion-mnist-10k-scaled')) && (!algorithmsWanted || algorithmsWanted.includes('knn'))) {
  rows.push({ dataset: 'fashion-mnist-10k-scaled', algorithm: 'knn', jobs: 1 });
}

const config = await readSweepConfig(configPath);
const entryOf = (name) => config.datasets.find((d) => d.name === name);
mkdirSync(outDir, { recursive: true });
const sklearnCache = new Map();
const results = [];

for (const row of rows) {
  const d = entryOf(row.dataset);
  if (d.type === 'idx' && !existsSync(d.path)) {
    console.error(`skip ${row.dataset}: ${d.path} is missing (apt-get install dataset-fashion-mnist)`);
    continue;
  }
  const runs = [];
  for (let rep = 0; rep < repeat; rep++) runs.push(runCell(row, d, rep));
  const ok = runs.filter((r) => r.ours_s !== null);
  const result = { ...runs[0] };
  if (ok.length > 0) {
    result.ours_s = median(ok.map((r) => r.ours_s));
    result.ours_fit_s = median(ok.map((r) => r.ours_fit_s));
    result.ours_predict_s = median(ok.map((r) => r.ours_predict_s));
    result.ours_wall_s = median(ok.map((r) => r.ours_wall_s));
    result.ours_runs_s = ok.map((r) => r.ours_s);
    result.rss_mb = Math.max(...ok.map((r) => r.rss_mb));
    const sk = ok.filter((r) => r.sklearn_s !== null);
    if (sk.length > 0) {
      result.sklearn_s = median(sk.map((r) => r.sklearn_s));
      result.sklearn_runs_s = sk.map((r) => r.sklearn_s);
    }
  }
  if (repeat > 1 && ok.length > 0) {
    process.stderr.write(`  median ${result.ours_s.toFixed(2)} s` + (result.sklearn_s ? ` · scikit-learn ${result.sklearn_s.toFixed(2)} s · ratio ${(result.ours_s / result.sklearn_s).toFixed(2)}` : '') + '\n');
  }
  results.push(result);
}

function median(values) {
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** One run of a cell: ours, then scikit-learn on the same folds (cached per repetition). */
function runCell(row, d, rep) {
  process.stderr.write(`${row.dataset} × ${row.algorithm} (jobs ${row.jobs}) … `);
  const started = performance.now();
  const sweepArgs = [path.join(root, 'bin/sweep.js'), 'run', '--no-cache', '--config', configPath, '--dataset', row.dataset, '--algorithm', row.algorithm,
    '--jobs', String(row.jobs), '--out', path.join(outDir, 'runs'), '--json', '--quiet'];
  // Cells run in pool child processes, so the run's own peak_rss_mb is the parent's alone: GNU
  // time's %M (the largest process of the tree) gives the cell's peak when it is installed.
  const ours = gnuTime
    ? spawnSync(gnuTime, ['-f', 'bench-maxrss-kb=%M', process.execPath, ...sweepArgs], { encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(process.execPath, sweepArgs, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const treeRssKb = Number(/bench-maxrss-kb=(\d+)/.exec(ours.stderr ?? '')?.[1] ?? NaN);
  if (ours.status !== 0 && !ours.stdout.trim().startsWith('{')) {
    process.stderr.write(`failed\n${ours.stderr}\n`);
    return { ...row, ours_s: null, error: ours.stderr.split('\n')[0] };
  }
  const wall = (performance.now() - started) / 1000;
  const run = JSON.parse(ours.stdout);
  const cell = run.cells[0];
  const result = { ...row, ours_wall_s: wall, ours_cell_s: cell.timing.cell_s ?? null, ours_s: null, ours_accuracy: null, rss_mb: Number.isFinite(treeRssKb) ? Math.max(run.peak_rss_mb, Math.round(treeRssKb / 1024)) : run.peak_rss_mb, sklearn_s: null, sklearn_accuracy: null, error: cell.error?.message ?? null };
  if (cell.status === 'ok') {
    result.ours_s = cell.timing.fit_s + cell.timing.predict_s;
    result.ours_fit_s = cell.timing.fit_s;
    result.ours_predict_s = cell.timing.predict_s;
    result.ours_accuracy = cell.metrics.test.accuracy;
    result.n_train = cell.n_train;
    result.n_test = cell.n_test;
    result.n_features = cell.n_features;
    // Iterative estimators (MLP): epochs from the cell's training history, for a per-epoch ratio.
    try {
      const report = JSON.parse(readFileSync(path.join(run.run_dir, row.dataset, row.algorithm, 'report.json'), 'utf8'));
      if (report.training_history) result.ours_epochs = report.training_history[0].loss.length;
    } catch {}
  }
  process.stderr.write(cell.status === 'ok' ? `${result.ours_s.toFixed(2)} s` : `failed: ${result.error}`);
  const key = `${row.dataset}/${row.algorithm}/${rep}`;
  if (withSklearn && cell.status === 'ok') {
    if (!sklearnCache.has(key)) {
      const spec = {
        type: d.type, path: d.path, test_path: d.testPath, labels_path: d.labelsPath, test_labels_path: d.testLabelsPath,
        header: d.header, columns: d.columns, target: d.target, algorithm: row.algorithm, scale: d.preprocessing?.scale ?? 'none',
        folds: path.join(run.run_dir, row.dataset, 'folds.json'),
      };
      const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
      delete env.OPENBLAS_CORETYPE;
      delete env.OPENBLAS_L2_SIZE;
      const py = spawnSync(python, [path.join(root, 'bench/sklearn_cell.py'), JSON.stringify(spec)], { encoding: 'utf8', env, maxBuffer: 1 << 24 });
      sklearnCache.set(key, py.status === 0 ? JSON.parse(py.stdout) : { error: py.stderr.trim().split('\n').at(-1) });
    }
    const sk = sklearnCache.get(key);
    if (sk.error === undefined) {
      result.sklearn_s = sk.fit_s + sk.predict_s;
      result.sklearn_blas = sk.blas;
      result.sklearn_accuracy = sk.accuracy;
      result.sklearn_fit_s = sk.fit_s;
      if (sk.n_iter !== undefined) result.sklearn_epochs = sk.n_iter;
      if (sk.note) result.sklearn_note = sk.note;
      process.stderr.write(` · scikit-learn ${result.sklearn_s.toFixed(2)} s · ratio ${(result.ours_s / result.sklearn_s).toFixed(2)}`);
    } else {
      result.sklearn_error = sk.error;
    }
  }
  process.stderr.write('\n');
  return result;
}

const fmt = (v, digits) => (v === null || v === undefined ? '–' : v.toFixed(digits));
const fmtRuns = (v, runs) => (runs && runs.length > 1 ? `${fmt(v, 2)} (${fmt(Math.min(...runs), 2)}–${fmt(Math.max(...runs), 2)})` : fmt(v, 2));
const lines = [
  `# sweep benchmark (${new Date().toISOString()})`,
  '',
  `Node ${process.version}; scikit-learn via ${withSklearn ? python : '(not installed)'} on one thread. Seconds are fit + predict of the cell (data loading excluded on both sides); ratio = ours / scikit-learn, measured in this run. Peak RSS is ${gnuTime ? 'the largest process of the cell (the sweep process or its pool worker, GNU time %M)' : 'the sweep process (its pool workers not counted: GNU time is not installed)'}.` +
    (repeat > 1 ? ` Each cell ran ${repeat} times, ours and scikit-learn alternating: seconds are medians (min–max in brackets), the ratio is of the medians, RSS the highest.` : ''),
  '',
  `BLAS on the scikit-learn side (threadpoolctl): ${[...new Set(results.map((r) => r.sklearn_blas).filter(Boolean))].join('; ') || '–'}. Cell wall s is the whole \`sweep run\` process for the cell (start-up, loading, preprocessing, fit, both predictions, scoring, reports), beside our fit + predict.`,
  '',
  '| dataset | algorithm | jobs | ours s | scikit-learn s | ratio | our accuracy | scikit-learn accuracy | our peak RSS MB | our cell wall s |',
  '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...results.map((r) =>
    r.error && (r.ours_s ?? null) === null
      ? `| ${r.dataset} | ${r.algorithm} | ${r.jobs} | failed: ${r.error} | | | | | | |`
      : `| ${r.dataset} | ${r.algorithm} | ${r.jobs} | ${fmtRuns(r.ours_s, r.ours_runs_s)} | ${fmtRuns(r.sklearn_s, r.sklearn_runs_s)} | ${r.ours_s && r.sklearn_s ? (r.ours_s / r.sklearn_s).toFixed(2) : '–'} | ${fmt(r.ours_accuracy, 4)} | ${fmt(r.sklearn_accuracy, 4)} | ${r.rss_mb ?? '–'} | ${fmt(r.ours_wall_s, 2)} |`,
  ),
  '',
  ...results.filter((r) => r.sklearn_note || r.sklearn_error).map((r) => `- ${r.dataset} × ${r.algorithm}: ${r.sklearn_note ?? `scikit-learn failed: ${r.sklearn_error}`}`),
  ...(results.some((r) => r.sklearn_note || r.sklearn_error) ? [''] : []),
  ...(results.some((r) => r.ours_epochs && r.sklearn_epochs)
    ? [
        'Per epoch (MLP): fit seconds / epochs run on each side.',
        '',
        '| dataset | ours epochs | ours s/epoch | scikit-learn epochs | scikit-learn s/epoch | ratio |',
        '|---|---:|---:|---:|---:|---:|',
        ...results
          .filter((r) => r.ours_epochs && r.sklearn_epochs && r.sklearn_fit_s)
          .map((r) => `| ${r.dataset} | ${r.ours_epochs} | ${fmt(r.ours_fit_s / r.ours_epochs, 4)} | ${r.sklearn_epochs} | ${fmt(r.sklearn_fit_s / r.sklearn_epochs, 4)} | ${fmt(r.ours_fit_s / r.ours_epochs / (r.sklearn_fit_s / r.sklearn_epochs), 2)} |`),
        '',
      ]
    : []),
];
writeFileSync(path.join(outDir, 'bench.md'), lines.join('\n'));
writeFileSync(path.join(outDir, 'bench.json'), JSON.stringify(results, null, 2));
console.log(lines.join('\n'));

// Plan scale (issue 15): 100 datasets × 100 algorithm variants planned, and printed by `sweep plan --json`.
if (!args.includes('--no-plan-scale')) spawnSync(process.execPath, [path.join(root, 'bench/plan-scale.js')], { stdio: 'inherit' });
