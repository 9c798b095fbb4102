/**
 * The sections of `report.html`, keyed by element id, in page order: the answer first, metadata
 * last. A new section is one file plus one line here; `renderReportHtml` draws whatever is registered.
 */
import { Registry } from '../../core/index.js';
import answer from './answer.js';
import datasets from './datasets.js';
import leaderboard, { otherMetrics } from './leaderboard.js';
import { config, failures, moreCharts, overview, pipeline } from './run.js';
import statistics from './statistics.js';
import type { ReportSection } from './types.js';

export * from './types.js';
export { inlineSvg } from './parts.js';

/** Every section of the HTML report (key = element id). */
export const reportSections = new Registry<ReportSection>('report section')
  .register('answer', answer)
  .register('leaderboard', leaderboard)
  .register('metrics', otherMetrics)
  .register('statistics', statistics)
  .register('datasets', datasets)
  .register('charts', moreCharts)
  .register('failures', failures)
  .register('overview', overview)
  .register('config', config)
  .register('pipeline', pipeline);
