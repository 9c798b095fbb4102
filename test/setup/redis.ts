// Vitest global setup: Debian's redis-server on loopback for the queue tests, on a free port, in its
// own temp folder, without persistence. Each test file uses its own database number (redis://…/N),
// so files running in parallel never share a queue. Without redis-server the tests that need it
// fail (they say how to install it); they never skip.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `redis://127.0.0.1:PORT` of the test Redis, or null when redis-server could not start. */
    redisUrl: string | null;
    /** Why there is no Redis (null when there is one). */
    redisProblem: string | null;
  }
}

const REDIS_SERVER = '/usr/bin/redis-server';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function startRedis(port: number, dir: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--databases', '32'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`redis-server did not start within 10 s:\n${output}`)), 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with code ${code}:\n${output}`));
    });
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(REDIS_SERVER)) {
    project.provide('redisUrl', null);
    project.provide('redisProblem', `${REDIS_SERVER} is missing: apt-get install redis-server (.ci/run installs it)`);
    return async () => {};
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'sweep-redis-'));
  let child: ChildProcess;
  let port = 0;
  try {
    port = await freePort();
    child = await startRedis(port, dir);
  } catch (error) {
    project.provide('redisUrl', null);
    project.provide('redisProblem', `redis-server could not start: ${(error as Error).message}`);
    rmSync(dir, { recursive: true, force: true });
    return async () => {};
  }
  project.provide('redisUrl', `redis://127.0.0.1:${port}`);
  project.provide('redisProblem', null);
  return async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  };
}
