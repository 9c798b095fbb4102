/**
 * The size+mtime shortcut for source files: `<cache root>/stat-index.json` maps a local file's
 * path to its size, mtime and inode when it was last hashed, and that content hash. A file whose
 * size, mtime and inode still match is not read again; any difference means it is read and hashed
 * (and the entry replaced), so a changed file always gets a new key. As git does, a file modified
 * within a second of being hashed is not trusted (its mtime could hide a later write).
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { schemeOf, storageDrivers, StorageError } from '../catalog/index.js';

interface StatEntry {
  size: number;
  mtimeMs: number;
  ino: number;
  sha256: string;
  /** When it was hashed (ms since the epoch). */
  hashedAt: number;
}

/** Seconds of mtime that are not trusted after a hash (racy files are hashed again). */
const RACY_MS = 1_000;

/** Content hashes of local files, kept across runs by size, mtime and inode. */
export class StatIndex {
  private dirty = false;

  private constructor(
    private readonly url: string,
    private readonly entries: Record<string, StatEntry>,
  ) {}

  /** Reads the index of a cache root (empty when absent or unreadable). */
  static async open(root: string): Promise<StatIndex> {
    const url = `${root.replace(/\/+$/, '')}/stat-index.json`;
    let entries: Record<string, StatEntry> = {};
    try {
      const parsed = JSON.parse((await storageDrivers.get(schemeOf(url)).read(url)).toString('utf8')) as unknown;
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) entries = parsed as Record<string, StatEntry>;
    } catch (error) {
      if (!(error instanceof StorageError && error.notFound) && !(error instanceof SyntaxError)) throw error;
    }
    return new StatIndex(url, entries);
  }

  /** The sha-256 of a local file's bytes: from the index when size, mtime and inode match, else read. */
  async contentHash(file: string): Promise<string> {
    const info = await stat(file);
    const known = this.entries[file];
    if (known !== undefined && known.size === info.size && known.mtimeMs === info.mtimeMs && known.ino === info.ino && info.mtimeMs < known.hashedAt - RACY_MS) return known.sha256;
    const sha256 = createHash('sha256').update(await readFile(file)).digest('hex');
    this.entries[file] = { size: info.size, mtimeMs: info.mtimeMs, ino: info.ino, sha256, hashedAt: Date.now() };
    this.dirty = true;
    return sha256;
  }

  /** Writes the index back when it changed (a failure costs only the next run's hashing). */
  async save(): Promise<void> {
    if (!this.dirty) return;
    try {
      await storageDrivers.get(schemeOf(this.url)).write(this.url, Buffer.from(`${JSON.stringify(this.entries)}\n`));
      this.dirty = false;
    } catch {
      // the next run hashes again
    }
  }
}
