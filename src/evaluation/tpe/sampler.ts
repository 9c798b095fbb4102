/**
 * Optuna 3.1's `TPESampler` over a declared search space: `nStartupTrials` uniform random trials,
 * then for each parameter the `nEiCandidates` draws from l(x) (the Parzen estimator of the
 * `defaultGamma(n)` best trials) that maximize l(x)/g(x). With `multivariate`, the parameters
 * present in every complete trial are drawn jointly. Pruned trials count by their last
 * intermediate value, ranked after complete ones at a later step first (Optuna's
 * `_get_observation_pairs`). Conditional parameters (`when`) are drawn only when their condition
 * holds and are learned only from trials where they were drawn.
 *
 * Determinism: trial `number` draws from `Random.derive(seed, 'tpe', number)`, so its params
 * depend on the seed and the finished trials only: a resumed study proposes what the
 * uninterrupted one would have.
 */
import { Random, type JsonValue, type Params } from '../../core/index.js';
import { defaultGamma, ParzenEstimator, sampleUniform, type Domain } from './parzen.js';

/** One searched hyperparameter. `when`: drawn only if each named param took one of the listed values. */
export interface SpaceParam {
  name: string;
  domain: Domain;
  /** The values of a categorical domain (its draws are indices into this list). */
  choices?: JsonValue[];
  when: Record<string, JsonValue[]> | null;
}

/** What the sampler needs of a finished trial. */
export interface SamplerTrial {
  params: Params;
  state: 'complete' | 'pruned' | 'failed';
  /** The objective (complete trials). */
  value: number | null;
  /** Intermediate values by step (pruned trials are ranked by their last one). */
  intermediate: ReadonlyArray<readonly [number, number]>;
}

/** TPE options, Optuna's defaults. */
export interface TpeOptions {
  nStartupTrials: number;
  nEiCandidates: number;
  multivariate: boolean;
}

export const TPE_DEFAULTS: TpeOptions = Object.freeze({ nStartupTrials: 10, nEiCandidates: 24, multivariate: false });

