// Drawn pictures kept in the cache root (src/sweep/svg-memo.ts): drawn once per input, checked on read.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoSvg } from '../../src/sweep/svg-memo.js';
import { tempProject } from '../helpers/project.js';

const project = tempProject('sweep-svg-memo-');
afterAll(() => project.cleanup());

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('memoSvg', () => {
  it('draws an input once, draws a new input again, and redraws an entry whose checksum fails', async () => {
    let drawn = 0;
    const draw = async (spec: { n: number }): Promise<string> => {
      drawn++;
      return `<svg>${spec.n}</svg>`;
    };
    const root = path.join(project.root, 'cache');
    expect(await memoSvg(root, 'vega-lite', { n: 1 }, draw)).toBe('<svg>1</svg>');
    expect(await memoSvg(root, 'vega-lite', { n: 1 }, draw)).toBe('<svg>1</svg>');
    expect(drawn).toBe(1);
    expect(await memoSvg(root, 'vega-lite', { n: 2 }, draw)).toBe('<svg>2</svg>');
    expect(await memoSvg(root, 'dot', { n: 2 }, draw)).toBe('<svg>2</svg>'); // another kind, another key
    expect(drawn).toBe(3);
    const entries = files(path.join(root, 'svg'));
    expect(entries).toHaveLength(3);
    const first = entries.find((f) => readFileSync(f, 'utf8').endsWith('<svg>1</svg>'))!;
    writeFileSync(first, readFileSync(first, 'utf8').replace('<svg>1', '<svg>9'));
    expect(await memoSvg(root, 'vega-lite', { n: 1 }, draw)).toBe('<svg>1</svg>');
    expect(drawn).toBe(4);
    expect(await memoSvg(undefined, 'vega-lite', { n: 1 }, draw)).toBe('<svg>1</svg>');
    expect(drawn).toBe(5);
  });
});
