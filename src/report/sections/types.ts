/** What a section of `report.html` receives, and the section contract. */
import type { Chart } from '../charts/types.js';
import type { CellReport, CellResult, SweepResults } from '../results.js';
import type { RunStatistics } from '../statistics.js';

/** A chart with its rendered SVG. */
export interface RenderedChart extends Chart {
  svg: string;
}

/** Everything the HTML report draws from. */
export interface ReportHtmlInput {
  results: SweepResults;
  /** Cell reports keyed by `cellKey(dataset, algorithm)`. */
  reports: ReadonlyMap<string, CellReport>;
  charts: readonly RenderedChart[];
  statistics: RunStatistics | null;
  /** The config file's text as the run used it (null when not kept). */
  configText: string | null;
  /** Where the config text came from (shown above it). */
  configSource?: string;
  /** The pipeline picture (Graphviz SVG), or null. */
  pipelineSvg: string | null;
  /** What the pipeline picture leaves out (one cell drawn per kind), said under it. */
  pipelineNote?: string;
  lowerIsBetter: ReadonlySet<string>;
  /** The metric that ranks models (`sweep report --metric`); default `evaluation.scoring`. */
  metric?: string;
}

/** The input with everything sections look up precomputed. */
export interface ReportContext extends ReportHtmlInput {
  /** The ranking metric: `--metric`, else `evaluation.scoring`, else the first metric. */
  main: string | undefined;
  datasets: string[];
  algorithms: string[];
  /** Any cell was scored over more than one fold. */
  cv: boolean;
  cell(dataset: string, algorithm: string): CellResult | undefined;
  /** The chart of a kind for a cell (or dataset), if drawn; marks it placed. */
  chart(kind: string, dataset: string | null, algorithm: string | null): RenderedChart | undefined;
  /** Every chart of a cell (`algorithm` set) or of a dataset (`algorithm` null), in registry order; marks them placed. */
  chartsFor(dataset: string, algorithm: string | null): RenderedChart[];
  /** Run-wide charts of a kind; marks them placed. */
  runWide(kind: string): RenderedChart[];
  /** Names of the charts placed so far (the rest go to the "More charts" section). */
  placed: Set<string>;
  higherIsBetter(metric: string): boolean;
}

/**
 * One section of `report.html`: its nav label, its place, and its HTML (null leaves it out).
 * The registry key is the section's element id.
 * @example
 * reportSections.register('staged-scores', { order: 45, label: () => 'Boosting', render: (ctx) => `<h2>Boosting</h2>${...}` });
 */
export interface ReportSection {
  /** Position on the page (lower first). */
  order: number;
  /** Text of the nav link; null keeps the section out of the nav. */
  label: (ctx: ReportContext) => string | null;
  /** The section's inner HTML (without the `<section>` element), or null to leave it out. */
  render: (ctx: ReportContext) => string | null;
}
