/**
 * Train/test splits: holdout, k-fold, stratified k-fold, their repeated forms and stratified
 * shuffle splits, as scikit-learn's splitters. Every draw comes from the seeded core `Random`, so
 * the same seed gives the same folds byte for byte; fold indices are sorted ascending.
 */
import { Random, SweepError, type Label } from '../core/index.js';
import { encodeLabels } from '../models/index.js';

/** One train/test split: row indices, sorted ascending, disjoint. */
export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

/** Options of `holdoutSplit`. */
export interface HoldoutOptions {
  /** Test share in (0, 1) (test size = `ceil(n * testSize)`, as scikit-learn), or a row count ≥ 1. */
  testSize: number;
  /** Keep class proportions in train and test (each class within ±1 row of its share). */
  stratify: boolean;
  seed: number;
}

/** Options of `kFold` and `stratifiedKFold`. */
export interface KFoldOptions {
  /** Number of folds, at least 2. */
  nSplits: number;
  /** Shuffle before cutting folds; without it folds are contiguous blocks as in scikit-learn. */
  shuffle: boolean;
  /** Used only when `shuffle` is true. */
  seed: number;
}

/** Options of the repeated k-folds: every repetition shuffles with its own stream of `seed`. */
export interface RepeatedKFoldOptions {
  nSplits: number;
  /** Number of repetitions, at least 1. */
  nRepeats: number;
  seed: number;
  /** Repeats always shuffle (as scikit-learn); `false` is rejected rather than ignored. */
  shuffle?: boolean;
}

/** Options of `stratifiedShuffleSplit`. */
export interface ShuffleSplitOptions {
  /** Number of independent splits, at least 1. */
  nSplits: number;
  /** As `HoldoutOptions.testSize`. */
  testSize: number;
  seed: number;
}

function configError(message: string, hint?: string): SweepError {
  return new SweepError('SWEEP_CONFIG_INVALID', message, hint === undefined ? {} : { hint });
}

function dataError(message: string, hint?: string, details?: Record<string, unknown>): SweepError {
  return new SweepError('SWEEP_DATASET_INVALID', message, { ...(hint === undefined ? {} : { hint }), ...(details === undefined ? {} : { details }) });
}

function checkInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw configError(`${name} must be an integer ≥ ${min}, got ${value}`);
}

/** Test and train sizes for `n` rows, as scikit-learn's `_validate_shuffle_split`. */
export function splitSizes(n: number, testSize: number): { nTest: number; nTrain: number } {
  let nTest: number;
  if (testSize > 0 && testSize < 1) nTest = Math.ceil(testSize * n);
  else if (Number.isInteger(testSize) && testSize >= 1) nTest = testSize;
  else throw configError(`test_size must be a fraction in (0, 1) or a row count ≥ 1, got ${testSize}`);
  const nTrain = n - nTest;
  if (nTest === 0 || nTrain <= 0) {
    throw dataError(`cannot split ${n} rows with test_size=${testSize}: that leaves ${Math.max(nTrain, 0)} training and ${nTest} test rows`, 'use more rows or a test_size that leaves both sides non-empty');
  }
  return { nTest, nTrain };
}

/**
 * Splits `nDraws` over classes in proportion to `counts`: each class gets the floor of its share,
 * and the rows left go to the largest remainders (ties broken by `rng`), as scikit-learn's
 * `_approximate_mode`, so every class is within ±1 of its share. Integer arithmetic, no rounding.
 */
export function approximateMode(counts: readonly number[], nDraws: number, rng: Random): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const out = counts.map((c) => Math.floor((c * nDraws) / total));
  let need = nDraws - out.reduce((a, b) => a + b, 0);
  if (need > 0) {
    const remainder = counts.map((c) => (c * nDraws) % total);
    const order = rng.shuffle(Array.from({ length: counts.length }, (_, i) => i));
    order.sort((a, b) => remainder[b]! - remainder[a]!); // stable: random order among equal remainders
    for (const i of order) {
      if (need === 0) break;
      out[i]!++;
      need--;
    }
  }
  return out;
}

/** Row indices of each class, ascending, classes in sorted label order. */
function classMembers(y: readonly Label[]): { classes: Label[]; members: number[][] } {
  const { classes, codes } = encodeLabels(y);
  const members: number[][] = classes.map(() => []);
  codes.forEach((c, i) => members[c]!.push(i));
  return { classes, members };
}

