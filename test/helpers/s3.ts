// The suite's s3rver (test/setup/s3.ts) as AWS_* settings for this test process.
import { inject } from 'vitest';
import { S3RVER_KEY } from './s3rver.js';

export { S3RVER_KEY, TEST_BUCKET, addS3rverKey, startS3rver, type TestS3 } from './s3rver.js';

/**
 * Points this test process's AWS settings at the suite's s3rver (test/setup/s3.ts): endpoint,
 * region and s3rver's key, as a user would with AWS_* variables. Returns the endpoint.
 */
export function useTestS3(endpoint = inject('s3Endpoint')): string {
  if (endpoint === null) throw new Error(`no test s3rver: ${inject('s3Problem') ?? 'unknown reason'}`);
  process.env['AWS_ENDPOINT_URL'] = endpoint;
  process.env['AWS_REGION'] = 'us-east-1';
  process.env['AWS_ACCESS_KEY_ID'] = S3RVER_KEY.accessKeyId;
  process.env['AWS_SECRET_ACCESS_KEY'] = S3RVER_KEY.secretAccessKey;
  delete process.env['AWS_PROFILE'];
  delete process.env['AWS_SESSION_TOKEN'];
  return endpoint;
}
