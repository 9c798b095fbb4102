/**
 * `memory://key` storage: bytes in a process-wide Map. Useful for tests and for passing bytes
 * between catalogs in one process; it does not cross worker threads (each thread has its own Map).
 */
import { StorageError, type StorageDriver } from '../storage-driver.js';

const store = new Map<string, Buffer>();

function keyOf(url: string): string {
  return url.replace(/^memory:\/\//i, '');
}

/** The URLs currently held by the memory driver (tests and debugging). */
export function memoryUrls(): string[] {
  return [...store.keys()].map((key) => `memory://${key}`);
}

/** Stores bytes in this process's memory, keyed by URL. */
export const memoryDriver: StorageDriver = {
  name: 'memory',
  writable: true,

  async read(url) {
    const bytes = store.get(keyOf(url));
    if (bytes === undefined) throw new StorageError(`nothing stored at ${url}`, { notFound: true });
    return Buffer.from(bytes); // a copy: callers may mutate what they get
  },

  async write(url, bytes) {
    store.set(keyOf(url), Buffer.from(bytes));
  },

  async exists(url) {
    return store.has(keyOf(url));
  },

  async remove(url) {
    store.delete(keyOf(url));
  },

  async create(url, bytes) {
    if (store.has(keyOf(url))) return false;
    store.set(keyOf(url), Buffer.from(bytes));
    return true;
  },

  async list(url) {
    const prefix = `${keyOf(url).replace(/\/+$/, '')}/`;
    return [...store.keys()].filter((k) => k.startsWith(prefix)).sort().map((k) => `memory://${k}`);
  },

  async removeAll(url) {
    const prefix = `${keyOf(url).replace(/\/+$/, '')}/`;
    for (const k of [...store.keys()]) if (k.startsWith(prefix)) store.delete(k);
  },
};
