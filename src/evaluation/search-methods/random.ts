/** Random search: `n_iter` seeded draws from `param_distributions` (scikit-learn's `RandomizedSearchCV`). */
import { Random } from '../../core/index.js';
import { configError, distributionsOf, evaluateAndRank, type SearchMethod } from '../search-method.js';
import { sampleParams } from '../search-space.js';

export const random: SearchMethod = {
  description: 'n_iter seeded draws from param_distributions (RandomizedSearchCV)',
  check: (s) =>
    s.paramDistributions === null || s.paramDistributions === undefined
      ? { key: 'param_distributions', message: 'random search needs `param_distributions:` (a distribution per hyperparameter)' }
      : null,
  candidates(search, seed) {
    const d = distributionsOf(search);
    if (d === null) throw configError('random search needs param_distributions (or param_grid)');
    return sampleParams(d, search.nIter, Random.derive(seed, 'search', 'candidates').nextUint32());
  },
  run: (context) => evaluateAndRank(context, random.candidates(context.search, context.options.seed)!),
};
