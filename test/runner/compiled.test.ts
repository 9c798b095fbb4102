import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { JsonValue } from '../../src/core/index.js';
import type { NodeResult } from '../../src/runner/index.js';
import { expectFixture } from '../fixtures/pipelines/expect.js';
import { pipelineFixtures } from '../fixtures/pipelines/pipelines.js';

/**
 * The pool runner from compiled JavaScript, as `dist/` ships it: worker.js is started without tsx
 * and node refs point at compiled `.js` modules. Compiles the runner, its layers and the fixtures
 * with the project's tsconfig into a temp dir, then runs every fixture in a plain `node` process.
 */
const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
let out = '';

afterAll(async () => {
  if (out !== '') await rm(out, { recursive: true, force: true });
});

interface Row {
  fixture: string;
  runner: string;
  ok: boolean;
  results: Array<[string, NodeResult]>;
  outputs: Record<string, JsonValue | null>;
  refs: string[];
}

describe('compiled runners', () => {
  it('run every fixture from .js with .js refs, matching the contract', async () => {
    out = await mkdtemp(path.join(tmpdir(), 'sweep-compiled-'));
    await symlink(path.join(root, 'node_modules'), path.join(out, 'node_modules'), 'dir');
    await writeFile(path.join(out, 'package.json'), '{ "type": "module" }\n');
    const files = ['src/runner/index.ts', 'src/runner/worker.ts', 'test/fixtures/pipelines/pipelines.ts'].map((f) => path.join(root, f));
    const tsconfig = {
      extends: path.join(root, 'tsconfig.json'),
      compilerOptions: { rootDir: root, outDir: path.join(out, 'dist'), noEmit: false, sourceMap: false },
      include: [],
      files,
    };
    await writeFile(path.join(out, 'tsconfig.json'), JSON.stringify(tsconfig));
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    await run(process.execPath, [tsc, '-p', path.join(out, 'tsconfig.json')], { cwd: root });

    const dist = (f: string): string => JSON.stringify(pathToFileURL(path.join(out, 'dist', f)).href);
    const main = `
      import { mkdtemp } from 'node:fs/promises';
      import { tmpdir } from 'node:os';
      import path from 'node:path';
      import { runners } from ${dist('src/runner/index.js')};
      import { catalogFor, outputsOf, pipelineFixtures } from ${dist('test/fixtures/pipelines/pipelines.js')};
      const rows = [];
      for (const fixture of pipelineFixtures) {
        // Remote runners run compiled code in their workers: test/sweep/queue-run.test.ts starts
        // \`sweep worker\` from dist/ (bin/sweep.js) against the queue runner.
        for (const runner of runners.names().filter((name) => !runners.get(name)().tags.remote)) {
          const catalog = await catalogFor(fixture, await mkdtemp(path.join(${JSON.stringify(out)}, 'data-')));
          const result = await runners.get(runner)({ jobs: 2 }).run(fixture.pipeline, catalog);
          rows.push({ fixture: fixture.name, runner, ok: result.ok, results: [...result.results], outputs: await outputsOf(fixture, catalog), refs: fixture.pipeline.nodes.map((n) => n.ref.module) });
        }
      }
      process.stdout.write(JSON.stringify(rows));
    `;
    await mkdir(path.join(out, 'bin'));
    await writeFile(path.join(out, 'bin', 'main.js'), main);
    const { stdout } = await run(process.execPath, [path.join(out, 'bin', 'main.js')], { cwd: out });
    const rows = JSON.parse(stdout) as Row[];

    expect(new Set(rows.map((r) => r.runner))).toEqual(new Set(['sequential', 'pool']));
    expect(rows).toHaveLength(pipelineFixtures.length * 2);
    for (const row of rows) {
      const fixture = pipelineFixtures.find((f) => f.name === row.fixture)!;
      expectFixture(fixture, { ok: row.ok, results: new Map(row.results) }, row.outputs, `compiled ${row.runner}`);
      for (const ref of row.refs) expect(ref).toMatch(/^file:.*\/dist\/test\/fixtures\/pipelines\/nodes\.js$/);
    }
    // the pool really used worker threads for the file-backed diamond
    const diamond = rows.find((r) => r.runner === 'pool' && r.fixture.startsWith('diamond'))!;
    expect(diamond.results.every(([, r]) => typeof r.worker === 'number')).toBe(true);
  }, 120_000);
});
