/**
 * The storage-driver contract: a driver moves bytes for one URL scheme and knows nothing about
 * formats. The catalog picks the driver from the scheme of a dataset's `path`.
 */
import { dirname as pathDirname, join as pathJoin, relative as pathRelative, sep as pathSep } from 'node:path';

/**
 * Moves bytes to and from one kind of storage. Registered in `storageDrivers` under its URL scheme
 * (file name = key: `storage/file.ts` ↔ `file`). Plain paths without a scheme use `file`.
 *
 * Drivers report a missing object with `StorageError` (`notFound: true`) so the catalog can turn
 * it into `SWEEP_DATASET_NOT_FOUND`; everything else they throw becomes `SWEEP_DATASET_IO`.
 *
 * @example
 * // storage/s3.ts, registered as `s3` in registry.ts:
 * export const s3Driver: StorageDriver = {
 *   name: 's3',
 *   writable: true,
 *   async read(url) { return Buffer.from(await getObject(url)); },
 *   async write(url, bytes) { await putObject(url, bytes); },
 *   async exists(url) { return headObject(url); },
 * };
 */
export interface StorageDriver {
  /** The URL scheme this driver serves, e.g. `file`, `https`, `memory`. */
  readonly name: string;
  /** False for read-only storage (http): `write` always throws a `StorageError`. */
  readonly writable: boolean;
  /** All bytes at `url`; a missing object throws `StorageError` with `notFound: true`. */
  read(url: string): Promise<Buffer>;
  /** Replaces the bytes at `url` as one step: readers see the old bytes or the new, never a mix. */
  write(url: string, bytes: Buffer): Promise<void>;
  /** Whether something is stored at `url`. */
  exists(url: string): Promise<boolean>;
  /** Deletes the object at `url`; removing a missing object is not an error. */
  remove?(url: string): Promise<void>;
  /**
   * Writes `bytes` at `url` only if nothing is stored there; false when something is. The rule
   * that claims a run folder: of two runs creating the same object, at most one gets true (file:
   * an exclusive create; s3: `If-None-Match: *`, atomic where the store honours it).
   */
  create?(url: string, bytes: Buffer): Promise<boolean>;
  /** Every object under the folder `url` (recursively), as URLs in this driver's form. */
  list?(url: string): Promise<string[]>;
  /** Deletes the folder `url` and everything under it; a missing folder is not an error. */
  removeAll?(url: string): Promise<void>;
}

/** A failure inside a storage driver, with the facts the catalog needs to classify it. */
export class StorageError extends Error {
  /** Nothing is stored at the URL. */
  readonly notFound: boolean;
  /** The HTTP status, for http(s) and s3 drivers. */
  readonly status: number | undefined;
  /** A network error, a 5xx, or throttling: another attempt may succeed (`withRetries` retries it). */
  readonly transient: boolean;

  constructor(message: string, options: { notFound?: boolean; status?: number; transient?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StorageError';
    this.notFound = options.notFound ?? false;
    this.status = options.status;
    this.transient = options.transient ?? false;
  }
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/**
 * The storage scheme of a dataset path: the URL scheme (`https://x` → `https`), or `file` for plain
 * paths (relative, absolute, and Windows drive paths such as `C:\data`).
 */
export function schemeOf(path: string): string {
  const match = SCHEME.exec(path);
  if (match === null) return 'file';
  const scheme = match[1]!;
  return scheme.length === 1 ? 'file' : scheme.toLowerCase();
}

/** True for `scheme://…` locations other than `file://` (local paths and `file://` are false). */
export function isUrl(location: string): boolean {
  return schemeOf(location) !== 'file';
}

/**
 * Joins a folder location and relative parts: `/` for URLs (`s3://b/runs` + `a/b.json` →
 * `s3://b/runs/a/b.json`, the `//` after the scheme kept), the platform's `path.join` for files.
 */
export function joinLocation(base: string, ...parts: string[]): string {
  if (!isUrl(base)) return pathJoin(base, ...parts);
  const tail = parts.flatMap((p) => p.split(/[\\/]+/)).filter((p) => p !== '' && p !== '.');
  return [base.replace(/\/+$/, ''), ...tail].join('/');
}

/** `to` relative to the folder `from` (both URLs or both paths), with `/` separators. */
export function relativeLocation(from: string, to: string): string {
  if (!isUrl(from)) return pathRelative(from, to).split(pathSep).join('/');
  const base = `${from.replace(/\/+$/, '')}/`;
  return to.startsWith(base) ? to.slice(base.length) : to;
}

/** The folder holding `location` (`s3://b/runs/x` → `s3://b/runs`). */
export function parentLocation(location: string): string {
  if (!isUrl(location)) return pathDirname(location);
  const trimmed = location.replace(/\/+$/, '');
  const cut = trimmed.lastIndexOf('/');
  return cut > trimmed.indexOf('://') + 2 ? trimmed.slice(0, cut) : trimmed;
}
