// Worker thread of curate-threads.ts (bundled as out/curate-worker.js): hashes a share of a pool's questions,
// writing into arrays in shared memory, and answers on its port when done. After each answer it bumps a shared
// counter, so the calling thread, which waits with Atomics.wait and never returns to its event loop, wakes and
// takes the answer with receiveMessageOnPort.
import { workerData, type MessagePort } from 'node:worker_threads';
import { hashTextsInto } from './ngrams';
import type { CurateTask, CurateReply } from './curate-threads';

const { port, flag } = workerData as { port: MessagePort; flag: Int32Array };
const wake = () => { Atomics.add(flag, 0, 1); Atomics.notify(flag, 0); };
// However this thread ends (an exception included), the waiting thread learns it at once and does the work itself.
process.on('exit', () => { Atomics.store(flag, 1, 1); wake(); });

// Where the last task's output ended (a task with at = -1 continues there), and why an earlier task failed: a
// share posted in batches is answered with an error from its failed batch on.
let end = 0;
let failed: string | undefined;
port.on('message', (task: CurateTask) => {
  let reply: CurateReply;
  try {
    if (task.kind === 'fail') throw new Error(task.message);
    if (task.at >= 0) failed = undefined;
    else if (failed !== undefined) throw new Error(failed);
    end = hashTextsInto(task.texts, 0, task.texts.length, task.n, task.out, task.at >= 0 ? task.at : end, task.offsets, task.first);
    reply = { id: task.id, kind: 'hash', end };
  } catch (e) {
    failed = e instanceof Error ? e.message : String(e);
    reply = { id: task.id, kind: 'error', error: failed };
  }
  port.postMessage(reply);
  wake();
});
