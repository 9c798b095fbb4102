import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Label } from '../../src/core/index.js';
import {
  holdoutSplit,
  kFold,
  repeatedKFold,
  repeatedStratifiedKFold,
  splitSizes,
  stratifiedKFold,
  stratifiedSample,
  stratifiedShuffleSplit,
  type Fold,
} from '../../src/evaluation/index.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/evaluation/splits.json', import.meta.url), 'utf8')) as {
  _source: string;
  kfold: Array<{ n: number; n_splits: number; test: number[][] }>;
  stratified_kfold: Array<{ y: Label[]; n_splits: number; test: number[][] }>;
  sizes: Array<{ n: number; test_size: number; n_test: number; n_train: number }>;
};

function isSortedUnique(a: Int32Array): boolean {
  for (let i = 1; i < a.length; i++) if (a[i - 1]! >= a[i]!) return false;
  return true;
}

/** Train and test are sorted, disjoint and together cover 0..n-1. */
function expectPartition(fold: Fold, n: number): void {
  expect(isSortedUnique(fold.train)).toBe(true);
  expect(isSortedUnique(fold.test)).toBe(true);
  const seen = new Uint8Array(n);
  for (const i of fold.train) seen[i]!++;
  for (const i of fold.test) seen[i]!++;
  expect(seen.every((v) => v === 1)).toBe(true);
}

function countBy(y: readonly Label[], rows: ArrayLike<number>): Map<Label, number> {
  const m = new Map<Label, number>();
  for (let k = 0; k < rows.length; k++) m.set(y[rows[k]!]!, (m.get(y[rows[k]!]!) ?? 0) + 1);
  return m;
}

function classCounts(y: readonly Label[]): Map<Label, number> {
  return countBy(y, Array.from(y, (_, i) => i));
}

/** Every class's count in `rows` is within ±1 of its share of `rows.length`. */
function expectStratified(y: readonly Label[], rows: ArrayLike<number>): void {
  const got = countBy(y, rows);
  for (const [label, total] of classCounts(y)) {
    const share = (total * rows.length) / y.length;
    expect(Math.abs((got.get(label) ?? 0) - share)).toBeLessThan(1 + 1e-9);
  }
}

const same = (a: Fold[], b: Fold[]): boolean => JSON.stringify(a.map((f) => [...f.test])) === JSON.stringify(b.map((f) => [...f.test]));

/** Label vectors with every class at least `min` times. */
const labels = (min: number) =>
  fc
    .tuple(fc.array(fc.integer({ min: min, max: 30 }), { minLength: 1, maxLength: 5 }), fc.integer())
    .map(([counts, seed]) => {
      const y: Label[] = counts.flatMap((c, k) => new Array<Label>(c).fill(k % 2 === 0 ? k : `c${k}`));
      // deterministic scramble so classes are interleaved
      let s = seed >>> 0;
      for (let i = y.length - 1; i > 0; i--) {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        const j = s % (i + 1);
        [y[i], y[j]] = [y[j]!, y[i]!];
      }
      return y;
    });

describe('splits against scikit-learn 1.2.1 (unshuffled and sizes)', () => {
  it('names its source', () => expect(fixture._source).toMatch(/evaluation_splits\.py with scikit-learn 1\.2\.1/));
  it('KFold(shuffle=False) folds are identical', () => {
    for (const c of fixture.kfold) {
      expect(kFold(c.n, { nSplits: c.n_splits, shuffle: false, seed: 0 }).map((f) => [...f.test])).toEqual(c.test);
    }
  });
  it('StratifiedKFold(shuffle=False) folds are identical', () => {
    for (const c of fixture.stratified_kfold) {
      expect(stratifiedKFold(c.y, { nSplits: c.n_splits, shuffle: false, seed: 0 }).map((f) => [...f.test])).toEqual(c.test);
    }
  });
  it('test and train sizes follow _validate_shuffle_split (ceil of n * test_size)', () => {
    for (const c of fixture.sizes) expect(splitSizes(c.n, c.test_size)).toEqual({ nTest: c.n_test, nTrain: c.n_train });
  });
});

