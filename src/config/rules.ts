/**
 * Cross-field checks and names against the registries: dataset and algorithm names, metric names,
 * dataset types, column references, hyperparameters (with the algorithm's own zod schema) and
 * metrics that need probabilities from algorithms that have none.
 */
import { didYouMean, NAME_PATTERN, NAME_SEPARATOR, unknownNameMessage, type JsonValue, type Params } from '../core/index.js';
import type { z } from 'zod';
import { describeExpected, knownKeysAt, showValue } from './describe.js';
import type { Report } from './normalize.js';
import type { ConfigRegistries } from './registries.js';
import type { DatasetConfig } from './types.js';

/** Checks a dataset or algorithm name against `NAME_PATTERN`. */
export function checkName(kind: 'dataset' | 'algorithm', name: string, report: Report): boolean {
  if (NAME_PATTERN.test(name)) return true;
  const why = name.includes(NAME_SEPARATOR)
    ? `it contains '${NAME_SEPARATOR}', which separates the parts of generated names (dataset${NAME_SEPARATOR}algorithm${NAME_SEPARATOR}…)`
    : 'names start with a letter or digit and use only letters, digits, _, . and -';
  report([], `${kind} name '${name}' is not allowed: ${why}`, `rename it to match ${String(NAME_PATTERN)}`);
  return false;
}

/** Checks `metrics` and `scoring` of an evaluation block as written (paths relative to the block). */
export function checkMetrics(raw: { metrics?: string[] | undefined; scoring?: string | undefined }, registries: ConfigRegistries, report: Report): void {
  const known = registries.metricNames();
  raw.metrics?.forEach((metric, i) => {
    if (!known.includes(metric)) {
      const { message, hint } = unknownNameMessage('metric', metric, known);
      report(['metrics', i], message, hint);
    }
  });
  if (raw.scoring !== undefined) checkMetricName(raw.scoring, ['scoring'], registries, report);
}

/** Checks one metric name at `path`. */
export function checkMetricName(metric: string, path: Array<string | number>, registries: ConfigRegistries, report: Report): void {
  const known = registries.metricNames();
  if (!known.includes(metric)) {
    const { message, hint } = unknownNameMessage('metric', metric, known);
    report(path, message, hint);
  }
}

/** Checks a normalized dataset: its type is registered, columns it names exist, idx has labels. */
export function checkDataset(dataset: DatasetConfig, explicitType: boolean, registries: ConfigRegistries, report: Report): void {
  const types = registries.datasetTypeNames();
  if (!types.includes(dataset.type)) {
    const { message, hint } = unknownNameMessage('dataset type', dataset.type, types);
    report([explicitType ? 'type' : 'path'], explicitType ? message : `${message} (inferred from the file extension)`, explicitType ? hint : `set \`type:\`; ${hint}`);
  }
  const schemes = registries.storageSchemes();
  const locations: Array<[string, string | null]> = [
    ['path', dataset.path],
    ['test_path', dataset.testPath],
    ['labels_path', dataset.labelsPath],
    ['test_labels_path', dataset.testLabelsPath],
  ];
  for (const [key, location] of locations) {
    const scheme = location === null ? undefined : /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(location)?.[1]?.toLowerCase();
    if (scheme !== undefined && !schemes.includes(scheme)) {
      const { message, hint } = unknownNameMessage('storage scheme', scheme, schemes);
      report([key], `${message} in '${location}'`, hint);
    }
  }
  if (dataset.type === 'csv' && !dataset.header && dataset.columns === null) {
    report(['header'], 'header: false needs `columns:` (the column names, in file order)', 'list every column, the target included');
  }
  if (dataset.columns !== null) {
    const seen = new Set<string>();
    dataset.columns.forEach((column, i) => {
      if (seen.has(column)) report(['columns', i], `column '${column}' is listed twice`);
      seen.add(column);
    });
    const columns = dataset.columns;
    const checkColumn = (column: string, path: Array<string | number>, what: string): void => {
      if (!columns.includes(column)) {
        const guess = didYouMean(column, columns);
        report(path, `${what} '${column}' is not one of the listed columns${guess === undefined ? '' : `; did you mean '${guess}'?`}`);
      }
    };
    checkColumn(dataset.target, ['target'], 'target');
    dataset.drop.forEach((c, i) => checkColumn(c, ['drop', i], 'dropped column'));
    dataset.categorical.forEach((c, i) => checkColumn(c, ['categorical', i], 'categorical column'));
  }
  if (dataset.drop.includes(dataset.target)) report(['drop'], `the target '${dataset.target}' cannot be dropped`);
  if (dataset.type === 'idx') {
    if (dataset.labelsPath === null) report(['labels_path'], "an idx dataset needs 'labels_path' (the labels file next to the images)");
    if (dataset.testPath !== null && dataset.testLabelsPath === null) report(['test_labels_path'], "an idx test set needs 'test_labels_path'");
  }
  if (dataset.testLabelsPath !== null && dataset.testPath === null) report(['test_labels_path'], "'test_labels_path' is given without 'test_path'");
}

