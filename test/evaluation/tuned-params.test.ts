import { describe, expect, it } from 'vitest';
import { chooseTunedParams } from '../../src/evaluation/index.js';

describe('chooseTunedParams', () => {
  it('takes the choice made by most outer folds, keeping each fold\u2019s own', () => {
    const c = chooseTunedParams([
      { best_params: { k: 9, w: 'distance' }, best_score: 0.9 },
      { best_params: { k: 15, w: 'uniform' }, best_score: 0.8 },
      { best_params: { w: 'uniform', k: 15 }, best_score: 0.82 },
    ])!;
    expect(c.params).toEqual({ k: 15, w: 'uniform' });
    expect([c.votes, c.folds]).toEqual([2, 3]);
    expect(c.per_fold.map((f) => f.fold)).toEqual([1, 2, 3]);
  });

  it('breaks a tie by the best mean inner score, in the metric\u2019s direction', () => {
    const s = [
      { best_params: { d: 4 }, best_score: 0.5 },
      { best_params: { d: 8 }, best_score: 0.7 },
      { best_params: { d: 4 }, best_score: 0.6 },
      { best_params: { d: 8 }, best_score: 0.6 },
    ];
    expect(chooseTunedParams(s)!.params).toEqual({ d: 8 });
    expect(chooseTunedParams(s, false)!.params).toEqual({ d: 4 });
    expect(chooseTunedParams([])).toBeNull();
  });
});
