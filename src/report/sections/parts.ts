/** Small HTML pieces every section uses: numbers, p-values, seconds, params, anchors, tables, figures. */
import { escapeHtml as h, fileSafe } from '../escape.js';
import type { CellResult } from '../results.js';
import type { RenderedChart } from './types.js';

let svgCounter = 0;

/** Makes an SVG safe to inline next to others: no XML prolog, ids prefixed so `url(#…)` stays unique. */
export function inlineSvg(svg: string, prefix = `s${++svgCounter}`): string {
  const p = fileSafe(prefix);
  return svg
    .replace(/<\?xml[^>]*\?>/g, '')
    .replace(/<!DOCTYPE[^>]*>/gi, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\sid="([^"]+)"/g, (_m, id: string) => ` id="${p}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${p}-${id})`)
    .replace(/href="#([^"]+)"/g, (_m, id: string) => `href="#${p}-${id}"`)
    .trim();
}

/** A number with fixed digits, or "–". */
export const num = (v: number | null | undefined, digits = 4): string => (v === null || v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(digits));

/** A p-value that never wraps. */
export function pValue(p: number): string {
  return `<span class="nowrap">${p < 0.0001 ? '&lt;&nbsp;0.0001' : p.toFixed(4)}</span>`;
}

/** A p-value after its name: "= 0.0123", or "< 0.0001" (never "= < 0.0001"). */
export function pRelation(p: number): string {
  return p < 0.0001 ? '&lt;&nbsp;0.0001' : `= ${p.toFixed(4)}`;
}

/** Seconds in a readable unit. */
export function seconds(s: number | null | undefined): string {
  if (s === null || s === undefined || !Number.isFinite(s)) return '–';
  if (s < 0.001) return `${(s * 1e6).toFixed(0)} µs`;
  if (s < 1) return `${(s * 1000).toFixed(1)} ms`;
  return `${s.toFixed(2)} s`;
}

/** An element id from parts (`cell-adult-knn`). */
export function anchor(kind: string, ...parts: string[]): string {
  return [kind, ...parts.map(fileSafe)].join('-');
}

/** A JSON value as scikit-learn users read it: `None`, `True`, strings bare. */
export function value(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `[${v.map(value).join(', ')}]`;
  if (typeof v === 'object') return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}: ${value(x)}`).join(', ')}}`;
  return String(v);
}

/** Params as `k=v, k=v` (escaped), the same way everywhere. */
export function paramsText(params: Record<string, unknown>): string {
  const entries = Object.entries(params);
  return entries.length === 0 ? 'defaults' : entries.map(([k, v]) => `${h(k)}=${h(value(v))}`).join(', ');
}

/** A table in its own horizontally scrolling box (phones never scroll the page sideways). */
export function scrollTable(html: string): string {
  return `<div class="scroll">${html}</div>`;
}

/** A rendered chart as a figure (empty for none). */
export function figure(chart: RenderedChart | undefined): string {
  if (chart === undefined) return '';
  return `<figure class="chart" id="${h(anchor('chart', chart.name))}">${inlineSvg(chart.svg, chart.name)}</figure>`;
}

/** Why a cell has no value for a metric (its recorded note, or the usual cause), or null when it has one. */
export function missingReason(c: CellResult, metric: string): string | null {
  if (c.status !== 'ok') return c.error?.message ?? c.status;
  const v = c.metrics.test[metric];
  if (v !== null && v !== undefined && Number.isFinite(v)) return null;
  const notes = Object.entries(c.metric_notes ?? {}).filter(([k]) => k.endsWith(`test.${metric}`));
  if (notes.length > 0) {
    const folds = notes.map(([k]) => k.match(/^fold-(\d+)\./)?.[1]).filter((f): f is string => f !== undefined);
    return `${folds.length > 0 ? `fold${folds.length === 1 ? '' : 's'} ${folds.join(', ')}: ` : ''}${notes[0]![1]}`;
  }
  return `no ${metric} was computed (the estimator gives no probabilities, or a fold failed to score)`;
}

/** Collects the reasons of "–" cells of one table and numbers them as footnotes. */
export class Footnotes {
  private readonly notes: string[] = [];

  /** A "–" cell with its footnote mark and the reason as a tooltip. */
  dash(reason: string): string {
    let k = this.notes.indexOf(reason);
    if (k < 0) k = this.notes.push(reason) - 1;
    return `<span class="na" title="${h(reason)}">–<sup>${k + 1}</sup></span>`;
  }

  /** The footnotes as a list under the table (empty without any). */
  render(): string {
    if (this.notes.length === 0) return '';
    return `<ol class="notes">${this.notes.map((n) => `<li>${h(n)}</li>`).join('')}</ol>`;
  }
}
