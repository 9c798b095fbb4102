// sweep list algorithms|runs, viz, compare warnings, latest per sweep name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { algorithms } from '../../src/models/index.js';
import { sweepInProcess } from '../helpers/cli.js';
import { tempProject, type TempProject } from '../helpers/project.js';

let project: TempProject;
beforeAll(() => {
  project = tempProject();
});
afterAll(() => project.cleanup());

describe('sweep list algorithms', () => {
  it('shows the params of every engine of every algorithm, the default naive-bayes included, and each variant’s own', async () => {
    const list = JSON.parse((await sweepInProcess(['list', 'algorithms', '--json'], project.root)).stdout) as Array<{ name: string; engines: Array<{ name: string; params: Array<{ name: string; default: unknown }>; variants: Array<{ key: string; value: unknown; params: Array<{ name: string }> }> }> }>;
    expect(list.map((a) => a.name)).toEqual(algorithms.names());
    for (const a of list) for (const e of a.engines) expect(e.params.length, `${a.name}/${e.name}`).toBeGreaterThan(0);
    const nb = list.find((a) => a.name === 'naive-bayes')!.engines.find((e) => e.name === 'native')!;
    expect(nb.params).toEqual([
      { name: 'variant', default: 'gaussian', description: null },
      expect.objectContaining({ name: 'var_smoothing', default: 1e-9 }),
      expect.objectContaining({ name: 'priors', default: null }),
    ]);
    expect(nb.variants.map((v) => v.value)).toEqual(['gaussian', 'multinomial', 'bernoulli', 'categorical']);
    expect(nb.variants.find((v) => v.value === 'bernoulli')!.params.map((p) => p.name)).toEqual(['alpha', 'fit_prior', 'class_prior', 'binarize']);
    const text = (await sweepInProcess(['list', 'algorithms'], project.root)).stdout;
    expect(text).toMatch(/engine native \(default\): variant="gaussian", var_smoothing=1e-9, priors=null\n/);
    expect(text).toMatch(/\n {4}variant="multinomial": alpha=1, fit_prior=true, class_prior=null\n/);
  });
});
