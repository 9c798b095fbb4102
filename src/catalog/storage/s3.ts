/**
 * `s3://bucket/key` storage over `@aws-sdk/client-s3`, imported the first time an s3 URL is used
 * (so `sweep --help` and local runs never load the SDK). Endpoint, region and credentials follow
 * the SDK's standard chain: `AWS_ENDPOINT_URL(_S3)`, `AWS_REGION`, `AWS_PROFILE`,
 * `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, the shared config and credentials files (and
 * `conf/local/credentials.yaml`, which the run turns into the same variables). A custom endpoint
 * (MinIO, s3rver, Ceph) gets path-style addressing. Transient errors are retried (`withRetries`).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { isNetworkError, isTransientStatus, withRetries } from '../retry.js';
import { StorageError, type StorageDriver } from '../storage-driver.js';
import { maxReadBytes } from './file.js';

type Sdk = typeof import('@aws-sdk/client-s3');

/** Bucket and key of an `s3://bucket/key` URL (the key may be empty: the bucket's root). */
export function parseS3Url(url: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/?(.*)$/i.exec(url);
  if (match === null || match[1] === '') throw new StorageError(`${url} is not an s3 URL: expected s3://bucket/key`);
  return { bucket: match[1]!, key: match[2]! };
}

/** The custom endpoint the SDK will use, if any (service-specific variable first, as the SDK does). */
export function s3Endpoint(): string | undefined {
  const value = process.env['AWS_ENDPOINT_URL_S3'] ?? process.env['AWS_ENDPOINT_URL'];
  return value === undefined || value === '' ? undefined : value;
}

let sdk: Promise<Sdk> | undefined;
let cached: { fingerprint: string; client: S3Client } | undefined;

/** The SDK, imported once; its Node-version notice is kept out of the user's stderr. */
function loadSdk(): Promise<Sdk> {
  // The SDK warns on stderr that it will need a newer Node one day: not the user's business here.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  sdk ??= import('@aws-sdk/client-s3');
  return sdk;
}

/** What the client depends on; a change (a test's new endpoint, new credentials) makes a new client. */
function settingsFingerprint(): string {
  const e = process.env;
  return JSON.stringify([s3Endpoint(), e['AWS_REGION'], e['AWS_DEFAULT_REGION'], e['AWS_PROFILE'], e['AWS_ACCESS_KEY_ID'], e['AWS_SECRET_ACCESS_KEY'], e['AWS_SESSION_TOKEN']]);
}

