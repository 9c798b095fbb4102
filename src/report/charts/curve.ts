/** Shared drawing of learning and validation curves: train and CV score lines with ± std bands. */
import type { CurveResult } from '../results.js';
import { SERIES_COLORS, valueLabel, withTheme, wrapLines } from './theme.js';
import type { VegaLiteSpec } from './types.js';

/** Which parameters a curve was drawn with, in words (`max_depth=None, min_samples_leaf=10`). */
export function paramsUsedText(curve: CurveResult): string {
  const used = curve.params_used;
  if (used === undefined) return '';
  const text = Object.entries(used.params).map(([k, v]) => `${k}=${valueLabel(v)}`).join(', ');
  return used.source === 'tuned' ? `Drawn with the tuned params ${text || '(none searched)'}.` : `Drawn with the configured params${text ? ` ${text}` : ''}.`;
}

/** A curve as a layered line chart; numeric x spanning ≥ 2 decades goes on a log scale. */
export function curveSpec(curve: CurveResult, title: string, subtitle: string, xTitle: string): VegaLiteSpec | null {
  const n = curve.x.length;
  if (n === 0 || curve.test_mean.length !== n || curve.train_mean.length !== n) return null;
  const numeric = curve.x.every((x) => typeof x === 'number' && Number.isFinite(x));
  const xs = numeric ? (curve.x as number[]) : [];
  const positive = numeric && xs.every((x) => x > 0);
  const log = positive && Math.max(...xs) / Math.min(...xs) >= 100;
  const series = [
    { key: 'train', name: 'training score', mean: curve.train_mean, std: curve.train_std },
    { key: 'test', name: 'cross-validation score', mean: curve.test_mean, std: curve.test_std },
  ];
  const values = series.flatMap((s) =>
    curve.x.map((x, i) => {
      const mean = s.mean[i] ?? NaN;
      const std = s.std[i] ?? 0;
      return { x: numeric ? x : valueLabel(x), series: s.name, mean, lo: mean - std, hi: mean + std, std };
    }),
  ).filter((v) => Number.isFinite(v.mean));
  if (values.length === 0) return null;
  const xEncoding = numeric
    ? { field: 'x', type: 'quantitative', title: xTitle, scale: log ? { type: 'log' } : { zero: false, nice: false }, axis: { format: xs.every((x) => Number.isInteger(x) && Math.abs(x) < 1e6) ? 'd' : '~g', ...(n <= 8 ? { values: xs } : {}) } }
    : { field: 'x', type: 'ordinal', title: xTitle, sort: curve.x.map(valueLabel), axis: { labelAngle: 0 } };
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain: series.map((s) => s.name), range: [SERIES_COLORS.train, SERIES_COLORS.test] },
    legend: { orient: 'bottom', direction: 'horizontal', symbolType: 'stroke', symbolStrokeWidth: 2.5 },
  };
  const lo = Math.min(...values.map((v) => v.lo));
  const y = { field: 'mean', type: 'quantitative', title: curve.scoring, scale: { zero: false, domain: [Math.max(0, Math.floor(lo * 20) / 20), Math.min(1, Math.max(1, ...values.map((v) => v.hi)))], nice: false, clamp: true } };
  return withTheme({
    title: { text: title, subtitle: wrapLines(`${subtitle} ${paramsUsedText(curve)}`.trim(), 60) },
    data: { values },
    width: 300,
    height: 200,
    encoding: { x: xEncoding },
    layer: [
      { mark: { type: 'area', fillOpacity: 0.18 }, encoding: { y: { ...y, field: 'lo' }, y2: { field: 'hi' }, fill: color } },
      {
        mark: { type: 'line', point: { filled: true, size: 40 }, strokeWidth: 2 },
        encoding: { y, color, tooltip: [{ field: 'x', title: xTitle }, { field: 'series' }, { field: 'mean', format: '.4f' }, { field: 'std', format: '.4f' }] },
      },
    ],
  });
}
