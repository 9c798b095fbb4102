/**
 * Runs the storage contract for every registered driver. A driver without a harness here fails
 * the suite, so a new driver cannot skip the contract by accident.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageDrivers } from '../../src/catalog/index.js';
import { memoryUrls } from '../../src/catalog/storage/memory.js';
import { TEST_BUCKET, useTestS3 } from '../helpers/s3.js';
import { testStorage, type StorageHarness } from './test-storage.js';

const tempRoots: string[] = [];
afterAll(() => {
  for (const root of tempRoots) rmSync(root, { recursive: true, force: true });
});

function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}

/** A tiny HTTP server over a Map, on 127.0.0.1 and a free port: the real fetch path, no mocks. */
const served = new Map<string, Buffer>();
let server: Server;
let origin = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    const body = served.get(req.url ?? '');
    if (req.url === '/teapot') {
      res.writeHead(418).end('no');
      return;
    }
    if (body === undefined) {
      res.writeHead(404).end('not here');
      return;
    }
    res.writeHead(200, { 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  origin = `127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

useTestS3();

let run = 0;
const harnesses: Record<string, () => StorageHarness> = {
  file: () => {
    const root = mkdtempSync(join(tmpdir(), 'sweep-storage-'));
    tempRoots.push(root);
    // Alternate plain paths and file:// URLs: both are the file driver's business.
    const asUrl = run++ % 2 === 0;
    return {
      url: (key) => (asUrl ? pathToFileURL(join(root, key)).href : join(root, key)),
      list: async () => listFiles(root).map((p) => (asUrl ? pathToFileURL(p).href : p)),
    };
  },
  memory: () => {
    const prefix = `memory://contract-${run++}/`;
    return { url: (key) => prefix + key, list: async () => memoryUrls().filter((u) => u.startsWith(prefix)) };
  },
  http: () => {
    const base = `/contract-${run++}/`;
    return {
      url: (key) => `http://${origin}${base}${key}`,
      seed: async (url, bytes) => {
        served.set(new URL(url).pathname, bytes);
      },
      list: async () => [...served.keys()].filter((k) => k.startsWith(base)).map((k) => `http://${origin}${k}`),
    };
  },
  // The suite's s3rver (test/setup/s3.ts); listed with the SDK directly, not through the driver.
  s3: () => {
    const prefix = `contract-${process.pid}-${run++}`;
    return {
      url: (key) => `s3://${TEST_BUCKET}/${prefix}/${key}`,
      list: async () => {
        const { S3Client, ListObjectsV2Command } = await import('@aws-sdk/client-s3');
        const client = new S3Client({ endpoint: process.env['AWS_ENDPOINT_URL']!, region: 'us-east-1', forcePathStyle: true });
        const page = await client.send(new ListObjectsV2Command({ Bucket: TEST_BUCKET, Prefix: `${prefix}/` }));
        client.destroy();
        return (page.Contents ?? []).map((o) => `s3://${TEST_BUCKET}/${o.Key!}`);
      },
    };
  },
};
// https is the http driver under another scheme; a TLS server needs certificates, so its contract
// run is the http one (same code, `createHttpDriver`). Only the scheme's registration is checked.
const sameAs: Record<string, string> = { https: 'http' };

describe('every storage driver has a contract harness', () => {
  it.each(storageDrivers.names())('%s', (name) => {
    expect(harnesses[name] ?? harnesses[sameAs[name] ?? ''], `add a harness for driver '${name}' in ${relative(process.cwd(), import.meta.filename)}`).toBeDefined();
    expect(storageDrivers.get(name).name).toBe(name);
  });
});

for (const [name, driver] of storageDrivers.entriesList()) {
  const harness = harnesses[name];
  if (harness !== undefined) testStorage(driver, harness);
}

describe('http driver specifics', () => {
  it('reports a non-2xx status with the status code', async () => {
    const driver = storageDrivers.get('http');
    await expect(driver.read(`http://${origin}/teapot`)).rejects.toThrow(/HTTP 418/);
    await expect(driver.exists(`http://${origin}/teapot`)).rejects.toThrow(/418/);
  });

  it('reports an unreachable server clearly', async () => {
    const driver = storageDrivers.get('http');
    // A port that was just free and is closed again: the connection is refused.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const url = `http://127.0.0.1:${port}/x.csv`;
    await expect(driver.read(url)).rejects.toThrow(`cannot GET ${url}`);
    await expect(driver.exists(url)).rejects.toThrow(`cannot HEAD ${url}`);
  });
});
