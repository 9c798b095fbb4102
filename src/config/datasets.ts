/**
 * The `datasets:` section: a map name → entry (or a list of catalog names). Entries may refer to
 * `catalog.yaml`, override one of its entries, or stand alone; each is validated where it was
 * written, so an issue in a catalog entry points into catalog.yaml.
 */
import { basename } from 'node:path';
import { didYouMean } from '../core/index.js';
import { isObject, kindOf, orderedKeys, reporter as reporterOf, type Obj, type ParseContext } from './context.js';
import { reportZodIssues } from './describe.js';
import { normalizeDataset, normalizeEvaluation, type Report } from './normalize.js';
import { CATALOG_FILE_NAME } from './paths.js';
import { checkDataset, checkMetrics, checkName, metricUses } from './rules.js';
import { datasetEntrySchema, type DatasetEntryInput, type EvaluationInput } from './schema.js';
import { lineAt, type KeyPath, type YamlSource } from './source.js';
import type { DatasetConfig } from './types.js';

/** Reads, normalizes and checks every dataset, in file order; issues go to `ctx.issues`. */
export function readDatasets(ctx: ParseContext, rawDatasets: unknown): DatasetConfig[] {
  const { issues, registries, sweep, catalog, catalogBroken, configPath, root, seed, evaluationRaw, probaUses } = ctx;
  const reporter = (source: YamlSource, base: KeyPath): Report => reporterOf(ctx, source, base);
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
    if (!Object.hasOwn(entries, catName)) {
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
      if (cat !== undefined && catName !== null && (userBody === null || (typeof key === 'string' && !Object.hasOwn(userBody, key) && Object.hasOwn(cat.body, key)))) {
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
    probaUses.push(...metricUses({ metrics: evalOverride.metrics ?? [], scoring: evalOverride.scoring }, evalReport));
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
        const fromCatalog = !Object.hasOwn(body, 'path') && catalog !== null && isObject(catalog.value) && Object.hasOwn(catalog.value, key);
        addDataset(key, path, body, fromCatalog ? key : null);
      } else {
        issues.add(sweep, path, `expected a dataset entry (a map with path, target, …), the name of a ${CATALOG_FILE_NAME} entry, or nothing; got ${kindOf(body)}`);
      }
    }
  } else {
    issues.add(sweep, ['datasets'], `expected a map of dataset name → entry (or a list of ${CATALOG_FILE_NAME} names), got ${kindOf(rawDatasets)}`);
  }
  return datasets;
}
