import { describe, expect, it } from 'vitest';
import { cliques, compareRuns, escapeHtml, escapeLatex, formatDelta, quoteDot, renderCdDiagram, renderComparisonText, renderLatexTables, renderPipelineDot, renderDotSvg, type FriedmanSummary } from '../../src/report/index.js';
import { HOSTILE, loadRun } from './fixtures.js';

describe('escaping', () => {
  it('escapes HTML text and both quote kinds', () => {
    expect(escapeHtml(HOSTILE[0])).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeHtml(HOSTILE[1])).toBe('&amp;&quot;&#39;');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml({ a: '<b>' })).toBe('{&quot;a&quot;:&quot;&lt;b&gt;&quot;}');
  });

  it('escapes every LaTeX special character', () => {
    expect(escapeLatex(HOSTILE[2]!)).toBe('a\\_b\\$c\\%d\\#e\\{f\\}\\textasciitilde{}g\\textasciicircum{}h\\textbackslash{}i\\textbar{}j');
    expect(escapeLatex('x & y <z>')).toBe('x \\& y \\textless{}z\\textgreater{}');
  });

  it('quotes DOT strings', () => {
    expect(quoteDot('a "b" \\ c')).toBe('"a \\"b\\" \\\\ c"');
  });
});

describe('tables.tex', () => {
  const run = loadRun('run-cv');
  const tex = renderLatexTables(run.results);

  it('has one booktabs table per metric with the best per dataset in bold', () => {
    expect(tex.match(/\\begin\{table\}/g)!.length).toBe(3);
    expect(tex.match(/\\toprule/g)!.length).toBe(3);
    expect(tex.match(/\\bottomrule/g)!.length).toBe(3);
    const digits = tex.split('\n').find((l) => l.startsWith('digits &'))!;
    const cells = digits.replace(/ \\\\$/, '').split(' & ').slice(1);
    expect(cells.length).toBe(4);
    expect(cells[2]).toMatch(/^\$\\mathbf\{0\.978 \\pm 0\.\d{3}\}\$$/); // knn is best on digits
    expect(cells.filter((c) => c.includes('mathbf')).length).toBe(1);
    const hostile = tex.split('\n').find((l) => l.startsWith('hostile &'))!;
    expect(hostile).toContain(' & -- & '); // the failed knn cell
  });

  it('escapes names from the config', () => {
    expect(tex).toContain('\\texttt{fixture-\\textless{}sweep\\textgreater{} \\& \'\'co\'\'}');
    expect(tex).toContain('Test balanced\\_accuracy');
    expect(tex).not.toMatch(/[^\\]&"/);
  });
});

describe('compareRuns', () => {
  const a = loadRun('run-cv').results;
  const b = loadRun('run-holdout').results;

  it('finds removed cells, metric deltas with sign, and changed params', () => {
    const cmp = compareRuns(a, b);
    const removed = cmp.cells.filter((c) => c.change === 'removed').map((c) => `${c.dataset}/${c.algorithm}`);
    const inB = new Set(b.cells.map((c) => `${c.dataset}/${c.algorithm}`));
    expect(removed).toEqual(a.cells.map((c) => `${c.dataset}/${c.algorithm}`).filter((k) => !inB.has(k)));
    expect(cmp.counts.added).toBe(0);
    const knn = cmp.cells.find((c) => c.dataset === 'iris' && c.algorithm === 'knn')!;
    expect(knn.change).toBe('changed');
    expect(knn.params).toEqual([{ key: 'n_neighbors', a: 5, b: 3 }]);
    const acc = knn.metrics.find((m) => m.metric === 'accuracy')!;
    expect(acc.delta).toBeCloseTo(acc.b! - acc.a!, 15);
    const back = compareRuns(b, a);
    expect(back.counts.added).toBe(cmp.counts.removed);
    expect(back.cells.find((c) => c.dataset === 'iris' && c.algorithm === 'knn')!.metrics[0]!.delta).toBeCloseTo(-acc.delta!, 15);
    const text = renderComparisonText(cmp);
    expect(text).toContain('- wine × knn  removed (was ok)');
    expect(text).toMatch(/~ iris × knn\n {4}accuracy: 0\.9567 → 0\.9778 \(\+0\.0211\)/);
    expect(text).toContain('params.n_neighbors: 5 → 3');
    expect(text).toMatch(/breast-cancer × knn\n {4}accuracy: 0\.9657 → 0\.9357 \(−0\.0301\)/);
  });

  it('reports a status change and nothing for an identical run', () => {
    expect(compareRuns(a, a).counts).toEqual({ added: 0, removed: 0, changed: 0, unchanged: a.cells.length });
    const broken = { ...a, cells: a.cells.map((c) => (c.dataset === 'iris' && c.algorithm === 'knn' ? { ...c, status: 'failed' as const } : c)) };
    const cmp = compareRuns(a, broken);
    const cell = cmp.cells.find((c) => c.change === 'changed')!;
    expect(cell.status).toEqual({ a: 'ok', b: 'failed' });
    expect(cell.metrics[0]!.b).toBeNull();
    expect(formatDelta(0.5)).toBe('+0.5000');
    expect(formatDelta(-0.00004)).toBe('−0.0000');
    expect(formatDelta(0)).toBe('±0');
  });
});

describe('CD diagram', () => {
  it('groups rank-sorted algorithms whose span is within the critical difference', () => {
    expect(cliques([1.2, 1.5, 2.9, 3.4], 1.0)).toEqual([[0, 1], [2, 3]]);
    expect(cliques([1, 2, 3, 4], 1.5)).toEqual([[0, 1], [1, 2], [2, 3]]);
    expect(cliques([1, 2, 3], 5)).toEqual([[0, 2]]);
    expect(cliques([1, 3, 5], 1)).toEqual([]);
  });

  it('draws every algorithm with its rank, the CD bar and one thick bar per group', () => {
    const f: FriedmanSummary = {
      applicable: true, metric: 'accuracy', algorithms: ['<b>a</b>', 'b&c', 'c', 'd'], datasets: ['x', 'y', 'z'], excluded_datasets: [],
      average_ranks: [1.2, 1.5, 2.9, 3.4], chi2: 1, chi2_p: 0.5, iman_davenport_f: 1, iman_davenport_p: 0.5, df1: 3, df2: 6, alpha: 0.05,
      critical_difference: 1.0, significant_pairs: [],
    };
    const svg = renderCdDiagram(f);
    expect(svg).toContain('&lt;b&gt;a&lt;/b&gt; (1.20)');
    expect(svg).toContain('b&amp;c (1.50)');
    expect(svg).toContain('d (3.40)');
    expect(svg).toContain('CD = 1.00');
    expect(svg.match(/stroke-width="4"/g)!.length).toBe(2);
    expect(svg).not.toContain('<b>');
  });
});

describe('pipeline view', () => {
  const graph = {
    nodes: [
      { name: 'iris::prepare', inputs: ['iris'], outputs: ['iris::data', 'iris::folds'], tags: ['dataset:iris', 'prepare'] },
      ...[1, 2, 3].flatMap((k) => [
        { name: `iris::knn::fold-${k}::fit`, inputs: ['iris::data', 'iris::folds'], outputs: [`iris::knn::fold-${k}::model`], tags: ['dataset:iris', 'algorithm:knn', `fold:${k}`, 'fit'] },
      ]),
      { name: 'iris::knn::report', inputs: [1, 2, 3].map((k) => `iris::knn::fold-${k}::model`), outputs: ['iris::knn::report'], tags: ['dataset:iris', 'algorithm:knn', 'report', '<x>"y"'] },
    ],
  };

  it('clusters by dataset and algorithm and draws folds once with their count', () => {
    const dot = renderPipelineDot(graph);
    expect(dot).toMatch(/subgraph cluster_0 \{\n\s+label="iris"/);
    expect(dot).toContain('label="knn"');
    expect(dot).toContain('label="fit\\n× 3 folds"');
    expect(dot.match(/node iris::knn::fold-\*::fit/g)!.length).toBe(1); // one collapsed node (its tooltip names it)
    expect(dot).not.toContain('fold-1');
    expect(dot).toContain('[<x>\\"y\\"]');
    const all = renderPipelineDot(graph, { allFolds: true });
    expect(all).toContain('fold-2::fit');
  });

  it('lays out to SVG with names escaped', async () => {
    const svg = await renderDotSvg(renderPipelineDot(graph));
    expect(svg).toContain('<svg');
    expect(svg).toContain('&lt;x&gt;');
    expect(svg).not.toContain('<x>');
  });
});
