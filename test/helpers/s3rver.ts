// A real S3-compatible server (s3rver, from npm) on 127.0.0.1 and a free port, in a temp folder.
// test/setup/s3.ts starts one for the whole suite; tests that stop the server start their own.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

/** s3rver's built-in key pair (it checks signatures, so clients must sign with a known key). */
export const S3RVER_KEY = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;
/** The bucket every test s3rver starts with. */
export const TEST_BUCKET = 'sweep-test';

/** A running s3rver: its endpoint, its data folder, and how to stop and restart it on the same port. */
export interface TestS3 {
  endpoint: string;
  port: number;
  directory: string;
  /** Stops the server now, dropping open keep-alive connections (the data folder stays). */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder, with the same objects. */
  restart(): Promise<void>;
  /** Stops it and deletes its folder. */
  dispose(): Promise<void>;
}

/** Adds a key pair s3rver accepts (s3rver keeps accounts in a process-wide registry). */
export function addS3rverKey(accessKeyId: string, secretAccessKey: string): void {
  const require = createRequire(import.meta.url);
  const account = require('s3rver/lib/models/account.js') as { DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void } };
  account.DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
}

/** Starts s3rver on 127.0.0.1 (port 0 = a free one) with the test bucket. */
export async function startS3rver(options: { port?: number; directory?: string } = {}): Promise<TestS3> {
  const directory = options.directory ?? mkdtempSync(path.join(tmpdir(), 'sweep-s3rver-'));
  let server: S3rver | undefined;
  let port = options.port ?? 0;
  const start = async (): Promise<void> => {
    server = new S3rver({ address: '127.0.0.1', port, silent: true, directory, configureBuckets: [{ name: TEST_BUCKET, configs: [] }] });
    const address = await server.run();
    port = address.port;
  };
  const stop = async (): Promise<void> => {
    if (server === undefined) return;
    const http = (server as unknown as { httpServer?: Server }).httpServer;
    const closing = server.close();
    http?.closeAllConnections();
    await closing;
    server = undefined;
  };
  await start();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    directory,
    stop,
    restart: start,
    dispose: async () => {
      await stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

