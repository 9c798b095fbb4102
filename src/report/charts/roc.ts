/** Per-cell ROC curves (one-vs-rest per class; the positive class for binary targets). */
import { chartName, valueLabel, withTheme } from './theme.js';
import { cellKey, type Chart, type ChartBuilder } from './types.js';

/** Drawn for every cell whose report has ROC curves (the estimator gave probabilities). */
const roc: ChartBuilder = ({ results, reports }) => {
  const charts: Chart[] = [];
  for (const c of results.cells) {
    const curves = reports.get(cellKey(c.dataset, c.algorithm))?.roc?.curves ?? [];
    const usable = curves.filter((k) => k.fpr.length > 0 && k.fpr.length === k.tpr.length);
    if (usable.length === 0) continue;
    const names = usable.map((k) => `${valueLabel(k.label)} (AUC ${Number.isFinite(k.auc) ? k.auc.toFixed(3) : 'n/a'})`);
    const values = usable.flatMap((k, i) => k.fpr.map((fpr, j) => ({ curve: names[i]!, fpr, tpr: k.tpr[j]!, order: j })));
    const binary = usable.length === 1;
    const spec = withTheme({
      title: {
        text: `ROC: ${c.dataset} × ${c.algorithm}`,
        subtitle: binary ? `Positive class ${valueLabel(usable[0]!.label)}; dashed: chance.` : 'One-vs-rest per class; dashed: chance.',
      },
      width: 260,
      height: 260,
      layer: [
        {
          data: { values: [{ fpr: 0, tpr: 0 }, { fpr: 1, tpr: 1 }] },
          mark: { type: 'line', strokeDash: [4, 4], color: '#aaa', strokeWidth: 1 },
          encoding: { x: { field: 'fpr', type: 'quantitative' }, y: { field: 'tpr', type: 'quantitative' } },
        },
        {
          data: { values },
          mark: { type: 'line', strokeWidth: 1.8 },
          encoding: {
            x: { field: 'fpr', type: 'quantitative', title: 'false positive rate', scale: { domain: [0, 1] } },
            y: { field: 'tpr', type: 'quantitative', title: 'true positive rate', scale: { domain: [0, 1] } },
            order: { field: 'order', type: 'quantitative' },
            color: { field: 'curve', type: 'nominal', title: binary ? null : 'class', sort: names, scale: { scheme: usable.length > 10 ? 'category20' : 'tableau10' }, legend: { orient: 'right', labelLimit: 300, ...(usable.length > 12 ? { columns: 2, columnPadding: 12 } : {}) } },
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
