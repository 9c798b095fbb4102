/**
 * Micro-benchmark of the native svm / linear-svm on mushroom (all rows one-hot, 70 % train),
 * standardized adult, or standardized Fashion-MNIST (the first `rows` training images, tested on
 * 2,000 test images): `npx tsx bench/micro/svm.ts [svm|linear-svm] [mushroom|adult|fashion] [rows]`.
 * Prints fit and predict seconds; run under `node --cpu-prof --import tsx` to see where they go.
 */
import { createEstimator } from '../../src/models/index.js';
import { adultOneHot, fashion, slice, standardized } from '../../test/fixtures/models/native/knn-nb-datasets.js';
import { mushroomOneHot } from '../../test/helpers/check-estimator.js';

const algorithm = process.argv[2] ?? 'svm';
const dataset = process.argv[3] ?? 'mushroom';
let all = dataset === 'adult' ? adultOneHot() : dataset === 'fashion' ? fashion('train', Number(process.argv[4] ?? 2000)) : mushroomOneHot(100000);
const n = Math.min(Number(process.argv[4] ?? all.X.rows), all.X.rows);
all = slice(all, 0, n);
const cut = dataset === 'fashion' ? n : Math.floor(n * 0.7);
let train = slice(all, 0, cut);
let test = dataset === 'fashion' ? fashion('t10k', 2000) : slice(all, cut, n);
if (dataset === 'adult' || dataset === 'fashion') {
  const k = dataset === 'adult' ? 6 : 784;
  const mean: number[] = [];
  const scale: number[] = [];
  for (let j = 0; j < k; j++) {
    let m = 0;
    for (let i = 0; i < train.X.rows; i++) m += train.X.data[i * train.X.cols + j]!;
    m /= train.X.rows;
    let v = 0;
    for (let i = 0; i < train.X.rows; i++) v += (train.X.data[i * train.X.cols + j]! - m) ** 2;
    mean.push(m);
    scale.push(Math.sqrt(v / train.X.rows) || 1);
  }
  train = standardized(train, mean, scale);
  test = standardized(test, mean, scale);
}
const est = createEstimator(algorithm, {});
let t = performance.now();
const cpu0 = process.cpuUsage();
await est.fit(train.X, train.y);
const fit = (performance.now() - t) / 1000;
const fitCpu = process.cpuUsage(cpu0).user / 1e6;
t = performance.now();
const yhat = est.predict(test.X);
const predict = (performance.now() - t) / 1000;
let hits = 0;
for (let i = 0; i < yhat.length; i++) if (yhat[i] === test.y[i]) hits++;
console.log(JSON.stringify({ algorithm, dataset, n_train: train.X.rows, fit_s: fit, fit_cpu_s: fitCpu, predict_s: predict, accuracy: hits / yhat.length }));
