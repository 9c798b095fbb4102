import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SweepError } from '../../src/core/index.js';
import { node, Pipeline, type Node, type PipelineProblem } from '../../src/pipeline/index.js';

/**
 * A random DAG: `edges` are pairs (i, j) with i < j in a hidden rank order; `order` is the
 * insertion order (a permutation of the ranks), so insertion order generally is not topological.
 */
const dagArb = fc
  .integer({ min: 1, max: 30 })
  .chain((size) =>
    fc.record({
      size: fc.constant(size),
      edges:
        size < 2
          ? fc.constant<Array<[number, number]>>([])
          : fc.uniqueArray(
              fc.integer({ min: 0, max: size - 2 }).chain((i) => fc.tuple(fc.constant(i), fc.integer({ min: i + 1, max: size - 1 }))),
              { selector: ([i, j]) => `${i}-${j}`, maxLength: size * 3 },
            ),
      order: fc.shuffledSubarray(
        Array.from({ length: size }, (_, k) => k),
        { minLength: size, maxLength: size },
      ),
    }),
  );

/** Node `v<i>` writes dataset `d<i>` and reads `d<j>` for each edge j -> i (plus a free input). */
function buildNodes(size: number, edges: ReadonlyArray<readonly [number, number]>, order: readonly number[]): Node[] {
  const reads: string[][] = Array.from({ length: size }, () => []);
  for (const [from, to] of edges) reads[to]!.push(`d${from}`);
  return order.map((i) =>
    node({
      name: `v${i}`,
      fn: (x) => x,
      inputs: Object.fromEntries([...reads[i]!, 'raw'].map((d, k) => [`in${k}`, d])),
      outputs: { out: `d${i}` },
    }),
  );
}

/** Reference stable toposort, quadratic on purpose: repeatedly take the earliest-inserted ready node. */
function referenceOrder(nodes: readonly Node[]): string[] {
  const produced = new Map(nodes.flatMap((x) => Object.values(x.outputs).map((d) => [d, x.name] as const)));
  const done = new Set<string>();
  const out: string[] = [];
  while (out.length < nodes.length) {
    const next = nodes.find((x) => !done.has(x.name) && Object.values(x.inputs).every((d) => !produced.has(d) || done.has(produced.get(d)!)));
    done.add(next!.name);
    out.push(next!.name);
  }
  return out;
}

function reachable(size: number, edges: ReadonlyArray<readonly [number, number]>, from: number): Set<number> {
  const seen = new Set<number>();
  const stack = [from];
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (const [i, j] of edges) if (i === v && !seen.has(j)) (seen.add(j), stack.push(j));
  }
  return seen;
}

describe('toposort properties', () => {
  it('puts every producer before its readers, and matches the earliest-inserted-first reference', () => {
    fc.assert(
      fc.property(dagArb, ({ size, edges, order }) => {
        const nodes = buildNodes(size, edges, order);
        const p = new Pipeline(nodes, { inputs: ['raw'] });
        const at = new Map(p.nodes.map((x, k) => [x.name, k]));
        expect(at.size).toBe(size);
        for (const [i, j] of edges) expect(at.get(`v${i}`)!).toBeLessThan(at.get(`v${j}`)!);
        expect(p.nodes.map((x) => x.name)).toEqual(referenceOrder(nodes));
      }),
      { numRuns: 200 },
    );
  });

  it('reports a real cycle when an edge back to an ancestor is added', () => {
    fc.assert(
      fc.property(
        dagArb.filter(({ edges }) => edges.length > 0),
        fc.nat(),
        fc.nat(),
        ({ size, edges, order }, pickFrom, pickTo) => {
          // close a cycle: from some node `to` reachable from `from`, add an edge back to `from`.
          const [from] = edges[pickFrom % edges.length]!;
          const below = [...reachable(size, edges, from)];
          const to = below[pickTo % below.length]!;
          const withBack: Array<readonly [number, number]> = [...edges, [to, from]];
          let error: unknown;
          try {
            new Pipeline(buildNodes(size, withBack, order));
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(SweepError);
          expect((error as SweepError).code).toBe('SWEEP_PIPELINE_INVALID');
          const cycles = ((error as SweepError).details.problems as PipelineProblem[]).filter((p) => p.kind === 'cycle');
          expect(cycles.length).toBeGreaterThan(0);
          const edgeSet = new Set(withBack.map(([i, j]) => `v${i}->v${j}`));
          for (const cycle of cycles) {
            expect(cycle.nodes[0]).toBe(cycle.nodes[cycle.nodes.length - 1]);
            for (let k = 1; k < cycle.nodes.length; k++) expect(edgeSet.has(`${cycle.nodes[k - 1]}->${cycle.nodes[k]}`)).toBe(true);
            expect(cycle.datasets).toEqual(cycle.nodes.slice(0, -1).map((name) => name.replace('v', 'd')));
          }
          // every cycle must use the one backward edge, so exactly one cycle is reported, through both ends.
          expect(cycles).toHaveLength(1);
          expect(cycles[0]!.nodes).toEqual(expect.arrayContaining([`v${from}`, `v${to}`]));
        },
      ),
      { numRuns: 200 },
    );
  });
});
