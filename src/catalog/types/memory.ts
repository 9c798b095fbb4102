/**
 * A live JavaScript value kept in the Catalog instance; `path` is ignored (write `memory://name`
 * by convention). Nothing is serialized, so these datasets cannot cross worker threads: runners
 * run nodes touching them on the main thread.
 */
import type { DatasetType } from '../dataset-type.js';

/** The `memory` dataset type; the catalog stores values itself, so `load`/`save` are never called. */
export const memoryType: DatasetType = {
  name: 'memory',
  summary: 'a live value kept in the catalog instance (same process only)',
  live: true,
  load(_bytes, entry) {
    throw new Error(`dataset '${entry.name}': memory datasets are held by the Catalog; load them through Catalog.load`);
  },
};
