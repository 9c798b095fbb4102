import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSweepConfig, readSweepConfig } from '../../src/config/index.js';
import { ConfigError, SweepError } from '../../src/core/index.js';
import type { SweepResults } from '../../src/report/index.js';
import { runners } from '../../src/runner/index.js';
import { chooseRunner, runSweep } from '../../src/sweep/index.js';
import { makeToyCsv, tempProject, type TempProject } from '../helpers/project.js';

const base = `datasets:\n  toy: { path: toy.csv, target: label }\nalgorithms: { naive-bayes: }\n`;
const configWith = (runner: string) => parseSweepConfig(`${base}runner: ${runner}\n`, '/p/conf/sweep.yaml');

describe('the runner is chosen by name', () => {
  it('from `runner: NAME` or `runner: { name: NAME }` in the config, whatever the jobs', () => {
    expect(chooseRunner(configWith('sequential'), { jobs: 4 }).name).toBe('sequential');
    expect(chooseRunner(configWith('{ name: pool, jobs: 1 }'), { jobs: 1 }).name).toBe('pool');
  });

  it('from the command line over the config', () => {
    expect(chooseRunner(configWith('pool'), { jobs: 2, runner: 'sequential' }).name).toBe('sequential');
  });

  it('defaults to pool, or sequential for one job, when nothing names one', () => {
    const config = parseSweepConfig(base, '/p/conf/sweep.yaml');
    expect(config.runner).toBeNull();
    expect(chooseRunner(config, { jobs: 2 }).name).toBe('pool');
    expect(chooseRunner(config, { jobs: 1 }).name).toBe('sequential');
  });

  it('gives every registered runner its declared tags', () => {
    for (const name of runners.names()) {
      const runner = runners.get(name)();
      expect(runner.name).toBe(name);
      expect(typeof runner.tags.inProcess).toBe('boolean');
      expect(typeof runner.tags.remote).toBe('boolean');
    }
    expect(runners.get('sequential')().tags).toEqual({ inProcess: true, remote: false });
    expect(runners.get('pool')().tags).toEqual({ inProcess: false, remote: false });
  });

  it('rejects an unknown name in the config at its line, with the registry did-you-mean', () => {
    const config = parseSweepConfig(`${base}runner:\n  jobs: 2\n  name: pol\n`, '/p/conf/sweep.yaml');
    let error: unknown;
    try {
      chooseRunner(config, { jobs: 2 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(/sweep\.yaml:6 runner: unknown runner 'pol'; did you mean 'pool'\?/);
    expect((error as ConfigError).message).toMatch(/known runner names: .*pool.*sequential/);
  });

  it('rejects an unknown --runner with the registry did-you-mean', () => {
    expect(() => chooseRunner(configWith('pool'), { jobs: 2, runner: 'sequentail' })).toThrow(
      expect.objectContaining({ code: 'SWEEP_UNKNOWN_NAME', message: "unknown runner 'sequentail'; did you mean 'sequential'?" }) as unknown as SweepError,
    );
  });
});

describe('runSweep with a named runner', () => {
  let project: TempProject;
  beforeAll(() => {
    project = tempProject();
    project.write('datasets/toy.csv', makeToyCsv(120, 3));
    project.write('conf/sweep.yaml', `name: toy\ndatasets:\n  toy: { path: datasets/toy.csv, target: label }\nalgorithms: { naive-bayes: }\nrunner: sequential\n`);
  });
  afterAll(() => project.cleanup());

  it('runs with the config runner even with two jobs, and records it in results.json', async () => {
    const config = await readSweepConfig(path.join(project.root, 'conf/sweep.yaml'));
    const { results, runDir, ok } = await runSweep(config, { jobs: 2, runId: 'named' });
    expect(ok).toBe(true);
    expect(results.runner).toBe('sequential');
    expect((JSON.parse(readFileSync(path.join(runDir, 'results.json'), 'utf8')) as SweepResults).runner).toBe('sequential');
  });

  it('makes no run folder when the name is unknown', async () => {
    const config = await readSweepConfig(path.join(project.root, 'conf/sweep.yaml'));
    await expect(runSweep(config, { runner: 'nope', runId: 'unknown' })).rejects.toMatchObject({ code: 'SWEEP_UNKNOWN_NAME' });
    expect(() => readFileSync(path.join(project.root, 'reports/unknown/results.json'))).toThrow();
  });
});
