/**
 * sweep: the orchestration layer. It expands a config into the n×m plan (cells, catalog entries,
 * pipeline) and runs it, then gathers results for the report layer.
 */
export * from './nodes.js';
export * from './plan.js';
export * from './run.js';
export * from './reports.js';
export * from './statistics.js';
export * from './studies.js';
export * from './shard.js';
export * from './merge.js';
