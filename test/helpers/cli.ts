// Drives the CLI in-process (runCli with captured streams) or end to end through bin/sweep.js.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { runCli } from '../../src/cli/main.js';

/** What a CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `sweep <argv>` in-process from `cwd`, with non-TTY streams and NO_COLOR. */
export async function sweepInProcess(argv: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: { NO_COLOR: '1', ...env },
    cwd,
  });
  return { code, stdout, stderr };
}

/** The project's bin/sweep.js (needs `npm run build` first; `npm test` does it). */
export const BIN = path.resolve(import.meta.dirname, '../../bin/sweep.js');

/** Runs `bin/sweep.js <argv>` as a child process from `cwd`. */
export function sweepBin(argv: string[], cwd: string, env: Record<string, string> = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...argv], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, encoding: 'utf8', timeout: 300_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
