// Each cell's cache status in report.html (a badge) and the counts in the run summaries (the
// report's Run table and the line `sweep run` ends with).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sweepInProcess } from '../helpers/cli.js';
import { makeToyCsv, tempProject } from '../helpers/project.js';

const project = tempProject('sweep-cache-badge-');
afterAll(() => project.cleanup());
project.write('data/toy.csv', makeToyCsv(100, 3));
const config = (smoothing: string) =>
  `name: badge\nseed: 0\ndatasets:\n  toy: { path: data/toy.csv, target: label }\nalgorithms:\n  decision-tree: { max_depth: 2 }\n  naive-bayes: { var_smoothing: ${smoothing} }\nevaluation:\n  metrics: [accuracy]\n`;

async function run(smoothing: string, extra: string[] = []): Promise<{ stderr: string; html: string }> {
  project.write('conf/sweep.yaml', config(smoothing));
  const r = await sweepInProcess(['run', '--jobs', '1', ...extra], project.root);
  expect(r.code, r.stderr).toBe(0);
  const dir = /reports: (\S+)\//.exec(r.stderr)![1]!;
  return { stderr: r.stderr, html: readFileSync(path.join(project.root, dir, 'report.html'), 'utf8') };
}

const badges = (html: string): string[] => [...html.matchAll(/<span class="cell-name">([^<]+)<\/span>.*?class="badge cache-(\w+)"/g)].map((m) => `${m[1]}:${m[2]}`);

describe('cache status in the report', () => {
  it('shows hit, miss or partial on each cell and counts them in the Run table and on stderr', async () => {
    const cold = await run('1e-9');
    expect(badges(cold.html)).toEqual(['decision-tree:miss', 'naive-bayes:miss']);
    expect(cold.html).toContain('cache: 2 miss');
    expect(cold.stderr).toMatch(/\(cache: 2 miss\)/);

    const warm = await run('1e-9');
    expect(badges(warm.html)).toEqual(['decision-tree:hit', 'naive-bayes:hit']);
    expect(warm.html).toContain('cache: 2 hit');
    expect(warm.stderr).toMatch(/\(cache: 2 hit\)/);

    const changed = await run('1e-8');
    expect(badges(changed.html)).toEqual(['decision-tree:hit', 'naive-bayes:miss']);
    expect(changed.stderr).toMatch(/\(cache: 1 hit, 1 miss\)/);

    const off = await run('1e-8', ['--no-cache']);
    expect(badges(off.html)).toEqual([]);
    expect(off.stderr).not.toMatch(/cache:/);
  });
});
