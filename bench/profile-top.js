#!/usr/bin/env node
// Self time per function from V8 CPU profiles, heaviest first: the "where does the time go" table
// of a benchmark note.
//
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bin/sweep.js run --config bench/conf/bench.yaml \
//     --dataset adult --algorithm random-forest --jobs 1
//   node bench/profile-top.js /tmp/prof [rows]
//
// Worker threads write their own profiles; each file gets its own table.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const [dir, rowsArg] = process.argv.slice(2);
if (dir === undefined) {
  console.error('usage: node bench/profile-top.js <dir of .cpuprofile files> [rows]');
  process.exit(2);
}
const rows = Number(rowsArg ?? 20);
for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort()) {
  const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const key = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled`);
  for (const [key, t] of [...self].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    console.log(`${(t / 1000).toFixed(0).padStart(8)} ms ${((100 * t) / total).toFixed(1).padStart(5)} %  ${key}`);
  }
}
