// Worker thread of curate-threads.ts (bundled as out/curate-worker.js): hashes a share of a pool's questions, or
// resolves a range of the 'any' rule's hash groups, writing into arrays in shared memory, and answers on its port
// when done. After each answer it bumps a shared counter, so the calling thread, which waits with Atomics.wait and
// never returns to its event loop, wakes and takes the answer with receiveMessageOnPort.
import { workerData, type MessagePort } from 'node:worker_threads';
import { hashTextsInto } from './ngrams';
import { groupsOf, resolveGroups } from './ngram-latest';
import type { CurateTask, CurateReply } from './curate-threads';

const { port, flag } = workerData as { port: MessagePort; flag: Int32Array };
const wake = () => { Atomics.add(flag, 0, 1); Atomics.notify(flag, 0); };
// However this thread ends (an exception included), the waiting thread learns it at once and does the work itself.
process.on('exit', () => { Atomics.store(flag, 1, 1); wake(); });

port.on('message', (task: CurateTask) => {
  let reply: CurateReply;
  try {
    if (task.kind === 'fail') throw new Error(task.message);
    if (task.kind === 'hash') {
      reply = { id: task.id, kind: 'hash', end: hashTextsInto(task.texts, 0, task.texts.length, task.n, task.out, task.at, task.offsets, task.first) };
    } else {
      const { hashes, offsets, group, out, sync } = task;
      groupsOf(hashes, task.split, hashes.length, group);
      Atomics.store(sync, 0, 1);
      Atomics.notify(sync, 0);
      // The other thread's groups; it never gives up before this thread has set sync[0].
      while (Atomics.load(sync, 1) === 0) Atomics.wait(sync, 1, 0, 1000);
      if (Atomics.load(sync, 2) === 0) resolveGroups(hashes, offsets, group, task.from, task.to, out);
      reply = { id: task.id, kind: 'latest' };
    }
  } catch (e) {
    reply = { id: task.id, kind: 'error', error: e instanceof Error ? e.message : String(e) };
    // A thread waiting for this one's groups learns at once that they will not come.
    if (task.kind !== 'hash' && task.sync && Atomics.load(task.sync, 0) === 0) { Atomics.store(task.sync, 0, 2); Atomics.notify(task.sync, 0); }
  }
  port.postMessage(reply);
  wake();
});
