/**
 * Worker entry of the pool runner, as a thread or as a forked child process. For each `WorkerTask` it builds a Catalog from the
 * entries it was sent, imports the node function by its ref, runs it, and replies a `WorkerReply`.
 */
import { parentPort } from 'node:worker_threads';
import { toErrorRecord } from '../core/index.js';
import { Catalog, type DatasetEntry } from '../catalog/index.js';
import { executeNode, resolveRef } from './execute-node.js';
import type { WorkerReply, WorkerStarted, WorkerTask } from './protocol.js';

/** Entries by dataset name: the same dataset may appear under two local names. */
function entriesOf(task: WorkerTask): DatasetEntry[] {
  const byName = new Map<string, DatasetEntry>();
  for (const entry of [...Object.values(task.inputs), ...Object.values(task.outputs)]) byName.set(entry.name, entry);
  return [...byName.values()];
}

function namesOf(entries: Record<string, DatasetEntry>): Record<string, string> {
  return Object.fromEntries(Object.entries(entries).map(([local, entry]) => [local, entry.name]));
}

/** Runs one task; never throws (failures become a `failed` reply). */
export async function runTask(task: WorkerTask): Promise<WorkerReply> {
  const started = performance.now();
  const reply = (status: WorkerReply['status'], error: WorkerReply['error']): WorkerReply => ({
    type: 'done',
    id: task.id,
    status,
    error,
    seconds: (performance.now() - started) / 1000,
  });
  try {
    const catalog = new Catalog(entriesOf(task));
    const fn = await resolveRef(task.node, task.ref);
    await executeNode({ name: task.node, fn, inputs: namesOf(task.inputs), outputs: namesOf(task.outputs), args: task.args }, catalog);
    return reply('ok', null);
  } catch (error) {
    return reply('failed', toErrorRecord(error));
  }
}

const port = parentPort;
if (port !== null) {
  port.on('message', (task: WorkerTask) => {
    void runTask(task).then((reply) => port.postMessage(reply));
  });
} else if (process.send !== undefined) {
  // A forked child: the same tasks over the IPC channel; it ends when the parent disconnects.
  process.on('message', (task: WorkerTask) => {
    process.send?.({ type: 'started', id: task.id } satisfies WorkerStarted);
    void runTask(task).then((reply) => process.send?.(reply));
  });
  process.on('disconnect', () => process.exit(0));
}
