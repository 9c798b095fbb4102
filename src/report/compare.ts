/** What changed between two runs, cell by cell: added, removed, status, metric deltas, params. */
import type { CellResult, SweepResults } from './results.js';

/** One metric of a cell in both runs. */
export interface MetricDelta {
  metric: string;
  a: number | null;
  b: number | null;
  /** b − a (null when either side has no score). */
  delta: number | null;
}

/** How one dataset × algorithm cell differs between run A and run B. */
export interface CellChange {
  dataset: string;
  algorithm: string;
  change: 'added' | 'removed' | 'changed' | 'unchanged';
  status: { a: CellResult['status'] | null; b: CellResult['status'] | null };
  metrics: MetricDelta[];
  /** Params whose values differ (a missing key is `undefined` → shown as absent). */
  params: Array<{ key: string; a: unknown; b: unknown }>;
}

/** A comparison of two runs. */
export interface RunComparison {
  a: { run_id: string; name: string };
  b: { run_id: string; name: string };
  metrics: string[];
  cells: CellChange[];
  counts: { added: number; removed: number; changed: number; unchanged: number };
  /** Differences of protocol (split or CV, sample, seed, filters) that make score deltas not like for like. */
  warnings: string[];
}

const showValue = (v: unknown): string => (v === undefined ? 'absent' : JSON.stringify(v));

/** Where two runs differ in protocol: seed, each shared dataset's split and sample, and the filters. */
export function protocolWarnings(a: SweepResults, b: SweepResults): string[] {
  const out: string[] = [];
  if (a.seed !== b.seed) out.push(`seed differs: ${a.seed} vs ${b.seed}`);
  const pa = a.protocol;
  const pb = b.protocol;
  if (pa === undefined || pb === undefined) {
    if (pa !== pb) out.push(`run ${pa === undefined ? a.run_id : b.run_id} records no protocol (older results.json): splits, samples and filters cannot be compared`);
    // Older files: rows per dataset still tell a different sample apart.
    for (const da of a.datasets) {
      const db = b.datasets.find((d) => d.dataset === da.dataset);
      if (db !== undefined && db.rows !== da.rows) out.push(`dataset '${da.dataset}': ${da.rows} rows vs ${db.rows} (different sample or data)`);
    }
    return out;
  }
  for (const [name, da] of Object.entries(pa.datasets)) {
    const db = pb.datasets[name];
    if (db === undefined) continue;
    const keys = [...new Set([...Object.keys(da.evaluation), ...Object.keys(db.evaluation)])].sort();
    const diff = keys.filter((k) => JSON.stringify(da.evaluation[k]) !== JSON.stringify(db.evaluation[k]));
    if (diff.length > 0) out.push(`dataset '${name}': evaluation differs (${diff.map((k) => `${k} ${showValue(da.evaluation[k])} vs ${showValue(db.evaluation[k])}`).join(', ')})`);
    if (da.sample !== db.sample) out.push(`dataset '${name}': sample ${da.sample ?? 'all rows'} vs ${db.sample ?? 'all rows'}`);
    if (da.test_path !== db.test_path) out.push(`dataset '${name}': ${da.test_path ? 'given test file' : 'split'} vs ${db.test_path ? 'given test file' : 'split'}`);
  }
  for (const key of ['datasets', 'algorithms', 'only', 'tags', 'shard'] as const) {
    if (JSON.stringify(pa.filters[key]) !== JSON.stringify(pb.filters[key])) out.push(`filter --${key} differs: ${showValue(pa.filters[key] ?? 'none')} vs ${showValue(pb.filters[key] ?? 'none')}`);
  }
  return out;
}

const finite = (v: number | null | undefined): number | null => (v === null || v === undefined || !Number.isFinite(v) ? null : v);

function paramChanges(a: Record<string, unknown>, b: Record<string, unknown>): CellChange['params'] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).map((k) => ({ key: k, a: a[k], b: b[k] }));
}

