// Reads the imports of src/** and fails on an edge that runs backwards (STYLE.md: one folder per
// layer, imports flowing one way; other layers import a layer's face, index.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../src');

/** Which layers each layer may import. Everything else is a backwards or sideways edge. */
const ALLOWED: Record<string, string[]> = {
  core: [],
  models: ['core'],
  preprocessing: ['core'],
  catalog: ['core'],
  pipeline: ['core'],
  report: ['core'],
  evaluation: ['core', 'models', 'preprocessing'],
  runner: ['core', 'pipeline', 'catalog'],
  config: ['core', 'models', 'evaluation', 'catalog', 'preprocessing'],
  sweep: ['core', 'models', 'evaluation', 'catalog', 'preprocessing', 'pipeline', 'runner', 'config', 'report'],
  cli: ['core', 'models', 'evaluation', 'catalog', 'preprocessing', 'pipeline', 'runner', 'config', 'report', 'sweep'],
  // The library entry (package.json `exports`): beside the CLI, never importing it.
  api: ['core', 'models', 'evaluation', 'catalog', 'preprocessing', 'pipeline', 'runner', 'config', 'report', 'sweep'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

interface Edge {
  file: string;
  from: string;
  to: string;
  spec: string;
}

function edges(): Edge[] {
  const out: Edge[] = [];
  for (const file of files(SRC)) {
    const from = path.relative(SRC, file).split(path.sep)[0]!;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2]!;
      if (!spec.startsWith('.')) continue;
      const target = path.relative(SRC, path.resolve(path.dirname(file), spec));
      const to = target.split(path.sep)[0]!;
      if (to !== from) out.push({ file: path.relative(SRC, file), from, to, spec: target });
    }
  }
  return out;
}

describe('architecture', () => {
  const all = edges();

  it('has a face (index.ts) opening with a comment in every layer', () => {
    for (const layer of Object.keys(ALLOWED)) {
      const face = path.join(SRC, layer, 'index.ts');
      const text = readFileSync(face, 'utf8');
      expect(text.trimStart().startsWith('/**'), `${layer}/index.ts opens with a comment`).toBe(true);
    }
  });

  it('knows every layer folder under src/', () => {
    const layers = readdirSync(SRC).filter((n) => statSync(path.join(SRC, n)).isDirectory());
    expect(layers.sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  it('finds the imports it checks (the parser is not silently blind)', () => {
    expect(all.some((e) => e.from === 'sweep' && e.to === 'pipeline')).toBe(true);
    expect(all.some((e) => e.from === 'cli' && e.to === 'sweep')).toBe(true);
  });

  it('has no import running backwards or sideways between layers', () => {
    const bad = all.filter((e) => !(ALLOWED[e.from] ?? []).includes(e.to)).map((e) => `${e.file} imports ${e.spec} (${e.from} → ${e.to})`);
    expect(bad).toEqual([]);
  });

  it('imports other layers only through their face', () => {
    const bad = all.filter((e) => e.spec !== path.join(e.to, 'index.js') && e.spec !== path.join(e.to, 'index.ts')).map((e) => `${e.file} imports ${e.spec}`);
    expect(bad).toEqual([]);
  });
});
