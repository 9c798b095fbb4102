/** Read-only `https://` storage; the same driver as `http`, under its own scheme. */
import type { StorageDriver } from '../storage-driver.js';
import { createHttpDriver } from './http.js';

/** Reads `https://` URLs. */
export const httpsDriver: StorageDriver = createHttpDriver('https');
