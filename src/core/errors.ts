/**
 * The one error type sweep throws on purpose. A stable `code` lets tools and tests match errors;
 * a `hint` tells the user what to do. The CLI prints expected errors as message + hint, no stack.
 */

/** Every code sweep can fail with. Stable: tools match on these strings. */
export const ERROR_CODES = [
  'SWEEP_CONFIG_NOT_FOUND',
  'SWEEP_CONFIG_INVALID',
  'SWEEP_DATASET_NOT_FOUND',
  'SWEEP_DATASET_INVALID',
  'SWEEP_DATASET_IO',
  'SWEEP_COLUMN_NOT_FOUND',
  'SWEEP_UNKNOWN_NAME',
  'SWEEP_PIPELINE_INVALID',
  'SWEEP_ESTIMATOR_INVALID_INPUT',
  'SWEEP_ESTIMATOR_NOT_FITTED',
  'SWEEP_ESTIMATOR_UNSUPPORTED',
  'SWEEP_METRIC_INVALID',
  'SWEEP_RUN_FAILED',
  'SWEEP_CELL_CRASHED',
  'SWEEP_CELL_TIMEOUT',
  'SWEEP_CELL_MEMORY',
  'SWEEP_USAGE',
  'SWEEP_NOT_FOUND',
  'SWEEP_QUEUE_UNREACHABLE',
  'SWEEP_VERSION_MISMATCH',
] as const;

/** A stable error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Options every sweep error accepts. */
export interface SweepErrorOptions {
  /** What the user can do about it, in one sentence. */
  hint?: string;
  /** The underlying error, kept for `--verbose`. */
  cause?: unknown;
  /** Extra structured facts (file, line, key, dataset, …) for `--json` output. */
  details?: Record<string, unknown>;
}

/** An expected failure: bad input, a missing file, an unknown name. Printed without a stack. */
export class SweepError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: SweepErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SweepError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details ?? {};
  }

  /** A plain-object form for `--json` output and results files. */
  toJSON(): { code: ErrorCode; message: string; hint: string | null; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, hint: this.hint ?? null, details: this.details };
  }
}

/** One problem in a config file, located by file, line and key path. */
export interface ConfigIssue {
  file: string;
  /** 1-based line, when the key could be located in the source. */
  line?: number;
  /** 1-based column, when known. */
  column?: number;
  /** Dotted key path, e.g. `algorithms.knn.n_neighbors` or `datasets.adult.path`. */
  key: string;
  message: string;
  hint?: string;
}

/** Formats one config issue as `file:line key: message`. */
export function formatConfigIssue(issue: ConfigIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}`;
  const key = issue.key === '' ? '' : ` ${issue.key}`;
  const hint = issue.hint === undefined ? '' : ` (${issue.hint})`;
  return `${where}${key}: ${issue.message}${hint}`;
}

/** A config that failed validation: every issue found, reported together. */
export class ConfigError extends SweepError {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], options: SweepErrorOptions = {}) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super('SWEEP_CONFIG_INVALID', `invalid config (${count}):\n${issues.map((i) => `  ${formatConfigIssue(i)}`).join('\n')}`, {
      hint: options.hint ?? 'fix the keys above and run again; `sweep list algorithms|metrics|datasets` shows valid names',
      ...options,
      details: { issues, ...options.details },
    });
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** An error loading or saving a catalog dataset; always names the dataset, its type and path. */
export class DatasetError extends SweepError {
  constructor(
    code: Extract<ErrorCode, 'SWEEP_DATASET_NOT_FOUND' | 'SWEEP_DATASET_INVALID' | 'SWEEP_DATASET_IO' | 'SWEEP_COLUMN_NOT_FOUND'>,
    dataset: { name: string; type: string; path: string },
    message: string,
    options: SweepErrorOptions = {},
  ) {
    super(code, `dataset '${dataset.name}' (${dataset.type}, ${dataset.path}): ${message}`, {
      ...options,
      details: { dataset: dataset.name, type: dataset.type, path: dataset.path, ...options.details },
    });
    this.name = 'DatasetError';
  }
}

/** True for errors sweep raised on purpose (printed without a stack). */
export function isSweepError(error: unknown): error is SweepError {
  return error instanceof SweepError;
}

/** A JSON-safe record of any error, for results files and worker messages. */
export interface ErrorRecord {
  code: string;
  message: string;
  hint: string | null;
  stack: string | null;
}

/** Turns any thrown value into an `ErrorRecord`. */
export function toErrorRecord(error: unknown): ErrorRecord {
  if (error instanceof SweepError) {
    return { code: error.code, message: error.message, hint: error.hint ?? null, stack: error.stack ?? null };
  }
  if (error instanceof Error) {
    return { code: 'SWEEP_INTERNAL', message: error.message, hint: null, stack: error.stack ?? null };
  }
  return { code: 'SWEEP_INTERNAL', message: String(error), hint: null, stack: null };
}
