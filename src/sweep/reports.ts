/**
 * Writing a run's reports: tables, charts, statistics, LaTeX, the pipeline picture and the one-file
 * HTML report, all from `results.json` and the cells' `report.json`, so `sweep report` can redraw
 * them without running anything.
 */
import { mkdir, readFile, readdir, readlink, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { SweepError, unknownNameMessage } from '../core/index.js';
import { metrics as metricRegistry } from '../evaluation/index.js';
import type { Pipeline } from '../pipeline/index.js';
import {
  buildCharts,
  cellKey,
  countCells,
  oneCellPerKind,
  renderCdDiagram,
  renderDotSvg,
  renderLatexTables,
  renderPipelineDot,
  renderReportHtml,
  renderResultsCsv,
  renderSummaryMarkdown,
  renderSvg,
  type CellReport,
  type PipelineGraph,
  type RenderedChart,
  type RunStatistics,
  type SweepResults,
} from '../report/index.js';
import { computeStatistics, predictionsFromRunDir } from './statistics.js';
import { memoSvg } from './svg-memo.js';

/** The metrics where lower is better, for marking the best per dataset. */
export function lowerIsBetterMetrics(names: readonly string[]): Set<string> {
  return new Set(names.filter((n) => metricRegistry.has(n) && !metricRegistry.get(n).greaterIsBetter));
}

/** Writes a file atomically (temp file + rename), so a reader never sees half of it. */
async function writeAtomic(file: string, text: string): Promise<void> {
  const temp = `${file}.tmp-${process.pid}`;
  await writeFile(temp, text);
  await rename(temp, file);
}

/** Writes `results.json`, `results.csv` and `summary.md` into the run folder. */
export async function writeRunFiles(runDir: string, results: SweepResults): Promise<void> {
  await writeAtomic(path.join(runDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeAtomic(path.join(runDir, 'results.csv'), renderResultsCsv(results));
  await writeAtomic(path.join(runDir, 'summary.md'), renderSummaryMarkdown(results, lowerIsBetterMetrics(results.metrics)));
}

/** A pipeline as plain data for the pipeline picture (names, catalog inputs/outputs, tags). */
export function pipelineGraph(pipeline: Pipeline): PipelineGraph {
  return { nodes: pipeline.nodes.map((n) => ({ name: n.name, inputs: Object.values(n.inputs), outputs: Object.values(n.outputs), tags: [...n.tags] })) };
}

/** Options of `renderRunReports`. */
export interface RenderRunOptions {
  /** Algorithm for win/tie/loss (default: the first). */
  baseline?: string;
  /** The run's pipeline; written as `pipeline.json` + `pipeline.svg`. Without it, a kept `pipeline.json` is redrawn. */
  pipeline?: PipelineGraph;
  /** The config file to keep a copy of as `<run>/config.yaml` (when running). */
  configPath?: string;
  /** Chart kinds to draw (default: all registered). */
  charts?: readonly string[];
  /** The metric that ranks models, colors charts and is tested (default: `evaluation.scoring`). */
  metric?: string;
  /** The node cache's root: drawn charts and pictures are kept there and reused (`svg-memo.ts`). */
  svgCache?: string;
}

/** What `renderRunReports` wrote and how long it took. */
export interface RenderRunResult {
  files: string[];
  charts: number;
  /** Null when computing them failed (see `warnings`). */
  statistics: RunStatistics | null;
  /** Problems that did not stop the report (a chart that failed to draw, a missing cell report). */
  warnings: string[];
  seconds: { charts: number; total: number };
}

async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isDirectory();
  } catch {
    return false;
  }
}

/** Reads `<run>/results.json`, with an error naming the folder when it is not a run. */
export async function readRunResults(runDir: string): Promise<SweepResults> {
  const text = await readText(path.join(runDir, 'results.json'));
  if (text === null) {
    throw new SweepError('SWEEP_NOT_FOUND', `no results.json in ${runDir}`, { hint: 'pass a run folder (reports/<run-id>) or a run id; `sweep run` makes one' });
  }
  try {
    return JSON.parse(text) as SweepResults;
  } catch (error) {
    throw new SweepError('SWEEP_NOT_FOUND', `${path.join(runDir, 'results.json')} is not valid JSON: ${(error as Error).message}`, { hint: 'the run may have been interrupted while writing; run it again' });
  }
}

/** Reads every ok cell's `report.json`; a missing or unreadable one becomes a warning. */
export async function readCellReports(runDir: string, results: SweepResults, warnings: string[] = []): Promise<Map<string, CellReport>> {
  const reports = new Map<string, CellReport>();
  for (const c of results.cells) {
    if (c.status !== 'ok' || c.report === null) continue;
    const text = await readText(path.join(runDir, c.report));
    if (text === null) {
      warnings.push(`${c.dataset} × ${c.algorithm}: ${c.report} is missing; its details are left out`);
      continue;
    }
    try {
      reports.set(cellKey(c.dataset, c.algorithm), JSON.parse(text) as CellReport);
    } catch (error) {
      warnings.push(`${c.dataset} × ${c.algorithm}: ${c.report} is not valid JSON (${(error as Error).message})`);
    }
  }
  return reports;
}

/** The name of a sweep's own latest link: `latest-<name>` (unsafe characters as `_`). */
export function latestLinkName(sweepName: string): string {
  return `latest-${sweepName.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}

/**
 * Finds a run folder: `ref` as a folder holding `results.json`, else a run id under `reportsDir`.
 * No `ref`: the sweep's own last complete run (`latest-<sweep>`) when its name is known, else
 * `reportsDir/latest`; `latest` stands in for a sweep's own link only when it is a run of that
 * sweep (runs from before per-sweep links), so a bare `sweep report` never redraws another sweep.
 */
export async function resolveRunDir(ref: string | undefined, options: { cwd: string; reportsDir: string; sweep?: string }): Promise<string> {
  const hasResults = async (c: string): Promise<boolean> => (await isDirectory(c)) && (await readText(path.join(c, 'results.json'))) !== null;
  if (ref === undefined && options.sweep !== undefined) {
    const own = path.join(options.reportsDir, latestLinkName(options.sweep));
    if (await hasResults(own)) return own;
    const any = path.join(options.reportsDir, 'latest');
    const text = (await hasResults(any)) ? await readText(path.join(any, 'results.json')) : null;
    if (text !== null && (JSON.parse(text) as { name?: string }).name === options.sweep) return any;
    throw new SweepError('SWEEP_NOT_FOUND', `no complete run of sweep '${options.sweep}' in ${options.reportsDir}`, {
      hint: 'run `sweep run` with this config first, name a run folder or id, or list them with `sweep list runs`',
    });
  }
  const candidates = ref === undefined ? [path.join(options.reportsDir, 'latest')] : [path.resolve(options.cwd, ref), path.join(options.reportsDir, ref)];
  for (const c of candidates) if (await hasResults(c)) return c;
  throw new SweepError('SWEEP_NOT_FOUND', ref === undefined ? `no latest run in ${options.reportsDir}` : `no run '${ref}' (looked in ${candidates.join(' and ')})`, {
    hint: ref === undefined ? 'run `sweep run` first, or name a run folder' : 'give a run folder that holds results.json, or a run id under reports/',
  });
}

/** One run folder of a reports folder, for `sweep list runs`. */
export interface RunListing {
  id: string;
  dir: string;
  name: string;
  config: string;
  started_at: string;
  wall_s: number;
  cells: { ok: number; failed: number; skipped: number; total: number };
  /** Best algorithm per dataset on the run's scoring metric. */
  best: Array<{ dataset: string; algorithm: string; metric: string; score: number }>;
  /** The latest links pointing at it (`latest`, `latest-<sweep>`). */
  latest: string[];
}

/** Every run folder (holding results.json) of `reportsDir`, newest first. */
export async function listRuns(reportsDir: string): Promise<RunListing[]> {
  let names: string[];
  try {
    names = await readdir(reportsDir);
  } catch {
    return [];
  }
  const links = new Map<string, string[]>();
  for (const n of names.filter((x) => x === 'latest' || x.startsWith('latest-'))) {
    try {
      const target = await readlink(path.join(reportsDir, n));
      links.set(target, [...(links.get(target) ?? []), n]);
    } catch {
      // not a link
    }
  }
  const out: RunListing[] = [];
  for (const id of names.sort()) {
    if (id === 'latest' || id.startsWith('latest-') || id.startsWith('.')) continue;
    const dir = path.join(reportsDir, id);
    const text = (await isDirectory(dir)) ? await readText(path.join(dir, 'results.json')) : null;
    if (text === null) continue;
    let r: SweepResults;
    try {
      r = JSON.parse(text) as SweepResults;
    } catch {
      continue;
    }
    const metric = r.scoring ?? r.metrics[0];
    const lower = metric !== undefined && lowerIsBetterMetrics([metric]).has(metric);
    const best: RunListing['best'] = [];
    if (metric !== undefined) {
      for (const d of [...new Set(r.cells.map((c) => c.dataset))]) {
        let top: RunListing['best'][number] | null = null;
        for (const c of r.cells) {
          const v = c.dataset === d && c.status === 'ok' ? c.metrics.test[metric] : null;
          if (v === null || v === undefined || !Number.isFinite(v)) continue;
          if (top === null || (lower ? v < top.score : v > top.score)) top = { dataset: d, algorithm: c.algorithm, metric, score: v };
        }
        if (top !== null) best.push(top);
      }
    }
    out.push({ id, dir, name: r.name, config: r.config_path, started_at: r.started_at, wall_s: r.wall_s, cells: countCells(r), best, latest: links.get(id) ?? [] });
  }
  return out.sort((a, b) => (a.started_at < b.started_at ? 1 : a.started_at > b.started_at ? -1 : a.id < b.id ? 1 : -1));
}

/**
 * Renders every report of a run into its folder: `results.json`, `results.csv`, `summary.md`,
 * `charts/<name>.vl.json` + `.svg`, `statistics.json`, `tables.tex`, `pipeline.svg` and `report.html`.
 */
export async function renderRunReports(runDir: string, results: SweepResults, options: RenderRunOptions = {}): Promise<RenderRunResult> {
  const started = performance.now();
  const warnings: string[] = [];
  const algorithms = [...new Set(results.cells.map((c) => c.algorithm))];
  if (options.baseline !== undefined && !algorithms.includes(options.baseline)) {
    // Checked before drawing anything, so a typo costs nothing.
    const { message, hint } = unknownNameMessage('algorithm', options.baseline, algorithms);
    throw new SweepError('SWEEP_UNKNOWN_NAME', `--baseline: ${message} (not in this run)`, { hint });
  }
  if (options.metric !== undefined && !results.metrics.includes(options.metric)) {
    const { message, hint } = unknownNameMessage('metric', options.metric, results.metrics);
    throw new SweepError('SWEEP_UNKNOWN_NAME', `--metric: ${message} (not computed by this run)`, { hint });
  }
  const files: string[] = ['results.json', 'results.csv', 'summary.md'];
  await writeRunFiles(runDir, results);
  const lowerIsBetter = lowerIsBetterMetrics(results.metrics);
  const reports = await readCellReports(runDir, results, warnings);

  // Charts: spec and SVG side by side; a chart that fails to draw is skipped with a warning.
  const chartStart = performance.now();
  const chartDir = path.join(runDir, 'charts');
  await rm(chartDir, { recursive: true, force: true });
  await mkdir(chartDir, { recursive: true });
  const rendered: RenderedChart[] = [];
  for (const chart of buildCharts({ results, reports, lowerIsBetter, ...(options.metric === undefined ? {} : { metric: options.metric }) }, options.charts)) {
    try {
      const svg = await memoSvg(options.svgCache, 'vega-lite', chart.spec, renderSvg);
      await writeFile(path.join(chartDir, `${chart.name}.vl.json`), `${JSON.stringify(chart.spec, null, 1)}\n`);
      await writeFile(path.join(chartDir, `${chart.name}.svg`), svg);
      rendered.push({ ...chart, svg });
      files.push(`charts/${chart.name}.svg`);
    } catch (error) {
      warnings.push(`chart ${chart.name} was not drawn: ${(error as Error).message}`);
    }
  }
  const chartSeconds = (performance.now() - chartStart) / 1000;

  // A bad --baseline is the user's error and stops here; any other failure of a renderer is a
  // warning, so a run's results are never lost to a report bug.
  const guarded = async <T>(what: string, fn: () => Promise<T>): Promise<T | null> => {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof SweepError) throw error;
      warnings.push(`${what} failed: ${(error as Error).message}`);
      return null;
    }
  };
  const statistics = await guarded('statistics', () =>
    computeStatistics(results, {
      ...(options.baseline === undefined ? {} : { baseline: options.baseline }),
      ...(options.metric === undefined ? {} : { metric: options.metric }),
      predictions: predictionsFromRunDir(runDir),
    }),
  );
  if (statistics !== null) {
    await writeAtomic(path.join(runDir, 'statistics.json'), `${JSON.stringify(statistics, null, 2)}\n`);
    files.push('statistics.json');
    if (statistics.friedman.applicable) {
      await writeFile(path.join(chartDir, 'cd-diagram.svg'), renderCdDiagram(statistics.friedman));
      files.push('charts/cd-diagram.svg');
    }
  }
  if ((await guarded('tables.tex', async () => writeAtomic(path.join(runDir, 'tables.tex'), renderLatexTables(results, lowerIsBetter)))) !== null) files.push('tables.tex');

  // The config as the run used it: copied when running, read back when redrawing.
  const configCopy = path.join(runDir, 'config.yaml');
  let configText: string | null = null;
  let configSource = `${path.basename(results.config_path)} as used by this run`;
  if (options.configPath !== undefined) {
    configText = await readText(options.configPath);
    if (configText !== null) await writeAtomic(configCopy, configText);
  } else {
    configText = await readText(configCopy);
    if (configText === null) {
      configText = await readText(results.config_path);
      configSource = `${results.config_path} as it is now (this run kept no copy; it may have changed since)`;
    }
  }

  // The pipeline picture.
  let pipelineSvg: string | null = null;
  let pipelineNote = '';
  const graphFile = path.join(runDir, 'pipeline.json');
  let graph = options.pipeline ?? null;
  if (graph !== null) await writeAtomic(graphFile, `${JSON.stringify(graph)}\n`);
  else {
    const text = await readText(graphFile);
    if (text !== null) graph = JSON.parse(text) as PipelineGraph;
  }
  if (graph !== null) {
    try {
      const drawn = oneCellPerKind(graph);
      pipelineNote = drawn.note;
      pipelineSvg = await memoSvg(options.svgCache, 'dot', renderPipelineDot(drawn.graph), renderDotSvg);
      await writeAtomic(path.join(runDir, 'pipeline.svg'), pipelineSvg);
      files.push('pipeline.svg');
    } catch (error) {
      warnings.push(`the pipeline picture was not drawn: ${(error as Error).message}`);
    }
  } else {
    pipelineSvg = await readText(path.join(runDir, 'pipeline.svg'));
  }

  const html = await guarded('report.html', async () => renderReportHtml({ results, reports, charts: rendered, statistics, configText, configSource, pipelineSvg, pipelineNote, lowerIsBetter, ...(options.metric === undefined ? {} : { metric: options.metric }) }));
  if (html !== null) {
    await writeAtomic(path.join(runDir, 'report.html'), html);
    files.push('report.html');
  }
  const warningsFile = path.join(runDir, 'report-warnings.txt');
  if (warnings.length > 0) await writeAtomic(warningsFile, `${warnings.join('\n')}\n`);
  else await rm(warningsFile, { force: true });
  return { files, charts: rendered.length, statistics, warnings, seconds: { charts: chartSeconds, total: (performance.now() - started) / 1000 } };
}
