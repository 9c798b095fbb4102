/**
 * Local files: plain paths (relative ones resolve against the working directory) and `file://`
 * URLs. Writes are atomic: a temp file in the same folder, then a rename over the target.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, unlink, writeFile, readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { StorageError, type StorageDriver } from '../storage-driver.js';

/** The local path a `file` dataset path names (`file://` URLs decoded, relative paths resolved). */
export function toFilePath(url: string): string {
  return resolve(/^file:\/\//i.test(url) ? fileURLToPath(url) : url);
}

function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function storageError(action: string, path: string, error: unknown): StorageError {
  const code = errnoCode(error);
  if (code === 'ENOENT') return new StorageError(`no such file: ${path}`, { notFound: true, cause: error });
  if (code === 'EISDIR') return new StorageError(`${path} is a folder, not a file`, { cause: error });
  const reason = error instanceof Error ? error.message : String(error);
  return new StorageError(`cannot ${action} ${path}: ${reason}`, { cause: error });
}

/** The largest file read, in bytes: `SWEEP_MAX_READ_MB` MiB, default 2048 (Node's buffers stop near 4 GiB anyway). */
export function maxReadBytes(): number {
  const mb = Number(process.env['SWEEP_MAX_READ_MB']);
  return (Number.isFinite(mb) && mb > 0 ? mb : 2048) * 2 ** 20;
}

/** Stores bytes in local files. */
export const fileDriver: StorageDriver = {
  name: 'file',
  writable: true,

  async read(url) {
    const path = toFilePath(url);
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      throw storageError('read', path, error);
    }
    // Only regular files: /dev/zero or a FIFO would be read until memory runs out.
    if (info.isDirectory()) throw new StorageError(`${path} is a folder, not a file`);
    if (!info.isFile()) throw new StorageError(`${path} is not a regular file (a device, pipe or socket); sweep reads only regular files and URLs`);
    const limit = maxReadBytes();
    if (info.size > limit) {
      throw new StorageError(`${path} is ${(info.size / 2 ** 20).toFixed(0)} MiB, over the ${(limit / 2 ** 20).toFixed(0)} MiB read limit (set SWEEP_MAX_READ_MB to raise it)`);
    }
    try {
      return await readFile(path);
    } catch (error) {
      throw storageError('read', path, error);
    }
  },

  async write(url, bytes) {
    const path = toFilePath(url);
    const dir = dirname(path);
    // Same folder as the target so the rename stays on one file system (and is atomic there).
    const temp = `${dir}/.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(temp, bytes);
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw storageError('write', path, error);
    }
  },

  async exists(url) {
    const path = toFilePath(url);
    try {
      return (await stat(path)).isFile();
    } catch (error) {
      if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return false;
      throw storageError('check', path, error);
    }
  },

  async remove(url) {
    const path = toFilePath(url);
    try {
      await unlink(path);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return;
      throw storageError('remove', path, error);
    }
  },

  async create(url, bytes) {
    const path = toFilePath(url);
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, bytes, { flag: 'wx' }); // exclusive: fails with EEXIST if taken
      return true;
    } catch (error) {
      if (errnoCode(error) === 'EEXIST') return false;
      throw storageError('create', path, error);
    }
  },

  async list(url) {
    const dir = toFilePath(url);
    let found;
    try {
      found = await readdir(dir, { recursive: true, withFileTypes: true });
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return [];
      throw storageError('list', dir, error);
    }
    const asUrl = /^file:\/\//i.test(url);
    return found.filter((d) => d.isFile()).map((d) => resolve(d.parentPath, d.name)).map((p) => (asUrl ? pathToFileURL(p).href : p)).sort();
  },

  async removeAll(url) {
    const dir = toFilePath(url);
    try {
      await rm(dir, { recursive: true, force: true });
    } catch (error) {
      throw storageError('remove', dir, error);
    }
  },
};
