// The AWS SDK is imported only when an s3:// URL is used: `sweep --help` and a local run work in a
// process where importing it throws (a resolve hook), and the first s3 read is what trips it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { makeToyCsv, tempProject, type TempProject } from '../helpers/project.js';

const HOOK = path.resolve(import.meta.dirname, '../fixtures/hooks/forbid-aws-sdk.mjs');
let project: TempProject;
beforeAll(() => {
  project = tempProject('sweep-s3-lazy-');
  project.write('datasets/toy.csv', makeToyCsv(120, 3));
  project.write('conf/sweep.yaml', 'name: lazy\nseed: 0\ndatasets:\n  toy: { path: datasets/toy.csv, target: label }\nalgorithms:\n  naive-bayes: {}\n');
  project.write('conf/s3.yaml', 'name: lazy\nseed: 0\ndatasets:\n  toy: { path: s3://no-bucket/toy.csv, target: label }\nalgorithms:\n  naive-bayes: {}\n');
});
afterAll(() => project.cleanup());

function sweep(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', HOOK, BIN, ...args], { cwd: project.root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('the s3 driver loads the AWS SDK lazily', () => {
  it('sweep --help and a local run never import @aws-sdk; an s3:// dataset does', () => {
    const help = sweep(['--help']);
    expect(help.out).not.toContain('FORBIDDEN_AWS_SDK_IMPORT');
    expect(help.code).toBe(0);
    const local = sweep(['run', '-q', '--jobs', '1', '--no-cache']);
    expect(local.out).not.toContain('FORBIDDEN_AWS_SDK_IMPORT');
    expect(local.code).toBe(0);
    // The hook is live: the same binary with an s3 path does try to import the SDK.
    const remote = sweep(['run', '--jobs', '1', '--no-cache', '--config', 'conf/s3.yaml']);
    expect(remote.out).toContain('FORBIDDEN_AWS_SDK_IMPORT');
  });
});
