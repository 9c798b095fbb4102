// The median and ASHA pruners replay fixed intermediate curves and must stop the same trials at
// the same steps as Optuna 3.1's MedianPruner / SuccessiveHalvingPruner (fixture made by
// test/fixtures/make/evaluation_pruners.py).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPruner, type PrunableTrial } from '../../src/evaluation/index.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/evaluation/pruners.json', import.meta.url), 'utf8')) as {
  _source: string;
  curves: Array<Array<number | null>>;
  cases: Record<string, { kind: string; direction: 'maximize' | 'minimize'; options: Record<string, number>; pruned_step: Array<number | null> }>;
};

describe("pruners stop the trials Optuna's stop", () => {
  it('fixture says where it came from', () => expect(fixture._source).toContain('optuna 3.1'));
  for (const [name, c] of Object.entries(fixture.cases)) {
    it(name, () => {
      const pruner = createPruner(c.kind, c.options);
      const done: PrunableTrial[] = [];
      const prunedAt = fixture.curves.map((curve) => {
        const trial: PrunableTrial = { state: 'running', intermediate: [] };
        let at: number | null = null;
        for (let step = 0; step < curve.length; step++) {
          (trial.intermediate as Array<[number, number]>).push([step, curve[step] ?? NaN]);
          if (pruner.shouldPrune(trial, done, c.direction)) {
            at = step;
            break;
          }
        }
        trial.state = at === null ? 'complete' : 'pruned';
        done.push(trial);
        return at;
      });
      expect(prunedAt).toEqual(c.pruned_step);
      expect(prunedAt.some((s) => s !== null)).toBe(true);
    });
  }
  it('an unknown option is a config error naming the known ones', () => {
    expect(() => createPruner('median', { warmup: 1 })).toThrow(/no option 'warmup'.*/);
    expect(() => createPruner('medain')).toThrow(/did you mean 'median'/);
  });
});
