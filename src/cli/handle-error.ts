/**
 * How the CLI reports a failure: expected errors (SweepError) as message + hint without a stack;
 * anything else with its stack, as a bug. `--verbose` always shows stacks.
 */
import { isSweepError } from '../core/index.js';
import type { CliIO, Style } from './output.js';

/** Exit codes: stable, documented in the README. */
export const EXIT = { ok: 0, cellsFailed: 1, usage: 2, internal: 70, interrupted: 130 } as const;

/** Prints an error for people on stderr (and as JSON on stdout with `--json`); returns the exit code. */
export function handleError(error: unknown, io: CliIO, style: Style, options: { verbose: boolean; json: boolean }): number {
  if (isSweepError(error)) {
    io.stderr.write(`${style.red('error')} ${style.dim(`[${error.code}]`)} ${error.message}\n`);
    if (error.hint !== undefined) io.stderr.write(`${style.yellow('hint')}  ${error.hint}\n`);
    if (options.verbose && error.stack !== undefined) io.stderr.write(`${style.dim(error.stack)}\n`);
    if (options.verbose && error.cause !== undefined) io.stderr.write(`${style.dim(`caused by: ${String((error.cause as Error).stack ?? error.cause)}`)}\n`);
    if (options.json) io.stdout.write(`${JSON.stringify({ error: error.toJSON() }, null, 2)}\n`);
    return EXIT.usage;
  }
  const e = error instanceof Error ? error : new Error(String(error));
  io.stderr.write(`${style.red('internal error')} ${e.message}\n${e.stack ?? ''}\n`);
  io.stderr.write(`${style.yellow('hint')}  this is a bug in sweep, not in your config; please report it with the output above\n`);
  if (options.json) io.stdout.write(`${JSON.stringify({ error: { code: 'SWEEP_INTERNAL', message: e.message, hint: null, details: {} } }, null, 2)}\n`);
  return EXIT.internal;
}
