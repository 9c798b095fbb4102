/**
 * Per-cell precision–recall curves: one per class (the positive class for binary targets), with
 * each class's prevalence as its chance line; under cross-validation the mean over folds on a
 * recall grid with a ±1 std band. Above `MAX_DRAWN_CLASSES` classes, the micro average and the
 * worst classes only. The subtitle says what is drawn and names every class left out.
 */
import type { CellReport, PrCurveData } from '../results.js';
import { MAX_DRAWN_CLASSES, WORST_CLASSES } from './roc.js';
import { chartName, valueLabel, withTheme, wrapLines } from './theme.js';
import { cellKey, type Chart, type ChartBuilder } from './types.js';

function apText(c: PrCurveData): string {
  if (!Number.isFinite(c.ap)) return 'n/a';
  return c.ap_std !== undefined ? `${c.ap.toFixed(3)} ± ${c.ap_std.toFixed(3)}` : c.ap.toFixed(3);
}

/** The curves to draw and the subtitle's sentences. */
export function prPlan(pr: NonNullable<CellReport['pr']>): { drawn: Array<{ name: string; curve: PrCurveData; dash: boolean }>; notes: string[] } {
  const usable = pr.curves.filter((k) => k.recall.length > 0 && k.recall.length === k.precision.length);
  const folds = pr.folds ?? 1;
  const notes: string[] = [folds > 1 ? `Mean over ${folds} folds' test rows (precision at each recall, band ±1 std); AP mean ± std.` : 'Test rows.'];
  const drawn: Array<{ name: string; curve: PrCurveData; dash: boolean }> = [];
  if (usable.length <= MAX_DRAWN_CLASSES) {
    for (const k of usable) drawn.push({ name: `${valueLabel(k.label)} (AP ${apText(k)})`, curve: k, dash: false });
    notes.push(usable.length === 1 ? `Positive class ${valueLabel(usable[0]!.label)}; dotted: its share of rows (chance).` : 'One-vs-rest per class; dotted: each class’s share of rows (chance).');
  } else {
    if (pr.micro) drawn.push({ name: `micro average (AP ${apText(pr.micro)})`, curve: pr.micro, dash: true });
    const worst = [...usable].sort((a, b) => a.ap - b.ap).slice(0, WORST_CLASSES);
    for (const k of worst) drawn.push({ name: `${valueLabel(k.label)} (AP ${apText(k)})`, curve: k, dash: false });
    const rest = usable.filter((k) => !worst.includes(k));
    notes.push(`${usable.length} classes: micro average and the ${worst.length} worst classes drawn; not drawn: ${rest.map((k) => valueLabel(k.label)).join(', ')} (AP ${Math.min(...rest.map((k) => k.ap)).toFixed(3)} or more).`);
  }
  const omitted = pr.omitted ?? [];
  if (omitted.length > 0) notes.push(`No or partial curve: ${omitted.map((o) => `${valueLabel(o.label)} (${o.reason})`).join('; ')}.`);
  return { drawn, notes };
}

/** Drawn for every cell whose report has PR curves (the estimator gave probabilities). */
const precisionRecall: ChartBuilder = ({ results, reports }) => {
  const charts: Chart[] = [];
  for (const c of results.cells) {
    const data = reports.get(cellKey(c.dataset, c.algorithm))?.pr ?? null;
    if (data === null) continue;
    const { drawn, notes } = prPlan(data);
    if (drawn.length === 0) continue;
    const names = drawn.map((d) => d.name);
    const values = drawn.flatMap((d) =>
      d.curve.recall.map((recall, j) => {
        const precision = d.curve.precision[j]!;
        const std = d.curve.precision_std?.[j] ?? 0;
        return { curve: d.name, average: d.dash, recall, precision, lo: Math.max(0, precision - std), hi: Math.min(1, precision + std), order: j };
      }),
    );
    const chance = drawn.filter((d) => !d.dash).map((d) => ({ curve: d.name, prevalence: d.curve.prevalence }));
    const banded = drawn.some((d) => d.curve.precision_std !== undefined);
    const color = { field: 'curve', type: 'nominal', title: null, sort: names, scale: { scheme: 'tableau10' }, legend: { orient: 'bottom', direction: 'vertical', labelLimit: 320 } };
    const x = { field: 'recall', type: 'quantitative', title: 'recall', scale: { domain: [0, 1] } };
    const y = { field: 'precision', type: 'quantitative', title: 'precision', scale: { domain: [0, 1] } };
    const spec = withTheme({
      title: { text: `Precision–recall: ${c.dataset} × ${c.algorithm}`, subtitle: wrapLines(notes.join(' '), 60) },
      width: 260,
      height: 260,
      layer: [
        { data: { values: chance }, mark: { type: 'rule', strokeDash: [2, 3], strokeWidth: 1 }, encoding: { y: { field: 'prevalence', type: 'quantitative' }, color } },
        ...(banded ? [{ data: { values }, mark: { type: 'area', opacity: 0.15 }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color, order: { field: 'order', type: 'quantitative' } } }] : []),
        {
          data: { values },
          mark: { type: 'line', strokeWidth: 1.8, interpolate: 'step-after' },
          encoding: {
            x,
            y,
            order: { field: 'order', type: 'quantitative' },
            color,
            strokeDash: { condition: { test: 'datum.average', value: [6, 3] }, value: [1, 0] },
            tooltip: [{ field: 'curve' }, { field: 'recall', format: '.3f' }, { field: 'precision', format: '.3f' }],
          },
        },
      ],
    });
    charts.push({ name: chartName('precision-recall', c.dataset, c.algorithm), kind: 'precision-recall', title: 'precision–recall curves', dataset: c.dataset, algorithm: c.algorithm, spec });
  }
  return charts;
};
export default precisionRecall;
