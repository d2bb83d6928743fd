// Worker thread of parallel.ts (bundled as out/tokenize-worker.js): counts texts with the fast tokenizer of the
// model it is given, keeping its chunk cache across batches. The tables come from the parent thread, shared.
import { parentPort, workerData } from 'node:worker_threads';
import { fastTokenizer } from './fast';
import { adoptTables } from './tables';

const data = workerData as { tokenizer: string; tables?: SharedArrayBuffer };
if (data.tables) adoptTables(data.tokenizer, data.tables);
const tok = fastTokenizer(data.tokenizer);
// Every branch of the scanner and the cache once, so that the optimizing compiler has seen them all (a branch it
// has not seen costs a deoptimization and a second compile in the middle of the first batch).
tok.count("Warm up: it's <think> x² ≤ 3, αβγ 中文 🙂 é\r\n\t  \u0085 'LL 123 \\frac{a}{b}\n\n  x ");
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
