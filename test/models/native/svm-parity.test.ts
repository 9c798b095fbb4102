/**
 * linear-svm and svm against scikit-learn 1.2.1's LinearSVC and SVC on standardized real slices
 * (fixture: test/fixtures/make/models_native_svm.py). Accuracy within 0.5 points, predictions
 * nearly identical (the agreement rate is printed), decision values close.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Label, Params } from '../../../src/core/index.js';
import { createEstimator, type Classifier } from '../../../src/models/index.js';
import type { NativeSvm } from '../../../src/models/native/svm.js';
import { adultOneHot, fashion, hasDatasets, slice, standardized, type Data } from '../../fixtures/models/native/knn-nb-datasets.js';
import { mushroomOneHot } from '../../helpers/check-estimator.js';

interface EstimatorCase {
  params: Params;
  predict: Label[];
  accuracy: number;
  decision_function?: number[] | number[][];
  decision_function_ovo?: number[] | number[][];
  n_iter?: number;
  n_support?: number[];
  predict_proba?: number[][];
}
interface ParityCase {
  name: string;
  dataset: 'adult' | 'fashion' | 'mushroom';
  train_rows: [number, number];
  test_rows: [number, number];
  mean: number[];
  scale: number[];
  y_test: Label[];
  estimators: Record<string, EstimatorCase>;
}
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/models/native/svm-parity.json', import.meta.url), 'utf8')) as {
  _source: string;
  cases: ParityCase[];
};

const loaded = new Map<string, { train: Data; test: Data }>();

/** Train and test matrices of a case, rebuilt from the dataset files and standardized as the fixture says (once per case). */
function load(c: ParityCase): { train: Data; test: Data } {
  const hit = loaded.get(c.name);
  if (hit !== undefined) return hit;
  let train: Data;
  let test: Data;
  if (c.dataset === 'fashion') {
    train = fashion('train', c.train_rows[1]);
    test = fashion('t10k', c.test_rows[1]);
  } else {
    const all = c.dataset === 'adult' ? adultOneHot() : mushroomOneHot(100000);
    train = slice(all, c.train_rows[0], c.train_rows[1]);
    test = slice(all, c.test_rows[0], c.test_rows[1]);
  }
  if (c.mean.length > 0) {
    train = standardized(train, c.mean, c.scale);
    test = standardized(test, c.mean, c.scale);
  }
  loaded.set(c.name, { train, test });
  return { train, test };
}

function agreement(a: readonly Label[], b: readonly Label[]): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/** Flattens a decision matrix (rows × columns) or vector. */
function flat(d: number[] | number[][]): number[] {
  return (d as Array<number | number[]>).flatMap((v) => (Array.isArray(v) ? v : [v]));
}

/** The agreement each case must reach (near 1; lower only where the reference did not converge). */
const MIN_AGREEMENT: Record<string, number> = { 'linear-svm': 0.98 };

/**
 * Largest |decision value difference| allowed. LinearSVC stops at max_iter on adult (scikit-learn's
 * ConvergenceWarning) from its own row order, so two unconverged iterates differ by ~2e-3 there.
 */
/**
 * Largest |probability difference| allowed with probability: true. libsvm draws the internal 5-fold
 * split of Platt scaling from C's rand(), we from our seeded RNG, so the sigmoids are fitted on other
 * cross-validated decision values and differ a little.
 */
const PROBA_TOLERANCE = 0.1;

const DECISION_TOLERANCE: Record<string, number> = { 'linear-svm': 5e-3 };

describe.runIf(hasDatasets())('linear-svm and svm match scikit-learn 1.2.1 on standardized slices', () => {
  it('fixture comes from scikit-learn 1.2.1', () => {
    expect(fixture._source).toContain('scikit-learn 1.2.1');
  });
  for (const c of fixture.cases) {
    for (const [name, ref] of Object.entries(c.estimators)) {
      const algorithm = name === 'linear-svm' ? 'linear-svm' : 'svm';
      it(`${c.name}: ${name} accuracy within 0.5 points, predictions and decision values close`, async () => {
        const { train, test } = load(c);
        const est: Classifier = await createEstimator(algorithm, ref.params).fit(train.X, train.y);
        const yhat = est.predict(test.X);
        const acc = agreement(c.y_test, yhat);
        const agree = agreement(ref.predict, yhat);
        const ours = Array.from((est as unknown as { decisionFunction(X: unknown): { data: Float64Array } }).decisionFunction(test.X).data);
        const theirs = flat((ref.decision_function ?? ref.decision_function_ovo)!);
        let maxDiff = 0;
        for (let i = 0; i < theirs.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ours[i]! - theirs[i]!));
        console.log(`${c.name} ${name}: accuracy ${acc.toFixed(4)} (scikit-learn ${ref.accuracy.toFixed(4)}), agreement ${agree.toFixed(4)}, max |decision diff| ${maxDiff.toExponential(2)}`);
        expect(Math.abs(acc - ref.accuracy)).toBeLessThanOrEqual(0.005);
        expect(agree).toBeGreaterThanOrEqual(MIN_AGREEMENT[name] ?? 0.99);
        expect(maxDiff).toBeLessThan(DECISION_TOLERANCE[name] ?? 1e-3);
        if (ref.n_support !== undefined) expect(Array.from((est as NativeSvm).nSupport_!)).toEqual(ref.n_support);
        if (ref.predict_proba !== undefined) {
          const proba = est.predictProba!(test.X);
          const theirsP = ref.predict_proba.flat();
          let maxP = 0;
          for (let i = 0; i < theirsP.length; i++) maxP = Math.max(maxP, Math.abs(proba.data[i]! - theirsP[i]!));
          console.log(`${c.name} ${name}: max |predict_proba diff| ${maxP.toExponential(2)} (Platt's internal folds differ)`);
          expect(maxP).toBeLessThan(PROBA_TOLERANCE);
        }
      });
    }
  }
});
