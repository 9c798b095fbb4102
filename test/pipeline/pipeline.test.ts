import { describe, expect, it } from 'vitest';
import { SweepError } from '../../src/core/index.js';
import { node, Pipeline, type Node, type PipelineProblem } from '../../src/pipeline/index.js';

const identity = (inputs: Record<string, unknown>): Record<string, unknown> => inputs;

/** A node reading `inputs` and writing `outputs` (dataset names double as local names). */
function n(name: string, inputs: string[], outputs: string[], tags: string[] = []): Node {
  return node({
    name,
    fn: identity,
    inputs: Object.fromEntries(inputs.map((d) => [d, d])),
    outputs: Object.fromEntries(outputs.map((d) => [d, d])),
    tags,
  });
}

function names(p: Pipeline): string[] {
  return p.nodes.map((x) => x.name);
}

function problemsOf(build: () => unknown): PipelineProblem[] {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(SweepError);
    expect((error as SweepError).code).toBe('SWEEP_PIPELINE_INVALID');
    return (error as SweepError).details.problems as PipelineProblem[];
  }
  throw new Error('expected the pipeline to be rejected');
}

describe('node()', () => {
  it('defaults inputs, outputs, tags and args, and freezes the node', () => {
    const x = node({ name: 'adult::knn::fit', fn: identity });
    expect(x).toMatchObject({ name: 'adult::knn::fit', inputs: {}, outputs: {}, tags: [], args: null });
    expect(x.ref).toBeUndefined();
    expect(Object.isFrozen(x)).toBe(true);
    expect(() => {
      (x.inputs as Record<string, string>).y = 'z';
    }).toThrow(TypeError);
  });

  it('rejects an empty name, a non-function and an empty dataset name', () => {
    expect(() => node({ name: '', fn: identity })).toThrow(/non-empty name/);
    expect(() => node({ name: 'a', fn: 3 as unknown as () => Record<string, unknown> })).toThrow(/fn must be a function/);
    expect(() => node({ name: 'a', fn: identity, outputs: { y: '' } })).toThrow(/outputs\.y/);
  });
});

describe('Pipeline validation', () => {
  it('accepts a valid pipeline and reports free inputs, outputs and datasets', () => {
    const p = new Pipeline([n('fit', ['train'], ['model']), n('score', ['model', 'test'], ['score'])], { inputs: ['train', 'test'] });
    expect(names(p)).toEqual(['fit', 'score']);
    expect(p.freeInputs()).toEqual(['train', 'test']);
    expect(p.outputs()).toEqual(['score']);
    expect(p.datasets()).toEqual(['train', 'model', 'test', 'score']);
  });

  it('reports a duplicate node name', () => {
    const problems = problemsOf(() => new Pipeline([n('a', [], ['x']), n('b', [], ['y']), n('a', [], ['z'])]));
    expect(problems).toEqual([expect.objectContaining({ kind: 'duplicate-node', nodes: ['a'] })]);
    expect(problems[0]!.message).toContain('positions 0, 2');
  });

  it('reports a dataset produced by two nodes', () => {
    const problems = problemsOf(() => new Pipeline([n('a', [], ['x']), n('b', [], ['x'])]));
    expect(problems).toEqual([expect.objectContaining({ kind: 'duplicate-output', nodes: ['a', 'b'], datasets: ['x'] })]);
  });

  it('names the path of a cycle, with the dataset on each edge', () => {
    const problems = problemsOf(() => new Pipeline([n('a', ['z'], ['x']), n('b', ['x'], ['y']), n('c', ['y'], ['z']), n('d', ['z'], ['w'])]));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: 'cycle', nodes: ['a', 'b', 'c', 'a'], datasets: ['x', 'y', 'z'] });
    expect(problems[0]!.message).toBe('cycle: a -(x)-> b -(y)-> c -(z)-> a');
  });

  it('reports a node reading its own output as a cycle of one', () => {
    const problems = problemsOf(() => new Pipeline([n('loop', ['x'], ['x'])]));
    expect(problems).toEqual([expect.objectContaining({ kind: 'cycle', nodes: ['loop', 'loop'], datasets: ['x'] })]);
  });

  it('reports each separate cycle', () => {
    const problems = problemsOf(() => new Pipeline([n('a', ['y'], ['x']), n('b', ['x'], ['y']), n('c', ['v'], ['u']), n('d', ['u'], ['v'])]));
    expect(problems.map((p) => p.nodes)).toEqual([
      ['a', 'b', 'a'],
      ['c', 'd', 'c'],
    ]);
  });

  it('reports free inputs missing from options.inputs, with their readers', () => {
    const problems = problemsOf(() => new Pipeline([n('a', ['raw', 'extra'], ['x']), n('b', ['x', 'extra'], ['y'])], { inputs: ['raw'] }));
    expect(problems).toEqual([expect.objectContaining({ kind: 'undeclared-input', datasets: ['extra'], nodes: ['a', 'b'] })]);
  });

  it('reports every problem at once in one error', () => {
    const build = (): Pipeline =>
      new Pipeline(
        [n('a', ['raw'], ['x']), n('a', ['x'], ['y']), n('c', [], ['y']), n('d', ['e_out'], ['d_out']), n('e', ['d_out'], ['e_out'])],
        { inputs: [] },
      );
    const problems = problemsOf(build);
    expect(problems.map((p) => p.kind)).toEqual(['duplicate-node', 'duplicate-output', 'cycle', 'undeclared-input']);
    expect(() => build()).toThrow(/invalid pipeline \(4 problems\):\n {2}node name 'a'.*\n {2}dataset 'y'.*\n {2}cycle: d -\(d_out\)-> e -\(e_out\)-> d\n {2}input 'raw'/);
  });
});

