/**
 * Type declarations for the ml.js packages that ship none (ml-cart, ml-knn, ml-naivebayes), limited
 * to what the mljs adapters use. ml-random-forest ships its own (incomplete) types; the adapter
 * narrows them locally.
 */

declare module 'ml-cart' {
  /** ml-cart's CART classifier (gini only; labels must be integers 0..k-1). */
  export class DecisionTreeClassifier {
    constructor(options?: {
      gainFunction?: 'gini';
      splitFunction?: 'mean';
      minNumSamples?: number;
      maxDepth?: number;
      gainThreshold?: number;
    });
    train(trainingSet: number[][], trainingLabels: number[]): void;
    predict(toPredict: number[][]): number[];
    toJSON(): object;
    static load(model: object): DecisionTreeClassifier;
    root: unknown;
  }
}

declare module 'ml-knn' {
  /** ml-knn's k-d tree classifier. */
  export default class KNN {
    constructor(dataset: number[][], labels: number[], options?: { k?: number; distance?: (a: number[], b: number[]) => number });
    predict(dataset: number[][]): number[];
    predict(dataset: number[]): number;
    toJSON(): object;
    static load(model: object, distance?: (a: number[], b: number[]) => number): KNN;
    k: number;
    kdTree: unknown;
  }
}

declare module 'ml-naivebayes' {
  /** ml-naivebayes' Gaussian naive Bayes. */
  export class GaussianNB {
    constructor(reload?: boolean, model?: object);
    train(trainingSet: number[][], trainingLabels: number[]): void;
    predict(dataset: number[][]): number[];
    toJSON(): { modelName: string; means: number[][]; calculateProbabilities: Array<[number, ...Array<[number, number]>]> };
    static load(model: object): GaussianNB;
    means: number[][];
  }
}
