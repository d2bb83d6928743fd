// Token counts of many texts on all cores: worker threads (worker.ts, bundled as out/tokenize-worker.js), each with
// the fast tokenizer of the model in use and its own chunk cache. The tables (tables.ts) are loaded once, here, and
// shared with the threads, so a thread starts counting without reading the tokenizer.json.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { resolveTokenizer } from './model';
import { tokenizerTables } from './tables';

export interface CountPool {
  /** Token counts of the texts, in order. */
  count(texts: readonly string[]): Promise<number[]>;
  /** Resolves when every thread has loaded its tokenizer (counting waits for it anyway). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** The bundled worker sits in out/ beside cli.js; test and bench bundles live a few folders below. */
function workerScript(): string {
  let dir = __dirname;
  for (let up = 0; up < 5; up++, dir = dirname(dir)) {
    const p = join(dir, 'tokenize-worker.js');
    if (existsSync(p)) return p;
    const q = join(dir, 'out', 'tokenize-worker.js');
    if (existsSync(q)) return q;
  }
  throw new Error('tokenize-worker.js not found beside the bundle (run npm run build)');
}

/** Starts `workers` tokenizer threads (default: one per core) for `tokenizer` (model.ts; default: the model in use). */
export function startCountPool(workers = Math.max(1, Math.min(availableParallelism(), 8)), tokenizer?: string): CountPool {
  const spec = resolveTokenizer(tokenizer);
  const script = workerScript();
  let tables: SharedArrayBuffer | undefined;
  try {
    const buffer = tokenizerTables(spec).buffer;
    if (buffer instanceof SharedArrayBuffer) tables = buffer;
  } catch {
    // The threads load it themselves and report what is wrong with it (count() rejects with their message).
  }
  const threads = Array.from({ length: workers }, () => new Worker(script, { workerData: { tokenizer: spec, tables } }));
  let next = 0;
  const pending = new Map<number, { resolve: (c: Int32Array) => void; reject: (e: Error) => void }>();
  const ready = Promise.all(threads.map((w) => new Promise<void>((res, rej) => {
    w.once('message', () => res());
    w.once('error', rej);
  })));
  ready.catch(() => undefined); // awaited by count() and ready(); a thread that fails to load rejects them
  // Once loaded, count() posts its first batches before it returns, so a caller can read its next texts meanwhile.
  let loaded = false;
  ready.then(() => { loaded = true; }, () => undefined);
  for (const w of threads) {
    w.on('message', (m: { id?: number; counts?: Int32Array; error?: string }) => {
      if (m.id === undefined) return;
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.error !== undefined) p?.reject(new Error(m.error)); else p?.resolve(m.counts as Int32Array);
    });
    w.on('error', (e) => { for (const p of pending.values()) p.reject(e); pending.clear(); });
  }
  const run = (w: Worker, texts: string[]) => new Promise<Int32Array>((resolve, reject) => {
    const id = next++;
    pending.set(id, { resolve, reject });
    w.postMessage({ id, texts });
  });
  return {
    async count(texts) {
      if (!loaded) await ready;
      // Batches of ~256 KB taken in turn keep every thread busy to the end.
      const batches: { idx: number[]; texts: string[] }[] = [];
      let cur = { idx: [] as number[], texts: [] as string[] }, bytes = 0;
      texts.forEach((t, i) => {
        cur.idx.push(i); cur.texts.push(t); bytes += t.length;
        if (bytes > 1 << 18) { batches.push(cur); cur = { idx: [], texts: [] }; bytes = 0; }
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
    ready: async () => { await ready; },
    async close() { await Promise.all(threads.map((w) => w.terminate())); },
  };
}
