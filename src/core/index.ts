/**
 * core: the shapes, errors, names and randomness every other layer shares. It imports nothing from
 * the rest of `src`.
 */
export * from './errors.js';
export * from './names.js';
export * from './random.js';
export * from './types.js';
export * from './version.js';
export * from './workers.js';
