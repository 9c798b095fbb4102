/** `sweep init`: scaffolds `conf/` (a starter sweep and catalog) in an empty project folder. */
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { renderInitConfig, renderJsonSchema } from '../config/index.js';
import { SweepError } from '../core/index.js';
import type { CliIO, Style } from './output.js';

/**
 * Writes `conf/sweep.yaml` and `conf/catalog.yaml` into `dir` (default: the cwd), and copies the
 * two bundled datasets the starter config uses; never overwrites anything.
 */
export async function initCommand(io: CliIO, style: Style, dir: string | undefined): Promise<string[]> {
  const root = path.resolve(io.cwd, dir ?? '.');
  const conf = path.join(root, 'conf');
  const existing = await readdir(conf).catch(() => [] as string[]);
  if (existing.length > 0) {
    throw new SweepError('SWEEP_USAGE', `${conf} already exists and is not empty`, { hint: 'sweep init only scaffolds a new project; edit conf/sweep.yaml instead' });
  }
  await mkdir(conf, { recursive: true });
  await mkdir(path.join(root, 'reports'), { recursive: true });
  const files = renderInitConfig();
  const written: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(conf, name);
    await writeFile(file, text, { flag: 'wx' });
    written.push(file);
  }
  // The starter's first line points editors at the JSON Schema; write it where it says.
  const schema = path.join(root, 'schema', 'sweep.schema.json');
  await mkdir(path.dirname(schema), { recursive: true });
  await writeFile(schema, renderJsonSchema(), { flag: 'wx' }).then(
    () => written.push(schema),
    () => undefined, // an existing schema file is left as it is
  );
  // The starter config points at two bundled datasets; copy them so the scaffold runs as is.
  const bundled = fileURLToPath(new URL('../../datasets/', import.meta.url));
  await mkdir(path.join(root, 'datasets'), { recursive: true });
  for (const name of ['adult.csv.gz', 'mushroom.csv.gz']) {
    const target = path.join(root, 'datasets', name);
    try {
      await copyFile(path.join(bundled, name), target, 1 /* COPYFILE_EXCL: never overwrite */);
      written.push(target);
    } catch {
      // Already there, or not bundled with this install: the config's paths say what to provide.
    }
  }
  io.stderr.write(`${style.green('created')} ${written.map((f) => path.relative(io.cwd, f) || f).join(', ')}\n`);
  io.stderr.write(`next: put your data in datasets/ (or point \`path:\` at it), then run ${style.bold('sweep run')}\n`);
  return written;
}
