// report.html section by section, on the stored fixture runs (test/fixtures/make/report_runs.py).
import { describe, expect, it } from 'vitest';
import {
  cellKey,
  oneCellPerKind,
  renderReportHtml,
  reportContext,
  reportSections,
  rocPlan,
  type CellReport,
  type ChartInput,
  type ReportHtmlInput,
  type SweepResults,
} from '../../src/report/index.js';
import { computeStatistics } from '../../src/sweep/index.js';
import { loadRun } from './fixtures.js';

async function inputOf(run: ChartInput, change: (r: SweepResults, reports: Map<string, CellReport>) => void = () => {}): Promise<ReportHtmlInput> {
  const results = structuredClone(run.results);
  const reports = new Map([...run.reports].map(([k, v]) => [k, structuredClone(v)]));
  change(results, reports);
  return { results, reports, charts: [], statistics: await computeStatistics(results), configText: null, pipelineSvg: null, lowerIsBetter: new Set() };
}

describe('report sections (registry contract)', () => {
  for (const name of ['run-cv', 'run-holdout'] as const) {
    it(`every registered section renders ${name} once, in order, with a unique id`, async () => {
      const input = await inputOf(loadRun(name));
      const html = renderReportHtml(input);
      for (const id of reportSections.names()) {
        const rendered = reportSections.get(id).render(reportContext(input));
        if (rendered === null) continue;
        expect(html.match(new RegExp(`<section id="${id}">`, 'g'))?.length, id).toBe(1);
      }
      const order = reportSections.names().sort((a, b) => reportSections.get(a).order - reportSections.get(b).order);
      const positions = order.map((id) => html.indexOf(`<section id="${id}">`)).filter((p) => p >= 0);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    });
  }
});

describe('report.html content', () => {
  it('puts the answer first and the run metadata after the results', async () => {
    const html = renderReportHtml(await inputOf(loadRun('run-cv')));
    const at = (id: string) => html.indexOf(`<section id="${id}">`);
    expect(at('answer')).toBeLessThan(at('leaderboard'));
    expect(at('datasets')).toBeLessThan(at('overview'));
    expect(html.slice(at('answer'), at('leaderboard'))).toMatch(/runner-up.*margin.*significant\?/s);
  });

  it('ranks and tests on evaluation.scoring, and on --metric when given', async () => {
    const run = loadRun('run-cv');
    const other = run.results.metrics[1]!;
    const input = await inputOf(run, (r) => (r.scoring = other));
    const html = renderReportHtml(input);
    expect(html).toContain(`Ranked on <strong>${other}</strong>`);
    expect(html).toContain(`Algorithms ordered by`);
    expect(html).toMatch(new RegExp(`All tests compare test-set <strong>${other}</strong>`));
    const chosen = renderReportHtml({ ...input, metric: run.results.metrics[0]! });
    expect(chosen).toContain(`Ranked on <strong>${run.results.metrics[0]}</strong>`);
    expect(chosen).toContain('Chosen with <code>sweep report --metric</code>');
  });

  it('gives every "–" its reason', async () => {
    const input = await inputOf(loadRun('run-cv'), (r) => {
      const c = r.cells.find((x) => x.status === 'ok')!;
      c.metrics.test[r.metrics[1]!] = null;
      c.metric_notes = { [`fold-2.test.${r.metrics[1]}`]: 'roc_auc_ovr: class smurf has no rows in this fold' };
    });
    const html = renderReportHtml(input);
    expect(html).toContain('fold 2: roc_auc_ovr: class smurf has no rows in this fold');
    expect(html).toMatch(/title="[^"]*class smurf[^"]*">–<sup>1<\/sup>/);
  });

  it('prints params as None/True, never raw JSON, and shows every fold\u2019s tuned choice with the rule', async () => {
    const input = await inputOf(loadRun('run-cv'), (r, reports) => {
      const c = r.cells.find((x) => x.status === 'ok')!;
      const report = reports.get(cellKey(c.dataset, c.algorithm))!;
      report.search = [{ method: 'grid', scoring: 'accuracy', best_params: { max_depth: null }, best_score: 0.9, n_candidates: 2, candidates: [{ params: { max_depth: null }, mean_test: 0.9, std_test: 0.01, mean_train: null, fit_s: 0.01, rank: 1 }] }];
      report.tuned_params = { params: { max_depth: null }, votes: 2, folds: 3, rule: 'the choice made most often', per_fold: [{ fold: 1, params: { max_depth: null }, score: 0.9 }, { fold: 2, params: { max_depth: 4 }, score: 0.8 }, { fold: 3, params: { max_depth: null }, score: 0.85 }] };
    });
    const html = renderReportHtml(input);
    expect(html).not.toContain('{&quot;max_depth&quot;:null}');
    expect(html).toContain('max_depth=None');
    expect(html).toContain('Tuned params: the choice made most often (2 of 3 folds)');
    expect(html).toContain('<td class="text"><code>max_depth=4</code></td>');
  });

  it('says ± only when there are folds, keeps p-values on one line, and states the win rule', async () => {
    const holdout = renderReportHtml(await inputOf(loadRun('run-holdout')));
    expect(holdout).not.toContain('±');
    const cv = renderReportHtml(await inputOf(loadRun('run-cv')));
    expect(cv).toContain('± is the standard deviation over folds');
    expect(cv).toMatch(/<td class="nowrap"><span class="nowrap">/);
    expect(cv).toContain('a win or loss counts only when the paired test');
  });
});

