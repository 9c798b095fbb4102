/**
 * The catalog of a config's datasets, for notebooks: `(await loadCatalog(path)).load('adult')`
 * reads a dataset exactly as a run does (same type, options and storage).
 */
import { Catalog, type DatasetEntry } from '../catalog/index.js';
import type { DatasetConfig, SweepConfig } from '../config/index.js';
import { SweepError, take, takeRows, type Label, type Matrix, type Table } from '../core/index.js';
import { TablePreprocessor, type PreprocessingConfig } from '../preprocessing/index.js';
import { planOnly, splitTarget } from '../sweep/index.js';
import { loadSweep, type ConfigLocation } from './sweep.js';

/** A dataset as estimators take it. */
export interface XY {
  X: Matrix;
  y: Label[];
  /** The fitted preprocessing (its `transform` encodes more rows the same way). */
  preprocessor: TablePreprocessor;
  /** Rows left out because their target is missing (a run leaves them out too, and says so). */
  unlabeled: number;
}

/** How `loadXy` encodes features. */
export interface LoadXyOptions {
  /** Overrides of the dataset's preprocessing (`scale: auto` means none here: no estimator is known). */
  preprocessing?: Partial<PreprocessingConfig>;
  /** A preprocessor fitted before (e.g. `loadXy('letters').preprocessor`): encode with it, do not fit. */
  using?: TablePreprocessor;
}

/** The source datasets of a config (and their `<name>::test` sets), loadable by name. */
export class SweepCatalog {
  private readonly catalog: Catalog;

  constructor(
    /** The config the catalog was read from. */
    readonly config: SweepConfig,
    entries: readonly DatasetEntry[],
  ) {
    this.catalog = new Catalog(entries);
  }

  /** Dataset names (`adult`, and `letters::test` for a given test set). */
  names(): string[] {
    return this.catalog.names();
  }

  /** The resolved entry of a dataset: type, absolute path or URL, options. */
  entry(name: string): DatasetEntry {
    return this.catalog.entry(name);
  }

  /** Loads a dataset (a `Table` for tabular types); failures name the dataset, type and path. */
  load<T = Table>(name: string): Promise<T> {
    return this.catalog.load<T>(name);
  }

  /**
   * Loads a dataset as `X` and `y`: its target split off, its `drop:` columns removed, then
   * encoded by the dataset's preprocessing fitted on **all** its rows (or by `using`). Rows without
   * a target are left out and counted. For exploring; the sweep fits preprocessing on training
   * rows only.
   */
  async loadXy(name: string, options: LoadXyOptions = {}): Promise<XY> {
    const dataset = this.datasetOf(name);
    const table = await this.load<Table>(name);
    const kept: Table = { ...table, columns: table.columns.filter((c) => !dataset.drop.includes(c.name)) };
    const { X, y } = splitTarget(kept, dataset.target, dataset.name);
    const labeled: number[] = [];
    y.forEach((label, i) => {
      if (label !== '' && !Number.isNaN(label)) labeled.push(i);
    });
    // scale: auto depends on the estimator; with none known, features stay unscaled.
    const { scale, ...rest } = dataset.preprocessing;
    const preprocessor = options.using ?? new TablePreprocessor({ ...rest, scale: scale === 'auto' ? 'none' : scale, ...options.preprocessing });
    const matrix = options.using === undefined ? preprocessor.fitTransform(X) : preprocessor.transform(X);
    if (labeled.length === y.length) return { X: matrix, y, preprocessor, unlabeled: 0 };
    return { X: takeRows(matrix, labeled), y: take(y, labeled), preprocessor, unlabeled: y.length - labeled.length };
  }

  private datasetOf(name: string): DatasetConfig {
    this.catalog.entry(name); // unknown names fail with a did-you-mean
    const base = name.split('::')[0]!;
    const dataset = this.config.datasets.find((d) => d.name === base);
    if (dataset === undefined) throw new SweepError('SWEEP_UNKNOWN_NAME', `dataset '${name}' is not one of the config's datasets`, { hint: `known: ${this.names().join(', ')}` });
    return dataset;
  }
}

/**
 * The catalog of a config file's datasets: the entries a run reads, with paths resolved against
 * the config's project root.
 *
 * @example
 * const catalog = await loadCatalog('conf/sweep.yaml');
 * const adult = await catalog.load('adult');   // a Table
 * const { X, y } = await catalog.loadXy('adult');
 */
export async function loadCatalog(configPath: ConfigLocation): Promise<SweepCatalog> {
  const config = await loadSweep(configPath);
  const sources = new Set(config.datasets.flatMap((d) => [d.name, `${d.name}::test`]));
  const entries = planOnly(config, {}).entries.filter((e) => sources.has(e.name));
  return new SweepCatalog(config, entries);
}
