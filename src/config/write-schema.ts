/**
 * Writes `schema/sweep.schema.json` from the zod schema. Run after changing `schema.ts`:
 * `npx tsx src/config/write-schema.ts` (a test fails while the committed file is stale).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderJsonSchema } from './json-schema.js';

/** Writes the JSON Schema of sweep.yaml to `path`. */
export async function writeSchema(path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, renderJsonSchema());
}

/** The committed schema file of this checkout. */
export const SCHEMA_FILE = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schema', 'sweep.schema.json');

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await writeSchema(process.argv[2] ?? SCHEMA_FILE);
}
