/** Grid search: every combination of `param_grid`, in `ParameterGrid` order (scikit-learn's `GridSearchCV`). */
import { configError, evaluateAndRank, type SearchMethod } from '../search-method.js';
import { expandGrid } from '../search-space.js';

export const grid: SearchMethod = {
  description: 'every combination of param_grid (GridSearchCV)',
  check: (s) => (s.paramGrid === null || s.paramGrid === undefined ? { key: 'param_grid', message: 'grid search needs `param_grid:` (values to try per hyperparameter)' } : null),
  candidates(search) {
    if (search.paramGrid === null) throw configError('grid search needs param_grid');
    return expandGrid(search.paramGrid);
  },
  run: (context) => evaluateAndRank(context, grid.candidates(context.search, context.options.seed)!),
};
