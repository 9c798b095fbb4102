// The charts of an adaptive search (tpe): optimization history with pruned trials marked and the
// best so far, a slice panel per hyperparameter, and hyperparameter importances; and the
// importance computation they draw (permutation importance of a forest fitted on the trials).
import { describe, expect, it } from 'vitest';
import { paramImportance } from '../../src/evaluation/index.js';
import { buildCharts, cellKey, renderSvg, type CellReport, type TrialData } from '../../src/report/index.js';
import { loadRun } from './fixtures.js';

/** 20 trials where the score follows max_depth only; every fourth is pruned. */
function trials(): TrialData[] {
  return Array.from({ length: 20 }, (_, i) => {
    const depth = 1 + ((i * 7) % 12);
    const criterion = i % 2 === 0 ? 'gini' : 'entropy';
    const value = 0.6 + 0.02 * depth + 0.001 * (i % 3);
    const pruned = i % 4 === 3;
    return { number: i, params: { max_depth: depth, criterion }, value: pruned ? value - 0.1 : value, state: pruned ? 'pruned' : 'complete', intermediate: [[0, value]], duration_s: 0.1, ...(pruned ? { pruned_step: 0 } : {}), fold: 0 } as TrialData;
  });
}

describe('study charts', () => {
  it('importance goes to the hyperparameter the score follows', async () => {
    const imp = (await paramImportance(trials(), 0))!;
    expect(imp.method).toMatch(/permutation importance of a random forest/);
    expect(imp.n_trials).toBe(15);
    expect(imp.importances[0]!.param).toBe('max_depth');
    expect(imp.importances[0]!.importance).toBeGreaterThan(0.8);
    expect(imp.importances.reduce((s, v) => s + v.importance, 0)).toBeCloseTo(1, 12);
    expect(await paramImportance(trials().slice(0, 6), 0)).toBeNull();
  });

  it('are drawn for a cell with trials, mark pruned trials and draw the best so far', async () => {
    const run = loadRun('run-cv');
    const cell = run.results.cells.find((c) => c.status === 'ok')!;
    const key = cellKey(cell.dataset, cell.algorithm);
    const report: CellReport = { ...run.reports.get(key)!, trials: trials(), param_importance: (await paramImportance(trials(), 0))! };
    const reports = new Map(run.reports);
    reports.set(key, report);
    const built = buildCharts({ ...run, reports }, ['optimization-history', 'slice', 'param-importance']);
    expect(built.map((c) => c.kind)).toEqual(['optimization-history', 'slice', 'param-importance']);
    const history = built[0]!.spec as { layer: Array<{ encoding: object }>; data: { values: Array<{ state: string; best: number | null; value: number }> } };
    const values = history.data.values;
    expect(values.filter((v) => v.state === 'pruned').length).toBe(5);
    for (let i = 1; i < values.length; i++) expect(values[i]!.best!).toBeGreaterThanOrEqual(values[i - 1]!.best ?? -Infinity);
    expect(values.at(-1)!.best).toBe(Math.max(...values.filter((v) => v.state === 'complete').map((v) => v.value)));
    const slice = built[1]!.spec as { hconcat: unknown[] };
    expect(slice.hconcat.length).toBe(2);
    for (const chart of built) {
      const svg = await renderSvg(chart.spec);
      expect(svg.startsWith('<svg')).toBe(true);
    }
    expect(await renderSvg(built[0]!.spec)).toContain('pruned');
    expect(await renderSvg(built[2]!.spec)).toContain('max_depth');
  });
});
