/**
 * Option parsers and the names `--help` prints, kept free of heavy imports (no config, sweep,
 * models or charts) so that `sweep --help` starts fast; `test/cli/options.test.ts` checks these
 * names against the registries and constants they mirror.
 */
import { InvalidArgumentError } from 'commander';
import { SweepError, unknownNameMessage } from '../core/index.js';

/** The parts of a cell `--only` selects (mirrors `RUN_PARTS` of the sweep layer). */
export const CLI_RUN_PARTS = ['baseline', 'tune', 'curves'] as const;
/** What `sweep list` lists (mirrors `LISTABLE` of list.ts). */
export const CLI_LISTABLE = ['algorithms', 'datasets', 'metrics', 'runs'] as const;
/** `sweep study` actions (mirrors `STUDY_ACTIONS` of study.ts). */
export const CLI_STUDY_ACTIONS = ['ls', 'show'] as const;

/** Splits `a,b , c` into names; repeated options accumulate. An empty value (`--dataset ''`) is a usage error, never "all". */
export function splitList(value: string, previous: string[] = []): string[] {
  const names = value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (names.length === 0) throw new InvalidArgumentError('expected one or more names (comma-separated), got an empty value');
  return [...previous, ...names];
}

/** Parses a positive integer option, with a clear usage error. */
export function parsePositiveInt(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) {
      throw new SweepError('SWEEP_USAGE', `${name} expects a positive integer, got '${value}'`, { hint: `e.g. ${name} 2` });
    }
    return n;
  };
}

/** Parses `--only baseline,tune` into run parts, rejecting unknown ones with a did-you-mean. */
export function parseParts(value: string, previous: Array<(typeof CLI_RUN_PARTS)[number]> = []): Array<(typeof CLI_RUN_PARTS)[number]> {
  const parts = splitList(value);
  for (const p of parts) {
    if (!(CLI_RUN_PARTS as readonly string[]).includes(p)) {
      const { message, hint } = unknownNameMessage('part', p, CLI_RUN_PARTS);
      throw new SweepError('SWEEP_USAGE', `--only: ${message}`, { hint });
    }
  }
  return [...previous, ...(parts as Array<(typeof CLI_RUN_PARTS)[number]>)];
}
