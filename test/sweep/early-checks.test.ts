/**
 * Checks that come before anything runs, and run-folder safety (issue 12). Each failed on the main
 * of 2026-12-02: a missing target or a folder as `path` left a run folder and exited 1, `sweep`
 * alone exited 0, `--dataset ''` ran everything, `/dev/zero` was read until memory ran out, runs
 * started together shared a folder, and Ctrl-C moved `latest` to the cut-short run.
 */
import { existsSync, mkdirSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSweepConfig } from '../../src/config/index.js';
import { runSweep } from '../../src/sweep/index.js';
import { sweepInProcess } from '../helpers/cli.js';
import { makeToyCsv, tempProject, type TempProject } from '../helpers/project.js';

let project: TempProject;
const config = (name: string) => readSweepConfig(path.join(project.root, `conf/${name}.yaml`));

beforeAll(() => {
  project = tempProject();
  project.write('datasets/toy.csv', makeToyCsv(60, 2));
  mkdirSync(path.join(project.root, 'datasets/folder.csv'));
  project.write('conf/sweep.yaml', 'name: ok\ndatasets:\n  toy: { path: datasets/toy.csv, target: label }\nalgorithms:\n  naive-bayes: {}\n');
  project.write('conf/target.yaml', 'name: t\ndatasets:\n  toy: { path: datasets/toy.csv, target: lable }\nalgorithms:\n  naive-bayes: {}\n');
  project.write('conf/folder.yaml', 'name: f\ndatasets:\n  dir:\n    path: datasets/folder.csv\n    target: label\nalgorithms:\n  naive-bayes: {}\n');
  project.write('conf/device.yaml', 'name: d\ndatasets:\n  zero: { path: /dev/zero, type: csv, target: label }\nalgorithms:\n  naive-bayes: {}\n');
});
afterAll(() => project.cleanup());

describe('checks before anything runs', () => {
  it('a missing target column: exit 2 with file:line and a did-you-mean, and no run folder', async () => {
    const run = await sweepInProcess(['run', '--config', 'conf/target.yaml', '--out', 'r-target'], project.root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/conf\/target\.yaml:3 datasets\.toy\.target: dataset 'toy': target column 'lable' not found; did you mean 'label'\?/);
    expect(existsSync(path.join(project.root, 'r-target'))).toBe(false);
  });

  it('a folder as `path`: exit 2 with file:line, no run folder', async () => {
    const run = await sweepInProcess(['run', '--config', 'conf/folder.yaml', '--out', 'r-folder'], project.root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/conf\/folder\.yaml:3 datasets\.dir\.path: dataset 'dir': .*folder\.csv is a folder, not a file/);
    expect(existsSync(path.join(project.root, 'r-folder'))).toBe(false);
  });

  it('a device (/dev/zero) is refused before it is read', async () => {
    const run = await sweepInProcess(['run', '--config', 'conf/device.yaml', '--out', 'r-device'], project.root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\/dev\/zero is not a regular file/);
  });

  it('`sweep` with no arguments exits non-zero with the help on stderr', async () => {
    const run = await sweepInProcess([], project.root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Usage: sweep/);
  });

  it("`--dataset ''` is a usage error, not every dataset", async () => {
    const run = await sweepInProcess(['run', '--dataset', '', '--out', 'r-empty'], project.root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/expected one or more names/);
    expect(existsSync(path.join(project.root, 'r-empty'))).toBe(false);
  });
});

describe('run folders', () => {
  it('runs started at the same moment with the same id each claim their own folder', async () => {
    const c = await config('sweep');
    const out = path.join(project.root, 'r-race');
    const runs = await Promise.all(Array.from({ length: 4 }, () => runSweep(c, { jobs: 1, outDir: out, runId: 'same' })));
    expect(new Set(runs.map((r) => r.runDir)).size).toBe(4);
    expect(readdirSync(out).filter((n) => n.startsWith('same')).sort()).toEqual(['same', 'same-2', 'same-3', 'same-4']);
  });

  it('after an interrupted run, cells show as skipped and `latest` is not moved to it', async () => {
    const c = await config('sweep');
    const out = path.join(project.root, 'r-abort');
    await runSweep(c, { jobs: 1, outDir: out, runId: 'complete' });
    const controller = new AbortController();
    controller.abort();
    const finished: string[] = [];
    const { results } = await runSweep(c, { jobs: 1, outDir: out, runId: 'cut', signal: controller.signal, onProgress: (p) => p.finished && finished.push(p.finished.status) });
    expect(results.cells.map((cell) => cell.status)).toEqual(['skipped']);
    expect(finished).toEqual(['skipped']);
    expect(readlinkSync(path.join(out, 'latest'))).toBe('complete');
  });

  it('--jobs past the core count is capped, with a note', async () => {
    const run = await sweepInProcess(['run', '--jobs', '1000', '--runner', 'sequential', '--out', 'r-jobs'], project.root);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/note: --jobs 1000 capped at the \d+ available cores/);
  });
});
