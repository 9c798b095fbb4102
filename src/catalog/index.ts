/**
 * catalog: named datasets over storage, as in Kedro's DataCatalog. A dataset type turns bytes
 * into values (csv, idx, json, model, table, text, memory, arff, libsvm, jsonl); a storage driver, picked by the URL
 * scheme of `path`, moves bytes (file, http, https, memory, s3).
 */
export { Catalog } from './catalog.js';
export type { DatasetEntry, DatasetType, LoadContext } from './dataset-type.js';
export { invalidDataset } from './dataset-type.js';
export type { StorageDriver } from './storage-driver.js';
export { StorageError, schemeOf, isUrl, joinLocation, relativeLocation, parentLocation } from './storage-driver.js';
export { configureStorage, storageRetries, withRetries, DEFAULT_RETRIES, type StorageSettings } from './retry.js';
export { datasetTypes, storageDrivers } from './registry.js';
export { isGzip } from './bytes.js';
export { DEFAULT_NA_VALUES, csvColumnNames } from './types/csv.js';
export { encodeTable, decodeTable } from './types/table.js';
export type { StoredModel } from './types/model.js';
