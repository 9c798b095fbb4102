/**
 * Dirty data through a whole sweep (issue 12): odd tokens stay missing values of numeric columns
 * and are said in dataset.json, results.json, the CLI and the report; the training file decides
 * column kinds; a continuous target and a too-small sample are named before any model is fitted.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSweepConfig } from '../../src/config/index.js';
import type { SweepResults } from '../../src/report/index.js';
import { runSweep } from '../../src/sweep/index.js';
import { sweepInProcess } from '../helpers/cli.js';
import { makeToyCsv, tempProject, type TempProject } from '../helpers/project.js';

let project: TempProject;

/** `makeToyCsv` with field `x1` of data rows `at` replaced by `token`. */
function spliced(text: string, replacements: Record<number, string>): string {
  const lines = text.split('\n');
  for (const [at, token] of Object.entries(replacements)) {
    const fields = lines[Number(at) + 1]!.split(',');
    fields[0] = token;
    lines[Number(at) + 1] = fields.join(',');
  }
  return lines.join('\n');
}

beforeAll(() => {
  project = tempProject();
  const clean = makeToyCsv(240, 5);
  project.write('datasets/clean.csv', clean);
  project.write('datasets/dirty.csv', spliced(clean, { 3: 'oops', 50: 'inf', 51: '1e309', 90: 'n/a?' }));
  const [head, ...rows] = makeToyCsv(300, 9).trim().split('\n');
  project.write('datasets/train.csv', `${[head, ...rows.slice(0, 200)].join('\n')}\n`);
  project.write('datasets/test.csv', spliced(`${[head, ...rows.slice(200)].join('\n')}\n`, { 7: 'abc' }));
  project.write('datasets/semicolon.csv', clean.replaceAll(',', ';').replace(/(\d)\.(\d)/g, '$1,$2'));
  const continuous = ['x1,x2,price', ...Array.from({ length: 60 }, (_, i) => `${i},${i % 7},${(i * 1.37 + 0.11).toFixed(2)}`)];
  project.write('datasets/continuous.csv', `${continuous.join('\n')}\n`);
  project.write(
    'conf/sweep.yaml',
    `name: dirty
seed: 0
datasets:
  clean: { path: datasets/clean.csv, target: label }
  dirty: { path: datasets/dirty.csv, target: label }
  split: { path: datasets/train.csv, test_path: datasets/test.csv, target: label }
  semicolon: { path: datasets/semicolon.csv, target: label }
  continuous: { path: datasets/continuous.csv, target: price }
  tiny: { path: datasets/clean.csv, target: label, sample: 2 }
algorithms:
  naive-bayes: {}
evaluation:
  metrics: [accuracy]
`,
  );
});
afterAll(() => project.cleanup());

describe('a sweep over dirty data', () => {
  let results: SweepResults;
  let runDir: string;

  beforeAll(async () => {
    const config = await readSweepConfig(path.join(project.root, 'conf/sweep.yaml'));
    ({ results, runDir } = await runSweep(config, { jobs: 1, runId: 'dirty' }));
  });

  const dataset = (name: string) => results.datasets.find((d) => d.dataset === name)!;
  const cell = (name: string) => results.cells.find((c) => c.dataset === name)!;

  it('keeps a numeric column numeric with a few bad tokens, scores like the clean file, and records the tokens', () => {
    expect(dataset('dirty')).toMatchObject({ numeric: 2, categorical: 1, features: 3 });
    expect(dataset('dirty').notes).toEqual([
      { kind: 'unparsed', column: 'x1', count: 2, examples: ['oops', 'n/a?'], message: "column 'x1': 2 values are not a number ('oops', 'n/a?'); read as missing" },
      { kind: 'infinite', column: 'x1', count: 2, examples: ['inf', '1e309'], message: "column 'x1': 2 values are infinite ('inf', '1e309'); read as missing" },
    ]);
    expect(cell('dirty').status).toBe('ok');
    expect(Math.abs(cell('dirty').metrics.test['accuracy']! - cell('clean').metrics.test['accuracy']!)).toBeLessThan(0.03);
    const onDisk = JSON.parse(readFileSync(path.join(runDir, 'dirty', 'dataset.json'), 'utf8'));
    expect(onDisk.notes).toEqual(dataset('dirty').notes);
    expect(readFileSync(path.join(runDir, 'report.html'), 'utf8')).toContain('column &#39;x1&#39;: 2 values are not a number');
  });

  it('types columns by the training file: one word in the test file only is a missing value, not a categorical column', () => {
    expect(dataset('split')).toMatchObject({ numeric: 2, categorical: 1 });
    expect(dataset('split').notes).toEqual([expect.objectContaining({ kind: 'unparsed', column: 'x1', count: 1, examples: ['abc'] })]);
    expect(dataset('split').notes![0]!.message).toMatch(/test file/);
  });

  it("reads a ';' file with decimal commas without being told, and says what it sniffed", () => {
    expect(dataset('semicolon')).toMatchObject({ numeric: 2, categorical: 1 });
    expect(dataset('semicolon').notes!.map((n) => n.kind)).toEqual(['sniffed', 'sniffed']);
    expect(cell('semicolon').metrics.test['accuracy']).toBe(cell('clean').metrics.test['accuracy']);
  });

  it('names a continuous target instead of failing later with "no rows to score"', () => {
    expect(cell('continuous').status).toBe('failed');
    expect(cell('continuous').error!.message).toBe("dataset 'continuous': the target looks continuous (60 distinct numeric values); sweep does classification");
  });

  it('says what minimum the split needs when `sample:` is too small', () => {
    expect(cell('tiny').error!.message).toMatch(/dataset 'tiny': too few rows to split: `sample: 2` keeps 2, and a holdout split with test_size 0.3 needs a row of each of the 2 classes on both sides \(at least 7 rows\)/);
  });

  it('the CLI prints the data warnings after the run', async () => {
    const run = await sweepInProcess(['run', '--dataset', 'dirty', '--jobs', '1', '--out', 'cli-reports'], project.root);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/warning dataset 'dirty': column 'x1': 2 values are not a number \('oops', 'n\/a\?'\); read as missing/);
    expect(run.stderr).toMatch(/warning dataset 'dirty': column 'x1': 2 values are infinite/);
  });
});
