/**
 * Validated input → normalized config: defaults filled, dataset types inferred, paths resolved,
 * `range:` grids expanded. Problems found on the way (an extension no type matches, say) go to
 * the `report` callback so they join the other issues.
 */
import { unknownNameMessage, type JsonValue } from '../core/index.js';
import {
  DEFAULT_DATASET_PREPROCESSING,
  DEFAULT_METRICS,
  DEFAULT_NA_VALUES,
  DEFAULT_TRAIN_SIZES,
  EVALUATION_DEFAULTS,
  EXTENSION_TYPES,
  IDX_TARGET,
  SEARCH_DEFAULTS,
} from './defaults.js';
import { pruners, searchMethods, TPE_DEFAULTS, type PrunerSpec } from '../evaluation/index.js';
import { isRemoteUrl, resolveLocation } from './paths.js';
import type { DatasetEntryInput, EvaluationInput, SearchInput } from './schema.js';
import type { KeyPath } from './source.js';
import type {
  DatasetConfig,
  EvaluationConfig,
  LearningCurveConfig,
  ParamDistribution,
  SearchConfig,
  SourceLocation,
  ValidationCurveConfig,
} from './types.js';

/** Reports a problem at a key path relative to the piece being normalized. */
export type Report = (path: KeyPath, message: string, hint?: string) => void;

/** The evaluation block with defaults: seed from the top level, scoring from the first metric. */
export function normalizeEvaluation(raw: EvaluationInput, seed: number): EvaluationConfig {
  const metrics = raw.metrics ?? [...DEFAULT_METRICS];
  return {
    strategy: raw.strategy ?? EVALUATION_DEFAULTS.strategy,
    testSize: raw.test_size ?? EVALUATION_DEFAULTS.testSize,
    stratify: raw.stratify ?? EVALUATION_DEFAULTS.stratify,
    nSplits: raw.n_splits ?? EVALUATION_DEFAULTS.nSplits,
    nRepeats: raw.n_repeats ?? EVALUATION_DEFAULTS.nRepeats,
    shuffle: raw.shuffle ?? EVALUATION_DEFAULTS.shuffle,
    seed: raw.seed ?? seed,
    metrics,
    scoring: raw.scoring ?? metrics[0]!,
    trainScore: raw.train_score ?? EVALUATION_DEFAULTS.trainScore,
    permutationImportance: raw.permutation_importance ?? EVALUATION_DEFAULTS.permutationImportance,
  };
}

/**
 * The dataset type a location implies: by extension after `.gz` is stripped, `idx` for
 * `…-ubyte` files, `memory` for `memory://`. Undefined when nothing matches.
 */
