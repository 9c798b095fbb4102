/**
 * Reaching the queue's Redis: `redis://[user:password@]host:port[/db]` (or `rediss://` for TLS) as
 * ioredis options, and a check that fails fast with a named error instead of retrying forever.
 */
import type { RedisOptions } from 'bullmq';

import { SweepError } from '../core/index.js';

/** Connection options for a `redis://` URL (BullMQ's, which ioredis reads); workers need `maxRetriesPerRequest: null`. */
export function redisOptions(url: string): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    parsed = new URL('invalid://');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new SweepError('SWEEP_USAGE', `not a Redis URL: '${url}'`, { hint: 'pass --queue redis://host:port[/db], e.g. redis://127.0.0.1:6379/0' });
  }
  const db = parsed.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) {
    throw new SweepError('SWEEP_USAGE', `Redis URL '${url}': the database must be a number, got '${db}'`, { hint: 'e.g. redis://127.0.0.1:6379/2' });
  }
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port === '' ? 6379 : Number(parsed.port),
    ...(db === '' ? {} : { db: Number(db) }),
    ...(parsed.username === '' ? {} : { username: decodeURIComponent(parsed.username) }),
    ...(parsed.password === '' ? {} : { password: decodeURIComponent(parsed.password) }),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/** Pings Redis once; a refused or silent server is a `SWEEP_QUEUE_UNREACHABLE` error naming the URL. */
export async function checkRedis(url: string, timeoutMs = 5_000): Promise<void> {
  const { Redis } = await import('ioredis');
  const client = new Redis({ ...redisOptions(url), lazyConnect: true, connectTimeout: timeoutMs, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  client.on('error', () => {}); // reported through connect()/ping() below
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new SweepError('SWEEP_QUEUE_UNREACHABLE', `cannot reach the queue's Redis at ${redactUrl(url)}: ${error instanceof Error ? error.message : String(error)}`, {
      hint: 'start redis-server there (apt-get install redis-server), or check host, port and password in --queue',
      cause: error,
    });
  } finally {
    client.disconnect();
  }
}
