/** Any JSON value; saved pretty-printed with a 2-space indent so results files diff well. */
import type { JsonValue } from '../../core/index.js';
import { invalidDataset, type DatasetType } from '../dataset-type.js';
import { findNonJson } from '../json-value.js';

/** Parses JSON text, naming the dataset on a syntax error. */
export function parseJson(bytes: Buffer, entry: Parameters<DatasetType['load']>[1]): JsonValue {
  try {
    return JSON.parse(bytes.toString('utf8')) as JsonValue;
  } catch (error) {
    throw invalidDataset(entry, `not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Serializes a plain JSON value, rejecting anything JSON cannot hold faithfully. */
export function formatJson(value: unknown, entry: Parameters<DatasetType['load']>[1]): Buffer {
  const problem = findNonJson(value);
  if (problem !== undefined) throw invalidDataset(entry, `cannot save as JSON: ${problem}`, 'convert typed arrays to arrays and NaN/Infinity to null first');
  return Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
}

/** The `json` dataset type. */
export const jsonType: DatasetType<JsonValue> = {
  name: 'json',
  summary: 'any JSON value (saved with a 2-space indent)',
  load: (bytes, entry) => parseJson(bytes, entry),
  save: (value, entry) => formatJson(value, entry),
};
