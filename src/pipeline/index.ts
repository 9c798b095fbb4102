/**
 * pipeline: nodes (pure functions with named inputs, outputs and tags) and the validated,
 * topologically sorted DAG they form. It knows dataset names only, never the catalog.
 */
export * from './node.js';
export * from './declare.js';
export * from './pipeline.js';