/** Builds a fold from a per-row test mask; both sides come out sorted. */
function foldFromMask(isTest: Uint8Array): Fold {
  let nTest = 0;
  for (let i = 0; i < isTest.length; i++) nTest += isTest[i]!;
  const test = new Int32Array(nTest);
  const train = new Int32Array(isTest.length - nTest);
  let a = 0;
  let b = 0;
  for (let i = 0; i < isTest.length; i++) {
    if (isTest[i]) test[a++] = i;
    else train[b++] = i;
  }
  return { train, test };
}

/** Folds from a per-row fold number: fold `f` tests the rows numbered `f`. */
function foldsFromAssignment(assignment: Int32Array, nSplits: number): Fold[] {
  const n = assignment.length;
  const sizes = new Int32Array(nSplits);
  for (let i = 0; i < n; i++) sizes[assignment[i]!]!++;
  const folds: Fold[] = [];
  for (let f = 0; f < nSplits; f++) {
    const test = new Int32Array(sizes[f]!);
    const train = new Int32Array(n - sizes[f]!);
    for (let i = 0, a = 0, b = 0; i < n; i++) {
      if (assignment[i] === f) test[a++] = i;
      else train[b++] = i;
    }
    folds.push({ train, test });
  }
  return folds;
}

/** One stratified random split of `y` (test counts by `approximateMode`). */
function stratifiedDraw(y: readonly Label[], nTest: number, rng: Random): Fold {
  const { members } = classMembers(y);
  const testCounts = approximateMode(
    members.map((m) => m.length),
    nTest,
    rng,
  );
  const isTest = new Uint8Array(y.length);
  members.forEach((rows, c) => {
    const picked = rng.shuffle(rows.slice());
    // A class with a single row cannot be on both sides: it stays in training (the model can
    // still learn it), and the test set is that row smaller.
    if (rows.length < 2) return;
    for (let k = 0; k < testCounts[c]!; k++) isTest[picked[k]!] = 1;
  });
  return foldFromMask(isTest);
}

/**
 * One train/test split. Stratified: each class's test count is within ±1 of its share and the test
 * size is `ceil(n * testSize)` (scikit-learn's allocation). Unlike scikit-learn, a test set smaller
 * than the number of classes is allowed (some classes then miss from it), and a class with a single
 * member stays in training instead of being an error (a stratified subsample of a skewed dataset
 * such as KDD Cup 99 keeps one row of its rarest classes). Unstratified: a shuffled cut.
 */
export function holdoutSplit(y: readonly Label[], options: HoldoutOptions): Fold {
  const { nTest } = splitSizes(y.length, options.testSize);
  const rng = Random.derive(options.seed, 'shuffle-split', 0);
  if (!options.stratify) {
    const perm = rng.permutation(y.length);
    const isTest = new Uint8Array(y.length);
    for (let k = 0; k < nTest; k++) isTest[perm[k]!] = 1;
    return foldFromMask(isTest);
  }
  return stratifiedDraw(y, nTest, rng);
}

/**
 * `nSplits` independent stratified random splits (scikit-learn's `StratifiedShuffleSplit`); split
 * `s` draws from its own stream, and split 0 equals `holdoutSplit(y, {stratify: true, …})`.
 */
export function stratifiedShuffleSplit(y: readonly Label[], options: ShuffleSplitOptions): Fold[] {
  checkInteger('n_splits', options.nSplits, 1);
  const { nTest } = splitSizes(y.length, options.testSize);
  return Array.from({ length: options.nSplits }, (_, s) => stratifiedDraw(y, nTest, Random.derive(options.seed, 'shuffle-split', s)));
}

function kFoldWith(n: number, nSplits: number, rng: Random | null): Fold[] {
  checkInteger('n_splits', nSplits, 2);
  if (nSplits > n) throw dataError(`cannot make ${nSplits} folds from ${n} rows`, `use n_splits ≤ ${n}`);
  const order = rng === null ? Int32Array.from({ length: n }, (_, i) => i) : rng.permutation(n);
  const assignment = new Int32Array(n);
  let start = 0;
  for (let f = 0; f < nSplits; f++) {
    const size = Math.floor(n / nSplits) + (f < n % nSplits ? 1 : 0);
    for (let k = start; k < start + size; k++) assignment[order[k]!] = f;
    start += size;
  }
  return foldsFromAssignment(assignment, nSplits);
}

