/**
 * Per-cell ROC curves: one-vs-rest per class (the positive class for binary targets); under
 * cross-validation the mean over folds with a ±1 std band. Above `MAX_DRAWN_CLASSES` classes, the
 * macro and micro averages and the worst classes only. The subtitle says what is drawn and names
 * every class left out.
 */
import type { CellReport, RocCurveData } from '../results.js';
import { chartName, valueLabel, withTheme, wrapLines } from './theme.js';
import { cellKey, type Chart, type ChartBuilder } from './types.js';

/** More classes than this: draw the averages and the worst classes, not one curve per class. */
export const MAX_DRAWN_CLASSES = 8;
/** Worst classes (lowest AUC) drawn beside the averages when there are many classes. */
export const WORST_CLASSES = 3;

function aucText(c: RocCurveData): string {
  if (!Number.isFinite(c.auc)) return 'n/a';
  return c.auc_std !== undefined ? `${c.auc.toFixed(3)} ± ${c.auc_std.toFixed(3)}` : c.auc.toFixed(3);
}

/** The curves to draw, their names, and sentences for the subtitle (what is drawn, what is not). */
export function rocPlan(roc: NonNullable<CellReport['roc']>): { drawn: Array<{ name: string; curve: RocCurveData; dash: boolean }>; notes: string[] } {
  const usable = roc.curves.filter((k) => k.fpr.length > 0 && k.fpr.length === k.tpr.length);
  const folds = roc.folds ?? 1;
  const notes: string[] = [folds > 1 ? `Mean over ${folds} folds' test rows, band ±1 std; AUC mean ± std.` : 'Test rows.'];
  const drawn: Array<{ name: string; curve: RocCurveData; dash: boolean }> = [];
  if (usable.length === 1 && (roc.macro ?? null) === null) {
    drawn.push({ name: `${valueLabel(usable[0]!.label)} (AUC ${aucText(usable[0]!)})`, curve: usable[0]!, dash: false });
    notes.push(`Positive class ${valueLabel(usable[0]!.label)}; dashed: chance.`);
  } else if (usable.length <= MAX_DRAWN_CLASSES) {
    for (const k of usable) drawn.push({ name: `${valueLabel(k.label)} (AUC ${aucText(k)})`, curve: k, dash: false });
    notes.push('One-vs-rest per class; dashed: chance.');
  } else {
    if (roc.macro) drawn.push({ name: `macro average (AUC ${aucText(roc.macro)})`, curve: roc.macro, dash: true });
    if (roc.micro) drawn.push({ name: `micro average (AUC ${aucText(roc.micro)})`, curve: roc.micro, dash: true });
    const worst = [...usable].sort((a, b) => a.auc - b.auc).slice(0, WORST_CLASSES);
    for (const k of worst) drawn.push({ name: `${valueLabel(k.label)} (AUC ${aucText(k)})`, curve: k, dash: false });
    const rest = usable.filter((k) => !worst.includes(k));
    const lo = Math.min(...rest.map((k) => k.auc));
    notes.push(
      `${usable.length} classes: macro and micro averages and the ${worst.length} worst classes drawn; not drawn: ${rest.map((k) => valueLabel(k.label)).join(', ')} (AUC ${lo.toFixed(3)} or more).`,
    );
  }
  const omitted = roc.omitted ?? [];
  if (omitted.length > 0) notes.push(`No or partial curve: ${omitted.map((o) => `${valueLabel(o.label)} (${o.reason})`).join('; ')}.`);
  return { drawn, notes };
}

/** Drawn for every cell whose report has ROC curves (the estimator gave probabilities). */
const roc: ChartBuilder = ({ results, reports }) => {
  const charts: Chart[] = [];
  for (const c of results.cells) {
    const data = reports.get(cellKey(c.dataset, c.algorithm))?.roc ?? null;
    if (data === null) continue;
    const { drawn, notes } = rocPlan(data);
    if (drawn.length === 0) continue;
    const names = drawn.map((d) => d.name);
    const values = drawn.flatMap((d) =>
      d.curve.fpr.map((fpr, j) => {
        const tpr = d.curve.tpr[j]!;
        const std = d.curve.tpr_std?.[j] ?? 0;
        return { curve: d.name, average: d.dash, fpr, tpr, lo: Math.max(0, tpr - std), hi: Math.min(1, tpr + std), order: j };
      }),
    );
    const banded = drawn.some((d) => d.curve.tpr_std !== undefined);
    const color = { field: 'curve', type: 'nominal', title: null, sort: names, scale: { scheme: 'tableau10' }, legend: { orient: 'bottom', direction: 'vertical', labelLimit: 320 } };
    const x = { field: 'fpr', type: 'quantitative', title: 'false positive rate', scale: { domain: [0, 1] } };
    const spec = withTheme({
      title: { text: `ROC: ${c.dataset} × ${c.algorithm}`, subtitle: wrapLines(notes.join(' '), 60) },
      width: 260,
      height: 260,
      layer: [
        {
          data: { values: [{ fpr: 0, tpr: 0 }, { fpr: 1, tpr: 1 }] },
          mark: { type: 'line', strokeDash: [4, 4], color: '#aaa', strokeWidth: 1 },
          encoding: { x: { field: 'fpr', type: 'quantitative' }, y: { field: 'tpr', type: 'quantitative' } },
        },
        ...(banded
          ? [{ data: { values }, mark: { type: 'area', opacity: 0.15 }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color, order: { field: 'order', type: 'quantitative' } } }]
          : []),
        {
          data: { values },
          mark: { type: 'line', strokeWidth: 1.8 },
          encoding: {
            x,
            y: { field: 'tpr', type: 'quantitative', title: 'true positive rate', scale: { domain: [0, 1] } },
            order: { field: 'order', type: 'quantitative' },
            color,
            strokeDash: { condition: { test: 'datum.average', value: [6, 3] }, value: [1, 0] },
            tooltip: [{ field: 'curve' }, { field: 'fpr', format: '.3f' }, { field: 'tpr', format: '.3f' }],
          },
        },
      ],
    });
    charts.push({ name: chartName('roc', c.dataset, c.algorithm), kind: 'roc', title: 'ROC curves', dataset: c.dataset, algorithm: c.algorithm, spec });
  }
  return charts;
};
export default roc;
