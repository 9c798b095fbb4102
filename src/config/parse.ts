/**
 * The config pipeline for one sweep.yaml (and its catalog.yaml): YAML with positions → schema →
 * normalize → rules. Every issue of both files is collected and thrown together as one
 * `ConfigError`; nothing here touches the file system or `process.cwd()`.
 */
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../core/index.js';
import { readAlgorithms } from './algorithms.js';
import { isObject, kindOf, type ParseContext } from './context.js';
import { readDatasets } from './datasets.js';
import { DEFAULT_CACHE_DIR, DEFAULT_OUTPUT_DIR, DEFAULT_RETRIES, DEFAULT_SEED } from './defaults.js';
import { reportZodIssues } from './describe.js';
import { normalizeEvaluation, normalizeLearningCurve, type Report } from './normalize.js';
import { CATALOG_FILE_NAME, projectRootOf, resolveLocation } from './paths.js';
import type { ConfigRegistries } from './registries.js';
import { checkMetrics, checkProbaMetrics, metricUses, type MetricUse } from './rules.js';
import { evaluationSchema, learningCurveSchema, sweepFileSchema, topLevelSchema, type EvaluationInput } from './schema.js';
import { IssueList, lineAt, parseYamlSource, type KeyPath, type YamlSource } from './source.js';
import type { EvaluationConfig, SweepConfig } from './types.js';

/** The text of a config and, optionally, of its catalog. */
export interface ConfigInput {
  text: string;
  configPath: string;
  catalogText?: string | undefined;
  catalogPath?: string | undefined;
}

/**
 * The keys of an evaluation block that are valid on their own (the others were reported), so an
 * unknown metric is still found when, say, `strategy` is misspelled in the same block.
 */
function validKeys(raw: unknown): EvaluationInput {
  if (!isObject(raw)) return {};
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(evaluationSchema.shape)) {
    if (Object.hasOwn(raw, key) && (schema as z.ZodType).safeParse(raw[key]).success) out[key] = raw[key];
  }
  return out as EvaluationInput;
}

function safe<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const result = schema.safeParse(value);
  return result.success ? result.data : undefined;
}