describe('holdoutSplit', () => {
  it('is reproducible by seed and differs across seeds', () => {
    const y = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 'a' : i % 5 === 0 ? 'b' : 'c'));
    for (const stratify of [true, false]) {
      const a = holdoutSplit(y, { testSize: 0.25, stratify, seed: 11 });
      const b = holdoutSplit(y, { testSize: 0.25, stratify, seed: 11 });
      const c = holdoutSplit(y, { testSize: 0.25, stratify, seed: 12 });
      expect(Buffer.from(a.test.buffer)).toEqual(Buffer.from(b.test.buffer));
      expect(Buffer.from(a.train.buffer)).toEqual(Buffer.from(b.train.buffer));
      expect([...a.test]).not.toEqual([...c.test]);
      expect(a.test.length).toBe(50);
    }
  });

  it('stratified: sizes as scikit-learn, every class within ±1 of its share on both sides', () => {
    fc.assert(
      fc.property(labels(2), fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.integer(), (y, testSize, seed) => {
        fc.pre(Math.ceil(testSize * y.length) < y.length);
        const fold = holdoutSplit(y, { testSize, stratify: true, seed });
        expectPartition(fold, y.length);
        expect(fold.test.length).toBe(Math.ceil(testSize * y.length));
        expectStratified(y, fold.test);
        expectStratified(y, fold.train);
      }),
      { numRuns: 200 },
    );
  });

  it('unstratified: a shuffled cut of the right size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 300 }), fc.integer({ min: 1, max: 299 }), fc.integer(), (n, nTest, seed) => {
        fc.pre(nTest < n);
        const fold = holdoutSplit(new Array<Label>(n).fill(0), { testSize: nTest, stratify: false, seed });
        expectPartition(fold, n);
        expect(fold.test.length).toBe(nTest);
      }),
    );
  });

  it('keeps a class with a single member in training when stratifying', () => {
    const y = ['a', 'a', 'b', 'a', 'c', 'c'];
    for (let seed = 0; seed < 20; seed++) {
      const fold = holdoutSplit(y, { testSize: 0.5, stratify: true, seed });
      expect([...fold.train]).toContain(2);
      expect([...fold.test]).not.toContain(2);
      expect(fold.train.length + fold.test.length).toBe(6);
    }
    expect(holdoutSplit(['a', 'a', 'b', 'a'], { testSize: 0.5, stratify: false, seed: 1 }).test.length).toBe(2);
  });

  it('refuses sizes that leave a side empty, naming the numbers', () => {
    expect(() => holdoutSplit([0, 1, 0, 1], { testSize: 4, stratify: false, seed: 1 })).toThrow(/4 rows with test_size=4: that leaves 0 training and 4 test rows/);
    expect(() => holdoutSplit([0, 1], { testSize: 1.5, stratify: false, seed: 1 })).toThrow(expect.objectContaining({ code: 'SWEEP_CONFIG_INVALID' }) as Error);
    expect(() => holdoutSplit([0, 1], { testSize: 0, stratify: false, seed: 1 })).toThrow(/fraction in \(0, 1\)/);
  });
});

describe('k-fold', () => {
  it('test sets partition the data; sizes within ±1; same seed same folds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 200 }), fc.integer({ min: 2, max: 12 }), fc.boolean(), fc.integer(), (n, k, shuffle, seed) => {
        fc.pre(k <= n);
        const folds = kFold(n, { nSplits: k, shuffle, seed });
        expect(folds).toHaveLength(k);
        const hits = new Uint8Array(n);
        for (const f of folds) {
          expectPartition(f, n);
          expect([Math.floor(n / k), Math.ceil(n / k)]).toContain(f.test.length);
          for (const i of f.test) hits[i]!++;
        }
        expect(hits.every((v) => v === 1)).toBe(true);
        expect(same(folds, kFold(n, { nSplits: k, shuffle, seed }))).toBe(true);
      }),
    );
  });

  it('shuffling depends on the seed', () => {
    expect(same(kFold(100, { nSplits: 5, shuffle: true, seed: 1 }), kFold(100, { nSplits: 5, shuffle: true, seed: 2 }))).toBe(false);
    expect(same(kFold(100, { nSplits: 5, shuffle: true, seed: 1 }), kFold(100, { nSplits: 5, shuffle: false, seed: 1 }))).toBe(false);
  });

  it('refuses more folds than rows and fewer than 2', () => {
    expect(() => kFold(3, { nSplits: 4, shuffle: false, seed: 0 })).toThrow(/cannot make 4 folds from 3 rows/);
    expect(() => kFold(3, { nSplits: 1, shuffle: false, seed: 0 })).toThrow(/n_splits must be an integer ≥ 2, got 1/);
  });
});

describe('stratifiedKFold', () => {
  it('spreads each class over the folds within ±1 and partitions the data', () => {
    fc.assert(
      fc.property(labels(1), fc.integer({ min: 2, max: 8 }), fc.boolean(), fc.integer(), (y, k, shuffle, seed) => {
        const largest = Math.max(...classCounts(y).values());
        fc.pre(k <= largest);
        const folds = stratifiedKFold(y, { nSplits: k, shuffle, seed });
        const hits = new Uint8Array(y.length);
        for (const f of folds) {
          expectPartition(f, y.length);
          expect(f.test.length).toBeGreaterThan(0);
          expect([Math.floor(y.length / k), Math.ceil(y.length / k)]).toContain(f.test.length);
          for (const i of f.test) hits[i]!++;
          const got = countBy(y, f.test);
          for (const [label, total] of classCounts(y)) expect([Math.floor(total / k), Math.ceil(total / k)]).toContain(got.get(label) ?? 0);
        }
        expect(hits.every((v) => v === 1)).toBe(true);
        expect(same(folds, stratifiedKFold(y, { nSplits: k, shuffle, seed }))).toBe(true);
      }),
    );
  });

  it('shuffling depends on the seed', () => {
    const y = Array.from({ length: 90 }, (_, i) => i % 3);
    expect(same(stratifiedKFold(y, { nSplits: 3, shuffle: true, seed: 1 }), stratifiedKFold(y, { nSplits: 3, shuffle: true, seed: 2 }))).toBe(false);
  });

  it('allows a class smaller than n_splits (as scikit-learn) but not when every class is', () => {
    expect(stratifiedKFold(['a', 'a', 'a', 'b'], { nSplits: 3, shuffle: false, seed: 0 })).toHaveLength(3);
    expect(() => stratifiedKFold(['a', 'a', 'b', 'b'], { nSplits: 3, shuffle: false, seed: 0 })).toThrow(/3 stratified folds: the largest class has only 2 members/);
  });
});