/** The hyperparameter names a params schema accepts (all alternatives of a union). */
export function paramNames(schema: z.ZodType<Params>): string[] {
  return knownKeysAt(schema, []);
}

/**
 * Checks one hyperparameter value by parsing the algorithm's params with it substituted, so the
 * algorithm's own schema (and cross-key refinements) decides. Returns an error message or undefined.
 */
export function checkParamValue(schema: z.ZodType<Params>, base: Params, name: string, value: JsonValue): string | undefined {
  const result = schema.safeParse({ ...base, [name]: value });
  if (result.success) return undefined;
  const mine = result.error.issues.find((issue) => issue.path[0] === name) ?? (result.error.issues.length > 0 && schema.safeParse(base).success ? result.error.issues[0] : undefined);
  if (mine === undefined) return undefined;
  const expected = describeExpected(schema, [name]);
  return `${showValue(value)} is not a valid ${name}: ${expected === undefined ? mine.message : `expected ${expected}`}`;
}

/** Checks that a hyperparameter name exists; reports a did-you-mean otherwise. */
export function checkParamName(name: string, known: readonly string[], label: string, path: Array<string | number>, report: Report): boolean {
  if (known.length === 0 || known.includes(name)) return true;
  const guess = didYouMean(name, known);
  report(path, `unknown hyperparameter '${name}' of ${label}${guess === undefined ? '' : `; did you mean '${guess}'?`}`, `${label} hyperparameters: ${[...known].sort().join(', ')}`);
  return false;
}

/** One use of a metric, for the probability check. */
export interface MetricUse {
  metric: string;
  report: Report;
  path: Array<string | number>;
}

/** The metrics of an evaluation block as uses located in the block (`metrics[i]`, `scoring`). */
export function metricUses(evaluation: { metrics: readonly string[]; scoring?: string | undefined }, report: Report): MetricUse[] {
  const uses: MetricUse[] = evaluation.metrics.map((metric, i) => ({ metric, report, path: ['metrics', i] }));
  if (evaluation.scoring !== undefined && !evaluation.metrics.includes(evaluation.scoring)) uses.push({ metric: evaluation.scoring, report, path: ['scoring'] });
  return uses;
}

/** Reports metrics that need probabilities when an algorithm cannot predict them. */
export function checkProbaMetrics(
  algorithm: { name: string; algorithm: string; engine: string },
  uses: readonly MetricUse[],
  registries: ConfigRegistries,
): void {
  if (registries.hasProba(algorithm.algorithm, algorithm.engine)) return;
  const label = algorithm.name === algorithm.algorithm ? `'${algorithm.name}'` : `'${algorithm.name}' (${algorithm.algorithm})`;
  for (const use of uses) {
    if (!registries.metricNames().includes(use.metric) || !registries.metricNeedsProba(use.metric)) continue;
    use.report(
      use.path,
      `metric '${use.metric}' needs predicted probabilities, but algorithm ${label} on engine '${algorithm.engine}' does not predict them`,
      'drop the metric, choose another engine (`engine:`), or leave that algorithm out',
    );
  }
}
