/**
 * report: pure renderers from a run's results (`results.json`) to files people and programs read:
 * tables (CSV, Markdown), and later charts and HTML. Nothing here runs models or touches disk.
 */
export * from './results.js';
export * from './tables.js';
