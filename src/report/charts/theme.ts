/** One look for every chart: fonts, sizes for an A4 page, and a palette shared across charts. */
import { fileSafe } from '../escape.js';
import type { SweepResults } from '../results.js';
import type { VegaLiteSpec } from './types.js';

/** The font stack of charts and the HTML report (Arial metrics; see text-metrics.ts). */
export const FONT = 'Helvetica, Arial, sans-serif';

/** Widest plot area that fits an A4 page with margins (px at 96 dpi). */
export const PAGE_WIDTH = 640;

/** Categorical palette (Tableau 10): algorithm i always gets color i in every chart. */
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** Colors of the train and cross-validation series in curves. */
export const SERIES_COLORS = { train: '#f28e2b', test: '#4e79a7' } as const;

/** Vega-Lite config every chart uses. */
export const CHART_CONFIG = {
  font: FONT,
  background: 'white',
  padding: 12,
  title: { fontSize: 14, fontWeight: 'bold', anchor: 'start', color: '#1f2328', subtitleFontSize: 11, subtitleColor: '#57606a', offset: 12 },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 'normal',
    labelColor: '#333',
    titleColor: '#333',
    gridColor: '#e8e8e8',
    domainColor: '#888',
    tickColor: '#888',
    labelLimit: 200,
    titlePadding: 8,
  },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', labelLimit: 220, symbolSize: 80 },
  header: { labelFontSize: 12, titleFontSize: 12, labelFontWeight: 'bold' },
  view: { stroke: '#ddd' },
  range: { category: PALETTE },
  // No ARIA label on every bar, cell and point: it triples the SVG size; axes, legends and titles keep theirs.
  mark: { aria: false },
} as const;

/** The algorithms of a run in config order, and the color scale that maps them to the palette. */
export function algorithmScale(results: SweepResults): { domain: string[]; range: string[] } {
  const domain = [...new Set(results.cells.map((c) => c.algorithm))];
  return { domain, range: domain.map((_, i) => PALETTE[i % PALETTE.length]!) };
}

/** Datasets of a run in config order. */
export function datasetOrder(results: SweepResults): string[] {
  const names = results.datasets.map((d) => d.dataset);
  for (const c of results.cells) if (!names.includes(c.dataset)) names.push(c.dataset);
  return names;
}

/** Wraps a spec with the schema and the shared config. */
export function withTheme(spec: VegaLiteSpec): VegaLiteSpec {
  return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', config: CHART_CONFIG, ...spec };
}

/** A chart file name from parts (`confusion-matrix__iris__knn`). */
export function chartName(...parts: string[]): string {
  return parts.map(fileSafe).join('__');
}

/** A label for any JSON value on an axis (`null` shows as `None`, as scikit-learn users expect). */
export function valueLabel(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

/** Splits a long subtitle into lines of at most `width` characters (Vega-Lite does not wrap). */
export function wrapLines(text: string, width = 70): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}
