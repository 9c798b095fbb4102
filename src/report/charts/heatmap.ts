/** Datasets × algorithms heatmap of the ranking metric (`evaluation.scoring`). */
import { measureText } from '../text-metrics.js';
import { algorithmScale, chartName, datasetOrder, PAGE_WIDTH, withTheme } from './theme.js';
import { rankingMetric, type Chart, type ChartBuilder } from './types.js';

/** The main metric of every cell, colored; failed cells shown grey with their status. */
const heatmap: ChartBuilder = (input) => {
  const { results, lowerIsBetter } = input;
  const metric = rankingMetric(results, input.metric);
  if (metric === undefined) return [];
  const datasets = datasetOrder(results);
  const { domain: algorithms } = algorithmScale(results);
  const values = results.cells.map((c) => {
    const v = c.status === 'ok' ? c.metrics.test[metric] : null;
    const value = v === null || v === undefined || !Number.isFinite(v) ? null : v;
    return { dataset: c.dataset, algorithm: c.algorithm, value, label: value === null ? (c.status === 'ok' ? 'n/a' : c.status) : value.toFixed(3) };
  });
  const finite = values.flatMap((v) => (v.value === null ? [] : [v.value]));
  if (finite.length === 0) return [];
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const step = Math.max(48, Math.min(110, Math.floor((PAGE_WIDTH - 160) / Math.max(1, algorithms.length))));
  const widest = Math.max(...algorithms.map((a) => measureText(a, 11)));
  const lower = lowerIsBetter.has(metric);
  const better = lower ? lo + (hi - lo) * 0.5 : hi - (hi - lo) * 0.5;
  const spec = withTheme({
    title: { text: `${metric}: every dataset × algorithm`, subtitle: `Test-set ${metric}${lower ? ' (lower is better)' : ''}; darker is better. Grey: no result.` },
    data: { values },
    width: { step },
    height: { step: 34 },
    encoding: {
      x: { field: 'algorithm', type: 'nominal', sort: algorithms, title: null, axis: { orient: 'top', labelAngle: widest > step - 6 ? -30 : 0, domain: false, ticks: false, labelPadding: 6 } },
      y: { field: 'dataset', type: 'nominal', sort: datasets, title: null, axis: { domain: false, ticks: false, labelPadding: 6 } },
    },
    layer: [
      { transform: [{ filter: 'datum.value === null' }], mark: { type: 'rect', fill: '#eeeeee', stroke: 'white', strokeWidth: 2 } },
      {
        transform: [{ filter: 'datum.value !== null' }],
        mark: { type: 'rect', stroke: 'white', strokeWidth: 2 },
        encoding: {
          color: {
            field: 'value',
            type: 'quantitative',
            title: metric,
            scale: { scheme: 'blues', domain: lo === hi ? [lo - 0.01, hi + 0.01] : [lo, hi], reverse: lower, nice: false },
            legend: { format: '.3f', gradientLength: Math.max(80, datasets.length * 34 - 10), orient: 'right' },
          },
          tooltip: [{ field: 'dataset' }, { field: 'algorithm' }, { field: 'value', format: '.4f', title: metric }],
        },
      },
      {
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          text: { field: 'label' },
          color: {
            condition: { test: `datum.value !== null && datum.value ${lower ? '<' : '>'} ${better}`, value: 'white' },
            value: '#333',
          },
        },
      },
    ],
  });
  const chart: Chart = { name: chartName('heatmap', metric), kind: 'heatmap', title: `${metric} heatmap`, dataset: null, algorithm: null, spec };
  return [chart];
};
export default heatmap;
