import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_LISTABLE, CLI_RUN_PARTS, CLI_STUDY_ACTIONS } from '../../src/cli/options.js';
import { LISTABLE } from '../../src/cli/list.js';
import { STUDY_ACTIONS } from '../../src/cli/study.js';
import { RUN_PARTS } from '../../src/sweep/index.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('fast --help', () => {
  it('the names --help prints mirror the real ones', () => {
    expect([...CLI_RUN_PARTS]).toEqual([...RUN_PARTS]);
    expect([...CLI_LISTABLE]).toEqual([...LISTABLE]);
    expect([...CLI_STUDY_ACTIONS]).toEqual([...STUDY_ACTIONS]);
  });

  it('exits quietly when the reader of stdout goes away (EPIPE)', () => {
    const r = spawnSync('bash', ['-c', `node ${JSON.stringify(path.join(ROOT, 'bin/sweep.js'))} --help | head -c 1 >/dev/null`], { encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/EPIPE|Error/);
  });
});
