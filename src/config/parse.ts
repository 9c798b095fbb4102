/**
 * The config pipeline for one sweep.yaml (and its catalog.yaml): YAML with positions → schema →
 * normalize → rules. Every issue of both files is collected and thrown together as one
 * `ConfigError`; nothing here touches the file system or `process.cwd()`.
 */
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { isMap, isPair, isScalar } from 'yaml';
import type { z } from 'zod';
import { ConfigError, didYouMean, unknownNameMessage, type ConfigIssue, type JsonValue, type Params } from '../core/index.js';
import { reportZodIssues, showValue } from './describe.js';
import { DEFAULT_OUTPUT_DIR, DEFAULT_SEED } from './defaults.js';
import { normalizeDataset, normalizeEvaluation, normalizeLearningCurve, normalizeSearch, normalizeValidationCurve, type Report } from './normalize.js';
import { CATALOG_FILE_NAME, projectRootOf, resolveLocation } from './paths.js';
import type { ConfigRegistries } from './registries.js';
import {
  checkDataset,
  checkMetricName,
  checkMetrics,
  checkName,
  checkParamName,
  checkParamValue,
  checkProbaMetrics,
  metricUses,
  paramNames,
  type MetricUse,
} from './rules.js';
import {
  algorithmReservedSchema,
  datasetEntrySchema,
  evaluationSchema,
  learningCurveSchema,
  RESERVED_ALGORITHM_KEYS,
  sweepFileSchema,
  topLevelSchema,
  type DatasetEntryInput,
  type EvaluationInput,
} from './schema.js';
import { IssueList, lineAt, parseYamlSource, type KeyPath, type YamlSource } from './source.js';
import type { AlgorithmConfig, DatasetConfig, EvaluationConfig, SweepConfig } from './types.js';

/** The text of a config and, optionally, of its catalog. */
export interface ConfigInput {
  text: string;
  configPath: string;
  catalogText?: string | undefined;
  catalogPath?: string | undefined;
}

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  return `${typeof value} ${showValue(value)}`;
}

/** Keys of the map at `path`, in file order (JS objects put integer-like keys first). */
function orderedKeys(source: YamlSource, path: KeyPath, value: Obj): string[] {
  const node = source.doc.getIn(path as unknown[], true);
  if (!isMap(node)) return Object.keys(value);
  const keys: string[] = [];
  for (const item of node.items) {
    if (isPair(item)) {
      const key = isScalar(item.key) ? String(item.key.value) : String(item.key);
      if (key in value && !keys.includes(key)) keys.push(key);
    }
  }
  for (const key of Object.keys(value)) if (!keys.includes(key)) keys.push(key);
  return keys;
}

/**
 * The keys of an evaluation block that are valid on their own (the others were reported), so an
 * unknown metric is still found when, say, `strategy` is misspelled in the same block.
 */
