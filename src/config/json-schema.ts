/** The JSON Schema of sweep.yaml, for editors (`# yaml-language-server: $schema=…`). */
import { z } from 'zod';
import { sweepFileSchema } from './schema.js';

/** `z.toJSONSchema` of what users write (input side: keys with defaults are optional). */
export const sweepConfigJsonSchema: object = {
  ...z.toJSONSchema(sweepFileSchema, { io: 'input' }),
  $id: 'https://github.com/sweep/sweep/schema/sweep.schema.json',
  title: 'sweep.yaml',
};

/** The schema file's text as committed (`schema/sweep.schema.json`). */
export function renderJsonSchema(): string {
  return `${JSON.stringify(sweepConfigJsonSchema, null, 2)}\n`;
}
