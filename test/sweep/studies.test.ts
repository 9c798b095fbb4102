// Studies that persist: a tpe search writes each trial as it finishes, a killed search resumes
// where it stopped, a larger n_trials continues the study, report.json lists the trials, and
// `sweep study ls|show` prints them. Same seed, same trials for --jobs 1 and 2.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSweepConfig } from '../../src/config/index.js';
import type { CellReport } from '../../src/report/index.js';
import { listStudies, runSweep } from '../../src/sweep/index.js';
import { sweepInProcess } from '../helpers/cli.js';
import { makeToyCsv, tempProject, type TempProject } from '../helpers/project.js';

let project: TempProject;
const yaml = (nTrials: number): string => `name: studies
seed: 3
datasets:
  toy: { path: datasets/toy.csv, target: label }
algorithms:
  decision-tree:
    search:
      method: tpe
      n_trials: ${nTrials}
      cv: 3
      sampler: { n_startup_trials: 3 }
      pruner: { kind: median, n_startup_trials: 2 }
      param_distributions:
        criterion: { choice: [gini, entropy] }
        max_depth: { randint: [1, 8] }
        min_samples_leaf: { randint: [1, 40], when: { criterion: gini } }
evaluation:
  metrics: [accuracy]
`;

beforeAll(() => {
  project = tempProject();
  project.write('datasets/toy.csv', makeToyCsv(240, 5));
});
afterAll(() => project.cleanup());

type Trial = NonNullable<CellReport['trials']>[number];
const strip = (trials: Trial[]): string => JSON.stringify(trials.map((t) => [t.number, t.params, t.state, t.value, t.intermediate, t.pruned_step ?? null]));

async function run(nTrials: number, runId: string, jobs: number, out: string): Promise<CellReport> {
  project.write('conf/sweep.yaml', yaml(nTrials).replace('name: studies', `name: studies\noutput: { dir: ${out} }`));
  const config = await readSweepConfig(path.join(project.root, 'conf/sweep.yaml'));
  const { runDir, ok } = await runSweep(config, { jobs, runId, only: ['tune'] });
  expect(ok).toBe(true);
  return JSON.parse(readFileSync(path.join(runDir, 'toy', 'decision-tree', 'report.json'), 'utf8')) as CellReport;
}

describe('persistent tpe studies', () => {
  it('writes every trial, lists them in report.json, resumes a killed study and continues with a larger n_trials; same for --jobs 1 and 2', async () => {
    const first = await run(8, 'a', 1, 'out-1');
    const trials = first.trials!;
    expect(trials.map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const t of trials) {
      expect(['complete', 'pruned', 'failed']).toContain(t.state);
      expect(t.duration_s).toBeGreaterThan(0);
      expect(t.intermediate.length).toBeGreaterThan(0);
      expect('min_samples_leaf' in t.params).toBe(t.params['criterion'] === 'gini');
    }
    const studies = await listStudies(path.join(project.root, 'out-1'));
    expect(studies.length).toBe(1);
    expect(studies[0]!.trials.length).toBe(8);

    // the same sweep on two threads gives the same trials
    const pooled = await run(8, 'b', 2, 'out-2');
    expect(strip(pooled.trials!)).toBe(strip(trials));

    // killed after 3 trials: keep 3 in the file; the rerun does trials 3..7 only, identically
    const file = studies[0]!.file;
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { trials: unknown[] };
    writeFileSync(file, JSON.stringify({ ...saved, trials: saved.trials.slice(0, 3) }));
    const resumed = await run(8, 'c', 1, 'out-1');
    expect(strip(resumed.trials!)).toBe(strip(trials));
    expect(resumed.trials!.slice(0, 3).map((t) => t.duration_s)).toEqual(trials.slice(0, 3).map((t) => t.duration_s));

    // a larger n_trials continues
    const more = await run(11, 'd', 1, 'out-1');
    expect(more.trials!.length).toBe(11);
    expect(strip(more.trials!.slice(0, 8))).toBe(strip(trials));
    expect((await listStudies(path.join(project.root, 'out-1')))[0]!.trials.length).toBe(11);

    const ls = await sweepInProcess(['study', 'ls'], project.root);
    expect(ls.code).toBe(0);
    expect(ls.stdout).toMatch(/toy\/decision-tree\s+0\s+11\s/);
    const show = await sweepInProcess(['study', 'show', 'toy/decision-tree', '--json'], project.root);
    expect(JSON.parse(show.stdout)[0].trials.length).toBe(11);
    const missing = await sweepInProcess(['study', 'show', 'toy/decision-tre'], project.root);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/did you mean 'toy\/decision-tree'/);
  });
});
