// A temporary sweep project for tests: a folder with conf/ and small dataset files.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A temp project folder; `cleanup()` removes it. */
export interface TempProject {
  root: string;
  write(relative: string, text: string | Buffer): string;
  cleanup(): void;
}

/** Makes an empty temp project folder. */
export function tempProject(prefix = 'sweep-test-'): TempProject {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    root,
    write(relative, text) {
      const file = path.join(root, relative);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
      return file;
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** A small two-class CSV (numeric + categorical features) made from a seeded generator. */
export function makeToyCsv(rows: number, seed = 1): string {
  let s = seed;
  const rand = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  const lines = ['x1,x2,color,label'];
  for (let i = 0; i < rows; i++) {
    const label = rand() < 0.5 ? 'yes' : 'no';
    const shift = label === 'yes' ? 1.5 : 0;
    const color = rand() < (label === 'yes' ? 0.7 : 0.3) ? 'red' : rand() < 0.5 ? 'blue' : '?';
    lines.push(`${(rand() * 2 + shift).toFixed(3)},${(rand() * 3 - shift).toFixed(3)},${color},${label}`);
  }
  return `${lines.join('\n')}\n`;
}
