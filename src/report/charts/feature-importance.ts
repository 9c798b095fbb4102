/**
 * Per-cell feature importances: the model's impurity-based importances (tree models; one bar per
 * feature after preprocessing, e.g. one-hot `color=red`) and permutation importance on the test
 * rows (one bar per input column, ±1 std over shuffles), the `TOP_FEATURES` largest of each.
 */
import type { CellReport } from '../results.js';
import { PALETTE, chartName, withTheme, wrapLines } from './theme.js';
import { cellKey, type Chart, type ChartBuilder, type VegaLiteSpec } from './types.js';

/** Bars drawn per panel; the subtitle says how many were left out. */
export const TOP_FEATURES = 15;

type Importances = NonNullable<CellReport['feature_importances']>;

function bars(names: string[], values: number[], stds: number[] | null, title: string, xTitle: string, color: string): { spec: VegaLiteSpec; left: number } {
  const order = names.map((_, i) => i).sort((a, b) => values[b]! - values[a]!);
  const top = order.slice(0, TOP_FEATURES);
  const rows = top.map((i) => ({ feature: names[i]!, value: values[i]!, lo: values[i]! - (stds?.[i] ?? 0), hi: values[i]! + (stds?.[i] ?? 0), std: stds?.[i] ?? null }));
  const y = { field: 'feature', type: 'nominal', sort: rows.map((r) => r.feature), title: null, axis: { labelLimit: 180 } };
  const x = { field: 'value', type: 'quantitative', title: xTitle };
  return {
    left: order.length - top.length,
    spec: {
      title: { text: title, fontSize: 12, fontWeight: 'normal', anchor: 'start' },
      width: 200,
      height: { step: 16 },
      data: { values: rows },
      layer: [
        { mark: { type: 'bar', color }, encoding: { y, x, tooltip: [{ field: 'feature' }, { field: 'value', format: '.4f' }, ...(stds ? [{ field: 'std', format: '.4f', title: '± std' }] : [])] } },
        ...(stds ? [{ mark: { type: 'rule', color: '#333' }, encoding: { y, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } }] : []),
      ],
    },
  };
}

const featureImportance: ChartBuilder = ({ results, reports }) =>
  results.cells.flatMap((c): Chart[] => {
    const data: Importances | null | undefined = reports.get(cellKey(c.dataset, c.algorithm))?.feature_importances;
    if (data === null || data === undefined || (data.impurity === null && data.permutation === null)) return [];
    const panels: VegaLiteSpec[] = [];
    const notes: string[] = [];
    const folds = data.folds > 1 ? ` mean over ${data.folds} folds` : '';
    if (data.impurity !== null) {
      const b = bars(data.impurity.features, data.impurity.values, null, 'impurity-based (model)', 'mean impurity decrease (share)', PALETTE[0]!);
      panels.push(b.spec);
      notes.push(`Impurity-based: from the fitted model,${folds || ' one fit'}, per feature after preprocessing${b.left > 0 ? ` (${b.left} smaller not drawn)` : ''}; favours features with many split points.`);
    }
    if (data.permutation !== null) {
      const p = data.permutation;
      const b = bars(p.columns, p.mean, p.std, 'permutation (test rows)', 'accuracy drop when shuffled', PALETTE[1]!);
      panels.push(b.spec);
      notes.push(`Permutation: accuracy lost when one input column is shuffled (${p.repeats} shuffles, ${p.rows} test rows${folds ? `,${folds}` : ''}; bar ±1 std over shuffles)${b.left > 0 ? `; ${b.left} smaller not drawn` : ''}.`);
    }
    const spec = withTheme({
      title: { text: `Feature importances: ${c.dataset} × ${c.algorithm}`, subtitle: wrapLines(notes.join(' '), 64) },
      vconcat: panels,
      spacing: 16,
    });
    return [{ name: chartName('feature-importance', c.dataset, c.algorithm), kind: 'feature-importance', title: 'feature importances', dataset: c.dataset, algorithm: c.algorithm, spec }];
  });
export default featureImportance;
