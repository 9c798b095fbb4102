/**
 * How a run's cells met the node cache (`CellResult.cache`): counted for the run summaries, and
 * one badge per cell in report.html.
 */
import { escapeHtml as h } from './escape.js';
import type { CellResult, SweepResults } from './results.js';

/** Cells by cache status; all zero when the run had no cache (`--no-cache`, `cache: false`). */
export function countCache(results: SweepResults): { hit: number; miss: number; partial: number } {
  const count = (s: NonNullable<CellResult['cache']>): number => results.cells.filter((c) => c.cache === s).length;
  return { hit: count('hit'), miss: count('miss'), partial: count('partial') };
}

/** `cache: 14 hit, 2 miss`; empty without a cache. */
export function describeCache(results: SweepResults): string {
  const c = countCache(results);
  const parts = (['hit', 'partial', 'miss'] as const).filter((s) => c[s] > 0).map((s) => `${c[s]} ${s}`);
  return parts.length === 0 ? '' : `cache: ${parts.join(', ')}`;
}

const TITLES = {
  hit: 'every node of this cell came from the cache: nothing was recomputed',
  partial: 'some nodes of this cell came from the cache, the others ran',
  miss: 'every node of this cell ran (nothing for it was in the cache)',
} as const;

/** The badge of a cell's cache status (`cache hit`); empty when the run had no cache. */
export function cacheBadge(cell: CellResult): string {
  return cell.cache === undefined ? '' : ` <span class="badge cache-${h(cell.cache)}" title="${h(TITLES[cell.cache])}">cache ${h(cell.cache)}</span>`;
}
