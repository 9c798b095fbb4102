/**
 * report: pure renderers from a run's results (`results.json`) to files people and programs read:
 * tables (CSV, Markdown), and later charts and HTML. Nothing here runs models or touches disk.
 */
export * from './results.js';
export * from './cache-status.js';
export * from './tables.js';
export * from './statistics.js';
export * from './escape.js';
export * from './text-metrics.js';
export * from './cd-diagram.js';
export * from './latex.js';
export * from './compare.js';
export * from './pipeline-view.js';
export * from './charts/index.js';
export { rocPlan, MAX_DRAWN_CLASSES } from './charts/roc.js';
export * from './html.js';