/** Parses and validates a config with the given registries; throws `ConfigError` with every issue. */
export function parseConfigWith(input: ConfigInput, registries: ConfigRegistries): SweepConfig {
  const configPath = resolve(input.configPath);
  const root = projectRootOf(configPath);
  const display = (file: string): string => {
    const rel = relative(root, file);
    return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
  };
  const issues = new IssueList();
  const parsed = parseYamlSource(input.text, display(configPath));

  let catalog: YamlSource | null = null;
  let catalogBroken = false;
  const catalogPath = input.catalogText === undefined ? null : resolve(input.catalogPath ?? join(dirname(configPath), CATALOG_FILE_NAME));
  if (input.catalogText !== undefined && catalogPath !== null) {
    const c = parseYamlSource(input.catalogText, display(catalogPath));
    if (c.source === null) {
      issues.push(...c.issues);
      catalogBroken = true;
    } else if (c.source.value !== undefined && c.source.value !== null && !isObject(c.source.value)) {
      issues.add(c.source, [], `expected a map of dataset entries (name → entry), got ${kindOf(c.source.value)}`);
      catalogBroken = true;
    } else {
      catalog = c.source;
    }
  }
  if (parsed.source === null) throw new ConfigError(sortIssues([...parsed.issues, ...issues.items]));
  const sweep = parsed.source;
  const file = sweep.file;
  const value = sweep.value;
  if (value === undefined || value === null) {
    throw new ConfigError([{ file, line: 1, key: '', message: 'the config is empty; a sweep needs at least `datasets:` and `algorithms:`', hint: 'run `sweep init` for a commented starter config' }]);
  }
  if (!isObject(value)) {
    throw new ConfigError([{ file, line: lineAt(sweep, []), key: '', message: `expected a map of settings (name, datasets, algorithms, evaluation, …), got ${kindOf(value)}` }]);
  }

  const reporter =
    (source: YamlSource, base: KeyPath): Report =>
    (path, message, hint) =>
      issues.add(source, [...base, ...path], message, hint);

  const top = topLevelSchema.safeParse(value);
  if (!top.success) reportZodIssues(issues, sweep, [], sweepFileSchema, value, top.error.issues);

  const seed = safe(sweepFileSchema.shape.seed, value['seed']) ?? DEFAULT_SEED;
  const name = safe(sweepFileSchema.shape.name, value['name']) ?? basename(root);
  const evaluationRaw = validKeys(value['evaluation']);
  checkMetrics(evaluationRaw, registries, reporter(sweep, ['evaluation']));
  const evaluation = normalizeEvaluation(evaluationRaw, seed);
  // Metrics as written (the defaults never need probabilities), located for the probability check.
  const probaUses: MetricUse[] = metricUses({ metrics: evaluationRaw.metrics ?? [], scoring: evaluationRaw.scoring }, reporter(sweep, ['evaluation']));

  const ctx: ParseContext = { issues, registries, sweep, catalog, catalogBroken, configPath, root, seed, evaluationRaw, evaluation, probaUses };
  const datasets = readDatasets(ctx, value['datasets']);
  const algorithmUses = readAlgorithms(ctx, value['algorithms']);
  const algorithms = algorithmUses.map(({ config }) => config);
  for (const { config, uses } of algorithmUses) checkProbaMetrics(config, [...probaUses, ...uses], registries);

  // --- the rest -------------------------------------------------------------------------------
  let learningCurve = null;
  if (Object.hasOwn(value, 'learning_curve')) {
    const lc = learningCurveSchema.safeParse(value['learning_curve']);
    if (lc.success) learningCurve = normalizeLearningCurve(lc.data ?? null, evaluation, reporter(sweep, ['learning_curve'])) ?? null;
  }
  const output = safe(sweepFileSchema.shape.output, value['output']);
  const outputDir = resolveLocation(output?.dir ?? DEFAULT_OUTPUT_DIR, root);
  const cacheRaw = safe(sweepFileSchema.shape.cache, value['cache']);
  const cache = cacheRaw === false ? null : resolveLocation(cacheRaw ?? DEFAULT_CACHE_DIR, root);
  const retries = safe(sweepFileSchema.shape.retries, value['retries']) ?? DEFAULT_RETRIES;
  const runner = safe(sweepFileSchema.shape.runner, value['runner']);
  const runnerObject = typeof runner === 'object' ? runner : undefined;
  const jobs = runnerObject?.jobs === undefined || runnerObject.jobs === 'auto' ? null : runnerObject.jobs;
  const runnerName = typeof runner === 'string' ? runner : runnerObject?.name;
  const runnerLine = lineAt(sweep, typeof runner === 'string' ? ['runner'] : ['runner', 'name']);

  if (issues.size > 0) throw new ConfigError(sortIssues(issues.items, sweep.file));
  return {
    name,
    seed,
    configPath,
    catalogPath: catalog === null ? null : catalogPath,
    projectRoot: root,
    outputDir,
    cache,
    retries,
    datasets,
    algorithms,
    evaluation: evaluation satisfies EvaluationConfig,
    learningCurve,
    jobs,
    runner: runnerName === undefined ? null : { name: runnerName, source: { file: sweep.file, line: runnerLine } },
    queue: runnerObject?.queue ?? null,
    limits: { timeoutS: runnerObject?.timeout ?? null, maxMemoryMb: runnerObject?.max_memory_mb ?? null },
  };
}

/** Issues in reading order: the sweep file first, then the catalog, each by line. */
function sortIssues(items: readonly ConfigIssue[], first?: string): ConfigIssue[] {
  return items
    .map((issue, index) => ({ issue, index }))
    .sort((a, b) => {
      const fa = a.issue.file === first ? 0 : 1;
      const fb = b.issue.file === first ? 0 : 1;
      if (fa !== fb) return fa - fb;
      if (a.issue.file !== b.issue.file) return a.issue.file < b.issue.file ? -1 : 1;
      return (a.issue.line ?? 0) - (b.issue.line ?? 0) || a.index - b.index;
    })
    .map(({ issue }) => issue);
}
