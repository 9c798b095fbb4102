/**
 * Re-measures the constants behind the mljs work budgets on this machine (not a test: timings are
 * noisy and slow). Run: `npx tsx test/models/mljs/calibrate.ts [rows]` and compare the printed
 * seconds-per-unit with `CART_SECONDS_PER_UNIT` and `KD_TREE_SECONDS_PER_UNIT`.
 */
import { DecisionTreeClassifier } from 'ml-cart';
import KNN from 'ml-knn';
import { toRows } from '../../../src/core/index.js';
import { KD_TREE_SECONDS_PER_UNIT } from '../../../src/models/mljs/knn.js';
import { CART_SECONDS_PER_UNIT } from '../../../src/models/mljs/shared.js';
import { readFashionMnist } from '../../helpers/fashion-mnist.js';

const rows = Number(process.argv[2] ?? 200);
const { X, y } = readFashionMnist('t10k', 0, rows + 20);
const all = toRows(X);
const train = all.slice(0, rows);
const labels = y.slice(0, rows);

const counts = new Array<number>(10).fill(0);
for (const label of labels) counts[label]!++;
const gini = 1 - counts.reduce((s, c) => s + (c / rows) ** 2, 0);
let start = performance.now();
new DecisionTreeClassifier({ minNumSamples: 1 }).train(train, labels);
const cartSeconds = (performance.now() - start) / 1000;

start = performance.now();
const knn = new KNN(train, labels, { k: 5 });
const built = performance.now();
knn.predict(all.slice(rows));
const kdSeconds = (performance.now() - built) / 1000;

console.log(
  JSON.stringify(
    {
      rows,
      cart: { seconds: cartSeconds, secondsPerUnit: cartSeconds / (rows * rows * 784 * gini), constant: CART_SECONDS_PER_UNIT },
      kdTree: { seconds: kdSeconds, secondsPerUnit: kdSeconds / (20 * rows * 785), constant: KD_TREE_SECONDS_PER_UNIT },
    },
    null,
    2,
  ),
);