describe('repeated k-folds', () => {
  it('give n_repeats × n_splits folds, each repetition a partition, repetitions differ', () => {
    const y = Array.from({ length: 60 }, (_, i) => (i % 4 === 0 ? 'x' : 'y'));
    for (const folds of [repeatedKFold(60, { nSplits: 3, nRepeats: 4, seed: 5 }), repeatedStratifiedKFold(y, { nSplits: 3, nRepeats: 4, seed: 5 })]) {
      expect(folds).toHaveLength(12);
      for (let r = 0; r < 4; r++) {
        const rep = folds.slice(r * 3, r * 3 + 3);
        const hits = new Uint8Array(60);
        for (const f of rep) {
          expectPartition(f, 60);
          for (const i of f.test) hits[i]!++;
        }
        expect(hits.every((v) => v === 1)).toBe(true);
      }
      expect(same(folds.slice(0, 3), folds.slice(3, 6))).toBe(false);
    }
    expect(same(repeatedKFold(60, { nSplits: 3, nRepeats: 2, seed: 5 }), repeatedKFold(60, { nSplits: 3, nRepeats: 2, seed: 5 }))).toBe(true);
    for (const f of repeatedStratifiedKFold(y, { nSplits: 3, nRepeats: 2, seed: 9 })) expectStratified(y, f.test);
  });

  it('refuse shuffle: false and n_repeats < 1', () => {
    expect(() => repeatedKFold(10, { nSplits: 2, nRepeats: 2, seed: 0, shuffle: false })).toThrow(/always shuffles/);
    expect(() => repeatedKFold(10, { nSplits: 2, nRepeats: 0, seed: 0 })).toThrow(/n_repeats must be an integer ≥ 1, got 0/);
  });
});

describe('stratifiedShuffleSplit', () => {
  it('gives n independent stratified splits; split 0 is the stratified holdout', () => {
    fc.assert(
      fc.property(labels(2), fc.integer({ min: 1, max: 4 }), fc.double({ min: 0.1, max: 0.9, noNaN: true }), fc.integer(), (y, nSplits, testSize, seed) => {
        fc.pre(Math.ceil(testSize * y.length) < y.length);
        const { nTest } = splitSizes(y.length, testSize);
        const folds = stratifiedShuffleSplit(y, { nSplits, testSize, seed });
        expect(folds).toHaveLength(nSplits);
        for (const f of folds) {
          expectPartition(f, y.length);
          expect(f.test.length).toBe(nTest);
          expectStratified(y, f.test);
        }
        expect([...folds[0]!.test]).toEqual([...holdoutSplit(y, { testSize, stratify: true, seed }).test]);
      }),
      { numRuns: 100 },
    );
  });
});

describe('stratifiedSample', () => {
  it('draws n sorted distinct rows, each class within ±1 of its share when no rare class needs lifting', () => {
    fc.assert(
      fc.property(labels(1), fc.integer({ min: 1, max: 150 }), fc.integer(), (y, n, seed) => {
        fc.pre(n <= y.length);
        const rows = stratifiedSample(y, n, seed);
        expect(rows).toHaveLength(n);
        expect(isSortedUnique(rows)).toBe(true);
        expect(rows.every((i) => i >= 0 && i < y.length)).toBe(true);
        const counts = classCounts(y);
        const got = countBy(y, rows);
        const shares = [...counts].map(([label, c]) => [label, (c * n) / y.length] as const);
        if (n >= counts.size) for (const [label] of counts) expect(got.get(label) ?? 0).toBeGreaterThanOrEqual(1);
        for (const [label, share] of shares) expect(got.get(label) ?? 0).toBeLessThan(share + 1);
        if (n < counts.size || shares.every(([, s]) => s >= 1)) expectStratified(y, rows);
        expect([...stratifiedSample(y, n, seed)]).toEqual([...rows]);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a rare class that a plain proportional draw would lose', () => {
    const y: Label[] = [...new Array<Label>(98).fill('common'), 'rare', 'rare'];
    const rows = stratifiedSample(y, 10, 3);
    expect(countBy(y, rows).get('rare')).toBe(1);
  });

  it('refuses impossible sizes, naming the numbers', () => {
    expect(() => stratifiedSample([0, 1, 1], 4, 0)).toThrow(/cannot sample 4 rows from 3/);
    expect(() => stratifiedSample([0, 1, 1], 0, 0)).toThrow(/integer ≥ 1, got 0/);
  });
});
