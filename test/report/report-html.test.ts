import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunResults, renderRunReports } from '../../src/sweep/index.js';
import { sweepInProcess, type CliRun } from '../helpers/cli.js';
import { copyRun, loadRun } from './fixtures.js';

// `sweep report RUN` redraws a stored fixture run (5 datasets × 4 algorithms, one failed cell,
// hostile strings in labels, names, params, errors and the config) without running anything.
let run: { dir: string; cleanup(): void };
let cli: CliRun;
let html: string;

beforeAll(async () => {
  run = copyRun('run-cv');
  cli = await sweepInProcess(['report', run.dir, '--json', '--baseline', 'naive-bayes'], path.dirname(run.dir));
  html = readFileSync(path.join(run.dir, 'report.html'), 'utf8');
});
afterAll(() => run.cleanup());

describe('sweep report', () => {
  it('writes every report file, each chart spec beside its SVG', () => {
    expect(cli.code).toBe(0);
    const out = JSON.parse(cli.stdout) as { run_dir: string; files: string[]; charts: number; warnings: string[] };
    expect(out.run_dir).toBe(run.dir);
    expect(out.warnings).toEqual([]);
    for (const f of ['results.json', 'results.csv', 'summary.md', 'statistics.json', 'tables.tex', 'report.html']) expect(existsSync(path.join(run.dir, f))).toBe(true);
    const charts = readdirSync(path.join(run.dir, 'charts'));
    // The CD diagram is drawn without Vega-Lite: an SVG with no spec beside it.
    expect(charts).toContain('cd-diagram.svg');
    expect(out.files).toContain('charts/cd-diagram.svg');
    const svgs = charts.filter((f) => f.endsWith('.svg') && f !== 'cd-diagram.svg');
    expect(svgs.length).toBe(out.charts);
    const datasets = new Set(loadRun('run-cv').results.cells.filter((c) => c.status === 'ok').map((c) => c.dataset)).size;
    expect(out.charts).toBe(1 + 3 + 1 + 1 + datasets + 4 * 19); // heatmap, bars per metric, timing, baseline-tuned, cost vs score per dataset, 4 per ok cell
    for (const s of svgs) expect(charts).toContain(s.replace(/\.svg$/, '.vl.json'));
    const spec = JSON.parse(readFileSync(path.join(run.dir, 'charts', 'heatmap__accuracy.vl.json'), 'utf8')) as { $schema: string };
    expect(spec.$schema).toMatch(/vega-lite\/v6/);
    expect(cli.stderr).toMatch(/report: .*report\.html \(\d+ charts/);
  });

  it('stores the statistics with the chosen baseline', () => {
    const stats = JSON.parse(readFileSync(path.join(run.dir, 'statistics.json'), 'utf8')) as { win_tie_loss: { baseline: string }; friedman: { applicable: boolean } };
    expect(stats.win_tie_loss.baseline).toBe('naive-bayes');
    expect(stats.friedman.applicable).toBe(true);
  });

  it('has every section of the report', () => {
    for (const id of ['answer', 'overview', 'leaderboard', 'metrics', 'statistics', 'datasets', 'failures', 'config', 'pipeline', 'cd-diagram']) expect(html).toContain(`id="${id}"`);
    for (const d of ['iris', 'wine', 'breast-cancer', 'digits', 'hostile']) expect(html).toContain(`id="dataset-${d}"`);
    expect(html.match(/<details class="cell/g)!.length).toBe(20 + 2); // every cell, plus one per other metric
    expect(html).toContain('Nadeau–Bengio corrected resampled t-test over 10 folds');
    expect(html).toContain('Critical-difference diagram');
    expect(html).toContain('id="cell-hostile-knn"');
  });

  it('escapes every string from data and config', () => {
    // Matches only, not the whole document, in a failure message.
    expect(html.match(/<script/i)).toBeNull();
    expect(html.match(/<img/i)).toBeNull();
    expect(html.match(/<b>target/)).toBeNull();
    expect(html.match(/<[^>]*\sonerror=/i)).toBeNull(); // the text 'onerror=' is fine; an attribute is not
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&amp;&quot;&#39;');
    expect(html).toContain('fixture-&lt;sweep&gt; &amp; &quot;co&quot;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;'); // a param value and the config text
    expect(html).toContain('see &lt;hint&gt; &amp; &quot;quotes&quot;'); // an error hint
  });

  it('is self-contained: no scripts, no external references, unique ids', () => {
    expect(html).toContain(`Content-Security-Policy" content="default-src 'none'`);
    const refs = [...html.matchAll(/\s(?:src|href|xlink:href)="([^"]*)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(50);
    for (const r of refs) expect(r.startsWith('#')).toBe(true);
    expect(html.match(/@import|url\((?!#)/)).toBeNull();
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of html.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(m[1]);
  });
});

describe('renderRunReports', () => {
  it('redraws the same report.html from the same results, and says which cell report is missing', async () => {
    const copy = copyRun('run-holdout');
    try {
      const results = await readRunResults(copy.dir);
      await renderRunReports(copy.dir, results);
      const first = readFileSync(path.join(copy.dir, 'report.html'), 'utf8');
      const again = await renderRunReports(copy.dir, results);
      expect(again.warnings).toEqual([]);
      const second = readFileSync(path.join(copy.dir, 'report.html'), 'utf8');
      expect(second === first, 'report.html differs between two renders of the same results').toBe(true);

      rmSync(path.join(copy.dir, 'iris', 'knn', 'report.json'));
      const partial = await renderRunReports(copy.dir, results);
      expect(partial.warnings).toEqual(['iris × knn: iris/knn/report.json is missing; its details are left out']);
      expect(readFileSync(path.join(copy.dir, 'report-warnings.txt'), 'utf8')).toContain('iris/knn/report.json is missing');
      expect(existsSync(path.join(copy.dir, 'charts', 'confusion-matrix__iris__knn.svg'))).toBe(false);
      expect(existsSync(path.join(copy.dir, 'charts', 'confusion-matrix__iris__naive-bayes.svg'))).toBe(true);
      expect(readFileSync(path.join(copy.dir, 'report.html'), 'utf8')).toContain('id="cell-iris-knn"');
    } finally {
      copy.cleanup();
    }
  });
});
