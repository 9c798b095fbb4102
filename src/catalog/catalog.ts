/**
 * The Catalog: named datasets, each an entry (name, type, path, options). It resolves the type
 * and the storage driver, handles gzip, and wraps every failure so it names the dataset.
 */
import { DatasetError, SweepError, isSweepError, unknownNameMessage } from '../core/index.js';
import { maybeGunzip, maybeGzip } from './bytes.js';
import type { DatasetEntry, DatasetType, LoadContext } from './dataset-type.js';
import { datasetTypes, storageDrivers } from './registry.js';
import { StorageError, schemeOf, type StorageDriver } from './storage-driver.js';

const NOT_FOUND_HINT = 'check `path` in the config; relative paths resolve against the project root';

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Re-throws a registry's did-you-mean error with the dataset named in front. */
function unknownName(entry: DatasetEntry, error: unknown): SweepError {
  if (!(error instanceof SweepError)) return new SweepError('SWEEP_UNKNOWN_NAME', reasonOf(error), { cause: error });
  return new SweepError('SWEEP_UNKNOWN_NAME', `dataset '${entry.name}' (${entry.type}, ${entry.path}): ${error.message}`, {
    cause: error,
    ...(error.hint === undefined ? {} : { hint: error.hint }),
    details: { dataset: entry.name, type: entry.type, path: entry.path, ...error.details },
  });
}

/** Wraps any failure during load/save of `entry` into a `DatasetError` (sweep errors about it pass through). */
function wrapFailure(entry: DatasetEntry, action: 'load' | 'save' | 'check', error: unknown, url = entry.path): SweepError {
  if (error instanceof DatasetError) return error;
  if (isSweepError(error) && error.code === 'SWEEP_UNKNOWN_NAME') return unknownName(entry, error);
  if (error instanceof StorageError && error.notFound) {
    return new DatasetError('SWEEP_DATASET_NOT_FOUND', entry, `${url === entry.path ? '' : `companion file ${url}: `}${error.message}`, {
      hint: NOT_FOUND_HINT,
      cause: error,
      details: { url },
    });
  }
  if (error instanceof StorageError) {
    return new DatasetError('SWEEP_DATASET_IO', entry, `cannot ${action}: ${error.message}`, {
      hint: error.status === undefined ? 'check that the storage is reachable and writable' : 'check the URL and that the server is up',
      cause: error,
      details: { url, ...(error.status === undefined ? {} : { status: error.status }) },
    });
  }
  if (isSweepError(error)) {
    return new DatasetError('SWEEP_DATASET_INVALID', entry, `cannot ${action}: ${error.message}`, {
      cause: error,
      ...(error.hint === undefined ? {} : { hint: error.hint }),
    });
  }
  return new DatasetError('SWEEP_DATASET_INVALID', entry, `cannot ${action}: ${reasonOf(error)}`, {
    hint: 'check that the file matches the dataset type and its options',
    cause: error,
  });
}

function checkEntry(entry: DatasetEntry): DatasetEntry {
  const bad = (what: string): never => {
    throw new SweepError('SWEEP_CONFIG_INVALID', `invalid catalog entry ${JSON.stringify(entry)}: ${what}`);
  };
  if (typeof entry !== 'object' || entry === null) bad('expected an object { name, type, path }');
  if (typeof entry.name !== 'string' || entry.name === '') bad('`name` must be a non-empty string');
  if (typeof entry.type !== 'string' || entry.type === '') bad('`type` must be a non-empty string');
  if (typeof entry.path !== 'string') bad('`path` must be a string');
  if (entry.options !== undefined && (typeof entry.options !== 'object' || entry.options === null || Array.isArray(entry.options))) {
    bad('`options` must be an object');
  }
  return entry;
}

/**
 * Named datasets over storage. A dataset type (`datasetTypes`) turns bytes into values; a storage
 * driver (`storageDrivers`), picked by the URL scheme of `path`, moves bytes: `file` for plain
 * paths and `file://`, read-only `http`/`https`, `memory://`, `s3://` (the AWS SDK loaded on first
 * use). Gzip is transparent: gzip bytes are detected on load, and `.gz` paths are gzipped on save.
 *
 * @example
 * const catalog = new Catalog([
 *   { name: 'adult', type: 'csv', path: 'datasets/adult.csv.gz' },
 *   { name: 'adult::prepared', type: 'table', path: 'data/adult/prepared.table' },
 * ]);
 * const table = await catalog.load<Table>('adult');
 * await catalog.save('adult::prepared', table);
 */
