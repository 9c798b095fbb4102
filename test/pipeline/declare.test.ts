import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/index.js';
import { SweepError } from '../../src/core/index.js';
import { declareNode, one, out, Pipeline } from '../../src/pipeline/index.js';
import { runners } from '../../src/runner/index.js';
import { sumTimes } from '../fixtures/pipelines/nodes.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('declareNode', () => {
  it('derives the ref from the declaration and binds list and optional inputs without names to decode', () => {
    expect(sumTimes.ref).toEqual({ module: expect.stringMatching(/nodes\.(ts|js)$/), export: 'sumTimes' });
    const n = sumTimes.node({ name: 's', inputs: { xs: ['a', 'b', 'c'] }, outputs: { total: 't' }, args: { by: 2 } });
    expect(Object.values(n.inputs)).toEqual(['a', 'b', 'c']);
    expect(n.ref).toEqual(sumTimes.ref);
    expect(n.version).toBe(sumTimes.version);
    expect(n.args).toEqual({ by: 2 });
  });

  it('regroups list inputs for the function, in binding order, and leaves an unbound optional input undefined', async () => {
    const n = sumTimes.node({ name: 's', inputs: { xs: ['b', 'a'], extra: 'e' }, outputs: { total: 't' }, args: { by: 10 } });
    const flat = Object.fromEntries(Object.entries(n.inputs).map(([local, dataset]) => [local, { a: 1, b: 2, e: 100 }[dataset]]));
    expect(await n.fn(flat, n.args)).toEqual({ total: 1030 });
    const empty = sumTimes.node({ name: 'e', inputs: { xs: [] }, outputs: { total: 't' }, args: { by: 1 } });
    expect(await empty.fn({}, empty.args)).toEqual({ total: 0 });
  });

  it('gives a code version that changes with the declared version and with the source of run', () => {
    const spec = { name: 'f', module: import.meta.url, inputs: { x: one<number>() }, outputs: { y: out<number>() } };
    const a = declareNode({ ...spec, version: 1, run: ({ x }, _args: object) => ({ y: x + 1 }) });
    const b = declareNode({ ...spec, version: 2, run: ({ x }, _args: object) => ({ y: x + 1 }) });
    const c = declareNode({ ...spec, version: 1, run: ({ x }, _args: object) => ({ y: x + 2 }) });
    const a2 = declareNode({ ...spec, version: 1, run: ({ x }, _args: object) => ({ y: x + 1 }) });
    expect(a.version).toBe(a2.version);
    expect(new Set([a.version, b.version, c.version]).size).toBe(3);
  });

  it('refuses a node whose required input is not bound', () => {
    const f = declareNode({ name: 'f', module: import.meta.url, version: 1, inputs: { x: one<number>() }, outputs: { y: out<number>() }, run: ({ x }, _args: object) => ({ y: x }) });
    // Forced past the compiler on purpose: the run-time check is what a JavaScript caller meets.
    expect(() => f.node({ name: 'n', inputs: {} as { x: string }, outputs: { y: 'y' }, args: {} })).toThrow(SweepError);
  });

  it('runs on a worker thread, which imports the declaration by its ref', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sweep-declare-'));
    dirs.push(dir);
    const names = ['a', 'b', 'e', 't'];
    const catalog = new Catalog(names.map((name) => ({ name, type: 'json', path: path.join(dir, `${name}.json`) })));
    await catalog.save('a', 1);
    await catalog.save('b', 2);
    await catalog.save('e', 3);
    const pipeline = new Pipeline([sumTimes.node({ name: 's', inputs: { xs: ['a', 'b'], extra: 'e' }, outputs: { total: 't' }, args: { by: 3 } })]);
    const run = await runners.get('pool')({ jobs: 1 }).run(pipeline, catalog);
    expect(run.ok).toBe(true);
    expect(run.results.get('s')!.worker).toBe(0);
    expect(await catalog.load('t')).toBe(18);
  });
});
