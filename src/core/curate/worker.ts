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

port.on('message', (task: CurateTask) => {
  let reply: CurateReply;
  try {
    if (task.kind === 'fail') throw new Error(task.message);
    reply = { id: task.id, kind: 'hash', end: hashTextsInto(task.texts, 0, task.texts.length, task.n, task.out, task.at, task.offsets, task.first) };
  } catch (e) {
    reply = { id: task.id, kind: 'error', error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
  wake();
});