async function client(): Promise<{ sdk: Sdk; client: S3Client }> {
  const mod = await loadSdk();
  const fingerprint = settingsFingerprint();
  if (cached?.fingerprint !== fingerprint) {
    cached?.client.destroy();
    const endpoint = s3Endpoint();
    const region = process.env['AWS_REGION'] ?? process.env['AWS_DEFAULT_REGION'];
    cached = {
      fingerprint,
      client: new mod.S3Client({
        // Without a region anywhere (env or profile), a custom endpoint still needs one to sign with.
        ...(region !== undefined ? { region } : endpoint !== undefined ? { region: 'us-east-1' } : {}),
        ...(endpoint === undefined ? {} : { endpoint, forcePathStyle: true }),
        // sweep retries itself (withRetries), so a failure is retried the same way in every driver.
        maxAttempts: 1,
        // S3-compatible stores (s3rver, older MinIO) do not all understand the SDK's default
        // CRC32 trailers; integrity is checked by sweep's own sha-256 in the cache manifest.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      }),
    };
  }
  return { sdk: mod, client: cached.client };
}

interface SdkError {
  name?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

const THROTTLING = new Set(['SlowDown', 'Throttling', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException', 'RequestTimeout', 'RequestTimeTooSkewed', 'InternalError', 'ServiceUnavailable']);
const NOT_FOUND = new Set(['NoSuchKey', 'NotFound', 'NoSuchBucket']);

/** The HTTP status of an SDK error, if it got an answer. */
function statusOf(error: unknown): number | undefined {
  return (error as SdkError | undefined)?.$metadata?.httpStatusCode;
}

/** An SDK failure as a StorageError that says what was done to which URL, and whether to retry. */
function storageError(action: string, url: string, error: unknown): StorageError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkError;
  const status = statusOf(error);
  const name = e.name ?? 'Error';
  if (NOT_FOUND.has(name) || status === 404) {
    const what = name === 'NoSuchBucket' ? `no such bucket in ${url}` : `nothing stored at ${url}`;
    return new StorageError(what, { notFound: true, status: 404, cause: error });
  }
  if (name === 'CredentialsProviderError') {
    return new StorageError(`cannot ${action} ${url}: no AWS credentials found (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or AWS_PROFILE, or write conf/local/credentials.yaml)`, { cause: error });
  }
  const transient = isNetworkError(error) || isTransientStatus(status) || THROTTLING.has(name) || THROTTLING.has(e.Code ?? '');
  const reason = isNetworkError(error) ? `the server is unreachable (${networkReason(error)})` : `${name}${e.message !== undefined && e.message !== '' && e.message !== name ? `: ${e.message}` : ''}${status === undefined ? '' : ` (HTTP ${status})`}`;
  return new StorageError(`cannot ${action} ${url}: ${reason}`, { transient, ...(status === undefined ? {} : { status }), cause: error });
}

function networkReason(error: unknown): string {
  for (let e: unknown = error; typeof e === 'object' && e !== null; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return error instanceof Error ? error.message : String(error);
}

/** One S3 call with retries; failures become StorageErrors naming the URL. */
async function call<T>(action: string, url: string, fn: (s3: { sdk: Sdk; client: S3Client }, where: { bucket: string; key: string }) => Promise<T>): Promise<T> {
  const where = parseS3Url(url);
  const s3 = await client();
  return withRetries(async () => {
    try {
      return await fn(s3, where);
    } catch (error) {
      throw error instanceof StorageError ? error : storageError(action, url, error);
    }
  });
}

/** The key prefix of a folder URL (`s3://b/runs/x` → `runs/x/`; the bucket root → ``). */
function folderPrefix(key: string): string {
  const trimmed = key.replace(/\/+$/, '');
  return trimmed === '' ? '' : `${trimmed}/`;
}

/** Stores bytes as S3 objects (AWS S3 or any S3-compatible store). */
export const s3Driver: StorageDriver = {
  name: 's3',
  writable: true,

  async read(url) {
    return call('read', url, async ({ sdk: m, client: c }, { bucket, key }) => {
      const response = await c.send(new m.GetObjectCommand({ Bucket: bucket, Key: key }));
      const limit = maxReadBytes();
      if (response.ContentLength !== undefined && response.ContentLength > limit) {
        await response.Body?.transformToWebStream().cancel();
        throw new StorageError(`${url} is ${(response.ContentLength / 2 ** 20).toFixed(0)} MiB, over the ${(limit / 2 ** 20).toFixed(0)} MiB read limit (set SWEEP_MAX_READ_MB to raise it)`);
      }
      const bytes = await response.Body!.transformToByteArray();
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    });
  },

  async write(url, bytes) {
    // One PUT replaces an object as a whole: readers see the old bytes or the new, never a mix.
    await call('write', url, ({ sdk: m, client: c }, { bucket, key }) => c.send(new m.PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.from(bytes) })));
  },

  async exists(url) {
    try {
      await call('check', url, ({ sdk: m, client: c }, { bucket, key }) => c.send(new m.HeadObjectCommand({ Bucket: bucket, Key: key })));
      return true;
    } catch (error) {
      if (error instanceof StorageError && error.notFound) return false;
      throw error;
    }
  },

  async remove(url) {
    // Deleting a missing key succeeds in S3.
    await call('remove', url, ({ sdk: m, client: c }, { bucket, key }) => c.send(new m.DeleteObjectCommand({ Bucket: bucket, Key: key })));
  },

  async create(url, bytes) {
    // HEAD first catches a claim made earlier on stores that ignore If-None-Match (s3rver);
    // If-None-Match: * makes two claims at the same moment safe on AWS S3 and MinIO (412).
    if (await s3Driver.exists(url)) return false;
    try {
      await call('create', url, ({ sdk: m, client: c }, { bucket, key }) => c.send(new m.PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.from(bytes), IfNoneMatch: '*' })));
      return true;
    } catch (error) {
      if (error instanceof StorageError && (error.status === 412 || error.status === 409)) return false;
      throw error;
    }
  },

  async list(url) {
    const { bucket } = parseS3Url(url);
    const prefix = folderPrefix(parseS3Url(url).key);
    const out: string[] = [];
    let token: string | undefined;
    do {
      const page = await call('list', url, ({ sdk: m, client: c }) =>
        c.send(new m.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token === undefined ? {} : { ContinuationToken: token }) })),
      );
      for (const o of page.Contents ?? []) if (o.Key !== undefined) out.push(`s3://${bucket}/${o.Key}`);
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return out;
  },

  async removeAll(url) {
    for (const object of await s3Driver.list!(url)) await s3Driver.remove!(object);
  },
};
