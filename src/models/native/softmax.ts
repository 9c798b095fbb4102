/**
 * Softmax over each row of a rows × K matrix, in place: exp(z − max of the row) over their sum, as
 * scikit-learn's `softmax` (the MLP's output layer, logistic regression's multinomial
 * probabilities).
 */
export function softmaxRows(Z: Float64Array, rows: number, K: number): void {
  for (let i = 0; i < rows; i++) {
    const o = i * K;
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, Z[o + k]!);
    let sum = 0;
    for (let k = 0; k < K; k++) sum += Z[o + k] = Math.exp(Z[o + k]! - max);
    for (let k = 0; k < K; k++) Z[o + k]! /= sum;
  }
}