/** Compares run B against run A; cells are matched by dataset and algorithm name. */
export function compareRuns(a: SweepResults, b: SweepResults, options: { tolerance?: number } = {}): RunComparison {
  const tolerance = options.tolerance ?? 1e-12;
  const warnings = protocolWarnings(a, b);
  const metrics = [...new Set([...a.metrics, ...b.metrics])];
  const key = (c: CellResult): string => `${c.dataset}\u0000${c.algorithm}`;
  const inA = new Map(a.cells.map((c) => [key(c), c]));
  const inB = new Map(b.cells.map((c) => [key(c), c]));
  const keys = [...inA.keys(), ...[...inB.keys()].filter((k) => !inA.has(k))];
  const cells = keys.map((k): CellChange => {
    const ca = inA.get(k);
    const cb = inB.get(k);
    const any = (ca ?? cb)!;
    const deltas = metrics.map((m): MetricDelta => {
      const va = finite(ca?.status === 'ok' ? ca.metrics.test[m] : null);
      const vb = finite(cb?.status === 'ok' ? cb.metrics.test[m] : null);
      return { metric: m, a: va, b: vb, delta: va !== null && vb !== null ? vb - va : null };
    });
    const params = ca !== undefined && cb !== undefined ? paramChanges(ca.params, cb.params) : [];
    let change: CellChange['change'];
    if (ca === undefined) change = 'added';
    else if (cb === undefined) change = 'removed';
    else {
      const moved = deltas.some((d) => (d.a === null) !== (d.b === null) || (d.delta !== null && Math.abs(d.delta) > tolerance));
      change = moved || ca.status !== cb.status || params.length > 0 ? 'changed' : 'unchanged';
    }
    return { dataset: any.dataset, algorithm: any.algorithm, change, status: { a: ca?.status ?? null, b: cb?.status ?? null }, metrics: deltas, params };
  });
  const count = (c: CellChange['change']): number => cells.filter((x) => x.change === c).length;
  return {
    a: { run_id: a.run_id, name: a.name },
    b: { run_id: b.run_id, name: b.name },
    metrics,
    cells,
    counts: { added: count('added'), removed: count('removed'), changed: count('changed'), unchanged: count('unchanged') },
    warnings,
  };
}

/** A signed delta with 4 decimals (`+0.0123`, `−0.0040`, `±0` when equal). */
export function formatDelta(delta: number): string {
  if (delta === 0) return '±0';
  return `${delta > 0 ? '+' : '−'}${Math.abs(delta).toFixed(4)}`;
}

function show(value: unknown): string {
  return value === undefined ? '(absent)' : JSON.stringify(value);
}

/** Colors for the text form (identity functions when color is off). */
export interface CompareStyle {
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const plain: CompareStyle = { green: (t) => t, red: (t) => t, yellow: (t) => t, dim: (t) => t, bold: (t) => t };

/**
 * The comparison for people: one line per added/removed/changed cell (with every metric's
 * `a → b (±delta)`, improvements green, regressions red), then the count of unchanged cells.
 */
export function renderComparisonText(cmp: RunComparison, style: CompareStyle = plain, lowerIsBetter: ReadonlySet<string> = new Set()): string {
  const lines = [style.bold(`${cmp.a.run_id} → ${cmp.b.run_id}`) + (cmp.a.name === cmp.b.name ? ` (${cmp.a.name})` : ` (${cmp.a.name} → ${cmp.b.name})`)];
  const fmt = (v: number | null): string => (v === null ? '–' : v.toFixed(4));
  for (const c of cmp.cells) {
    if (c.change === 'unchanged') continue;
    const id = `${c.dataset} × ${c.algorithm}`;
    if (c.change === 'added') lines.push(style.green(`+ ${id}`) + `  added (${c.status.b})`);
    else if (c.change === 'removed') lines.push(style.red(`- ${id}`) + `  removed (was ${c.status.a})`);
    else {
      lines.push(style.yellow(`~ ${id}`) + (c.status.a !== c.status.b ? `  status ${c.status.a} → ${c.status.b}` : ''));
      for (const m of c.metrics) {
        if (m.a === null && m.b === null) continue;
        if (m.delta !== null && m.delta === 0) continue;
        const better = m.delta === null ? null : lowerIsBetter.has(m.metric) ? m.delta < 0 : m.delta > 0;
        const delta = m.delta === null ? '' : ` (${better ? style.green(formatDelta(m.delta)) : style.red(formatDelta(m.delta))})`;
        lines.push(`    ${m.metric}: ${fmt(m.a)} → ${fmt(m.b)}${delta}`);
      }
      for (const p of c.params) lines.push(`    params.${p.key}: ${show(p.a)} → ${show(p.b)}`);
    }
  }
  const { added, removed, changed, unchanged } = cmp.counts;
  lines.push(style.dim(`${changed} changed, ${added} added, ${removed} removed, ${unchanged} unchanged`));
  return `${lines.join('\n')}\n`;
}
