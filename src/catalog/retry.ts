/**
 * Retrying transient storage errors (network errors, HTTP 5xx, 429 and throttling) with
 * exponential backoff. The count comes from the config's `retries:` (default 3), handed to every
 * process of a run through `SWEEP_STORAGE_RETRIES` by `configureStorage`.
 */
import { StorageError } from './storage-driver.js';

/** Retries when nothing says otherwise (the config's default). */
export const DEFAULT_RETRIES = 3;
const RETRIES_ENV = 'SWEEP_STORAGE_RETRIES';
/** First pause between attempts; doubled each time, with jitter, capped at `MAX_DELAY_MS`. */
const BASE_DELAY_MS = 100;
const MAX_DELAY_MS = 2_000;

/** How many times a transient storage error is retried in this process (`retries:` of the run). */
export function storageRetries(): number {
  const n = Number(process.env[RETRIES_ENV]);
  return Number.isInteger(n) && n >= 0 ? n : DEFAULT_RETRIES;
}

/** Settings of the storage drivers for this process and the worker processes it starts. */
export interface StorageSettings {
  /** Attempts again after a transient storage error. */
  retries?: number;
}

/**
 * Applies storage settings to this process and to the workers it starts afterwards (they inherit
 * the environment): worker processes rebuild their catalog from plain entries, so the environment
 * is the one channel every driver in every process reads.
 */
export function configureStorage(settings: StorageSettings): void {
  if (settings.retries !== undefined) process.env[RETRIES_ENV] = String(settings.retries);
}

/** Node's network error codes that a second attempt may not meet. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND', 'ENETUNREACH', 'EHOSTUNREACH', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

/** Whether an error (or its cause chain) is a network error worth another attempt. */
export function isNetworkError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e !== undefined && e !== null && depth < 5; depth++) {
    if (typeof e !== 'object') return false;
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    if ((e as { name?: unknown }).name === 'TimeoutError') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Whether an HTTP status is transient: 5xx, 429 (too many requests) and 408 (request timeout). */
export function isTransientStatus(status: number | undefined): boolean {
  return status !== undefined && (status >= 500 || status === 429 || status === 408);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it succeeds, fails with a non-transient error, or has failed
 * `retries + 1` times. A last transient failure is re-thrown with the attempt count in its message.
 */
export async function withRetries<T>(attempt: () => Promise<T>, retries = storageRetries()): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const transient = error instanceof StorageError && error.transient;
      if (!transient) throw error;
      if (n >= retries) {
        if (n === 0) throw error;
        throw new StorageError(`${error.message} (gave up after ${n + 1} attempts)`, {
          transient: true,
          cause: error,
          ...(error.status === undefined ? {} : { status: error.status }),
        });
      }
      const delay = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** n);
      await sleep(delay / 2 + Math.random() * (delay / 2));
    }
  }
}
