/**
 * The search methods, by name (`search: {method: NAME}`): one file per method, one line here.
 * The contract suite in test/evaluation/search-methods.test.ts runs every entry.
 */
import { Registry } from '../../core/index.js';
import type { SearchMethod } from '../search-method.js';
import { grid } from './grid.js';
import { halving } from './halving.js';
import { random } from './random.js';
import { tpe } from './tpe.js';

/** Hyperparameter search methods by name. */
export const searchMethods = new Registry<SearchMethod>('search method').register('grid', grid).register('random', random).register('halving', halving).register('tpe', tpe);

export { halvingSchedule } from './halving.js';
export { tpeSpace } from './tpe.js';
