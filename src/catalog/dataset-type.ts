/**
 * The dataset-type contract: a type turns bytes into a value and back, and knows nothing about
 * where the bytes live. Plus the small helpers every type uses to read options and report errors.
 */
import { DatasetError, type JsonValue } from '../core/index.js';

/** JSON-serializable config of one catalog entry; workers rebuild a Catalog from these. */
export interface DatasetEntry {
  /** Unique name in the catalog, e.g. `adult` or `adult::knn::model`. */
  name: string;
  /** Dataset type: a key of `datasetTypes` (`csv`, `idx`, `json`, `model`, `table`, `text`, `memory`, …). */
  type: string;
  /** Where the bytes live: a plain path (`file`) or a URL whose scheme picks the storage driver. */
  path: string;
  /** Type-specific options (`header`, `delimiter`, `labels_path`, …). */
  options?: { [k: string]: JsonValue };
}

/** What a type may do besides parsing its own bytes: read companion files (e.g. idx labels). */
export interface LoadContext {
  /** Bytes at `url`, through the same storage drivers as `path`, gunzipped when gzip. */
  read(url: string): Promise<Buffer>;
}

/**
 * Turns bytes into a value (`load`) and, when writable, a value into bytes (`save`). Registered in
 * `datasetTypes` under its file name (`types/csv.ts` ↔ `csv`). Gzip is handled by the catalog, so
 * a type always sees plain bytes. Throw `invalidDataset(entry, …)` for malformed input; the
 * catalog wraps anything else so the error names the dataset, its type and its path.
 *
 * @example
 * // types/text.ts, registered as `text` in registry.ts:
 * export const textType: DatasetType<string> = {
 *   name: 'text',
 *   summary: 'a UTF-8 string',
 *   load: (bytes) => bytes.toString('utf8'),
 *   save: (value) => Buffer.from(value, 'utf8'),
 * };
 */
export interface DatasetType<T = unknown> {
  /** The registry key. */
  readonly name: string;
  /** One line for `sweep list datasets`. */
  readonly summary: string;
  /**
   * True for a type whose values live in the Catalog instance instead of storage (`memory`);
   * the catalog never calls `load`/`save` for it, and such datasets cannot cross worker threads.
   */
  readonly live?: boolean;
  /** Parses the stored bytes of `entry`. */
  load(bytes: Buffer, entry: DatasetEntry, ctx: LoadContext): T | Promise<T>;
  /** Serializes a value; absent for read-only types (idx). Rejects values it cannot store faithfully. */
  save?(value: T, entry: DatasetEntry): Buffer | Promise<Buffer>;
}

/** A `SWEEP_DATASET_INVALID` error about `entry`: malformed bytes, a bad option, a value that cannot be saved. */
export function invalidDataset(entry: DatasetEntry, message: string, hint?: string, details?: Record<string, unknown>): DatasetError {
  return new DatasetError('SWEEP_DATASET_INVALID', entry, message, {
    ...(hint === undefined ? {} : { hint }),
    ...(details === undefined ? {} : { details }),
  });
}

/** Reads option `key` of `entry` as a boolean, or `fallback` when absent. */
export function booleanOption(entry: DatasetEntry, key: string, fallback: boolean): boolean {
  const value = entry.options?.[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw invalidDataset(entry, `option '${key}' must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

/** Reads option `key` of `entry` as a string, or `fallback` when absent. */
export function stringOption(entry: DatasetEntry, key: string): string | undefined;
export function stringOption(entry: DatasetEntry, key: string, fallback: string): string;
export function stringOption(entry: DatasetEntry, key: string, fallback?: string): string | undefined {
  const value = entry.options?.[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string') throw invalidDataset(entry, `option '${key}' must be a string, got ${JSON.stringify(value)}`);
  return value;
}

/** Reads option `key` of `entry` as a list of strings, or `fallback` when absent. */
export function stringListOption(entry: DatasetEntry, key: string): string[] | undefined;
export function stringListOption(entry: DatasetEntry, key: string, fallback: string[]): string[];
export function stringListOption(entry: DatasetEntry, key: string, fallback?: string[]): string[] | undefined {
  const value = entry.options?.[key];
  if (value === undefined || value === null) return fallback;
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw invalidDataset(entry, `option '${key}' must be a list of strings, got ${JSON.stringify(value)}`);
  }
  return value;
}