function validKeys(raw: unknown): EvaluationInput {
  if (!isObject(raw)) return {};
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(evaluationSchema.shape)) {
    if (key in raw && (schema as z.ZodType).safeParse(raw[key]).success) out[key] = raw[key];
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
  const probaUses: MetricUse[] = metricUses(evaluationRaw.metrics === undefined ? { metrics: [] } : { metrics: evaluationRaw.metrics, scoring: evaluationRaw.scoring }, reporter(sweep, ['evaluation']));
  if (evaluationRaw.metrics === undefined && evaluationRaw.scoring !== undefined) probaUses.push({ metric: evaluationRaw.scoring, report: reporter(sweep, ['evaluation']), path: ['scoring'] });

  // --- datasets -------------------------------------------------------------------------------
  const datasets: DatasetConfig[] = [];
  const catalogChecked = new Map<string, DatasetEntryInput | null>();
  const catalogEntry = (catName: string, refReport: Report, refName: string): { data: DatasetEntryInput; body: Obj } | undefined => {
    if (catalogBroken) return undefined;
    const entries = catalog === null ? null : isObject(catalog.value) ? catalog.value : {};
    if (entries === null) {
      refReport(
        [],
        `dataset '${refName}' has no settings and there is no ${CATALOG_FILE_NAME} next to ${basename(configPath)}`,
        `give it \`path:\` and \`target:\`, or define '${catName}' in conf/${CATALOG_FILE_NAME}`,
      );
      return undefined;
    }
    if (!(catName in entries)) {
      const known = Object.keys(entries);
      const guess = didYouMean(catName, known);
      refReport(
        [],
        `dataset '${catName}' is not defined in ${catalog!.file}${guess === undefined ? '' : `; did you mean '${guess}'?`}`,
        known.length === 0 ? `add an entry '${catName}' to ${catalog!.file}, or give the dataset \`path:\` and \`target:\`` : `${catalog!.file} defines: ${known.sort().join(', ')}`,
      );
      return undefined;
    }
    const body = entries[catName];
    if (!catalogChecked.has(catName)) {
      if (!isObject(body)) {
        issues.add(catalog!, [catName], `expected a dataset entry (a map with path, target, …), got ${kindOf(body)}`);
        catalogChecked.set(catName, null);
      } else {
        const result = datasetEntrySchema.safeParse(body);
        if (!result.success) reportZodIssues(issues, catalog!, [catName], datasetEntrySchema, body, result.error.issues);
        catalogChecked.set(catName, result.success ? result.data : null);
      }
    }
    const data = catalogChecked.get(catName);
    return data === null || data === undefined || !isObject(body) ? undefined : { data, body };
  };

  const addDataset = (dsName: string, userPath: KeyPath, userBody: Obj | null, catName: string | null): void => {
    const userReport = reporter(sweep, userPath);
    const nameOk = checkName('dataset', dsName, userReport);
    if (!nameOk && userBody === null) return;
    let cat: { data: DatasetEntryInput; body: Obj } | undefined;
    if (catName !== null) {
      cat = catalogEntry(catName, userReport, dsName);
      if (cat === undefined) return;
    }
    let user: DatasetEntryInput | undefined;
    if (userBody !== null) {
      const result = datasetEntrySchema.safeParse(userBody);
      if (!result.success) {
        reportZodIssues(issues, sweep, userPath, datasetEntrySchema, userBody, result.error.issues);
        return;
      }
      user = result.data;
    }
    if (!nameOk) return;
    const report: Report = (path, message, hint) => {
      const key = path[0];
      if (cat !== undefined && catName !== null && (userBody === null || (typeof key === 'string' && !(key in userBody) && key in cat.body))) {
        issues.add(catalog!, [catName, ...path], message, hint);
      } else {
        issues.add(sweep, [...userPath, ...path], message, hint);
      }
    };
    const merged: DatasetEntryInput = { ...cat?.data, ...user };
    const preprocessing = { ...cat?.data.preprocessing, ...user?.preprocessing };
    if (Object.keys(preprocessing).length > 0) merged.preprocessing = preprocessing;
    const evalOverride: EvaluationInput = { ...cat?.data.evaluation, ...user?.evaluation };
    merged.evaluation = evalOverride;
    const evalReport: Report = (path, message, hint) => report(['evaluation', ...path], message, hint);
    checkMetrics(evalOverride, registries, evalReport);
    if (evalOverride.metrics !== undefined) probaUses.push(...metricUses({ metrics: evalOverride.metrics, scoring: evalOverride.scoring }, evalReport));
    else if (evalOverride.scoring !== undefined) probaUses.push({ metric: evalOverride.scoring, report: evalReport, path: ['scoring'] });
    const dsEvaluation = normalizeEvaluation({ ...evaluationRaw, ...evalOverride }, seed);
    const dataset = normalizeDataset(dsName, merged, {
      root,
      evaluation: dsEvaluation,
      source: { file: configPath, line: lineAt(sweep, userPath) },
      catalogEntry: catName,
      report,
    });
    if (dataset === undefined) return;
    checkDataset(dataset, merged.type !== undefined, registries, report);
    datasets.push(dataset);
  };

  const rawDatasets = value['datasets'];
  if (rawDatasets === undefined || rawDatasets === null) {
    issues.add(sweep, rawDatasets === null ? ['datasets'] : [], "missing required key 'datasets' (a map of dataset name → path, target, …)", 'see `sweep init` for an example');
  } else if (Array.isArray(rawDatasets)) {
    const seen = new Set<string>();
    rawDatasets.forEach((item, i) => {
      if (typeof item !== 'string' || item === '') {
        issues.add(sweep, ['datasets', i], `expected the name of a ${CATALOG_FILE_NAME} entry, got ${kindOf(item)}`, 'or write `datasets:` as a map of name → entry');
      } else if (seen.has(item)) {
        issues.add(sweep, ['datasets', i], `dataset '${item}' is listed twice`);
      } else {
        seen.add(item);
        addDataset(item, ['datasets', i], null, item);
      }
    });
    if (rawDatasets.length === 0) issues.add(sweep, ['datasets'], 'no datasets: add at least one');
  } else if (isObject(rawDatasets)) {
    const keys = orderedKeys(sweep, ['datasets'], rawDatasets);
    if (keys.length === 0) issues.add(sweep, ['datasets'], 'no datasets: add at least one');
    for (const key of keys) {
      const body = rawDatasets[key];
      const path = ['datasets', key];
      if (body === null || body === undefined || (isObject(body) && Object.keys(body).length === 0)) addDataset(key, path, null, key);
      else if (typeof body === 'string') addDataset(key, path, null, body);
      else if (isObject(body)) {
        const fromCatalog = !('path' in body) && catalog !== null && isObject(catalog.value) && key in catalog.value;
        addDataset(key, path, body, fromCatalog ? key : null);
      } else {
        issues.add(sweep, path, `expected a dataset entry (a map with path, target, …), the name of a ${CATALOG_FILE_NAME} entry, or nothing; got ${kindOf(body)}`);
      }
    }
  } else {
    issues.add(sweep, ['datasets'], `expected a map of dataset name → entry (or a list of ${CATALOG_FILE_NAME} names), got ${kindOf(rawDatasets)}`);
  }

  // --- algorithms -----------------------------------------------------------------------------
  const algorithms: AlgorithmConfig[] = [];
  const algorithmUses: Array<{ config: AlgorithmConfig; uses: MetricUse[] }> = [];
  const addAlgorithm = (key: string, rawBody: unknown): void => {
    const base: KeyPath = ['algorithms', key];
    const report = reporter(sweep, base);
    const nameOk = checkName('algorithm', key, report);
    const body: Obj | undefined = rawBody === null || rawBody === undefined ? {} : isObject(rawBody) ? rawBody : undefined;
    if (body === undefined) {
      report([], `expected a map of settings (hyperparameters, engine, search, …) or nothing, got ${kindOf(rawBody)}`);
      return;
    }
    const reserved = algorithmReservedSchema.safeParse(body);
    if (!reserved.success) {
      reportZodIssues(issues, sweep, base, algorithmReservedSchema, body, reserved.error.issues);
      return;
    }
    const r = reserved.data;
    const names = registries.algorithmNames();
    let algorithm: string;
    let algorithmIsParam = false;
    if (r.algorithm !== undefined && names.includes(r.algorithm)) {
      algorithm = r.algorithm;
    } else if (names.includes(key)) {
      algorithm = key;
      algorithmIsParam = r.algorithm !== undefined;
    } else {
      const named = r.algorithm ?? key;
      const { message, hint } = unknownNameMessage('algorithm', named, names);
      report(r.algorithm === undefined ? [] : ['algorithm'], message, r.algorithm === undefined ? `${hint}; or name a variant: \`${key}: {algorithm: <name>, …}\`` : hint);
      return;
    }
    if (r.engine !== undefined) {
      const engines = registries.engineNames(algorithm);
      if (!engines.includes(r.engine)) {
        const guess = didYouMean(r.engine, engines);
        report(['engine'], `unknown engine '${r.engine}' for ${algorithm}${guess === undefined ? '' : `; did you mean '${guess}'?`}`, `${algorithm} engines: ${engines.join(', ')}`);
        return;
      }
    }
    const engine = registries.resolveEngine(algorithm, r.engine);
    const schema = registries.paramsSchema(algorithm, engine);
    const known = paramNames(schema);
    const label = `${algorithm} (engine ${engine})`;

    const explicit = (r.params ?? {}) as Params;
    const inline: Params = {};
    for (const [k, v] of Object.entries(body)) {
      if ((RESERVED_ALGORITHM_KEYS as readonly string[]).includes(k) && !(k === 'algorithm' && algorithmIsParam)) continue;
      inline[k] = v as JsonValue;
    }
    if (algorithmIsParam && !known.includes('algorithm')) {
      const { message, hint } = unknownNameMessage('algorithm', String(r.algorithm), names);
      report(['algorithm'], message, hint);
      delete inline['algorithm'];
    }
    let paramsOk = true;
    for (const k of Object.keys(explicit)) {
      if (k in inline) {
        report(['params', k], `hyperparameter '${k}' is set both inline and under params:`, 'keep one of the two');
        paramsOk = false;
      }
    }
    const params: Params = { ...inline, ...explicit };
    const paramPath = (path: KeyPath): KeyPath => (typeof path[0] === 'string' && path[0] in explicit ? ['params', ...path] : path);
    const parsedParams = schema.safeParse(params);
    if (!parsedParams.success) {
      reportZodIssues(issues, sweep, base, schema, params, parsedParams.error.issues, { keyKind: 'hyperparameter', knownLabel: label, mapPath: paramPath });
      paramsOk = false;
    }

    const checkValues = (names: string, values: readonly JsonValue[], pathOf: (i: number) => KeyPath): boolean => {
      let ok = true;
      values.forEach((v, i) => {
        const problem = checkParamValue(schema, parsedParams.success ? params : {}, names, v);
        if (problem !== undefined) {
          report(pathOf(i), problem);
          ok = false;
        }
      });
      return ok;
    };

    let search = null;
    const uses: MetricUse[] = [];
    if (r.search !== undefined) {
      const sReport: Report = (path, message, hint) => report(['search', ...path], message, hint);
      const s = normalizeSearch(r.search, evaluation.scoring, sReport) ?? null;
      if (r.search.scoring !== undefined) {
        checkMetricName(r.search.scoring, ['scoring'], registries, sReport);
        uses.push({ metric: r.search.scoring, report: sReport, path: ['scoring'] });
      }
      if (s !== null) {
        let ok = true;
        for (const [p, values] of Object.entries(s.paramGrid ?? {})) {
          const isRange = !Array.isArray(r.search.param_grid?.[p]);
          if (!checkParamName(p, known, label, ['param_grid', p], sReport)) ok = false;
          else ok = checkValues(p, values, (i) => (isRange ? ['search', 'param_grid', p] : ['search', 'param_grid', p, i])) && ok;
        }
        for (const [p, dist] of Object.entries(s.paramDistributions ?? {})) {
          if (!checkParamName(p, known, label, ['param_distributions', p], sReport)) ok = false;
          else if (dist.kind === 'choice') ok = checkValues(p, dist.values, (i) => ['search', 'param_distributions', p, 'choice', i]) && ok;
          else {
            const ends = dist.kind === 'randint' ? [dist.low, dist.high - 1] : [dist.low, dist.high];
            ok = checkValues(p, ends, (i) => ['search', 'param_distributions', p, dist.kind, i]) && ok;
          }
        }
        if (ok) search = s;
      }
    }
    let validationCurve = null;
    if (r.validation_curve !== undefined) {
      const vReport: Report = (path, message, hint) => report(['validation_curve', ...path], message, hint);
      const vc = normalizeValidationCurve(r.validation_curve as { param: string; values: unknown[] | { range: number[] } }, vReport);
      if (vc !== undefined && checkParamName(vc.param, known, label, ['param'], vReport)) {
        const isRange = !Array.isArray(r.validation_curve.values);
        if (checkValues(vc.param, vc.values, (i) => (isRange ? ['validation_curve', 'values'] : ['validation_curve', 'values', i]))) validationCurve = vc;
      }
    }
    if (!nameOk || !paramsOk) return;
    const config: AlgorithmConfig = { name: key, algorithm, engine, params, search, validationCurve, source: { file: configPath, line: lineAt(sweep, base) } };
    algorithms.push(config);
    algorithmUses.push({ config, uses });
  };

  const rawAlgorithms = value['algorithms'];
  if (rawAlgorithms === undefined || rawAlgorithms === null) {
    issues.add(sweep, rawAlgorithms === null ? ['algorithms'] : [], "missing required key 'algorithms' (a map of algorithm name → hyperparameters)", '`sweep list algorithms` shows the names');
  } else if (!isObject(rawAlgorithms)) {
    issues.add(sweep, ['algorithms'], `expected a map of algorithm name → hyperparameters, got ${kindOf(rawAlgorithms)}`, 'e.g. `algorithms: {knn: {n_neighbors: 5}, decision-tree: {}}`');
  } else {
    const keys = orderedKeys(sweep, ['algorithms'], rawAlgorithms);
    if (keys.length === 0) issues.add(sweep, ['algorithms'], 'no algorithms: add at least one', '`sweep list algorithms` shows the names');
    for (const key of keys) addAlgorithm(key, rawAlgorithms[key]);
  }
  for (const { config, uses } of algorithmUses) checkProbaMetrics(config, [...probaUses, ...uses], registries);

  // --- the rest -------------------------------------------------------------------------------
  let learningCurve = null;
  if ('learning_curve' in value) {
    const lc = learningCurveSchema.safeParse(value['learning_curve']);
    if (lc.success) learningCurve = normalizeLearningCurve(lc.data ?? null, evaluation, reporter(sweep, ['learning_curve'])) ?? null;
  }
  const output = safe(sweepFileSchema.shape.output, value['output']);
  const outputDir = resolveLocation(output?.dir ?? DEFAULT_OUTPUT_DIR, root);
  const runner = safe(sweepFileSchema.shape.runner, value['runner']);
  const jobs = runner?.jobs === undefined || runner.jobs === 'auto' ? null : runner.jobs;

  if (issues.size > 0) throw new ConfigError(sortIssues(issues.items, sweep.file));
  return {
    name,
    seed,
    configPath,
    catalogPath: catalog === null ? null : catalogPath,
    projectRoot: root,
    outputDir,
    datasets,
    algorithms,
    evaluation: evaluation satisfies EvaluationConfig,
    learningCurve,
    jobs,
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