describe('toposort', () => {
  it('keeps insertion order when it already respects the dependencies', () => {
    const p = new Pipeline([n('a', [], ['x']), n('c', ['x'], ['z']), n('b', [], ['y']), n('d', ['y', 'z'], ['w'])]);
    expect(names(p)).toEqual(['a', 'c', 'b', 'd']);
  });

  it('moves a node after its producers and otherwise keeps insertion order', () => {
    const p = new Pipeline([n('score', ['model'], ['s']), n('other', [], ['o']), n('fit', ['data'], ['model']), n('late', [], ['l'])]);
    expect(names(p)).toEqual(['other', 'fit', 'score', 'late']);
  });

  it('sorts ~50,000 nodes (n×m×folds-shaped) correctly', () => {
    // 2 datasets × 50 algorithms × 250 folds = 25,000 cells; fit and score per cell, inserted
    // score-first so every cell must be reordered.
    const nodes: Node[] = [];
    for (let d = 0; d < 2; d++) {
      for (let a = 0; a < 50; a++) {
        for (let f = 0; f < 250; f++) {
          const cell = `ds${d}::alg${a}::fold${f}`;
          nodes.push(n(`${cell}::score`, [`${cell}::model`, `ds${d}::test${f}`], [`${cell}::score`], [`alg${a}`]));
          nodes.push(n(`${cell}::fit`, [`ds${d}::train${f}`], [`${cell}::model`], [`alg${a}`]));
        }
      }
    }
    const p = new Pipeline(nodes);
    expect(p.nodes).toHaveLength(50_000);
    expect(names(p).slice(0, 2)).toEqual(['ds0::alg0::fold0::fit', 'ds0::alg0::fold0::score']);
    const at = new Map(names(p).map((name, k) => [name, k]));
    const misplaced = nodes.filter((x) => x.name.endsWith('::score') && at.get(x.name) !== at.get(x.name.replace(/score$/, 'fit'))! + 1);
    expect(misplaced).toEqual([]);
    expect(p.freeInputs()).toHaveLength(2 * 2 * 250);
    expect(p.outputs()).toHaveLength(25_000);
    expect(p.filter({ tags: ['alg7'] }).nodes).toHaveLength(2 * 250 * 2);
    expect(p.upstreamOf('ds1::alg49::fold249::score')).toEqual(['ds1::alg49::fold249::fit']);
  });
});

describe('filter and closures', () => {
  // raw -> clean -> fitA -> scoreA ; clean -> fitB -> scoreB ; report reads both scores
  const p = new Pipeline([
    n('clean', ['raw'], ['table'], ['prep']),
    n('fitA', ['table'], ['modelA'], ['a', 'fit']),
    n('scoreA', ['modelA'], ['sa'], ['a']),
    n('fitB', ['table'], ['modelB'], ['b', 'fit']),
    n('scoreB', ['modelB'], ['sb'], ['b']),
    n('report', ['sa', 'sb'], ['html'], ['report']),
  ]);

  it('keeps nodes with any of the tags, in order, as a new pipeline', () => {
    const f = p.filter({ tags: ['fit', 'report'] });
    expect(f).not.toBe(p);
    expect(names(f)).toEqual(['fitA', 'fitB', 'report']);
    expect(f.freeInputs()).toEqual(['table', 'sa', 'sb']);
    expect(names(p)).toHaveLength(6);
  });

  it('intersects tags and names', () => {
    expect(names(p.filter({ tags: ['a'], names: ['scoreA', 'fitB'] }))).toEqual(['scoreA']);
  });

  it('adds the upstream closure', () => {
    expect(names(p.filter({ names: ['scoreB'], withUpstream: true }))).toEqual(['clean', 'fitB', 'scoreB']);
  });

  it('adds the downstream closure', () => {
    expect(names(p.filter({ names: ['fitA'], withDownstream: true }))).toEqual(['fitA', 'scoreA', 'report']);
  });

  it('adds both closures from the same seed', () => {
    expect(names(p.filter({ tags: ['a'], withUpstream: true, withDownstream: true }))).toEqual(['clean', 'fitA', 'scoreA', 'report']);
  });

  it('rejects unknown names and tags with a did-you-mean', () => {
    expect(() => p.filter({ names: ['scoreC'], tags: ['reprot'] })).toThrow(/unknown tag 'reprot'; did you mean 'report'\?; unknown node 'scoreC'; did you mean 'score[AB]'\?/);
  });

  it('answers upstreamOf and downstreamOf transitively, in topological order', () => {
    expect(p.upstreamOf('report')).toEqual(['clean', 'fitA', 'scoreA', 'fitB', 'scoreB']);
    expect(p.downstreamOf('clean')).toEqual(['fitA', 'scoreA', 'fitB', 'scoreB', 'report']);
    expect(p.downstreamOf('report')).toEqual([]);
    expect(() => p.upstreamOf('reprot')).toThrow(/did you mean 'report'/);
  });

  it('lists tags and describes itself as JSON', () => {
    expect(p.tags()).toEqual(['a', 'b', 'fit', 'prep', 'report']);
    const json = JSON.parse(JSON.stringify(p)) as ReturnType<Pipeline['describe']>;
    expect(json.nodes.map((x) => x.name)).toEqual(names(p));
    expect(json.nodes[0]).toEqual({ name: 'clean', inputs: { raw: 'raw' }, outputs: { table: 'table' }, tags: ['prep'], args: null, ref: null });
    expect(json.freeInputs).toEqual(['raw']);
    expect(json.outputs).toEqual(['html']);
  });
});
