/**
 * Read-only HTTP(S) storage through Node's global `fetch`. Writing throws: publishing data over
 * HTTP is a job for a real object store (the `s3` driver), not for sweep. Transient failures
 * (network errors, 5xx, 429) are retried with backoff (`withRetries`).
 */
import { isTransientStatus, withRetries } from '../retry.js';
import { StorageError, type StorageDriver } from '../storage-driver.js';

async function request(url: string, method: 'GET' | 'HEAD'): Promise<Response> {
  try {
    return await fetch(url, { method, redirect: 'follow' });
  } catch (error) {
    const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    throw new StorageError(`cannot ${method} ${url}: ${reason}`, { transient: true, cause: error });
  }
}

/** A read-only driver for one of the schemes `http` or `https`. */
export function createHttpDriver(scheme: 'http' | 'https'): StorageDriver {
  return {
    name: scheme,
    writable: false,

    async read(url) {
      return withRetries(async () => {
        const response = await request(url, 'GET');
        if (!response.ok) {
          await response.body?.cancel();
          throw new StorageError(`GET ${url} failed: HTTP ${response.status} ${response.statusText}`.trimEnd(), {
            notFound: response.status === 404 || response.status === 410,
            status: response.status,
            transient: isTransientStatus(response.status),
          });
        }
        return Buffer.from(await response.arrayBuffer());
      });
    },

    async write(url) {
      throw new StorageError(`cannot write ${url}: the ${scheme} storage driver is read-only`);
    },

    async exists(url) {
      return withRetries(async () => {
        const response = await request(url, 'HEAD');
        await response.body?.cancel();
        if (response.ok) return true;
        if (response.status === 404 || response.status === 410) return false;
        throw new StorageError(`HEAD ${url} failed: HTTP ${response.status} ${response.statusText}`.trimEnd(), { status: response.status, transient: isTransientStatus(response.status) });
      });
    },
  };
}

/** Reads `http://` URLs. */
export const httpDriver: StorageDriver = createHttpDriver('http');
