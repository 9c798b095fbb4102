/**
 * Sample weights in the native decision tree against scikit-learn 1.2.1's
 * DecisionTreeClassifier.fit(X, y, sample_weight) (fixture: boost-parity.json, made by
 * test/fixtures/make/models_native_boost.py), alone and combined with class_weight='balanced'.
 */
import { describe, expect, it } from 'vitest';
import { encodeLabels } from '../../../src/models/index.js';
import { NativeDecisionTree } from '../../../src/models/native/decision-tree.js';
import { binMatrix } from '../../../src/models/native/tree/binning.js';
import { growTree } from '../../../src/models/native/tree/grow.js';
import { classWeightsFor, combineSampleWeights, resolveGrowOptions, type TreeParamsLike } from '../../../src/models/native/tree/options.js';
import { buildOneHotSplit, fixtureWeights, readBoostFixture } from '../../fixtures/models/native/boost-data.js';
import { agreement } from '../../fixtures/models/native/tree-data.js';
import { expectSweepError } from '../../helpers/check-estimator.js';

const fixture = readBoostFixture();
/** Slices where the best split is unambiguous, so scikit-learn's random tie order does not matter. */
const UNAMBIGUOUS = new Set(['mushroom', 'kddcup99']);

describe('native decision-tree: sample_weight parity with scikit-learn (max_depth 6, exact splitter)', () => {
  it('states where the fixture came from', () => {
    expect(fixture._source).toMatch(/models_native_boost\.py with scikit-learn 1\.2\.1/);
  });
  for (const ds of fixture.datasets) {
    for (const [key, ref] of Object.entries(ds.weighted_tree)) {
      it(`${ds.name} ${key}: weighted root counts, predictions and accuracy match`, async () => {
        const s = buildOneHotSplit(ds);
        const tree = await new NativeDecisionTree({ ...ref.params, max_bins: null }).fit(s.Xtr, s.ytr, fixtureWeights(s.Xtr.rows));
        // The root holds the weighted class totals (times the class weights), as scikit-learn's tree_.value[0].
        const enc = encodeLabels(s.ytr);
        const classWeights = classWeightsFor('decision-tree', (ref.params['class_weight'] as 'balanced' | undefined) ?? null, enc.classes, enc.codes);
        const weights = combineSampleWeights('decision-tree', fixtureWeights(s.Xtr.rows), classWeights, s.Xtr.rows);
        const data = binMatrix(s.Xtr.data, s.Xtr.rows, s.Xtr.cols, null);
        const options = resolveGrowOptions({ ...(tree.getParams() as unknown as TreeParamsLike) }, s.Xtr.rows, s.Xtr.cols);
        const grown = growTree(data, enc.codes, enc.classes.length, weights, { ...options, maxDepth: 0 }, null);
        const root = Array.from(grown.value.subarray(0, enc.classes.length));
        root.forEach((v, c) => expect(v).toBeCloseTo(ref.root_value[c]!, 9));
        const pred = tree.predict(s.Xte);
        // As in decision-tree.test.ts: ties between equally good splits (pixels, adult's numeric
        // columns) go to a random feature in scikit-learn and to the lowest index here.
        const unambiguous = UNAMBIGUOUS.has(ds.name);
        expect(agreement(pred, ref.predictions)).toBeGreaterThanOrEqual(unambiguous ? 0.99 : 0.85);
        expect(Math.abs(agreement(pred, s.yte) - ref.accuracy)).toBeLessThanOrEqual(unambiguous ? 0.01 : 0.03);
      });
    }
  }

  it('weights change the tree: doubling one class moves predictions towards it', async () => {
    const ds = fixture.datasets.find((d) => d.name === 'adult')!;
    const s = buildOneHotSplit(ds);
    const plain = await new NativeDecisionTree({ max_depth: 3 }).fit(s.Xtr, s.ytr);
    const w = Float64Array.from(s.ytr, (label) => (label === '>50K' ? 3 : 1));
    const heavy = await new NativeDecisionTree({ max_depth: 3 }).fit(s.Xtr, s.ytr, w);
    const count = (pred: readonly unknown[]): number => pred.filter((v) => v === '>50K').length;
    expect(count(heavy.predict(s.Xte))).toBeGreaterThan(count(plain.predict(s.Xte)));
    // class_weight {label: 3} is the same per-row weight, so the same tree.
    const cw = await new NativeDecisionTree({ max_depth: 3, class_weight: { '>50K': 3 } }).fit(s.Xtr, s.ytr);
    expect(JSON.stringify(cw.toJSON().state)).toBe(JSON.stringify(heavy.toJSON().state));
  });

  it('bad sample weights fail clearly', async () => {
    const ds = fixture.datasets[0]!;
    const s = buildOneHotSplit(ds);
    const tree = new NativeDecisionTree();
    await expectSweepError(() => tree.fit(s.Xtr, s.ytr, new Float64Array(3)), 'SWEEP_ESTIMATOR_INVALID_INPUT', /sample_weight has 3 values/);
    const neg = new Float64Array(s.Xtr.rows).fill(1);
    neg[4] = -1;
    await expectSweepError(() => tree.fit(s.Xtr, s.ytr, neg), 'SWEEP_ESTIMATOR_INVALID_INPUT', /sample_weight\[4\] is -1/);
    await expectSweepError(() => tree.fit(s.Xtr, s.ytr, new Float64Array(s.Xtr.rows)), 'SWEEP_ESTIMATOR_INVALID_INPUT', /sums to 0/);
  });
});
