// Once any ArrayBuffer in a thread is detached (a postMessage transfer, WebAssembly memory.grow),
// V8 invalidates its "ArrayBufferDetaching" protector and checks for detachment on every later
// typed-array access in that thread: tree fits ran 25-50 % slower after it. This runs a 2-worker
// forest and both WebAssembly k-NN paths in a child process with
// --trace-protector-invalidation (fixtures/models/native/detach-workload.mjs); V8 then prints
// every protector it invalidates, in any thread, to stdout.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const workload = path.resolve(import.meta.dirname, '../../fixtures/models/native/detach-workload.mjs');

function run(detach: boolean): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--trace-protector-invalidation', workload], {
    encoding: 'utf8',
    env: { ...process.env, SWEEP_TEST_DETACH: detach ? '1' : '0' },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('no ArrayBuffer is detached while fitting and predicting', () => {
  it('a 2-worker forest and the WebAssembly k-NN paths leave the detaching protector intact', () => {
    const r = run(false);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('done');
    expect(r.stdout + r.stderr).not.toContain('ArrayBufferDetaching');
  });

  it('the check sees a detach when one happens', () => {
    const r = run(true);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Invalidating protector cell ArrayBufferDetaching');
  });
});
