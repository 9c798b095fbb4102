/**
 * Demšar's critical-difference diagram as hand-written SVG: an axis of average ranks (1 = best on
 * the left), each algorithm hanging from its rank, and thick bars joining groups of algorithms
 * whose ranks differ by less than the Nemenyi critical difference.
 */
import { escapeHtml } from './escape.js';
import type { FriedmanSummary } from './statistics.js';
import { measureText } from './text-metrics.js';

const FONT = 'Helvetica, Arial, sans-serif';

/** Maximal runs of rank-sorted algorithms whose rank span is at most `cd` (size ≥ 2). */
export function cliques(sortedRanks: readonly number[], cd: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  for (let i = 0; i < sortedRanks.length; i++) {
    let j = i;
    while (j + 1 < sortedRanks.length && sortedRanks[j + 1]! - sortedRanks[i]! <= cd) j++;
    if (j > i && !runs.some(([a, b]) => a <= i && j <= b)) runs.push([i, j]);
  }
  return runs;
}

/** Renders the CD diagram of a Friedman/Nemenyi result. */
export function renderCdDiagram(friedman: FriedmanSummary, options: { width?: number } = {}): string {
  const k = friedman.algorithms.length;
  const order = friedman.algorithms.map((name, i) => ({ name, rank: friedman.average_ranks[i]! })).sort((a, b) => a.rank - b.rank);
  const label = (o: { name: string; rank: number }): string => `${o.name} (${o.rank.toFixed(2)})`;
  const fontSize = 12;
  const leftCount = Math.ceil(k / 2);
  const left = order.slice(0, leftCount);
  const right = order.slice(leftCount);
  const textW = Math.max(...order.map((o) => measureText(label(o), fontSize)), 40);
  const width = options.width ?? Math.max(560, Math.round(2 * textW + 60 + 60 * k));
  const margin = textW + 24;
  const axisLeft = margin;
  const axisRight = width - margin;
  const x = (rank: number): number => axisLeft + ((rank - 1) / Math.max(1, k - 1)) * (axisRight - axisLeft);
  const axisY = 62;
  const groups = cliques(order.map((o) => o.rank), friedman.critical_difference);
  const groupTop = axisY + 12;
  const rowsTop = groupTop + groups.length * 8 + 16;
  const rowH = 22;
  const height = rowsTop + Math.max(left.length, right.length) * rowH + 10;
  const parts: string[] = [];
  const line = (x1: number, y1: number, x2: number, y2: number, w = 1, color = '#333'): void => {
    parts.push(`<line x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" stroke="${color}" stroke-width="${w}"/>`);
  };
  const text = (tx: number, ty: number, s: string, anchor: 'start' | 'middle' | 'end', size = fontSize, extra = ''): void => {
    parts.push(`<text x="${tx.toFixed(1)}" y="${ty.toFixed(1)}" text-anchor="${anchor}" font-size="${size}"${extra}>${escapeHtml(s)}</text>`);
  };
  // Critical difference bar.
  const cd = friedman.critical_difference;
  const cdEnd = Math.min(k, 1 + cd);
  line(x(1), 18, x(cdEnd), 18, 2);
  line(x(1), 13, x(1), 23);
  line(x(cdEnd), 13, x(cdEnd), 23);
  text((x(1) + x(cdEnd)) / 2, 11, `CD = ${cd.toFixed(2)}`, 'middle', 11);
  // Axis with ticks at every half rank.
  line(axisLeft, axisY, axisRight, axisY, 1.2);
  for (let r = 1; r <= k + 1e-9; r += 0.5) {
    const major = Number.isInteger(r);
    line(x(r), axisY, x(r), axisY - (major ? 8 : 4));
    if (major) text(x(r), axisY - 12, String(r), 'middle', 11);
  }
  // Algorithms hanging from their ranks.
  left.forEach((o, i) => {
    const y = rowsTop + i * rowH;
    line(x(o.rank), axisY, x(o.rank), y, 1, '#555');
    line(x(o.rank), y, axisLeft - 10, y, 1, '#555');
    text(axisLeft - 14, y + 4, label(o), 'end');
  });
  right.forEach((o, i) => {
    const y = rowsTop + (right.length - 1 - i) * rowH;
    line(x(o.rank), axisY, x(o.rank), y, 1, '#555');
    line(x(o.rank), y, axisRight + 10, y, 1, '#555');
    text(axisRight + 14, y + 4, label(o), 'start');
  });
  // Groups not significantly different.
  groups.forEach(([i, j], g) => {
    const y = groupTop + g * 8;
    line(x(order[i]!.rank) - 4, y, x(order[j]!.rank) + 4, y, 4, '#111');
  });
  const title = `Critical-difference diagram: average ranks on ${friedman.metric} over ${friedman.datasets.length} datasets (Nemenyi, α = ${friedman.alpha})`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}" role="img" aria-label="${escapeHtml(title)}">` +
    `<title>${escapeHtml(title)}</title><rect width="${width}" height="${height}" fill="white"/>${parts.join('')}</svg>`
  );
}
