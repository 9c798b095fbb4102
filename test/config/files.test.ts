import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConfig, inferDatasetType, parseSweepConfig, projectRootOf, readSweepConfig, renderInitConfig, resolveLocation, sweepConfigJsonSchema } from '../../src/config/index.js';
import { renderJsonSchema } from '../../src/config/json-schema.js';
import { SCHEMA_FILE, writeSchema } from '../../src/config/write-schema.js';
import { SweepError } from '../../src/core/index.js';

function tempProject(): string {
  return mkdtempSync(join(tmpdir(), 'sweep-config-'));
}

describe('finding and reading config files', () => {
  it('findConfig looks in cwd and then its parents', () => {
    const root = tempProject();
    mkdirSync(join(root, 'conf'));
    mkdirSync(join(root, 'a', 'b'), { recursive: true });
    writeFileSync(join(root, 'conf', 'sweep.yaml'), 'x: 1\n');
    expect(findConfig(join(root, 'a', 'b'))).toBe(join(root, 'conf', 'sweep.yaml'));
    expect(findConfig(root)).toBe(join(root, 'conf', 'sweep.yaml'));
    expect(findConfig(tempProject())).toBeUndefined();
  });

  it('projectRootOf is the folder holding conf/, else the file\'s folder', () => {
    expect(projectRootOf('/p/conf/sweep.yaml')).toBe('/p');
    expect(projectRootOf('/p/configs/sweep.yaml')).toBe('/p/configs');
    expect(projectRootOf('/p/sweep.yaml')).toBe('/p');
  });

  it('locations: URLs kept, file:// URLs become paths, relative paths join the root', () => {
    expect(resolveLocation('https://x.org/a.csv', '/p')).toBe('https://x.org/a.csv');
    expect(resolveLocation('s3://bucket/a.csv', '/p')).toBe('s3://bucket/a.csv');
    expect(resolveLocation('memory://a', '/p')).toBe('memory://a');
    expect(resolveLocation('file:///d/a.csv', '/p')).toBe('/d/a.csv');
    expect(resolveLocation('d/a.csv', '/p')).toBe('/p/d/a.csv');
    expect(resolveLocation('/abs/a.csv', '/p')).toBe('/abs/a.csv');
  });

  it('infers dataset types from extensions', () => {
    const cases: Array<[string, string | undefined]> = [
      ['a.csv', 'csv'],
      ['a.CSV.gz', 'csv'],
      ['a.tsv', 'csv'],
      ['a.arff', 'arff'],
      ['a.svm', 'libsvm'],
      ['a.libsvm.gz', 'libsvm'],
      ['a.ndjson', 'jsonl'],
      ['a.json', 'json'],
      ['train-images-idx3-ubyte.gz', 'idx'],
      ['https://x.org/d/a.csv?dl=1', 'csv'],
      ['memory://x', 'memory'],
      ['README', undefined],
      ['a.parquet', undefined],
    ];
    for (const [path, type] of cases) expect([path, inferDatasetType(path)?.type]).toEqual([path, type]);
    expect(inferDatasetType('x.tsv.gz')?.delimiter).toBe('\t');
  });

  it('a missing file is SWEEP_CONFIG_NOT_FOUND', async () => {
    const error = await readSweepConfig(join(tempProject(), 'conf', 'sweep.yaml')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SweepError);
    expect((error as SweepError).code).toBe('SWEEP_CONFIG_NOT_FOUND');
    expect((error as SweepError).hint).toMatch(/sweep init/);
  });

  it('reads catalog.yaml next to sweep.yaml', async () => {
    const root = tempProject();
    mkdirSync(join(root, 'conf'));
    writeFileSync(join(root, 'conf', 'sweep.yaml'), 'datasets: [adult]\nalgorithms: { knn: }\n');
    writeFileSync(join(root, 'conf', 'catalog.yaml'), 'adult: { path: data/adult.csv, target: income }\n');
    const config = await readSweepConfig(join(root, 'conf', 'sweep.yaml'));
    expect(config.catalogPath).toBe(join(root, 'conf', 'catalog.yaml'));
    expect(config.datasets[0]!.path).toBe(join(root, 'data', 'adult.csv'));
  });
});

describe('JSON Schema', () => {
  it('the committed schema/sweep.schema.json is up to date (npx tsx src/config/write-schema.ts)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(renderJsonSchema());
  });

  it('writeSchema writes the generated schema', async () => {
    const path = join(tempProject(), 'schema', 'sweep.schema.json');
    await writeSchema(path);
    const written = JSON.parse(readFileSync(path, 'utf8')) as { properties: Record<string, unknown>; additionalProperties: boolean };
    expect(written).toEqual(sweepConfigJsonSchema);
    expect(Object.keys(written.properties)).toEqual(['name', 'seed', 'datasets', 'algorithms', 'evaluation', 'learning_curve', 'output', 'cache', 'retries', 'runner']);
    expect(written.additionalProperties).toBe(false);
  });
});

describe('sweep init starter', () => {
  it('is valid, points editors at the schema and uses the bundled datasets', async () => {
    const files = renderInitConfig();
    expect(files['sweep.yaml'].startsWith('# yaml-language-server: $schema=../schema/sweep.schema.json\n')).toBe(true);
    const root = tempProject();
    mkdirSync(join(root, 'conf'));
    writeFileSync(join(root, 'conf', 'sweep.yaml'), files['sweep.yaml']);
    writeFileSync(join(root, 'conf', 'catalog.yaml'), files['catalog.yaml']);
    const config = await readSweepConfig(join(root, 'conf', 'sweep.yaml'));
    expect(config.datasets.map((d) => [d.name, d.path, d.target])).toEqual([
      ['adult', join(root, 'datasets', 'adult.csv.gz'), 'income'],
      ['mushroom', join(root, 'datasets', 'mushroom.csv.gz'), 'edibility'],
    ]);
    expect(config.algorithms.length).toBeGreaterThan(0);
    // The schema path in the comment is where the schema lands relative to conf/.
    expect(resolve(join(root, 'conf'), '../schema/sweep.schema.json')).toBe(join(root, 'schema', 'sweep.schema.json'));
  });

  it('the starter still parses when its commented examples are uncommented', () => {
    const files = renderInitConfig();
    const text = files['sweep.yaml'].replace(/^(\s*)# (knn|decision-tree-search|  algorithm|  search|letters|  path|  target|  sample)/gm, '$1$2');
    expect(text).toMatch(/^ {2}knn: /m);
    expect(text).toMatch(/^ {2}letters:\n {4}path: /m);
    const config = parseSweepConfig(text, '/proj/conf/sweep.yaml', files['catalog.yaml']);
    expect(config.datasets.map((d) => d.name)).toEqual(['adult', 'mushroom', 'letters']);
    expect(config.algorithms.find((a) => a.name === 'decision-tree-search')?.search?.paramGrid).toEqual({ max_depth: [4, 8, 16] });
  });
});
