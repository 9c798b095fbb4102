// The test Redis started by test/setup/redis.ts: a URL on a database of the caller's own.
import { inject } from 'vitest';

/** `redis://127.0.0.1:PORT/db`; throws (failing the test) when there is no test Redis. */
export function testRedisUrl(db: number): string {
  const url = inject('redisUrl');
  if (url === null) throw new Error(`no test Redis: ${inject('redisProblem') ?? 'unknown reason'}`);
  return `${url}/${db}`;
}
