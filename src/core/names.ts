/**
 * Names and registries: every extension point is a string-keyed registry, and an unknown name
 * fails with the known names and a did-you-mean.
 */
import { SweepError } from './errors.js';

/** Levenshtein edit distance, for did-you-mean suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The known name closest to `name`, if it is close enough to be a likely typo. */
export function didYouMean(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const candidate of known) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(name.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/** "unknown algorithm 'knnn'; did you mean 'knn'? known: a, b, c" as message + hint. */
export function unknownNameMessage(kind: string, name: string, known: readonly string[]): { message: string; hint: string } {
  const guess = didYouMean(name, known);
  const message = `unknown ${kind} '${name}'${guess === undefined ? '' : `; did you mean '${guess}'?`}`;
  return { message, hint: `known ${kind} names: ${[...known].sort().join(', ')}` };
}

/**
 * A string-keyed registry of one kind of extension (algorithms, metrics, storage drivers, …).
 *
 * @example
 * const drivers = new Registry<StorageDriver>('storage driver');
 * drivers.register('memory', memoryDriver);
 * drivers.get('memroy'); // SweepError: unknown storage driver 'memroy'; did you mean 'memory'?
 */
export class Registry<T> {
  private readonly entries = new Map<string, T>();

  constructor(readonly kind: string) {}

  /** Adds an entry; registering a name twice is a programming error. */
  register(name: string, entry: T): this {
    if (this.entries.has(name)) throw new Error(`${this.kind} '${name}' is registered twice`);
    this.entries.set(name, entry);
    return this;
  }

  /** The entry for `name`, or a `SWEEP_UNKNOWN_NAME` error listing the known names. */
  get(name: string): T {
    const entry = this.entries.get(name);
    if (entry === undefined) {
      const { message, hint } = unknownNameMessage(this.kind, name, this.names());
      throw new SweepError('SWEEP_UNKNOWN_NAME', message, { hint, details: { kind: this.kind, name } });
    }
    return entry;
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** Registered names, in registration order. */
  names(): string[] {
    return [...this.entries.keys()];
  }

  entriesList(): Array<[string, T]> {
    return [...this.entries.entries()];
  }
}

/**
 * Separator between parts of generated catalog and node names (`adult::knn::model`). Dataset and
 * algorithm names may not contain it (config rules enforce `NAME_PATTERN`).
 */
export const NAME_SEPARATOR = '::';

/** What a dataset, algorithm or metric name may look like; it cannot contain `NAME_SEPARATOR`. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Joins name parts with the separator. */
export function joinName(...parts: string[]): string {
  return parts.join(NAME_SEPARATOR);
}
