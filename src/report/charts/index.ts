/** The chart registry (key = file name) and rendering of every chart of a run to SVG. */
import { Registry } from '../../core/index.js';
import baselineTuned from './baseline-tuned.js';
import calibration from './calibration.js';
import confusionMatrix from './confusion-matrix.js';
import featureImportance from './feature-importance.js';
import heatmap from './heatmap.js';
import learningCurve from './learning-curve.js';
import lossCurve from './loss-curve.js';
import optimizationHistory from './optimization-history.js';
import paramImportance from './param-importance.js';
import precisionRecall from './precision-recall.js';
import roc from './roc.js';
import scoreBars from './score-bars.js';
import slice from './slice.js';
import stagedScores from './staged-scores.js';
import timeScore from './time-score.js';
import timing from './timing.js';
import validationCurve from './validation-curve.js';
import type { Chart, ChartBuilder, ChartInput } from './types.js';

export * from './types.js';
export { renderSvg } from './render.js';
export { PALETTE, FONT, PAGE_WIDTH } from './theme.js';

/** Every chart kind, keyed by its file name; each builds zero or more charts from a run. */
export const charts = new Registry<ChartBuilder>('chart')
  .register('heatmap', heatmap)
  .register('score-bars', scoreBars)
  .register('timing', timing)
  .register('time-score', timeScore)
  .register('baseline-tuned', baselineTuned)
  .register('confusion-matrix', confusionMatrix)
  .register('roc', roc)
  .register('precision-recall', precisionRecall)
  .register('calibration', calibration)
  .register('feature-importance', featureImportance)
  .register('learning-curve', learningCurve)
  .register('validation-curve', validationCurve)
  .register('loss-curve', lossCurve)
  .register('optimization-history', optimizationHistory)
  .register('slice', slice)
  .register('param-importance', paramImportance)
  .register('staged-scores', stagedScores);

/** The per-cell chart kinds of an adaptive search, in the order a cell's details show them. */
export const STUDY_CHART_KINDS = ['optimization-history', 'slice', 'param-importance'] as const;

/**
 * Builds the specs of every registered chart (or only `kinds`) for a run; absent data gives no
 * chart. File names are made unique (`a__b` × `c` and `a` × `b__c` would otherwise collide).
 */
export function buildCharts(input: ChartInput, kinds: readonly string[] = charts.names()): Chart[] {
  const seen = new Set<string>();
  return kinds.flatMap((kind) => charts.get(kind)(input)).map((chart) => {
    let name = chart.name;
    for (let n = 2; seen.has(name); n++) name = `${chart.name}-${n}`;
    seen.add(name);
    return name === chart.name ? chart : { ...chart, name };
  });
}
