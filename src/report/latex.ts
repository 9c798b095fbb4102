/** `tables.tex`: one booktabs table per metric (datasets × algorithms), best per dataset in bold. */
import { escapeLatex, fileSafe } from './escape.js';
import type { SweepResults } from './results.js';
import { bestOf } from './tables.js';

function latexScore(mean: number, std: number | null | undefined, folds: number, bold: boolean): string {
  const body = folds > 1 && std !== null && std !== undefined && Number.isFinite(std) ? `${mean.toFixed(3)} \\pm ${std.toFixed(3)}` : mean.toFixed(3);
  return bold ? `$\\mathbf{${body}}$` : `$${body}$`;
}

/**
 * Renders every metric as a booktabs table (`\usepackage{booktabs}`), names escaped for LaTeX.
 * Cells are test means (± std over folds with cross-validation); failed cells show `--`.
 */
export function renderLatexTables(results: SweepResults, lowerIsBetter: ReadonlySet<string> = new Set()): string {
  const datasets = [...new Set(results.cells.map((c) => c.dataset))];
  const algorithms = [...new Set(results.cells.map((c) => c.algorithm))];
  const out: string[] = [
    `% Tables of sweep ${results.name.replace(/[\r\n]/g, ' ')}, run ${results.run_id} (written by sweep).`,
    '% Needs \\usepackage{booktabs} (and amsmath for \\pm in math mode, which LaTeX has built in).',
    '',
  ];
  for (const metric of results.metrics) {
    const higher = !lowerIsBetter.has(metric);
    const cv = results.cells.some((c) => c.folds.length > 1);
    out.push(
      '\\begin{table}[htbp]',
      '\\centering',
      '\\small',
      `\\begin{tabular}{l${'r'.repeat(algorithms.length)}}`,
      '\\toprule',
      `Dataset & ${algorithms.map(escapeLatex).join(' & ')} \\\\`,
      '\\midrule',
    );
    for (const d of datasets) {
      const best = bestOf(results, d, metric, higher);
      const row = algorithms.map((a) => {
        const c = results.cells.find((x) => x.dataset === d && x.algorithm === a);
        const mean = c?.status === 'ok' ? c.metrics.test[metric] : null;
        if (c === undefined || mean === null || mean === undefined || !Number.isFinite(mean)) return '--';
        return latexScore(mean, c.metrics_std.test[metric], c.folds.length, best.has(a));
      });
      out.push(`${escapeLatex(d)} & ${row.join(' & ')} \\\\`);
    }
    out.push(
      '\\bottomrule',
      '\\end{tabular}',
      `\\caption{Test ${escapeLatex(metric)}${higher ? '' : ' (lower is better)'} of each algorithm${cv ? ' (mean $\\pm$ std over folds)' : ''}; best per dataset in bold. Sweep \\texttt{${escapeLatex(results.name)}}, run ${escapeLatex(results.run_id)}.}`,
      `\\label{tab:sweep-${fileSafe(metric).replace(/_/g, '-')}}`,
      '\\end{table}',
      '',
    );
  }
  return out.join('\n');
}
