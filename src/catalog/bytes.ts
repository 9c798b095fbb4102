/**
 * Byte-level helpers shared by the catalog: transparent gzip, detected by its magic bytes on read
 * and applied on write when the path ends with `.gz`.
 */
import { gunzipSync, gzipSync } from 'node:zlib';

/** True when `bytes` start with the gzip magic number (1f 8b). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** `bytes`, gunzipped if they are gzip data; other bytes pass through unchanged. */
export function maybeGunzip(bytes: Buffer): Buffer {
  return isGzip(bytes) ? gunzipSync(bytes) : bytes;
}

/** True when a path or URL names a gzip file (`….gz`, ignoring a query string or fragment). */
export function isGzipPath(path: string): boolean {
  return /\.gz(?:[?#].*)?$/i.test(path);
}

/** `bytes` gzipped when `path` ends with `.gz`; otherwise unchanged. */
export function maybeGzip(path: string, bytes: Buffer): Buffer {
  return isGzipPath(path) ? gzipSync(bytes) : bytes;
}
