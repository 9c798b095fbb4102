/**
 * `sweep merge`: the shard folders of one sweep (`sweep run --shard i/N`, N tasks) joined into one
 * complete run folder, cells in plan order, with its reports drawn as a single run's would be.
 */
import { cp, mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { SweepError } from '../core/index.js';
import type { CellResult, DatasetResult, PipelineGraph, SweepResults } from '../report/index.js';
import { renderRunReports } from './reports.js';
import { linkLatest } from './run.js';

/** What a merge wrote. */
export interface MergeResult {
  results: SweepResults;
  runDir: string;
  ok: boolean;
  reportWarnings: string[];
}

async function readJson<T>(file: string, what: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new SweepError('SWEEP_NOT_FOUND', `${what}: cannot read ${file}: ${(error as Error).message}`, { hint: 'pass the run folders of the shards (each holds results.json)', cause: error });
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new SweepError('SWEEP_DATASET_INVALID', `${what}: ${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/**
 * Merges shard run folders into `outDir` (default: `<parent of the first>/<its run id without
 * -shard-…>-merged`). Every shard of the sweep must be there exactly once, from the same sweep
 * (name, seed, shard count, cell count); anything else is an error saying what is missing.
 */
export async function mergeRuns(runDirs: readonly string[], options: { outDir?: string } = {}): Promise<MergeResult> {
  if (runDirs.length === 0) throw new SweepError('SWEEP_USAGE', 'sweep merge needs the run folders of the shards', { hint: 'sweep merge reports/RUN-shard-1of2 reports/RUN-shard-2of2' });
  const runs = await Promise.all(runDirs.map(async (dir) => ({ dir: path.resolve(dir), results: await readJson<SweepResults>(path.join(dir, 'results.json'), 'sweep merge') })));
  const problems: string[] = [];
  const first = runs[0]!.results;
  for (const { dir, results } of runs) {
    if (results.shard === undefined) problems.push(`${dir} is not a shard (its results.json has no shard; run with --shard i/N)`);
    else if (results.name !== first.name || results.seed !== first.seed) problems.push(`${dir} is from sweep '${results.name}' seed ${results.seed}, not '${first.name}' seed ${first.seed}`);
    else if (results.shard.count !== first.shard?.count || results.shard.cells_total !== first.shard.cells_total) {
      problems.push(`${dir} is shard ${results.shard.index}/${results.shard.count} of ${results.shard.cells_total} cells; the first is of ${first.shard?.count} shards, ${first.shard?.cells_total} cells`);
    }
  }
  if (problems.length === 0) {
    const count = first.shard!.count;
    const seen = new Map<number, string>();
    for (const { dir, results } of runs) {
      const other = seen.get(results.shard!.index);
      if (other !== undefined) problems.push(`shard ${results.shard!.index}/${count} is given twice: ${other} and ${dir}`);
      seen.set(results.shard!.index, dir);
    }
    const missing = Array.from({ length: count }, (_, k) => k + 1).filter((i) => !seen.has(i));
    if (missing.length > 0) problems.push(`missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')}`);
  }
  if (problems.length > 0) {
    throw new SweepError('SWEEP_USAGE', `cannot merge these runs:\n${problems.map((p) => `  ${p}`).join('\n')}`, { hint: 'pass every shard folder of one sweep (--shard 1/N … N/N), each once', details: { problems } });
  }

  // Cells back in plan order; each position must come exactly once.
  const total = first.shard!.cells_total;
  const placed = new Array<CellResult | undefined>(total);
  for (const { dir, results } of runs) {
    results.shard!.positions.forEach((position, k) => {
      if (placed[position] !== undefined) problems.push(`cell ${position} is in two shards (again in ${dir})`);
      placed[position] = results.cells[k];
    });
  }
  const absent = placed.flatMap((c, k) => (c === undefined ? [k] : []));
  if (absent.length > 0 || problems.length > 0) {
    throw new SweepError('SWEEP_USAGE', `the shards do not add up to the sweep: ${[...problems, ...(absent.length > 0 ? [`${absent.length} of ${total} cells are in no shard`] : [])].join('; ')}`, {
      hint: 'shards of one sweep come from the same config; re-run the shards that differ',
    });
  }
  const cells = placed as CellResult[];
  const datasetOrder = [...new Set(cells.map((c) => c.dataset))];
  const datasets: DatasetResult[] = [];
  for (const name of datasetOrder) {
    const found = runs.map((r) => r.results.datasets.find((d) => d.dataset === name)).find((d) => d !== undefined);
    if (found !== undefined) datasets.push(found);
  }

  const firstDir = runs[0]!.dir;
  const runDir = path.resolve(options.outDir ?? path.join(path.dirname(firstDir), `${first.run_id.replace(/-shard-\d+of\d+$/, '')}-merged`));
  if (await exists(path.join(runDir, 'results.json'))) {
    throw new SweepError('SWEEP_USAGE', `${runDir} already holds a run (results.json)`, { hint: 'pass --out with a new folder' });
  }
  await mkdir(runDir, { recursive: true });
  // Each shard's per-dataset folders (folds, dataset summary, cell files); shared files are identical.
  for (const { dir, results } of runs) {
    for (const name of new Set(results.cells.map((c) => c.dataset))) {
      if (await exists(path.join(dir, name))) await cp(path.join(dir, name), path.join(runDir, name), { recursive: true, force: true });
    }
  }
  const graphs = await Promise.all(runs.map(async ({ dir }) => ((await exists(path.join(dir, 'pipeline.json'))) ? readJson<PipelineGraph>(path.join(dir, 'pipeline.json'), 'sweep merge') : null)));
  const nodes = new Map<string, PipelineGraph['nodes'][number]>();
  for (const g of graphs) for (const n of g?.nodes ?? []) if (!nodes.has(n.name)) nodes.set(n.name, n);

  const started = runs.map((r) => r.results.started_at).sort()[0]!;
  const finished = runs.map((r) => r.results.finished_at).sort().at(-1)!;
  const { shard: _shard, ...rest } = first;
  const results: SweepResults = {
    ...rest,
    run_id: path.basename(runDir),
    started_at: started,
    finished_at: finished,
    wall_s: (Date.parse(finished) - Date.parse(started)) / 1000,
    peak_rss_mb: Math.max(...runs.map((r) => r.results.peak_rss_mb)),
    datasets,
    cells,
  };
  const configCopy = path.join(firstDir, 'config.yaml');
  const rendered = await renderRunReports(runDir, results, {
    ...(nodes.size > 0 ? { pipeline: { nodes: [...nodes.values()] } } : {}),
    ...((await exists(configCopy)) ? { configPath: configCopy } : {}),
  });
  await linkLatest(path.dirname(runDir), path.basename(runDir));
  return { results, runDir, ok: cells.every((c) => c.status === 'ok'), reportWarnings: rendered.warnings };
}