describe('pipeline picture', () => {
  it('draws one cell per kind and says which cells it stands for', () => {
    const nodes = ['a', 'b'].flatMap((d) => [
      { name: `${d}::prepare`, inputs: [d], outputs: [`${d}::data`], tags: [`dataset:${d}`, 'prepare'] },
      ...['x', 'y'].flatMap((a) => [
        { name: `${d}::${a}::fold-1::fit`, inputs: [`${d}::data`], outputs: [`${d}::${a}::fold-1::model`], tags: [`dataset:${d}`, `algorithm:${a}`, 'fit'] },
        { name: `${d}::${a}::report`, inputs: [`${d}::${a}::fold-1::model`], outputs: [`${d}::${a}::report`], tags: [`dataset:${d}`, `algorithm:${a}`, 'report'] },
      ]),
    ]);
    const { graph, note } = oneCellPerKind({ nodes });
    expect(graph.nodes.map((n) => n.name)).toEqual(['a::prepare', 'a::x::fold-1::fit', 'a::x::report']);
    expect(note).toContain('4 cells, 1 kind');
    expect(note).toContain('a × x stands for 4 cells');
  });
});

describe('ROC chart plan', () => {
  const curve = (auc: number) => ({ fpr: [0, 1], tpr: [0, 1], auc });
  it('with many classes draws the macro and micro averages and the worst classes, and names the rest', () => {
    const curves = Array.from({ length: 26 }, (_, i) => ({ label: String.fromCharCode(65 + i), ...curve(0.99 - i / 1000) }));
    const { drawn, notes } = rocPlan({ curves, micro: curve(0.995), macro: curve(0.98), folds: 5, omitted: [{ label: 'Ω', reason: 'no test rows of this class' }] });
    expect(drawn.map((d) => d.name.split(' (')[0])).toEqual(['macro average', 'micro average', 'Z', 'Y', 'X']);
    const text = notes.join(' ');
    expect(text).toContain('Mean over 5 folds');
    expect(text).toContain('not drawn: A, B, C');
    expect(text).toContain('Ω (no test rows of this class)');
  });
  it('says a single test set is what it draws', () => {
    const { notes } = rocPlan({ curves: [{ label: 'yes', ...curve(0.9) }] });
    expect(notes[0]).toBe('Test rows.');
  });
});

describe('p-values after their name', () => {
  it('reads "= 0.0123" or "< 0.0001", never "= < 0.0001"', async () => {
    const { pRelation } = await import('../../src/report/sections/parts.js');
    expect(pRelation(0.01234)).toBe('= 0.0123');
    expect(pRelation(0.00001)).toBe('&lt;&nbsp;0.0001');
    expect(pRelation(0.00001)).not.toContain('=');
  });
});
