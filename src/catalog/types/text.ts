/** A UTF-8 string (logs, rendered reports, anything textual). */
import { invalidDataset, type DatasetType } from '../dataset-type.js';

/** The `text` dataset type. */
export const textType: DatasetType<string> = {
  name: 'text',
  summary: 'a UTF-8 string',
  load: (bytes) => bytes.toString('utf8'),
  save: (value, entry) => {
    if (typeof value !== 'string') throw invalidDataset(entry, `cannot save a ${typeof value} as text; expected a string`);
    return Buffer.from(value, 'utf8');
  },
};
