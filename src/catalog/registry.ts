/**
 * The two registries of the catalog. Adding a dataset type or a storage driver is one file in
 * `types/` or `storage/` plus one line here; the contract tests pick it up by iterating these.
 */
import { Registry } from '../core/index.js';
import type { DatasetType } from './dataset-type.js';
import type { StorageDriver } from './storage-driver.js';
import { fileDriver } from './storage/file.js';
import { httpDriver } from './storage/http.js';
import { httpsDriver } from './storage/https.js';
import { memoryDriver } from './storage/memory.js';
import { s3Driver } from './storage/s3.js';
import { arffType } from './types/arff.js';
import { csvType } from './types/csv.js';
import { idxType } from './types/idx.js';
import { jsonType } from './types/json.js';
import { jsonlType } from './types/jsonl.js';
import { libsvmType } from './types/libsvm.js';
import { memoryType } from './types/memory.js';
import { modelType } from './types/model.js';
import { tableType } from './types/table.js';
import { textType } from './types/text.js';

/** Dataset types by name (file name = key: `types/csv.ts` ↔ `csv`). */
export const datasetTypes = new Registry<DatasetType>('dataset type')
  .register('arff', arffType)
  .register('csv', csvType)
  .register('idx', idxType)
  .register('json', jsonType)
  .register('jsonl', jsonlType)
  .register('libsvm', libsvmType)
  .register('memory', memoryType)
  .register('model', modelType)
  .register('table', tableType)
  .register('text', textType);

/**
 * Storage drivers by URL scheme (file name = key: `storage/file.ts` ↔ `file`). Plain paths use
 * `file`. `s3` imports the AWS SDK only when an `s3://` URL is first used.
 */
export const storageDrivers = new Registry<StorageDriver>('storage driver')
  .register('file', fileDriver)
  .register('http', httpDriver)
  .register('https', httpsDriver)
  .register('memory', memoryDriver)
  .register('s3', s3Driver);
