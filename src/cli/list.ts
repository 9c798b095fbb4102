/** `sweep list algorithms|datasets|metrics|runs`: what can go in a config, and the runs made. */
import path from 'node:path';
import { z } from 'zod';
import { datasetTypes, storageDrivers } from '../catalog/index.js';
import { findConfig, readSweepConfig } from '../config/index.js';
import { SweepError, unknownNameMessage } from '../core/index.js';
import { metrics } from '../evaluation/index.js';
import { DEFAULT_ENGINE, algorithms } from '../models/index.js';
import { listRuns } from '../sweep/index.js';
import type { ConfigOptions } from './common.js';
import { locateConfig } from './common.js';
import { type CliIO, type Style, fit } from './output.js';
import { runLookupFor } from './report.js';

/** The things `sweep list` can list. */
export const LISTABLE = ['algorithms', 'datasets', 'metrics', 'runs'] as const;

interface ParamInfo {
  name: string;
  default: unknown;
  description: string | null;
}

/** The params of one variant of an algorithm whose params depend on a discriminator (naive Bayes' `variant`). */
interface VariantInfo {
  /** The discriminating param and its value (`variant`, `multinomial`). */
  key: string;
  value: unknown;
  params: ParamInfo[];
}

type JsonProps = Record<string, { default?: unknown; description?: string; const?: unknown }>;
type JsonObjectSchema = { properties?: JsonProps; oneOf?: JsonObjectSchema[]; anyOf?: JsonObjectSchema[] };

function propsOf(properties: JsonProps | undefined, skip?: string): ParamInfo[] {
  return Object.entries(properties ?? {})
    .filter(([name]) => name !== skip)
    .map(([name, p]) => ({ name, default: p.default ?? null, description: p.description ?? null }));
}

/**
 * The params of an engine with their defaults. A union of shapes keyed by one constant param
 * (naive Bayes: `variant`) lists the default shape's params (what `{}` parses to) plus each
 * variant's own params, so no engine shows an empty list.
 */
function paramsOf(schema: z.ZodType): { params: ParamInfo[]; variants: VariantInfo[] } {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonObjectSchema;
  const branches = json.oneOf ?? json.anyOf;
  if (json.properties !== undefined || branches === undefined) return { params: propsOf(json.properties), variants: [] };
  const parsed = schema.safeParse({});
  const defaults = parsed.success && typeof parsed.data === 'object' && parsed.data !== null ? (parsed.data as Record<string, unknown>) : {};
  const variants = branches.flatMap((b): VariantInfo[] => {
    const key = Object.entries(b.properties ?? {}).find(([, p]) => p.const !== undefined)?.[0];
    return key === undefined ? [] : [{ key, value: b.properties![key]!.const, params: propsOf(b.properties, key) }];
  });
  const chosen = variants.find((v) => defaults[v.key] === v.value);
  const params: ParamInfo[] = chosen === undefined ? [] : [{ name: chosen.key, default: chosen.value, description: null }, ...chosen.params];
  return { params, variants };
}

/** The algorithms with engines, params and caveats, as data (for `--json` and for printing). */
export function describeAlgorithms(): Array<{ name: string; summary: string; default_engine: string; engines: Array<{ name: string; caveat: string | null; tags: object; params: ParamInfo[]; variants: VariantInfo[] }> }> {
  return algorithms.entriesList().map(([name, spec]) => ({
    name,
    summary: spec.summary,
    default_engine: spec.engines[DEFAULT_ENGINE] !== undefined ? DEFAULT_ENGINE : Object.keys(spec.engines)[0]!,
    engines: Object.entries(spec.engines).map(([engine, impl]) => ({
      name: engine,
      caveat: impl!.caveat ?? null,
      tags: impl!.tags,
      ...paramsOf(impl!.paramsSchema),
    })),
  }));
}

