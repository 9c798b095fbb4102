/**
 * Label helpers shared by the metrics: sorted unique labels (numpy's order) and label → index maps.
 */
import type { Label } from '../core/index.js';
import { compareLabels } from '../models/index.js';

/** The sorted union of the labels in every array, as scikit-learn's `unique_labels`. */
export function uniqueLabels(...arrays: ReadonlyArray<readonly Label[]>): Label[] {
  const seen = new Set<Label>();
  for (const array of arrays) for (const label of array) seen.add(label);
  return [...seen].sort(compareLabels);
}

/** A map from each label to its position in `labels`. */
export function labelIndex(labels: readonly Label[]): Map<Label, number> {
  return new Map(labels.map((label, i) => [label, i]));
}
