/**
 * The `algorithms:` section: registry names or named variants (`algorithm:` inside), the engine,
 * hyperparameters checked with the engine's own schema, and `search:` / `validation_curve:`.
 */
import { didYouMean, unknownNameMessage, type JsonValue, type Params } from '../core/index.js';
import { isObject, kindOf, orderedKeys, reporter as reporterOf, type Obj, type ParseContext } from './context.js';
import { reportZodIssues } from './describe.js';
import { normalizeSearch, normalizeValidationCurve, type Report } from './normalize.js';
import { checkMetricName, checkName, checkParamName, checkParamValue, paramNames, type MetricUse } from './rules.js';
import { algorithmReservedSchema, RESERVED_ALGORITHM_KEYS } from './schema.js';
import { lineAt, type KeyPath, type YamlSource } from './source.js';
import type { AlgorithmConfig } from './types.js';

/** An algorithm and the metric uses only it makes (its search scoring), for the probability check. */
export interface AlgorithmWithUses {
  config: AlgorithmConfig;
  uses: MetricUse[];
}

/** Reads, normalizes and checks every algorithm, in file order; issues go to `ctx.issues`. */
export function readAlgorithms(ctx: ParseContext, rawAlgorithms: unknown): AlgorithmWithUses[] {
  const { issues, registries, sweep, configPath, evaluation } = ctx;
  const reporter = (source: YamlSource, base: KeyPath): Report => reporterOf(ctx, source, base);
  const algorithmUses: AlgorithmWithUses[] = [];
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
      if (Object.hasOwn(inline, k)) {
        report(['params', k], `hyperparameter '${k}' is set both inline and under params:`, 'keep one of the two');
        paramsOk = false;
      }
    }
    const params: Params = { ...inline, ...explicit };
    const paramPath = (path: KeyPath): KeyPath => (typeof path[0] === 'string' && Object.hasOwn(explicit, path[0]) ? ['params', ...path] : path);
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
    algorithmUses.push({ config, uses });
  };

  if (rawAlgorithms === undefined || rawAlgorithms === null) {
    issues.add(sweep, rawAlgorithms === null ? ['algorithms'] : [], "missing required key 'algorithms' (a map of algorithm name → hyperparameters)", '`sweep list algorithms` shows the names');
  } else if (!isObject(rawAlgorithms)) {
    issues.add(sweep, ['algorithms'], `expected a map of algorithm name → hyperparameters, got ${kindOf(rawAlgorithms)}`, 'e.g. `algorithms: {knn: {n_neighbors: 5}, decision-tree: {}}`');
  } else {
    const keys = orderedKeys(sweep, ['algorithms'], rawAlgorithms);
    if (keys.length === 0) issues.add(sweep, ['algorithms'], 'no algorithms: add at least one', '`sweep list algorithms` shows the names');
    for (const key of keys) addAlgorithm(key, rawAlgorithms[key]);
  }
  return algorithmUses;
}
