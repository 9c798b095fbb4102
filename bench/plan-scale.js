#!/usr/bin/env node
// Plan scale: a generated config of 100 datasets × 100 algorithm variants (10,000 cells), planned
// in-process (readSweepConfig, then planOnly) and printed by `sweep plan --json` in a fresh process.
// Targets (issue 15): the plan in under 1 s, `sweep plan --json` in under 2 s. Run after
// `npm run build`; `npm run bench` runs it too. Writes bench/results/plan-scale.{md,json}.
//
//   node bench/plan-scale.js                         # 100 × 100, 5 repeats, medians
//   node bench/plan-scale.js --datasets 50 --variants 40 --repeat 3
//   node bench/plan-scale.js --keep DIR              # keep the generated project in DIR
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i < 0 ? fallback : args[i + 1];
};
const nDatasets = Number(option('--datasets', 100));
const nVariants = Number(option('--variants', 100));
const repeat = Math.max(1, Number(option('--repeat', 5)));
const keep = option('--keep', undefined);

/** The generated sweep.yaml: every dataset a stratified sample of adult, variants of the four algorithms. */
export function planScaleConfig(datasets, variants) {
  const lines = ['name: plan-scale', 'seed: 0', 'datasets:'];
  const adult = path.join(root, 'datasets/adult.csv.gz');
  for (let d = 0; d < datasets; d++) lines.push(`  adult-${d}: { path: ${JSON.stringify(adult)}, target: income, sample: ${500 + d} }`);
  lines.push('algorithms:');
  for (let v = 0; v < variants; v++) {
    switch (v % 4) {
      case 0: lines.push(`  tree-${v}: { algorithm: decision-tree, max_depth: ${2 + (v % 30)} }`); break;
      case 1: lines.push(`  forest-${v}: { algorithm: random-forest, n_estimators: ${10 + v} }`); break;
      case 2: lines.push(`  knn-${v}: { algorithm: knn, n_neighbors: ${1 + v} }`); break;
      default: lines.push(`  nb-${v}: { algorithm: naive-bayes, var_smoothing: ${(v + 1) * 1e-9} }`);
    }
  }
  lines.push('evaluation: { metrics: [accuracy, f1_macro] }', '');
  return lines.join('\n');
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const project = keep ?? mkdtempSync(path.join(tmpdir(), 'sweep-plan-scale-'));
  mkdirSync(path.join(project, 'conf'), { recursive: true });
  const configPath = path.join(project, 'conf/sweep.yaml');
  writeFileSync(configPath, planScaleConfig(nDatasets, nVariants));
  // In-process timings, each in a fresh node so V8 starts cold as a user's `sweep plan` does.
  const probe = `
    import { readSweepConfig } from ${JSON.stringify(path.join(root, 'dist/config/index.js'))};
    import { planOnly } from ${JSON.stringify(path.join(root, 'dist/sweep/index.js'))};
    const t0 = performance.now();
    const config = await readSweepConfig(${JSON.stringify(configPath)});
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    const plan = planOnly(config, {});
    const c2 = process.cpuUsage(c1);
    const t2 = performance.now();
    process.stdout.write(JSON.stringify({ config_s: (t1 - t0) / 1000, plan_s: (t2 - t1) / 1000, plan_cpu_s: (c2.user + c2.system) / 1e6, cells: plan.cells.length, nodes: plan.pipeline.nodes.length, entries: plan.entries.length }));
  `;
  const rows = [];
  for (let r = 0; r < repeat; r++) {
    const inProc = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' });
    if (inProc.status !== 0) throw new Error(inProc.stderr);
    const t = performance.now();
    // The preload reports the CLI process's own CPU seconds on stderr as it exits (stdout is the JSON).
    const cpuProbe = `data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('PLAN_SCALE_CPU '+((u.user+u.system)/1e6)+'\\n')})`;
    const cli = spawnSync(process.execPath, ['--import', cpuProbe, path.join(root, 'bin/sweep.js'), 'plan', '--json', '--config', configPath], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const cliSeconds = (performance.now() - t) / 1000;
    if (cli.status !== 0) throw new Error(cli.stderr);
    const cliCpu = Number(/PLAN_SCALE_CPU (\S+)/.exec(cli.stderr)?.[1] ?? NaN);
    rows.push({ ...JSON.parse(inProc.stdout), plan_json_s: cliSeconds, plan_json_cpu_s: cliCpu, plan_json_mb: Buffer.byteLength(cli.stdout) / 1e6 });
  }
  const first = rows[0];
  const summary = {
    datasets: nDatasets,
    variants: nVariants,
    cells: first.cells,
    nodes: first.nodes,
    entries: first.entries,
    repeat,
    config_s: median(rows.map((r) => r.config_s)),
    plan_s: median(rows.map((r) => r.plan_s)),
    plan_cpu_s: median(rows.map((r) => r.plan_cpu_s)),
    plan_json_s: median(rows.map((r) => r.plan_json_s)),
    plan_json_cpu_s: median(rows.map((r) => r.plan_json_cpu_s)),
    load_average: loadavg()[0],
    plan_json_mb: first.plan_json_mb,
    runs: rows,
  };
  const md = [
    `# Plan scale: ${nDatasets} datasets × ${nVariants} variants`,
    '',
    `\`node bench/plan-scale.js --datasets ${nDatasets} --variants ${nVariants} --repeat ${repeat}\`; medians of ${repeat} fresh processes. Shared machine: 1-minute load average ${summary.load_average.toFixed(1)} on ${availableParallelism()} cores, so wall seconds wait for a core; CPU seconds are the process's own.`,
    '',
    '| cells | nodes | catalog entries | read config wall s | plan wall s | plan CPU s | `sweep plan --json` wall s | `sweep plan --json` CPU s | JSON MB |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${summary.cells} | ${summary.nodes} | ${summary.entries} | ${summary.config_s.toFixed(3)} | ${summary.plan_s.toFixed(3)} | ${summary.plan_cpu_s.toFixed(3)} | ${summary.plan_json_s.toFixed(3)} | ${summary.plan_json_cpu_s.toFixed(3)} | ${summary.plan_json_mb.toFixed(1)} |`,
    '',
    'Targets: plan < 1 s; `sweep plan --json` < 2 s from process start to last byte.',
    '',
  ].join('\n');
  const outDir = path.join(root, 'bench/results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'plan-scale.md'), md);
  writeFileSync(path.join(outDir, 'plan-scale.json'), `${JSON.stringify(summary, null, 2)}\n`);
  process.stdout.write(md);
  if (keep === undefined) rmSync(project, { recursive: true, force: true });
}
