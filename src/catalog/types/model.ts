/**
 * A fitted estimator as JSON (`model.json`): `{ algorithm, engine, params, state }`, the shape of
 * `SerializedEstimator` in models. The shape is checked on load and save; turning it back into an
 * estimator is the models layer's job (`loadEstimator`), which the catalog does not import.
 */
import type { JsonObject, JsonValue } from '../../core/index.js';
import { invalidDataset, type DatasetEntry, type DatasetType } from '../dataset-type.js';
import { formatJson, parseJson } from './json.js';

/** The serialized estimator as the catalog sees it (structurally `SerializedEstimator`). */
export interface StoredModel {
  algorithm: string;
  engine: string;
  params: JsonObject;
  state: JsonObject;
  [extra: string]: JsonValue;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the serialized-estimator shape, naming the first field that is wrong. */
export function checkModel(value: unknown, entry: DatasetEntry): StoredModel {
  if (!isObject(value)) throw invalidDataset(entry, 'a model must be a JSON object with algorithm, engine, params and state');
  const problems: string[] = [];
  if (typeof value.algorithm !== 'string' || value.algorithm === '') problems.push('`algorithm` must be a non-empty string');
  if (typeof value.engine !== 'string' || value.engine === '') problems.push('`engine` must be a non-empty string');
  if (!isObject(value.params)) problems.push('`params` must be an object');
  if (!isObject(value.state)) problems.push('`state` must be an object');
  if (problems.length > 0) {
    throw invalidDataset(entry, `not a serialized estimator: ${problems.join('; ')}`, 'model files are written by `sweep run`; re-run the cell that produced it');
  }
  return value as StoredModel;
}

/** The `model` dataset type. */
export const modelType: DatasetType<StoredModel> = {
  name: 'model',
  summary: 'a fitted estimator as JSON: { algorithm, engine, params, state }',
  load: (bytes, entry) => checkModel(parseJson(bytes, entry), entry),
  save: (value, entry) => formatJson(checkModel(value, entry), entry),
};
