// `sweep run --fail-fast`: the first failed cell stops scheduling; cells not finished are reported
// as skipped (in results.json and on stderr) and the exit code is non-zero. Without the flag the
// same failure costs only its cell.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SweepResults } from '../../src/report/index.js';
import { sweepInProcess } from '../helpers/cli.js';
import { makeToyCsv, tempProject } from '../helpers/project.js';

const project = tempProject('sweep-fail-fast-');
afterAll(() => project.cleanup());
project.write('data/a.csv', makeToyCsv(120, 2));
project.write('data/b.csv', makeToyCsv(120, 5));
// multinomial naive Bayes refuses x2's negative values at fit: a cell that always fails. It is
// listed first, so with one job it fails before any other cell has run.
project.write(
  'conf/sweep.yaml',
  'name: ff\nseed: 0\ndatasets:\n  a: { path: data/a.csv, target: label }\n  b: { path: data/b.csv, target: label }\nalgorithms:\n  naive-bayes: { variant: multinomial }\n  decision-tree: { max_depth: 3 }\nevaluation:\n  metrics: [accuracy]\n',
);

function results(stderr: string): SweepResults {
  const dir = /reports: (\S+)\//.exec(stderr)![1]!;
  return JSON.parse(readFileSync(path.join(project.root, dir, 'results.json'), 'utf8')) as SweepResults;
}

describe('sweep run --fail-fast', () => {
  it('stops at the first failed cell, reports the rest as skipped, and exits non-zero', async () => {
    const run = await sweepInProcess(['run', '--fail-fast', '--jobs', '1', '--no-cache'], project.root);
    expect(run.code).toBe(1);
    const r = results(run.stderr);
    const status = Object.fromEntries(r.cells.map((c) => [`${c.dataset}/${c.algorithm}`, c.status]));
    expect(status['a/naive-bayes']).toBe('failed');
    expect(r.cells.find((c) => c.status === 'failed')!.error!.message).toMatch(/non-negative/);
    expect(r.cells.filter((c) => c.status === 'failed')).toHaveLength(1);
    const skipped = r.cells.filter((c) => c.status === 'skipped');
    expect(skipped.length).toBeGreaterThanOrEqual(2);
    for (const c of skipped) expect(c.error!.message).toMatch(/interrupted/);
    expect(run.stderr).toMatch(new RegExp(`1 failed, ${skipped.length} skipped`));
  });

  it('without it, the failing cells fail alone and every other cell finishes', async () => {
    const run = await sweepInProcess(['run', '--jobs', '1', '--no-cache'], project.root);
    expect(run.code).toBe(1);
    const status = Object.fromEntries(results(run.stderr).cells.map((c) => [`${c.dataset}/${c.algorithm}`, c.status]));
    expect(status).toEqual({ 'a/naive-bayes': 'failed', 'a/decision-tree': 'ok', 'b/naive-bayes': 'failed', 'b/decision-tree': 'ok' });
  });
});