/** Lists algorithms, metrics, or the datasets of the config (and the dataset types available). */
export async function listCommand(io: CliIO, style: Style, what: string, options: ConfigOptions & { json?: boolean }): Promise<void> {
  const out = io.stdout;
  if (what === 'algorithms') {
    const list = describeAlgorithms();
    if (options.json) return void out.write(`${JSON.stringify(list, null, 2)}\n`);
    for (const a of list) {
      out.write(`${style.bold(a.name)}  ${a.summary}\n`);
      for (const e of a.engines) {
        const show = (params: ParamInfo[]): string => params.map((p) => `${p.name}=${JSON.stringify(p.default)}`).join(', ');
        out.write(`  engine ${e.name}${e.name === a.default_engine ? ' (default)' : ''}: ${show(e.params)}\n`);
        for (const v of e.variants) out.write(`    ${v.key}=${JSON.stringify(v.value)}: ${show(v.params) || style.dim('(no params)')}\n`);
        if (e.caveat !== null) out.write(`    ${style.yellow('caveat')}: ${e.caveat}\n`);
      }
    }
    return;
  }
  if (what === 'metrics') {
    const list = metrics.entriesList().map(([name, m]) => ({ name, summary: m.summary, needs_proba: m.needsProba, greater_is_better: m.greaterIsBetter }));
    if (options.json) return void out.write(`${JSON.stringify(list, null, 2)}\n`);
    for (const m of list) out.write(`${fit(m.name, 22)} ${m.summary}${m.needs_proba ? style.dim(' (needs probabilities)') : ''}\n`);
    return;
  }
  if (what === 'datasets') {
    const configPath = options.config !== undefined ? locateConfig(io, options) : findConfig(io.cwd);
    const config = configPath === undefined ? undefined : await readSweepConfig(configPath);
    const datasets = (config?.datasets ?? []).map((d) => ({ name: d.name, type: d.type, path: d.path, test_path: d.testPath, target: d.target, sample: d.sample }));
    const types = datasetTypes.entriesList().map(([name, t]) => ({ name, summary: t.summary }));
    const drivers = storageDrivers.names();
    if (options.json) return void out.write(`${JSON.stringify({ config: configPath ?? null, datasets, types, storage: drivers }, null, 2)}\n`);
    if (config === undefined) out.write(style.dim('no conf/sweep.yaml here; showing dataset types only\n'));
    for (const d of datasets) out.write(`${style.bold(d.name)}  ${d.type}  ${d.path}${d.test_path ? ` + test ${d.test_path}` : ''}  target=${d.target}${d.sample ? `  sample=${d.sample}` : ''}\n`);
    out.write(`\n${style.bold('dataset types')}\n`);
    for (const t of types) out.write(`  ${fit(t.name, 8)} ${t.summary}\n`);
    out.write(`${style.bold('storage')} (by URL scheme): ${drivers.join(', ')}\n`);
    return;
  }
  if (what === 'runs') {
    const { reportsDir } = await runLookupFor(io, options);
    const runs = await listRuns(reportsDir);
    if (options.json) return void out.write(`${JSON.stringify({ reports_dir: reportsDir, runs }, null, 2)}\n`);
    if (runs.length === 0) return void out.write(style.dim(`no runs in ${reportsDir}\n`));
    for (const r of runs) {
      const when = r.started_at.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
      const cells = `${r.cells.ok}/${r.cells.total} ok`;
      const best = r.best.map((b) => `${b.dataset}: ${b.algorithm} ${b.score.toFixed(4)}`).join('; ');
      const config = path.relative(io.cwd, r.config) || r.config;
      out.write(`${style.bold(r.id)}  ${r.name}  ${style.dim(config)}  ${when}  ${cells}${r.latest.length ? `  ${style.green(`(${r.latest.join(', ')})`)}` : ''}\n`);
      if (best !== '') out.write(`  best ${r.best[0]!.metric}: ${best}\n`);
    }
    return;
  }
  const { message, hint } = unknownNameMessage('list', what, LISTABLE);
  throw new SweepError('SWEEP_USAGE', message, { hint });
}