export function inferDatasetType(location: string): { type: string; delimiter?: string } | undefined {
  if (/^memory:\/\//i.test(location)) return { type: 'memory' };
  let name = location;
  if (isRemoteUrl(location)) name = name.replace(/[?#].*$/, '');
  name = (name.split(/[\\/]/).pop() ?? name).toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('ubyte')) return { type: 'idx' };
  const dot = name.lastIndexOf('.');
  if (dot < 0) return undefined;
  return EXTENSION_TYPES[name.slice(dot + 1)];
}

/**
 * A dataset entry with defaults and resolved paths. `raw` is the merged entry (catalog entry, then
 * the sweep's overrides); `evaluation` is already merged with the top-level block.
 */
export function normalizeDataset(
  name: string,
  raw: DatasetEntryInput,
  context: { root: string; evaluation: EvaluationConfig; source: SourceLocation; catalogEntry: string | null; report: Report },
): DatasetConfig | undefined {
  const { report, root } = context;
  if (raw.path === undefined) {
    report(['path'], 'missing required key \'path\' (a local path or URL of the data)', `or define '${name}' in conf/catalog.yaml and leave the entry empty`);
    return undefined;
  }
  const inferred = inferDatasetType(raw.path);
  const type = raw.type ?? inferred?.type;
  if (type === undefined) {
    report(['path'], `cannot tell the dataset type from '${raw.path}'`, 'set `type:` (csv, idx, json, …) or use a known extension (.csv, .tsv, .json, …)');
    return undefined;
  }
  const target = raw.target ?? (type === 'idx' ? IDX_TARGET : undefined);
  if (target === undefined) {
    report(['target'], "missing required key 'target' (the label column)");
    return undefined;
  }
  const location = (p: string | undefined): string | null => (p === undefined ? null : resolveLocation(p, root));
  return {
    name,
    type,
    path: resolveLocation(raw.path, root),
    testPath: location(raw.test_path),
    labelsPath: location(raw.labels_path),
    testLabelsPath: location(raw.test_labels_path),
    target,
    header: raw.header ?? true,
    columns: raw.columns ?? null,
    delimiter: raw.delimiter ?? (raw.type === undefined || raw.type === inferred?.type ? (inferred?.delimiter ?? null) : null),
    naValues: (raw.na_values ?? DEFAULT_NA_VALUES).map(String),
    decimal: raw.decimal ?? null,
    encoding: raw.encoding ?? null,
    strict: raw.strict ?? false,
    sample: raw.sample ?? null,
    drop: raw.drop ?? [],
    categorical: raw.categorical ?? [],
    preprocessing: { ...DEFAULT_DATASET_PREPROCESSING, ...raw.preprocessing },
    evaluation: context.evaluation,
    catalogEntry: context.catalogEntry,
    source: context.source,
  };
}

/** Numbers from `start` (inclusive) to `stop` (exclusive) by `step`, as Python's `range`/numpy's `arange`. */
export function expandRange(start: number, stop: number, step = 1): number[] | string {
  if (step === 0 || !Number.isFinite(step)) return 'step must be a non-zero number';
  const count = Math.ceil((stop - start) / step - 1e-9);
  if (count <= 0) return `range [${start}, ${stop}, ${step}] is empty (stop is exclusive)`;
  if (count > 10_000) return `range [${start}, ${stop}, ${step}] has ${count} values; at most 10000`;
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(Number((start + i * step).toPrecision(12)));
  return out;
}

/** Grid values as a list: lists as written, `{range: [...]}` expanded; a string is an error message. */
export function gridValues(raw: unknown[] | { range: number[] }): JsonValue[] | string {
  if (Array.isArray(raw)) return raw as JsonValue[];
  const [start, stop, step] = raw.range;
  return expandRange(start!, stop!, step ?? 1);
}

/** A search block with defaults; `scoring` defaults to the evaluation's. */
export function normalizeSearch(raw: SearchInput, scoring: string, report: Report): SearchConfig | undefined {
  const method = raw.method ?? (raw.param_grid === undefined && raw.param_distributions !== undefined ? 'random' : 'grid');
  const lacking = searchMethods.get(method).check({ paramGrid: raw.param_grid ?? null, paramDistributions: raw.param_distributions ?? null });
  if (lacking !== null) {
    report([lacking.key], lacking.message);
    return undefined;
  }
  let ok = true;
  let paramGrid: Record<string, JsonValue[]> | null = null;
  if (raw.param_grid !== undefined) {
    paramGrid = {};
    for (const [name, values] of Object.entries(raw.param_grid)) {
      const expanded = gridValues(values as unknown[] | { range: number[] });
      if (typeof expanded === 'string') {
        report(['param_grid', name], expanded);
        ok = false;
      } else paramGrid[name] = expanded;
    }
  }
  let paramDistributions: Record<string, ParamDistribution> | null = null;
  if (raw.param_distributions !== undefined) {
    paramDistributions = {};
    for (const [name, dist] of Object.entries(raw.param_distributions)) {
      const d = toDistribution(dist as Record<string, unknown>);
      if (d.kind !== 'choice' && !(d.low < d.high)) {
        report(['param_distributions', name], `expected low < high, got [${d.low}, ${d.high}]`);
        ok = false;
      }
      paramDistributions[name] = d;
    }
  }
  const pruner = normalizePruner(raw.pruner);
  if (!pruners.has(pruner.kind)) {
    const { message, hint } = unknownNameMessage('pruner', pruner.kind, pruners.names());
    report(['pruner'], `${message} (${hint})`);
    ok = false;
  } else {
    const known = Object.keys(pruners.get(pruner.kind).defaults);
    for (const key of Object.keys(pruner.options).filter((k) => !known.includes(k))) {
      report(['pruner', key], `pruner ${pruner.kind} has no option '${key}' (known: ${known.join(', ') || 'none'})`);
      ok = false;
    }
  }
  if (!ok) return undefined;
  return {
    method,
    paramGrid,
    paramDistributions,
    nIter: raw.n_iter ?? SEARCH_DEFAULTS.nIter,
    scoring: raw.scoring ?? scoring,
    cv: raw.cv ?? SEARCH_DEFAULTS.cv,
    factor: raw.factor ?? SEARCH_DEFAULTS.factor,
    refit: raw.refit ?? SEARCH_DEFAULTS.refit,
    nTrials: raw.n_trials ?? null,
    timeout: raw.timeout ?? null,
    sampler: {
      nStartupTrials: raw.sampler?.n_startup_trials ?? TPE_DEFAULTS.nStartupTrials,
      nEiCandidates: raw.sampler?.n_ei_candidates ?? TPE_DEFAULTS.nEiCandidates,
      multivariate: raw.sampler?.multivariate ?? TPE_DEFAULTS.multivariate,
    },
    pruner,
  };
}

/** `pruner: median` or `{kind: median, n_startup_trials: 5}` as a name and its options. */
function normalizePruner(raw: SearchInput['pruner']): PrunerSpec {
  if (raw === undefined) return { kind: 'none', options: {} };
  if (typeof raw === 'string') return { kind: raw, options: {} };
  const { kind, ...options } = raw;
  return { kind, options: Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Record<string, number> };
}

function toDistribution(raw: Record<string, unknown>): ParamDistribution {
  const whenRaw = raw['when'] as Record<string, unknown> | undefined;
  const when = whenRaw === undefined ? {} : { when: Object.fromEntries(Object.entries(whenRaw).map(([k, v]) => [k, (Array.isArray(v) ? v : [v]) as JsonValue[]])) };
  if (Object.hasOwn(raw, 'choice')) return { kind: 'choice', values: raw['choice'] as JsonValue[], ...when };
  const kind = (['uniform', 'loguniform', 'randint'] as const).find((k) => Object.hasOwn(raw, k))!;
  const [low, high] = raw[kind] as [number, number];
  return { kind, low, high, ...when };
}

/** A validation curve with its values expanded. */
export function normalizeValidationCurve(raw: { param: string; values: unknown[] | { range: number[] } }, report: Report): ValidationCurveConfig | undefined {
  const values = gridValues(raw.values);
  if (typeof values === 'string') {
    report(['values'], values);
    return undefined;
  }
  return { param: raw.param, values };
}

/** A learning curve with defaults; `null` input (`learning_curve:` alone) turns it on with defaults. */
export function normalizeLearningCurve(
  raw: { train_sizes?: number[] | undefined; cv?: number | undefined } | null,
  evaluation: EvaluationConfig,
  report: Report,
): LearningCurveConfig | undefined {
  const trainSizes = raw?.train_sizes ?? [...DEFAULT_TRAIN_SIZES];
  let ok = true;
  trainSizes.forEach((size, i) => {
    if (size > 1 && !Number.isInteger(size)) {
      report(['train_sizes', i], `expected a fraction in (0, 1] or a whole number of rows, got ${size}`);
      ok = false;
    }
  });
  if (!ok) return undefined;
  return { trainSizes, cv: raw?.cv ?? evaluation.nSplits };
}
