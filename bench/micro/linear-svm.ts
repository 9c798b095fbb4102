import { readFashionMnist } from '../../test/helpers/fashion-mnist.js';
import { createEstimator } from '../../src/models/index.js';
const { X, y } = readFashionMnist('train', 0, Number(process.argv[2] ?? 1000));
const n = X.rows, p = X.cols;
for (let j = 0; j < p; j++) { let m = 0; for (let i = 0; i < n; i++) m += X.data[i*p+j]!; m /= n; let v = 0; for (let i = 0; i < n; i++) v += (X.data[i*p+j]! - m) ** 2; let s = Math.sqrt(v / n); if (s === 0) s = 1; for (let i = 0; i < n; i++) X.data[i*p+j] = (X.data[i*p+j]! - m) / s; }
const t = performance.now();
const est = await createEstimator('linear-svm', { max_iter: Number(process.argv[3] ?? 100) }).fit(X, y);
console.log((performance.now() - t) / 1000, (est as any).nIter_);
