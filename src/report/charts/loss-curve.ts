/**
 * Per-cell training curves of iterative estimators (MLP): the training loss per epoch, one line
 * per fold, and under early stopping the validation accuracy on a second panel.
 */
import { SERIES_COLORS, chartName, withTheme } from './theme.js';
import { cellKey, type Chart, type ChartBuilder } from './types.js';

/** Drawn for every cell whose report has a `training_history`. */
const lossCurve: ChartBuilder = ({ results, reports }) =>
  results.cells.flatMap((c): Chart[] => {
    const history = reports.get(cellKey(c.dataset, c.algorithm))?.training_history;
    if (history === null || history === undefined || history.length === 0) return [];
    const several = history.length > 1;
    const loss = history.flatMap((h) => h.loss.map((value, i) => ({ epoch: i + 1, value, fold: `fold ${h.fold}` })).filter((v) => Number.isFinite(v.value)));
    const validation = history.flatMap((h) => (h.validation_score ?? []).map((value, i) => ({ epoch: i + 1, value, fold: `fold ${h.fold}` })));
    if (loss.length === 0) return [];
    const color = several ? { field: 'fold', type: 'nominal', title: null, legend: { orient: 'bottom', direction: 'horizontal' } } : { value: SERIES_COLORS.train };
    const panel = (values: typeof loss, title: string, stroke: string) => ({
      data: { values },
      width: 300,
      height: 160,
      mark: { type: 'line', point: values.length <= 60 ? { filled: true, size: 20 } : false, strokeWidth: 2 },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', title: 'epoch', axis: { format: 'd' }, scale: { zero: false, nice: false } },
        y: { field: 'value', type: 'quantitative', title, scale: { zero: false } },
        color: several ? color : { value: stroke },
        tooltip: [{ field: 'epoch' }, { field: 'fold' }, { field: 'value', format: '.5f', title }],
      },
    });
    const panels = [panel(loss, 'training loss', SERIES_COLORS.train)];
    if (validation.length > 0) panels.push(panel(validation, 'validation accuracy', SERIES_COLORS.test));
    const spec = withTheme({
      title: { text: `Training: ${c.dataset} × ${c.algorithm}`, subtitle: validation.length > 0 ? 'Loss per epoch; validation accuracy (early stopping) below.' : 'Loss per epoch (lbfgs: per iteration).' },
      vconcat: panels,
    });
    return [{ name: chartName('loss-curve', c.dataset, c.algorithm), kind: 'loss-curve', title: 'training loss', dataset: c.dataset, algorithm: c.algorithm, spec }];
  });
export default lossCurve;
