// Times `sweep --help` against a bare `node -e ''` (median of N runs each, alternating), so the
// CLI's own start-up cost shows apart from Node's. Run after `npm run build`: node bench/cli-help.js [N]
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const n = Number(process.argv[2] ?? 9);
const bin = path.resolve(import.meta.dirname, '../bin/sweep.js');
const time = (args) => {
  const t = process.hrtime.bigint();
  spawnSync(process.execPath, args, { stdio: 'ignore' });
  return Number(process.hrtime.bigint() - t) / 1e6;
};
const help = [];
const bare = [];
for (let i = 0; i < n; i++) {
  help.push(time([bin, '--help']));
  bare.push(time(['-e', '']));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`sweep --help: median ${median(help).toFixed(0)} ms; node -e '': ${median(bare).toFixed(0)} ms; sweep's own start-up: ${(median(help) - median(bare)).toFixed(0)} ms (${n} runs each)`);
