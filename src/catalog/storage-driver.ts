/**
 * The storage-driver contract: a driver moves bytes for one URL scheme and knows nothing about
 * formats. The catalog picks the driver from the scheme of a dataset's `path`.
 */

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
}

/** A failure inside a storage driver, with the facts the catalog needs to classify it. */
export class StorageError extends Error {
  /** Nothing is stored at the URL. */
  readonly notFound: boolean;
  /** The HTTP status, for http(s) drivers. */
  readonly status: number | undefined;

  constructor(message: string, options: { notFound?: boolean; status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StorageError';
    this.notFound = options.notFound ?? false;
    this.status = options.status;
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
