// examples/quickstart.mjs run as a user would: from another folder, with `sweep` resolved through
// the package's `exports` (a project whose node_modules/sweep links to this package, as
// `npm install`/`npm link` makes it), then its printed results checked against the run folder.
// Needs `npm run build` (npm test does it).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SweepResults } from '../../src/report/index.js';
import { tempProject } from '../helpers/project.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const project = tempProject('sweep-example-');
afterAll(() => project.cleanup());

/** A user's project: the example and its data copied in, sweep "installed" as a link. */
function setUp(): { script: string; cwd: string } {
  const root = path.join(project.root, 'user-project');
  cpSync(path.join(REPO, 'examples'), path.join(root, 'examples'), { recursive: true, filter: (src) => !/[/\\](reports|\.sweep)$/.test(src) });
  mkdirSync(path.join(root, 'data'));
  for (const f of ['letters-train.csv', 'letters-test.csv']) cpSync(path.join(REPO, 'data', f), path.join(root, 'data', f));
  mkdirSync(path.join(root, 'node_modules'));
  symlinkSync(REPO, path.join(root, 'node_modules', 'sweep'), 'dir');
  const cwd = path.join(project.root, 'somewhere-else');
  mkdirSync(cwd);
  return { script: path.join(root, 'examples', 'quickstart.mjs'), cwd };
}

function run(script: string, cwd: string): { stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [script], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  return { stdout: r.stdout, stderr: r.stderr };
}

function field(line: string, name: string): string {
  const m = new RegExp(`${name}=(\\S+)`).exec(line);
  if (m === null) throw new Error(`no ${name}= in: ${line}`);
  return m[1]!;
}

describe('examples/quickstart.mjs', () => {
  it('runs from another folder through the package exports, prints the run results, and hits the cache the second time', () => {
    expect(existsSync(path.join(REPO, 'dist/api/index.js')), 'run `npm run build` first').toBe(true);
    const { script, cwd } = setUp();
    const first = run(script, cwd).stdout.split('\n');
    expect(first[0]).toBe('plan: 2 cells, 9 nodes');
    const runDir = first.find((l) => l.startsWith('run: '))!.slice(5);
    // Anchored to the config (examples/reports), not to the working directory.
    expect(path.dirname(runDir)).toBe(path.join(project.root, 'user-project', 'examples', 'reports'));
    expect(readdirSync(cwd)).toEqual([]);
    const results = JSON.parse(readFileSync(path.join(runDir, 'results.json'), 'utf8')) as SweepResults;
    const cells = first.filter((l) => l.startsWith('cell: '));
    expect(cells).toHaveLength(2);
    for (const c of results.cells) {
      const line = cells.find((l) => l.startsWith(`cell: ${c.dataset} ${c.algorithm} ok `))!;
      expect(line, `${c.algorithm} printed`).toBeDefined();
      expect(Number(field(line, 'accuracy'))).toBe(c.metrics.test['accuracy']);
      expect(field(line, 'cache')).toBe('miss');
    }
    // The estimator class on the catalog's X, y: the same tree as the run's decision-tree cell.
    const tree = results.cells.find((c) => c.algorithm === 'decision-tree')!;
    const estimator = first.find((l) => l.startsWith('estimator: '))!;
    expect(Number(field(estimator, 'accuracy'))).toBe(tree.metrics.test['accuracy']);
    expect(tree.metrics.test['accuracy']).toBeGreaterThan(0.5);

    const second = run(script, cwd).stdout.split('\n').filter((l) => l.startsWith('cell: '));
    expect(second.map((l) => field(l, 'cache'))).toEqual(['hit', 'hit']);
    expect(second.map((l) => field(l, 'accuracy'))).toEqual(cells.map((l) => field(l, 'accuracy')));
  });

  it('typechecks against the published types (package.json exports → dist/api/index.d.ts)', () => {
    const { script } = { script: path.join(project.root, 'user-project', 'examples', 'quickstart.mjs') };
    if (!existsSync(script)) setUp();
    const tsc = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = ['--noEmit', '--allowJs', '--checkJs', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', '--typeRoots', path.join(REPO, 'node_modules', '@types'), '--types', 'node', script];
    const r = spawnSync(process.execPath, [tsc, ...args], { cwd: path.dirname(script), encoding: 'utf8', timeout: 120_000 });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
