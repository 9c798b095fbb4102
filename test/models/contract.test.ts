/**
 * The estimator contract for every algorithm × engine in the registry: adding either joins this
 * suite automatically.
 */
import { describe, expect, it } from 'vitest';
import { algorithms } from '../../src/models/index.js';
import { checkEstimator } from '../helpers/check-estimator.js';

const cells = algorithms.entriesList().flatMap(([name, spec]) => Object.keys(spec.engines).map((engine) => [name, engine] as const));

describe('estimator contract', () => {
  it('covers every registered algorithm and engine', () => {
    expect(cells.length).toBeGreaterThanOrEqual(algorithms.entriesList().length);
    for (const [name, spec] of algorithms.entriesList()) expect(Object.keys(spec.engines).length, name).toBeGreaterThan(0);
  });
  it('every algorithm declares whether it needs scaled input, the same on every engine', () => {
    // `scale: auto` standardizes from this tag (src/sweep/plan.ts), never from a list of names.
    for (const [name, spec] of algorithms.entriesList()) {
      const declared = Object.entries(spec.engines).map(([engine, impl]) => [engine, impl!.tags.needsScaling] as const);
      for (const [engine, value] of declared) expect(typeof value, `${name} (engine ${engine})`).toBe('boolean');
      expect(new Set(declared.map(([, value]) => value)).size, `${name}: engines disagree on needsScaling`).toBe(1);
    }
  });
  for (const [name, engine] of cells) checkEstimator(name, engine);
});
