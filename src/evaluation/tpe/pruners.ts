/**
 * Pruners that stop hopeless trials from their intermediate values (one per inner CV fold), as
 * Optuna 3.1's `MedianPruner` (a 50th-percentile `PercentilePruner`) and
 * `SuccessiveHalvingPruner` (asynchronous successive halving, ASHA). A registry: one entry per
 * pruner, `none` never prunes.
 */
import { Registry, SweepError } from '../../core/index.js';

/** What a pruner sees of a trial: its intermediate values by step, and the ASHA rungs it passed. */
export interface PrunableTrial {
  state: 'running' | 'complete' | 'pruned' | 'failed';
  intermediate: ReadonlyArray<readonly [number, number]>;
  /** ASHA: the value recorded at each rung the trial was promoted through (Optuna's `completed_rung_i`). */
  rungs?: number[];
}

/** A pruner judges the running trial after each reported step. `rungs` of `trial` may be appended to (ASHA). */
export interface Pruner {
  shouldPrune(trial: PrunableTrial, others: readonly PrunableTrial[], direction: 'maximize' | 'minimize'): boolean;
}

/** A pruner kind: its options (names as Optuna's, defaults filled) and a factory. */
export interface PrunerKind {
  description: string;
  defaults: Record<string, number>;
  create(options: Record<string, number>): Pruner;
}

function lastStep(trial: PrunableTrial): number | null {
  let step: number | null = null;
  for (const [s] of trial.intermediate) if (step === null || s > step) step = s;
  return step;
}

function valueAt(trial: PrunableTrial, step: number): number | undefined {
  let out: number | undefined;
  for (const [s, v] of trial.intermediate) if (s === step) out = v;
  return out;
}

/** numpy's `nanpercentile` with linear interpolation. */
export function nanPercentile(values: readonly number[], q: number): number {
  const v = values.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const pos = ((v.length - 1) * q) / 100;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return v[lo]! + (v[hi]! - v[lo]!) * (pos - lo);
}

/** Optuna's `_is_first_in_interval_step`. */
function isFirstInInterval(step: number, steps: readonly number[], warmup: number, interval: number): boolean {
  const nearestLower = Math.floor((step - warmup) / interval) * interval + warmup;
  let secondLast = -1;
  for (const s of steps) if (s > secondLast && s !== step) secondLast = s;
  return secondLast < nearestLower;
}

/**
 * Optuna's `PercentilePruner`: prune when the trial's best intermediate value so far is worse than
 * the `percentile` of the complete trials' values at the same step.
 */
export function percentilePruner(percentile: number, nStartupTrials: number, nWarmupSteps: number, intervalSteps: number, nMinTrials: number): Pruner {
  return {
    shouldPrune(trial, others, direction) {
      const complete = others.filter((t) => t.state === 'complete');
      if (complete.length === 0 || complete.length < nStartupTrials) return false;
      const step = lastStep(trial);
      if (step === null || step < nWarmupSteps) return false;
      if (!isFirstInInterval(step, trial.intermediate.map(([s]) => s), nWarmupSteps, intervalSteps)) return false;
      const values = trial.intermediate.map(([, v]) => v).filter((v) => !Number.isNaN(v));
      if (values.length === 0) return true;
      const best = direction === 'maximize' ? Math.max(...values) : Math.min(...values);
      const atStep = complete.map((t) => valueAt(t, step)).filter((v): v is number => v !== undefined);
      if (atStep.length < nMinTrials) return false;
      const p = nanPercentile(atStep, direction === 'maximize' ? 100 - percentile : percentile);
      if (Number.isNaN(p)) return false;
      return direction === 'maximize' ? best < p : best > p;
    },
  };
}

/**
 * Optuna's `SuccessiveHalvingPruner` (ASHA): at rung r (step ≥ min_resource · reduction_factor^(rate + r))
 * a trial is promoted only if its value is in the top 1/reduction_factor of the values recorded at
 * that rung so far; otherwise pruned. `min_resource` 0 means Optuna's `'auto'`: the last step of
 * the complete trials / 100, at least 1 (no pruning before a trial completes).
 */
export function successiveHalvingPruner(minResource: number, reductionFactor: number, minEarlyStoppingRate: number): Pruner {
  let resource: number | null = minResource > 0 ? minResource : null;
  return {
    shouldPrune(trial, others, direction) {
      const step = lastStep(trial);
      if (step === null) return false;
      const rungs = (trial.rungs ??= []);
      const value = valueAt(trial, step)!;
      for (;;) {
        if (resource === null) {
          const steps = others.filter((t) => t.state === 'complete').map(lastStep).filter((s): s is number => s !== null);
          if (steps.length === 0) return false;
          resource = Math.max(Math.floor(Math.max(...steps) / 100), 1);
        }
        const rung = rungs.length;
        if (step < resource * reductionFactor ** (minEarlyStoppingRate + rung)) return false;
        if (Number.isNaN(value)) return true;
        rungs.push(value);
        const competing = others.filter((t) => t !== trial && t.rungs !== undefined && t.rungs.length > rung).map((t) => t.rungs![rung]!);
        competing.push(value);
        let promotable = Math.floor(competing.length / reductionFactor) - 1;
        if (promotable === -1) promotable = 0;
        competing.sort((a, b) => a - b);
        const promoted = direction === 'maximize' ? value >= competing[competing.length - 1 - promotable]! : value <= competing[promotable]!;
        if (!promoted) return true;
      }
    },
  };
}

/** Pruners by name (`search: {pruner: NAME}` or `{pruner: {kind: NAME, …options}}`). */
export const pruners = new Registry<PrunerKind>('pruner')
  .register('none', { description: 'never prunes', defaults: {}, create: () => ({ shouldPrune: () => false }) })
  .register('median', {
    description: "Optuna's MedianPruner: prune below the median of complete trials at the same step",
    defaults: { n_startup_trials: 5, n_warmup_steps: 0, interval_steps: 1, n_min_trials: 1 },
    create: (o) => percentilePruner(50, o['n_startup_trials']!, o['n_warmup_steps']!, o['interval_steps']!, o['n_min_trials']!),
  })
  .register('asha', {
    description: "Optuna's SuccessiveHalvingPruner (asynchronous successive halving)",
    defaults: { min_resource: 0, reduction_factor: 4, min_early_stopping_rate: 0 },
    create: (o) => successiveHalvingPruner(o['min_resource']!, o['reduction_factor']!, o['min_early_stopping_rate']!),
  });

/** A pruner from its name and options (unknown options are a config error naming the known ones). */
export function createPruner(kind: string, options: Record<string, number> = {}): Pruner {
  const entry = pruners.get(kind);
  for (const key of Object.keys(options)) {
    if (!(key in entry.defaults)) {
      throw new SweepError('SWEEP_CONFIG_INVALID', `pruner ${kind} has no option '${key}'`, { hint: `known options: ${Object.keys(entry.defaults).join(', ') || 'none'}` });
    }
  }
  return entry.create({ ...entry.defaults, ...options });
}
