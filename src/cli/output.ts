/**
 * Output for people (stderr: logs, progress, errors) and for programs (stdout: `--json`). Colors
 * only on a TTY, and never when `NO_COLOR` is set or `--no-color` is given.
 */

/** A writable text stream (process.stdout/stderr, or a test buffer). */
export interface TextStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Where a command writes, and the environment it reads. Tests pass their own. */
export interface CliIO {
  stdout: TextStream;
  stderr: TextStream;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** The process's own streams and environment. */
export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

/** ANSI styling that turns itself off where colors are not wanted. */
export interface Style {
  enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

/** Styling for a stream: on for a TTY unless `NO_COLOR` (any value) or `noColor`. */
export function createStyle(stream: TextStream, env: CliIO['env'], noColor = false): Style {
  const enabled = !noColor && env['NO_COLOR'] === undefined && stream.isTTY === true && env['TERM'] !== 'dumb';
  const wrap = (open: number, close: number) => (text: string) => (enabled ? `\x1b[${open}m${text}\x1b[${close}m` : text);
  return {
    enabled,
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
  };
}

/** Formats seconds as `m:ss` (or `h:mm:ss`). */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${r}` : `${m}:${r}`;
}

/** Pads or cuts text to a width (for aligned columns in terminal tables). */
export function fit(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text.padEnd(width);
}
