// Reads the rendered SVG of charts that were hard to read: many-class confusion matrices and the
// "configured vs tuned" x-axis. Checks what a reader sees (fills, texts, label positions), not the spec.
import { describe, expect, it } from 'vitest';
import { buildCharts, cellKey, measureText, renderSvg, type CellReport, type CellResult, type ChartInput } from '../../src/report/index.js';
import { loadRun } from './fixtures.js';

/** The SVG of one `<g class="…">` group (up to its matching close), by a substring of its opening tag. */
export function svgGroup(svg: string, opening: RegExp, from = 0): { text: string; end: number } | null {
  const re = new RegExp(opening.source, 'g');
  re.lastIndex = from;
  const m = re.exec(svg);
  if (m === null) return null;
  let depth = 0;
  const tag = /<g\b[^>]*>|<\/g>/g;
  tag.lastIndex = m.index;
  for (let t = tag.exec(svg); t !== null; t = tag.exec(svg)) {
    depth += t[0] === '</g>' ? -1 : 1;
    if (depth === 0) return { text: svg.slice(m.index, tag.lastIndex), end: tag.lastIndex };
  }
  return null;
}

/** Texts with their x,y (translate) and font size, in document order. */
export function svgTexts(svg: string): Array<{ x: number; y: number; size: number; anchor: string; text: string }> {
  const out: Array<{ x: number; y: number; size: number; anchor: string; text: string }> = [];
  for (const m of svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)) {
    const attrs = m[1]!;
    const t = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(attrs);
    out.push({
      x: t ? Number(t[1]) : NaN,
      y: t ? Number(t[2]) : NaN,
      size: Number(/font-size="([\d.]+)px"/.exec(attrs)?.[1] ?? NaN),
      anchor: /text-anchor="(\w+)"/.exec(attrs)?.[1] ?? 'start',
      text: m[2]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'),
    });
  }
  return out;
}

function rgb(fill: string): [number, number, number] {
  const m = /rgb\((\d+), (\d+), (\d+)\)/.exec(fill) ?? /#(..)(..)(..)/.exec(fill);
  if (m === null) throw new Error(`not a colour: ${fill}`);
  return fill.startsWith('#') ? [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)] : [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** A run with one cell whose confusion matrix is `matrix` over classes `c0…`. */
function runWithMatrix(matrix: number[][]): ChartInput {
  const base = loadRun('run-holdout');
  const cell = base.results.cells.find((c) => c.status === 'ok')!;
  const report = base.reports.get(cellKey(cell.dataset, cell.algorithm))!;
  const labels = matrix.map((_, i) => `class-${i}`);
  const one: CellResult = { ...cell };
  const r: CellReport = { ...report, confusion_matrix: { labels, train: matrix, test: matrix } };
  return { ...base, results: { ...base.results, cells: [one] }, reports: new Map([[cellKey(one.dataset, one.algorithm), r]]) };
}

describe('chart readability (rendered SVG)', () => {
  it('a 23-class confusion matrix: log colour scale shows a count of 2 beside diagonals of 500, every count is written, every label readable', async () => {
    const n = 23;
    const matrix: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 500 : 0)));
    matrix[3]![7] = 2;
    const [chart] = buildCharts(runWithMatrix(matrix), ['confusion-matrix']);
    const svg = await renderSvg(chart!.spec);
    const counts = svgGroup(svg, /<g class="mark-rect role-mark concat_0_layer_0_marks"/)!;
    const fills = [...counts.text.matchAll(/fill="([^"]+)"/g)].map((m) => rgb(m[1]!));
    expect(fills.length).toBe(n * n);
    const white = fills[1]!; // row 0, column 1: a zero
    const rare = fills[3 * n + 7]!;
    const distance = Math.hypot(rare[0] - white[0], rare[1] - white[1], rare[2] - white[2]);
    // A linear scale would give 2/500 of the ramp (distance ≈ 1): invisible. The log scale makes it a tint.
    expect(distance).toBeGreaterThan(25);
    const numbers = svgTexts(svgGroup(svg, /<g class="mark-text role-mark concat_0_layer_1_marks"/)!.text);
    expect(numbers.length).toBe(n * n);
    expect(numbers.filter((t) => t.text === '2').length).toBe(1);
    expect(Math.min(...numbers.map((t) => t.size))).toBeGreaterThanOrEqual(8);
    // Axis labels: all there, at least 10 px, and rows at least one text height apart.
    const yAxis = svgGroup(svg, /<g class="mark-group role-axis"[^>]*Y-axis/)!;
    const labels = svgTexts(svgGroup(yAxis.text, /<g class="mark-text role-axis-label"/)!.text);
    expect(labels.map((l) => l.text)).toEqual(matrix.map((_, i) => `class-${i}`));
    for (const l of labels) expect(l.size).toBeGreaterThanOrEqual(10);
    for (let k = 1; k < labels.length; k++) expect(labels[k]!.y - labels[k - 1]!.y).toBeGreaterThanOrEqual(labels[k]!.size);
  });

  it('configured vs tuned: x-axis labels never run together, even on a narrow score range', async () => {
    const base = loadRun('run-cv');
    // Squeeze every tuned/baseline pair into a 0.01 range: the case that printed overlapping labels.
    const cells = base.results.cells.map((c, i) =>
      c.baseline === null || c.status !== 'ok'
        ? c
        : { ...c, metrics: { ...c.metrics, test: { ...c.metrics.test, accuracy: 0.9312 + (i % 5) * 0.0021 } }, baseline: { ...c.baseline, metrics: { ...c.baseline.metrics, test: { ...c.baseline.metrics.test, accuracy: 0.9305 + (i % 3) * 0.0017 } } } },
    );
    const input = { ...base, results: { ...base.results, cells } };
    const [chart] = buildCharts(input, ['baseline-tuned']);
    expect(chart).toBeDefined();
    const svg = await renderSvg(chart!.spec);
    const xAxis = svgGroup(svg, /<g class="mark-group role-axis"[^>]*X-axis/)!;
    const labels = svgTexts(svgGroup(xAxis.text, /<g class="mark-text role-axis-label"/)!.text);
    expect(labels.length).toBeGreaterThanOrEqual(2);
    const spans = labels
      .map((l) => {
        const w = measureText(l.text, l.size);
        const left = l.anchor === 'middle' ? l.x - w / 2 : l.anchor === 'end' ? l.x - w : l.x;
        return { left, right: left + w, text: l.text };
      })
      .sort((a, b) => a.left - b.left);
    for (let k = 1; k < spans.length; k++) expect(spans[k]!.left, `${spans[k - 1]!.text} | ${spans[k]!.text}`).toBeGreaterThanOrEqual(spans[k - 1]!.right + 2);
  });
});
