/**
 * Fuzzing the readers and the config parser (issue 12): random bytes, truncations and mutations of
 * valid CSV, ARFF and LIBSVM files and of a valid sweep.yaml either load or fail with a named
 * `SweepError` (a code and a message), never another exception, a stack or a hang. CI runs a
 * bounded number of cases per target; `SWEEP_FUZZ_RUNS=5000 npx vitest run test/fuzz` runs more.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DatasetEntry } from '../../src/catalog/index.js';
import { arffType } from '../../src/catalog/types/arff.js';
import { csvType } from '../../src/catalog/types/csv.js';
import { libsvmType } from '../../src/catalog/types/libsvm.js';
import { parseSweepConfig } from '../../src/config/index.js';
import { SweepError } from '../../src/core/index.js';

/** Cases per target: bounded in CI; raise with SWEEP_FUZZ_RUNS. */
const RUNS = Number(process.env['SWEEP_FUZZ_RUNS'] ?? 150);
/** Inputs tried across the suite (printed at the end, for the closing figures). */
let tried = 0;

const fixture = (name: string): Buffer => readFileSync(fileURLToPath(new URL(`../fixtures/catalog/${name}`, import.meta.url)));

/** A valid file, then: truncated, with bytes flipped, with bytes inserted, or replaced by random bytes. */
function mutations(seed: Buffer): fc.Arbitrary<Buffer> {
  const base = seed.subarray(0, 4000);
  return fc.oneof(
    fc.nat({ max: base.length }).map((n) => base.subarray(0, n)),
    fc.array(fc.tuple(fc.nat({ max: Math.max(0, base.length - 1) }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }).map((edits) => {
      const out = Buffer.from(base);
      for (const [at, byte] of edits) out[at] = byte;
      return out;
    }),
    fc.tuple(fc.nat({ max: base.length }), fc.constantFrom(',', '"', '\n', '\r', '{', '}', '@', ':', ' ', '\t', '?', 'inf', '1e309', '\u00e9', '\0', "'", '%')).map(([at, text]) =>
      Buffer.concat([base.subarray(0, at), Buffer.from(text), base.subarray(at)]),
    ),
    fc.uint8Array({ maxLength: 600 }).map((bytes) => Buffer.from(bytes)),
  );
}

/** Loads or a SweepError: anything else fails the property. */
async function loadsOrNamedError(load: () => unknown): Promise<void> {
  tried++;
  try {
    await load();
  } catch (error) {
    if (!(error instanceof SweepError)) throw new Error(`not a named error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    expect(error.code).toMatch(/^SWEEP_[A-Z_]+$/);
    expect(error.message.length).toBeGreaterThan(0);
  }
}

const ctx = { read: async () => Buffer.alloc(0) };
const readers: Array<[string, (bytes: Buffer) => unknown, Buffer]> = [
  ['csv', (b) => csvType.load(b, { name: 'fuzz', type: 'csv', path: 'memory://fuzz.csv' }, ctx), fixture('kdd-head.csv')],
  ['csv (quoted, options)', (b) => csvType.load(b, { name: 'fuzz', type: 'csv', path: 'memory://fuzz.csv', options: { delimiter: ';', strict: true } } as DatasetEntry, ctx), Buffer.from('a;"b";c\n"1,5";x;2\n3;"y\n z";4\n')],
  ['arff', (b) => arffType.load(b, { name: 'fuzz', type: 'arff', path: 'memory://fuzz.arff' }, ctx), fixture('mushroom-slice.arff')],
  ['libsvm', (b) => libsvmType.load(b, { name: 'fuzz', type: 'libsvm', path: 'memory://fuzz.svm' }, ctx), fixture('adult-numeric.svmlight')],
];

describe('readers: random and mutated files load or fail with a named error', () => {
  for (const [name, load, seed] of readers) {
    it(name, async () => {
      await fc.assert(fc.asyncProperty(mutations(seed), (bytes) => loadsOrNamedError(() => load(bytes))), { numRuns: RUNS, interruptAfterTimeLimit: 60_000 });
    }, 120_000);
  }
});

const VALID_CONFIG = `name: fuzz
seed: 3
datasets:
  toy: { path: data/toy.csv, target: label, delimiter: ",", sample: 100 }
  other:
    path: data/other.csv
    target: y
    evaluation: { strategy: kfold, n_splits: 3 }
algorithms:
  decision-tree: { max_depth: 4 }
  knn-k3: { algorithm: knn, n_neighbors: 3, search: { param_grid: { n_neighbors: [1, 3, 5] } } }
  naive-bayes: {}
evaluation:
  metrics: [accuracy, f1_macro]
runner: { jobs: 2, timeout: 30, max_memory_mb: 512 }
`;

describe('config parser: random and mutated sweep.yaml parse or fail with a named error', () => {
  it('sweep.yaml', async () => {
    await fc.assert(
      fc.asyncProperty(mutations(Buffer.from(VALID_CONFIG)), (bytes) => loadsOrNamedError(() => parseSweepConfig(bytes.toString('utf8'), '/fuzz/conf/sweep.yaml'))),
      { numRuns: RUNS * 2, interruptAfterTimeLimit: 60_000 },
    );
  }, 120_000);

  it(`tried ${RUNS * 6} inputs in all`, () => {
    expect(tried).toBeGreaterThanOrEqual(RUNS * 6);
  });
});
