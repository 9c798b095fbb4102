// The size+mtime shortcut (src/sweep/stat-index.ts): an unchanged file is not read again; a
// changed size, mtime or inode means it is read and hashed; a fresh (racy) mtime is not trusted.
import { readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sourceKey } from '../../src/sweep/cache-keys.js';
import { StatIndex } from '../../src/sweep/stat-index.js';
import { tempProject } from '../helpers/project.js';

const project = tempProject('sweep-stat-index-');
afterAll(() => project.cleanup());
const root = path.join(project.root, 'cache');

/** Sets a file's mtime to `secondsAgo` in the past (old enough to be trusted). */
function age(file: string, secondsAgo: number): void {
  const t = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(file, t, t);
}

describe('StatIndex', () => {
  it('reuses a hash while size, mtime and inode match, and hashes again when one differs', async () => {
    const file = project.write('data/a.csv', 'x,label\n1,a\n2,b\n');
    age(file, 60);
    const entry = { name: 'a', type: 'csv', path: file };
    const first = await sourceKey(entry, await StatIndex.open(root));
    const index = await StatIndex.open(root);
    expect(await sourceKey(entry, index)).toBe(first);
    await index.save(); // the first index was never saved: this one hashed and records the file
    expect(Object.keys(JSON.parse(readFileSync(path.join(root, 'stat-index.json'), 'utf8')))).toEqual([file]);

    // Same size and mtime, other bytes: the index answers without reading (that is the shortcut)…
    const { mtime } = statSync(file);
    writeFileSync(file, 'x,label\n1,a\n3,b\n');
    utimesSync(file, mtime, mtime);
    expect(await sourceKey(entry, await StatIndex.open(root))).toBe(first);
    // …and without the index, the content decides.
    const changed = await sourceKey(entry);
    expect(changed).not.toBe(first);

    // A new mtime: read and hashed again.
    age(file, 30);
    const reopened = await StatIndex.open(root);
    expect(await sourceKey(entry, reopened)).toBe(changed);
    await reopened.save();
    // A new inode (the file replaced by rename), same size and mtime: read again.
    const replacement = project.write('data/b.csv', 'x,label\n1,a\n4,b\n');
    utimesSync(replacement, statSync(file).mtime, statSync(file).mtime);
    renameSync(replacement, file);
    expect(await sourceKey(entry, await StatIndex.open(root))).toBe(await sourceKey(entry));
    expect(await sourceKey(entry)).not.toBe(changed);
  });

  it('does not trust a file modified within a second of being hashed', async () => {
    const file = project.write('data/racy.csv', 'x,label\n1,a\n');
    const entry = { name: 'racy', type: 'csv', path: file };
    const index = await StatIndex.open(root);
    const before = await sourceKey(entry, index);
    await index.save();
    const { mtime } = statSync(file);
    writeFileSync(file, 'x,label\n2,a\n');
    utimesSync(file, mtime, mtime);
    const after = await sourceKey(entry, await StatIndex.open(root));
    expect(after).not.toBe(before);
    expect(after).toBe(await sourceKey(entry));
  });
});