export class Catalog {
  private readonly entries = new Map<string, DatasetEntry>();
  /** Values of `live` (memory) datasets, held by this instance only. */
  private readonly live = new Map<string, unknown>();

  /** Builds a catalog from entries (plain JSON, so workers can rebuild it from what they are sent). */
  constructor(entries: Iterable<DatasetEntry> = []) {
    for (const entry of entries) this.add(entry);
  }

  /** Adds an entry; fails if the name exists, or the type or storage driver is unknown. */
  add(entry: DatasetEntry): this {
    checkEntry(entry);
    if (this.entries.has(entry.name)) {
      throw new SweepError('SWEEP_CONFIG_INVALID', `dataset '${entry.name}' is already in the catalog`, { hint: 'dataset names must be unique' });
    }
    this.typeOf(entry);
    if (datasetTypes.get(entry.type).live !== true) this.driverFor(entry, entry.path);
    this.entries.set(entry.name, { ...entry, ...(entry.options === undefined ? {} : { options: { ...entry.options } }) });
    return this;
  }

  /** Whether a dataset of this name is in the catalog. */
  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The entry of a dataset (a copy); unknown names fail with a did-you-mean. */
  entry(name: string): DatasetEntry {
    const entry = this.entries.get(name);
    if (entry === undefined) {
      const { message, hint } = unknownNameMessage('dataset', name, this.names());
      throw new SweepError('SWEEP_UNKNOWN_NAME', message, { hint, details: { kind: 'dataset', name } });
    }
    return { ...entry, ...(entry.options === undefined ? {} : { options: { ...entry.options } }) };
  }

  /** Dataset names, in the order they were added. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** Loads a dataset's value; every failure is a `DatasetError` naming the dataset, type and path. */
  async load<T = unknown>(name: string): Promise<T> {
    const entry = this.entry(name);
    const type = this.typeOf(entry);
    if (type.live === true) {
      if (!this.live.has(name)) {
        throw new DatasetError('SWEEP_DATASET_NOT_FOUND', entry, 'this memory dataset has not been saved yet', {
          hint: 'memory datasets exist only after a node (or Catalog.save) produced them, in the same process',
        });
      }
      return this.live.get(name) as T;
    }
    const driver = this.driverFor(entry, entry.path);
    let bytes: Buffer;
    try {
      bytes = maybeGunzip(await driver.read(entry.path));
    } catch (error) {
      throw wrapFailure(entry, 'load', error);
    }
    const ctx: LoadContext = {
      read: async (url) => {
        try {
          return maybeGunzip(await this.driverFor(entry, url).read(url));
        } catch (error) {
          throw wrapFailure(entry, 'load', error, url);
        }
      },
    };
    try {
      return (await type.load(bytes, entry, ctx)) as T;
    } catch (error) {
      throw wrapFailure(entry, 'load', error);
    }
  }

  /** Saves a value (atomically for files: temp file, then rename); `.gz` paths are gzipped. */
  async save(name: string, value: unknown): Promise<void> {
    const entry = this.entry(name);
    const type = this.typeOf(entry);
    if (type.live === true) {
      this.live.set(name, value);
      return;
    }
    if (type.save === undefined) {
      throw new DatasetError('SWEEP_DATASET_INVALID', entry, `the ${type.name} dataset type is read-only`, {
        hint: `known writable types: ${datasetTypes.entriesList().filter(([, t]) => t.save !== undefined || t.live === true).map(([n]) => n).join(', ')}`,
      });
    }
    const driver = this.driverFor(entry, entry.path);
    try {
      const bytes = await type.save(value, entry);
      await driver.write(entry.path, maybeGzip(entry.path, bytes));
    } catch (error) {
      throw wrapFailure(entry, 'save', error);
    }
  }

  /** Whether the dataset has a value: a stored object, or a saved memory value. */
  async exists(name: string): Promise<boolean> {
    const entry = this.entry(name);
    if (this.typeOf(entry).live === true) return this.live.has(name);
    const driver = this.driverFor(entry, entry.path);
    try {
      return await driver.exists(entry.path);
    } catch (error) {
      throw wrapFailure(entry, 'check', error);
    }
  }

  private typeOf(entry: DatasetEntry): DatasetType {
    try {
      return datasetTypes.get(entry.type);
    } catch (error) {
      throw unknownName(entry, error);
    }
  }

  private driverFor(entry: DatasetEntry, url: string): StorageDriver {
    try {
      return storageDrivers.get(schemeOf(url));
    } catch (error) {
      throw unknownName(entry, error);
    }
  }
}
