/**
 * Tables for people and programs: `results.csv` (one row per cell) and `summary.md` (a
 * datasets × algorithms table per metric, the best per dataset marked).
 */
import { countCells, type SweepResults } from './results.js';

/** Quotes a CSV field when it needs it (RFC 4180). */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : typeof value === 'number' ? formatNumber(value) : JSON.stringify(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function formatNumber(value: number): string {
  return Number.isFinite(value) ? String(value) : '';
}

/** `results.csv`: one row per cell, every metric on test and train, timings, shapes, status. */
export function renderResultsCsv(results: SweepResults): string {
  const header = [
    'dataset', 'algorithm', 'estimator', 'engine', 'status',
    ...results.metrics.map((m) => `test_${m}`),
    ...results.metrics.map((m) => `test_${m}_std`),
    ...results.metrics.map((m) => `train_${m}`),
    'fit_s', 'predict_s', 'n_train', 'n_test', 'n_features', 'folds', 'params', 'error',
  ];
  const rows = results.cells.map((c) => [
    c.dataset, c.algorithm, c.estimator, c.engine, c.status,
    ...results.metrics.map((m) => c.metrics.test[m] ?? null),
    ...results.metrics.map((m) => c.metrics_std.test[m] ?? null),
    ...results.metrics.map((m) => c.metrics.train[m] ?? null),
    c.timing.fit_s, c.timing.predict_s, c.n_train, c.n_test, c.n_features, c.folds.length, c.params,
    c.error === null ? null : c.error.message,
  ]);
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}

/** Escapes text for a Markdown table cell. */
export function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The best algorithm(s) of a dataset on one metric (ties all count as best). */
export function bestOf(results: SweepResults, dataset: string, metric: string, greaterIsBetter: boolean): Set<string> {
  let best: number | undefined;
  for (const c of results.cells) {
    const v = c.dataset === dataset && c.status === 'ok' ? c.metrics.test[metric] : null;
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    if (best === undefined || (greaterIsBetter ? v > best : v < best)) best = v;
  }
  const winners = new Set<string>();
  if (best === undefined) return winners;
  for (const c of results.cells) if (c.dataset === dataset && c.status === 'ok' && c.metrics.test[metric] === best) winners.add(c.algorithm);
  return winners;
}

/** Formats a score with 4 decimals, and ± std over folds when there are several. */
export function formatScore(mean: number | null | undefined, std: number | null | undefined, folds: number): string {
  if (mean === null || mean === undefined || !Number.isFinite(mean)) return '–';
  return folds > 1 && std !== null && std !== undefined ? `${mean.toFixed(4)} ± ${std.toFixed(4)}` : mean.toFixed(4);
}

/**
 * `summary.md`: per metric, a datasets × algorithms table of test scores with the best per dataset
 * in bold, then timings and any failed cells with their errors.
 * @param lowerIsBetter metric names where smaller is better (e.g. `log_loss`).
 */
export function renderSummaryMarkdown(results: SweepResults, lowerIsBetter: ReadonlySet<string> = new Set()): string {
  const datasets = [...new Set(results.cells.map((c) => c.dataset))];
  const algorithms = [...new Set(results.cells.map((c) => c.algorithm))];
  const cell = (d: string, a: string) => results.cells.find((c) => c.dataset === d && c.algorithm === a);
  const counts = countCells(results);
  const lines: string[] = [
    `# Sweep \`${markdownCell(results.name)}\`: run ${results.run_id}`,
    '',
    `${counts.total} cells (${datasets.length} datasets × ${algorithms.length} algorithms): ${counts.ok} ok, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}. ` +
      `Seed ${results.seed}; ${results.jobs} job${results.jobs === 1 ? '' : 's'} (${results.runner}); wall time ${results.wall_s.toFixed(1)} s.`,
    '',
    'Test-set scores; **bold** marks the best per dataset. With cross-validation, mean ± std over folds.',
    '',
  ];
  const table = (title: string, value: (d: string, a: string) => string): void => {
    lines.push(`## ${title}`, '', `| dataset | ${algorithms.map(markdownCell).join(' | ')} |`, `|---|${algorithms.map(() => '---:').join('|')}|`);
    for (const d of datasets) lines.push(`| ${markdownCell(d)} | ${algorithms.map((a) => value(d, a)).join(' | ')} |`);
    lines.push('');
  };
  for (const metric of results.metrics) {
    const higher = !lowerIsBetter.has(metric);
    const best = new Map(datasets.map((d) => [d, bestOf(results, d, metric, higher)]));
    table(metric, (d, a) => {
      const c = cell(d, a);
      if (c === undefined) return '';
      if (c.status !== 'ok') return c.status;
      const text = formatScore(c.metrics.test[metric], c.metrics_std.test[metric], c.folds.length);
      return best.get(d)!.has(a) ? `**${text}**` : text;
    });
  }
  table('fit + predict seconds', (d, a) => {
    const c = cell(d, a);
    if (c === undefined || c.status !== 'ok' || c.timing.fit_s === null || c.timing.predict_s === null) return c?.status ?? '';
    return `${c.timing.fit_s.toFixed(2)} + ${c.timing.predict_s.toFixed(2)}`;
  });
  // Searches optimize `scoring`, so baseline vs tuned is compared on it.
  const main = results.scoring ?? results.metrics[0];
  const tuned = results.cells.filter((c) => c.status === 'ok' && (c.baseline ?? null) !== null);
  if (main !== undefined && tuned.length > 0) {
    lines.push(`## Baseline vs tuned (${main})`, '', 'Baseline: the configured params; tuned: the best of the search (inner CV on each training fold), refit.', '');
    lines.push('| dataset | algorithm | baseline | tuned | Δ | best params |', '|---|---|---:|---:|---:|---|');
    for (const c of tuned) {
      const b = c.baseline!.metrics.test[main];
      const t = c.metrics.test[main];
      const delta = typeof b === 'number' && typeof t === 'number' ? `${t - b >= 0 ? '+' : ''}${(t - b).toFixed(4)}` : '–';
      lines.push(
        `| ${markdownCell(c.dataset)} | ${markdownCell(c.algorithm)} | ${formatScore(b, c.baseline!.metrics_std.test[main], c.folds.length)} | ${formatScore(t, c.metrics_std.test[main], c.folds.length)} | ${delta} | ${markdownCell(JSON.stringify(c.best_params ?? {}))} |`,
      );
    }
    lines.push('');
  }
  const curves = results.cells.flatMap((c) => [
    // `?? null`: results.json files written before curves existed lack these keys.
    ...((c.learning_curve ?? null) === null ? [] : [{ cell: c, title: 'learning curve', curve: c.learning_curve! }]),
    ...((c.validation_curve ?? null) === null ? [] : [{ cell: c, title: 'validation curve', curve: c.validation_curve! }]),
  ]);
  if (curves.length > 0) {
    lines.push('## Curves', '', 'Train and cross-validated scores (mean ± std over the inner folds).', '');
    for (const { cell, title, curve } of curves) {
      lines.push(`### ${markdownCell(cell.dataset)} × ${markdownCell(cell.algorithm)}: ${title} (${markdownCell(curve.scoring)})`, '');
      lines.push(`| ${markdownCell(curve.x_label)} | train | cross-validated | fit s |`, '|---|---:|---:|---:|');
      curve.x.forEach((x, i) => {
        lines.push(`| ${markdownCell(String(x))} | ${formatScore(curve.train_mean[i], curve.train_std[i], 2)} | ${formatScore(curve.test_mean[i], curve.test_std[i], 2)} | ${(curve.fit_s_mean[i] ?? 0).toFixed(3)} |`);
      });
      lines.push('');
    }
  }
  const gaps = results.cells.filter((c) => Object.keys(c.metric_notes ?? {}).length > 0);
  if (gaps.length > 0) {
    lines.push('## Metrics left out', '', 'A metric undefined on some fold leaves a gap there; the mean is over the folds that have it.', '');
    for (const c of gaps) {
      for (const [where, why] of Object.entries(c.metric_notes!)) lines.push(`- ${markdownCell(c.dataset)} × ${markdownCell(c.algorithm)}, ${markdownCell(where)}: ${markdownCell(why)}`);
    }
    lines.push('');
  }
  const noted = results.cells.filter((c) => (c.fit_notes ?? []).length > 0);
  if (noted.length > 0) {
    lines.push('## Notes from fitting', '', "What an estimator said while fitting (scikit-learn's warnings, such as a solver stopping at max_iter).", '');
    for (const c of noted) for (const note of c.fit_notes!) lines.push(`- ${markdownCell(c.dataset)} × ${markdownCell(c.algorithm)}: ${markdownCell(note)}`);
    lines.push('');
  }
  const failed = results.cells.filter((c) => c.status !== 'ok');
  if (failed.length > 0) {
    lines.push('## Failed cells', '');
    for (const c of failed) {
      const why = c.error === null ? 'not run' : `${c.error.message}${c.error.hint ? ` (${c.error.hint})` : ''}`;
      lines.push(`- **${markdownCell(c.dataset)} × ${markdownCell(c.algorithm)}** (${c.status}${c.error ? `, in \`${c.error.node}\`` : ''}): ${markdownCell(why)}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
