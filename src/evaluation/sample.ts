/**
 * Stratified subsampling: a smaller set of rows with the class proportions of the whole, for quick
 * runs and learning curves.
 */
import { Random, SweepError, type Label } from '../core/index.js';
import { encodeLabels } from '../models/index.js';
import { approximateMode } from './split.js';

/**
 * `n` row indices (sorted) drawn so each class is within ±1 row of its share. When `n` is at least
 * the number of classes, every class also gets at least one row: a rare class lifted to 1 takes
 * its row from the class furthest above its share, so no class ever exceeds its share by a full
 * row; only when the rare classes need more rows than ±1 can give does a donor fall further below.
 */
export function stratifiedSample(y: readonly Label[], n: number, seed: number): Int32Array {
  if (!Number.isInteger(n) || n < 1) throw new SweepError('SWEEP_CONFIG_INVALID', `sample size must be an integer ≥ 1, got ${n}`);
  if (n > y.length) {
    throw new SweepError('SWEEP_DATASET_INVALID', `cannot sample ${n} rows from ${y.length}`, { hint: `use a sample size ≤ ${y.length}` });
  }
  const rng = Random.derive(seed, 'stratified-sample');
  const { classes, codes } = encodeLabels(y);
  const members: number[][] = classes.map(() => []);
  codes.forEach((c, i) => members[c]!.push(i));
  const counts = members.map((m) => m.length);
  const alloc = approximateMode(counts, n, rng);
  if (n >= classes.length) {
    const share = (c: number): number => (counts[c]! * n) / y.length;
    for (let c = 0; c < classes.length; c++) {
      if (alloc[c]! > 0) continue;
      let donor = -1;
      for (let d = 0; d < classes.length; d++) {
        if (alloc[d]! < 2) continue;
        if (donor === -1 || alloc[d]! - share(d) > alloc[donor]! - share(donor)) donor = d;
      }
      if (donor === -1) break; // cannot happen when n >= classes: some class holds ≥ 2 rows
      alloc[donor]!--;
      alloc[c] = 1;
    }
  }
  const picked: number[] = [];
  members.forEach((rows, c) => {
    const shuffled = rng.shuffle(rows.slice());
    for (let k = 0; k < alloc[c]!; k++) picked.push(shuffled[k]!);
  });
  return Int32Array.from(picked).sort();
}