/**
 * K folds over `n` rows (scikit-learn's `KFold`): the first `n % nSplits` folds have one row more;
 * without shuffling the folds are the same as scikit-learn's.
 */
export function kFold(n: number, options: KFoldOptions): Fold[] {
  return kFoldWith(n, options.nSplits, options.shuffle ? Random.derive(options.seed, 'kfold') : null);
}

function stratifiedKFoldWith(y: readonly Label[], nSplits: number, rng: Random | null): Fold[] {
  checkInteger('n_splits', nSplits, 2);
  // classes numbered by first appearance, as scikit-learn
  const firstSeen = new Map<Label, number>();
  const encoded = new Int32Array(y.length);
  y.forEach((label, i) => {
    let code = firstSeen.get(label);
    if (code === undefined) firstSeen.set(label, (code = firstSeen.size));
    encoded[i] = code;
  });
  const nClasses = firstSeen.size;
  const counts = new Array<number>(nClasses).fill(0);
  for (const c of encoded) counts[c]!++;
  const largest = Math.max(0, ...counts);
  if (nSplits > largest) {
    throw dataError(
      `cannot make ${nSplits} stratified folds: the largest class has only ${largest} members`,
      `use n_splits ≤ ${largest}`,
    );
  }
  // round robin over the sorted codes: allocation[f][c] = rows of class c in fold f (within ±1 per class)
  const sorted = Int32Array.from(encoded).sort();
  const allocation = Array.from({ length: nSplits }, () => new Array<number>(nClasses).fill(0));
  sorted.forEach((c, i) => allocation[i % nSplits]![c]!++);
  // each class's rows (in order) take the fold numbers 0,0,…,1,1,… of its allocation, shuffled if asked
  const foldsForClass: number[][] = [];
  for (let c = 0; c < nClasses; c++) {
    const list: number[] = [];
    for (let f = 0; f < nSplits; f++) for (let k = 0; k < allocation[f]![c]!; k++) list.push(f);
    if (rng !== null) rng.shuffle(list);
    foldsForClass.push(list);
  }
  const used = new Int32Array(nClasses);
  const assignment = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const c = encoded[i]!;
    assignment[i] = foldsForClass[c]![used[c]!++]!;
  }
  return foldsFromAssignment(assignment, nSplits);
}

/**
 * Stratified k folds (scikit-learn's `StratifiedKFold`): each class is spread over the folds
 * within ±1 row, fold sizes within ±1. Without shuffling the folds equal scikit-learn's. Like
 * scikit-learn, a class with fewer members than folds is allowed (it misses from some folds); it
 * is an error only when every class is smaller than `nSplits`.
 */
export function stratifiedKFold(y: readonly Label[], options: KFoldOptions): Fold[] {
  return stratifiedKFoldWith(y, options.nSplits, options.shuffle ? Random.derive(options.seed, 'stratified-kfold') : null);
}

function checkRepeats(options: RepeatedKFoldOptions): void {
  checkInteger('n_repeats', options.nRepeats, 1);
  if (options.shuffle === false) throw configError('repeated k-fold always shuffles; shuffle: false would repeat the same folds', 'drop shuffle, or use n_repeats: 1 with k-fold');
}

/** `nRepeats` shuffled k-folds, repetition after repetition (`nRepeats * nSplits` folds). */
export function repeatedKFold(n: number, options: RepeatedKFoldOptions): Fold[] {
  checkRepeats(options);
  return Array.from({ length: options.nRepeats }, (_, r) => kFoldWith(n, options.nSplits, Random.derive(options.seed, 'repeated-kfold', r))).flat();
}

/** `nRepeats` shuffled stratified k-folds (`nRepeats * nSplits` folds). */
export function repeatedStratifiedKFold(y: readonly Label[], options: RepeatedKFoldOptions): Fold[] {
  checkRepeats(options);
  return Array.from({ length: options.nRepeats }, (_, r) =>
    stratifiedKFoldWith(y, options.nSplits, Random.derive(options.seed, 'repeated-stratified-kfold', r)),
  ).flat();
}
