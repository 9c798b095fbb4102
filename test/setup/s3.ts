// Vitest global setup: s3rver (an S3-compatible server from npm) on 127.0.0.1 and a free port, in
// its own temp folder, with the bucket `sweep-test`. Tests use their own key prefixes; tests that
// stop the server (server-goes-away) start a private one with test/helpers/s3.ts.
import type { TestProject } from 'vitest/node';
import { startS3rver } from '../helpers/s3rver.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:PORT` of the test s3rver, or null when it could not start. */
    s3Endpoint: string | null;
    /** Why there is no s3rver (null when there is one). */
    s3Problem: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  try {
    const s3 = await startS3rver();
    project.provide('s3Endpoint', s3.endpoint);
    project.provide('s3Problem', null);
    return () => s3.dispose();
  } catch (error) {
    project.provide('s3Endpoint', null);
    project.provide('s3Problem', `s3rver could not start: ${(error as Error).message} (it is an npm devDependency: run npm ci)`);
    return async () => {};
  }
}
