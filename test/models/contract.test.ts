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
  for (const [name, engine] of cells) checkEstimator(name, engine);
});
