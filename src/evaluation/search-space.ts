/**
 * Hyperparameter search spaces: a grid expanded into candidates in scikit-learn's
 * `ParameterGrid` order, and seeded random candidates drawn as scikit-learn's `ParameterSampler`.
 */
import { Random, SweepError, type JsonValue, type Params } from '../core/index.js';

/** A grid entry: a list of values, or `{range: [start, stop, step?]}` (numpy `arange`: stop excluded). */
export type GridValues = JsonValue[] | { range: [number, number] | [number, number, number] };

/** A parameter grid: each key's values; every combination is one candidate. */
export type ParamGrid = Record<string, GridValues>;

/**
 * A distribution to draw one parameter from: `uniform` on [lo, hi], `loguniform` on [lo, hi]
 * (lo > 0), `randint` on the integers of [lo, hi), `choice` (or a plain list) of values.
 */
export type ParamDistribution =
  | JsonValue[]
  | { uniform: [number, number] }
  | { loguniform: [number, number] }
  | { randint: [number, number] }
  | { choice: JsonValue[] };

function invalid(key: string, message: string): SweepError {
  return new SweepError('SWEEP_CONFIG_INVALID', `${key}: ${message}`, { details: { key } });
}

function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** The values of a `{range: [start, stop, step]}`, as `numpy.arange(start, stop, step)`. */
export function rangeValues(key: string, range: readonly number[]): number[] {
  const [start, stop, step = 1] = range;
  if (range.length < 2 || range.length > 3 || ![start, stop, step].every(isFiniteNumber)) {
    throw invalid(key, `range must be [start, stop] or [start, stop, step] of finite numbers, got ${JSON.stringify(range)}`);
  }
  if (step === 0) throw invalid(key, 'range step must not be 0');
  const count = Math.max(0, Math.ceil((stop! - start!) / step));
  if (count === 0) throw invalid(key, `range [${range.join(', ')}] is empty`);
  if (count > 1_000_000) throw invalid(key, `range [${range.join(', ')}] has ${count} values; that is too many for a grid`);
  // numpy fills start, start + step, then start + i * delta with delta = (start + step) - start
  const delta = start! + step - start!;
  return Array.from({ length: count }, (_, i) => (i === 1 ? start! + step : start! + i * delta));
}

function gridLists(grid: ParamGrid): Array<[string, JsonValue[]]> {
  return Object.keys(grid)
    .sort()
    .map((key) => {
      const spec = grid[key]!;
      const values = Array.isArray(spec) ? spec : 'range' in spec ? rangeValues(key, spec.range) : null;
      if (values === null) throw invalid(key, 'a grid entry must be a list of values or {range: [start, stop, step]}');
      if (values.length === 0) throw invalid(key, 'a grid entry needs at least one value');
      return [key, values];
    });
}

/** Number of candidates a grid (or list of grids) expands to. */
export function gridSize(grid: ParamGrid | readonly ParamGrid[]): number {
  const grids = Array.isArray(grid) ? grid : [grid as ParamGrid];
  return grids.reduce((total, g) => total + gridLists(g).reduce((n, [, values]) => n * values.length, 1), 0);
}

/**
 * Every combination of a grid, in scikit-learn's `ParameterGrid` order: keys sorted, the last key
 * varying fastest; a list of grids is expanded grid after grid. An empty grid gives one `{}`.
 */
export function expandGrid(grid: ParamGrid | readonly ParamGrid[]): Params[] {
  const grids = Array.isArray(grid) ? grid : [grid as ParamGrid];
  const out: Params[] = [];
  for (const g of grids) {
    const lists = gridLists(g);
    const index = new Array<number>(lists.length).fill(0);
    for (;;) {
      const candidate: Params = {};
      lists.forEach(([key, values], k) => (candidate[key] = values[index[k]!]!));
      out.push(candidate);
      let k = lists.length - 1;
      while (k >= 0 && ++index[k]! === lists[k]![1].length) index[k--] = 0;
      if (k < 0) break;
    }
  }
  return out;
}

