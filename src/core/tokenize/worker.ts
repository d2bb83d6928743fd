// Worker thread of parallel.ts (bundled as out/tokenize-worker.js): counts texts with the fast tokenizer of the
// model it is given, keeping its chunk cache across batches. The tables come from the parent thread, shared.
import { parentPort, workerData } from 'node:worker_threads';
import { fastTokenizer } from './fast';
import { adoptTables } from './tables';

const data = workerData as { tokenizer: string; tables?: SharedArrayBuffer };
if (data.tables) adoptTables(data.tokenizer, data.tables);
const tok = fastTokenizer(data.tokenizer);
tok.count('Warm up.');
parentPort?.on('message', (msg: { id: number; texts: string[] }) => {
  try {
    const out = new Int32Array(msg.texts.length);
    for (let i = 0; i < msg.texts.length; i++) out[i] = tok.count(msg.texts[i]);
    parentPort?.postMessage({ id: msg.id, counts: out }, [out.buffer]);
  } catch (e) {
    parentPort?.postMessage({ id: msg.id, error: e instanceof Error ? e.message : String(e) });
  }
});
parentPort?.postMessage({ ready: true });
