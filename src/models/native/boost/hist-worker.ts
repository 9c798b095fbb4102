/**
 * Worker-thread entry point of a gradient-boosting fit's histogram team (see hist-team.ts): sleeps
 * on the control word, then runs each posted task on its own feature range.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { RangeRunner } from './hist-split.js';
import type { TeamMessage, TeamReply, TeamWorkerData } from './hist-team.js';

const { control: controlBuffer, index, port } = workerData as TeamWorkerData;
const control = new Int32Array(controlBuffer);
const hists: Float64Array[] = [];
let runner: RangeRunner | null = null;
let f0 = 0;
let f1 = 0;
let generation = 0;
let running = true;

parentPort!.postMessage('ready');
while (running) {
  Atomics.wait(control, 0, generation);
  const now = Atomics.load(control, 0);
  if (now === generation) continue;
  generation = now;
  for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) {
    const msg = m.message as TeamMessage;
    if ('quit' in msg) running = false;
    else if ('init' in msg) {
      runner = new RangeRunner(msg.init.arrays, msg.init.params, hists);
      f0 = msg.init.f0;
      f1 = msg.init.f1;
    } else if ('hist' in msg) hists[msg.hist] = new Float64Array(msg.buffer);
    else {
      let reply: TeamReply;
      try {
        if (runner === null) throw new Error('task before init');
        reply = { results: runner.run(msg.task, f0, f1) };
      } catch (error) {
        reply = { error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
      }
      port.postMessage(reply);
    }
  }
  Atomics.store(control, index, generation);
  Atomics.notify(control, index);
}
port.close();