function pairOf(key: string, kind: string, value: unknown): [number, number] {
  if (!Array.isArray(value) || value.length !== 2 || !value.every(isFiniteNumber)) {
    throw invalid(key, `${kind} needs [lo, hi] of two finite numbers, got ${JSON.stringify(value)}`);
  }
  const [lo, hi] = value as [number, number];
  if (!(lo < hi)) throw invalid(key, `${kind} needs lo < hi, got [${lo}, ${hi}]`);
  return [lo, hi];
}

/** A draw function for one parameter, validated up front. */
function sampler(key: string, spec: ParamDistribution): (rng: Random) => JsonValue {
  const choose = (values: JsonValue[]): ((rng: Random) => JsonValue) => {
    if (values.length === 0) throw invalid(key, 'choice needs at least one value');
    return (rng) => values[rng.randint(values.length)]!;
  };
  if (Array.isArray(spec)) return choose(spec);
  const kinds = Object.keys(spec);
  if (kinds.length !== 1) throw invalid(key, `a distribution has exactly one of uniform, loguniform, randint, choice; got ${kinds.join(', ') || 'none'}`);
  if ('choice' in spec) {
    if (!Array.isArray(spec.choice)) throw invalid(key, 'choice needs a list of values');
    return choose(spec.choice);
  }
  if ('uniform' in spec) {
    const [lo, hi] = pairOf(key, 'uniform', spec.uniform);
    return (rng) => lo + (hi - lo) * rng.random();
  }
  if ('loguniform' in spec) {
    const [lo, hi] = pairOf(key, 'loguniform', spec.loguniform);
    if (lo <= 0) throw invalid(key, `loguniform needs lo > 0, got ${lo}`);
    const a = Math.log(lo);
    const b = Math.log(hi);
    return (rng) => Math.min(hi, Math.max(lo, Math.exp(a + (b - a) * rng.random())));
  }
  if ('randint' in spec) {
    const [lo, hi] = pairOf(key, 'randint', spec.randint);
    if (!Number.isInteger(lo) || !Number.isInteger(hi)) throw invalid(key, `randint needs integer bounds, got [${lo}, ${hi}]`);
    return (rng) => lo + rng.randint(hi - lo);
  }
  throw invalid(key, `unknown distribution '${kinds[0]}'; use uniform, loguniform, randint or choice`);
}

/**
 * `nIter` random candidates, as scikit-learn's `ParameterSampler`: when every entry is a list (or a
 * `choice`), a
 * draw without replacement from their grid (at most the grid's size); otherwise `nIter`
 * independent draws, each key (sorted) from its distribution. Same seed, same candidates.
 */
export function sampleParams(distributions: Record<string, ParamDistribution>, nIter: number, seed: number): Params[] {
  if (!Number.isInteger(nIter) || nIter < 1) throw new SweepError('SWEEP_CONFIG_INVALID', `n_iter must be an integer ≥ 1, got ${nIter}`);
  const rng = Random.derive(seed, 'parameter-sampler');
  const keys = Object.keys(distributions).sort();
  const specs = keys.map((key) => distributions[key]!);
  // `{choice: [...]}` is a list by another name: finite, as scikit-learn's lists (no `rvs`).
  const lists = specs.map((spec) => (Array.isArray(spec) ? spec : 'choice' in spec && Array.isArray(spec.choice) ? spec.choice : null));
  if (lists.every((l) => l !== null)) {
    const grid = expandGrid(Object.fromEntries(keys.map((key, k) => [key, lists[k]!])) as ParamGrid);
    return Array.from(rng.sampleWithoutReplacement(grid.length, Math.min(nIter, grid.length)), (i) => grid[i]!);
  }
  const draws = keys.map((key, k) => sampler(key, specs[k]!));
  return Array.from({ length: nIter }, () => {
    const candidate: Params = {};
    keys.forEach((key, k) => (candidate[key] = draws[k]!(rng)));
    return candidate;
  });
}