function same(a: JsonValue | undefined, b: JsonValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether `param` is active given the params drawn so far. */
export function isActive(param: SpaceParam, params: Params): boolean {
  if (param.when === null) return true;
  return Object.entries(param.when).every(([name, values]) => name in params && values.some((v) => same(params[name], v)));
}

/** The params in an order where every condition's params come before the params they gate. */
export function orderForConditions(space: readonly SpaceParam[]): SpaceParam[] {
  const placed: SpaceParam[] = [];
  const names = new Set<string>();
  let rest = [...space];
  while (rest.length > 0) {
    const ready = rest.filter((p) => p.when === null || Object.keys(p.when).every((n) => names.has(n)));
    if (ready.length === 0) throw new RangeError(`conditions form a cycle or name an unknown parameter: ${rest.map((p) => p.name).join(', ')}`);
    for (const p of ready) {
      placed.push(p);
      names.add(p.name);
    }
    rest = rest.filter((p) => !ready.includes(p));
  }
  return placed;
}

/** A param's value in the sampler's representation: the category index, or the number. */
function internal(param: SpaceParam, value: JsonValue | undefined): number | null {
  if (value === undefined) return null;
  if (param.domain.kind === 'categorical') {
    const i = param.choices!.findIndex((c) => same(c, value));
    return i < 0 ? null : i;
  }
  return typeof value === 'number' ? value : null;
}

function external(param: SpaceParam, value: number): JsonValue {
  return param.domain.kind === 'categorical' ? param.choices![value]! : value;
}

/** `(step, loss)` keys of Optuna's `_get_observation_pairs` (sign: +1 minimize, -1 maximize). */
function scoreKey(trial: SamplerTrial, sign: number): [number, number] {
  if (trial.state === 'complete') return [-Infinity, sign * trial.value!];
  if (trial.intermediate.length === 0) return [1, 0];
  let [step, value] = trial.intermediate[0]!;
  for (const [s, v] of trial.intermediate) if (s > step) [step, value] = [s, v];
  return Number.isNaN(value) ? [-step, Infinity] : [-step, sign * value];
}

/** Indices of the `nBelow` best trials and of the rest, each ascending (`_split_observation_pairs`). */
export function splitTrials(trials: readonly SamplerTrial[], nBelow: number, sign: number): { below: number[]; above: number[] } {
  const keys = trials.map((t) => scoreKey(t, sign));
  const order = keys.map((_, i) => i).sort((i, j) => keys[i]![0] - keys[j]![0] || cmp(keys[i]![1], keys[j]![1]) || i - j);
  return { below: order.slice(0, nBelow).sort((a, b) => a - b), above: order.slice(nBelow).sort((a, b) => a - b) };
}

/** numpy's sort order for floats: NaN last. */
function cmp(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Tree-structured Parzen Estimator over `space`. */
export class TpeSampler {
  private readonly ordered: SpaceParam[];

  constructor(
    readonly space: readonly SpaceParam[],
    readonly seed: number,
    readonly options: TpeOptions = TPE_DEFAULTS,
    /** Whether the objective is maximized (scores) or minimized (losses). */
    readonly direction: 'maximize' | 'minimize' = 'maximize',
  ) {
    this.ordered = orderForConditions(space);
  }

  /** The params of trial `number`, given the trials finished before it (in trial order). */
  suggest(history: readonly SamplerTrial[], number: number): Params {
    const rng = Random.derive(this.seed, 'tpe', number);
    const trials = history.filter((t) => t.state !== 'failed');
    const relative = this.options.multivariate && trials.length >= this.options.nStartupTrials ? this.sampleRelative(trials, rng) : {};
    const params: Params = {};
    for (const param of this.ordered) {
      if (!isActive(param, params)) continue;
      if (param.name in relative) params[param.name] = relative[param.name]!;
      else if (trials.length < this.options.nStartupTrials) params[param.name] = external(param, sampleUniform(param.domain, rng));
      else params[param.name] = external(param, this.sampleTpe([param], trials, rng)[0]!);
    }
    return params;
  }

  /** Optuna's intersection search space: params in every complete trial, single-valued ones left out. */
  private sampleRelative(trials: readonly SamplerTrial[], rng: Random): Params {
    const complete = trials.filter((t) => t.state === 'complete');
    if (complete.length === 0) return {};
    const joint = this.space.filter((p) => complete.every((t) => p.name in t.params) && !isSingle(p.domain));
    if (joint.length === 0) return {};
    const values = this.sampleTpe(joint, trials, rng);
    return Object.fromEntries(joint.map((p, k) => [p.name, external(p, values[k]!)]));
  }

  /** One TPE draw of `params` jointly (internal representation, one number per param). */
  private sampleTpe(params: readonly SpaceParam[], trials: readonly SamplerTrial[], rng: Random): number[] {
    const sign = this.direction === 'minimize' ? 1 : -1;
    const { below, above } = splitTrials(trials, defaultGamma(trials.length), sign);
    const observe = (indices: number[]): number[][] => {
      const rows = indices.map((i) => params.map((p) => internal(p, trials[i]!.params[p.name]))).filter((r) => r.every((v) => v !== null)) as number[][];
      return params.map((_, k) => rows.map((r) => r[k]!));
    };
    const domains = params.map((p) => p.domain);
    const multivariate = this.options.multivariate;
    const l = new ParzenEstimator(domains, observe(below), multivariate);
    const g = new ParzenEstimator(domains, observe(above), multivariate);
    const samples = l.sample(rng, this.options.nEiCandidates);
    const logL = l.logPdf(samples);
    const logG = g.logPdf(samples);
    let best = 0;
    for (let i = 1; i < logL.length; i++) if (logL[i]! - logG[i]! > logL[best]! - logG[best]!) best = i;
    return samples.map((column) => column[best]!);
  }
}

function isSingle(d: Domain): boolean {
  return d.kind === 'categorical' ? d.choices === 1 : d.low === d.high;
}
