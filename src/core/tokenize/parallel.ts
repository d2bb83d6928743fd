// Token counts of many texts on all cores: worker threads (worker.ts, bundled as out/tokenize-worker.js), each with
// the fast tokenizer of the model in use and its own chunk cache. The tables (tables.ts) are loaded once, here, and
// shared with the threads, so a thread starts counting without reading the tokenizer.json.
//
// A thread pays a fixed start before it runs at full speed (booting, then the optimizing compiler's warm-up of the
// scanner and the cache: about 0.1-0.25 s of CPU, more while every core is busy), so on a few MB a pool of workers
// loses to one thread. With `caller`, the calling thread is one of the threads: it counts at once, the workers start
// only when enough text comes to pay for them, and all threads take small batches from one queue, so a cold or
// slow worker takes fewer of them and the pool never waits long for it.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { resolveTokenizer } from './model';
import { tokenizerTables } from './tables';
import { newFastTokenizer, type FastTokenizer } from './fast';

export interface CountPool {
  /**
   * Token counts of the texts, in order. `moreChars`: about how many characters the caller will hand over after
   * these (with `caller`, the workers start when this call and what follows are enough to pay for them).
   */
  count(texts: readonly string[], moreChars?: number): Promise<number[]>;
  /** Resolves when every thread has loaded its tokenizer (counting waits for it anyway); with `caller`, the caller's. */
  ready(): Promise<void>;
  /** Characters counted so far on the calling thread and on the workers: how the work was shared. */
  shares(): { caller: number; workers: number };
  close(): Promise<void>;
}

export interface CountPoolOptions {
  /** The calling thread counts too and is one of the `threads`; the workers start only for enough text. */
  caller?: boolean;
  /** With `caller`: characters waiting to be counted from which the workers are started (default PARALLEL_CHARS). */
  parallelChars?: number;
  /** Characters in one batch handed to a thread (default BATCH_CHARS). */
  batchChars?: number;
  /** Another worker script (tests: one that stops part way). */
  workerScript?: string;
}

/**
 * With `caller`, the text that pays for a worker: a worker costs about 0.3 CPU-s before it counts at full speed (its
 * boot, and the optimizing compiler's work and the slow code meanwhile; measured on the real traces), which is what
 * one warm thread needs for about 10M characters. Below 16M the calling thread counts alone.
 */
export const PARALLEL_CHARS = 16_000_000;
/** Small batches: a cold worker holds up the end by at most two of them (a few ms each once warm). */
export const BATCH_CHARS = 1 << 16;
/** Batches posted to a worker ahead, so it never waits for the caller's event loop between two (one until its first
 * result: a cold worker's first batch is slow, and what it holds when the queue runs dry is what the caller waits for). */
const AHEAD = 2;
/** Workers started in place of ones that stopped, per pool. */
const MAX_RESTARTS = 2;

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

interface Job { out: number[]; left: number; failed?: Error; done: () => void }
interface Batch { job: Job; at: number; texts: string[]; chars: number }
interface Thread { worker: Worker; loaded: boolean; warm: boolean; gone: boolean; busy: Map<number, Batch> }

/**
 * Starts `threads` tokenizer threads (default: one per core) for `tokenizer` (model.ts; default: the model in use).
 * Without `caller` all of them are workers, started now; with it, the caller is one and the workers start when needed.
 */
export function startCountPool(threads = Math.max(1, Math.min(availableParallelism(), 8)), tokenizer?: string, opts: CountPoolOptions = {}): CountPool {
  const spec = resolveTokenizer(tokenizer);
  const caller = opts.caller ?? false;
  const nWorkers = caller ? Math.max(0, threads - 1) : Math.max(1, threads);
  const parallelChars = caller ? opts.parallelChars ?? PARALLEL_CHARS : 0;
  const batchChars = opts.batchChars ?? BATCH_CHARS;
  let tables: SharedArrayBuffer | undefined;
  let own: FastTokenizer | undefined;
  const queue: Batch[] = [];
  let head = 0, queuedChars = 0;
  const jobs = new Set<Job>();
  const workers: Thread[] = [];
  let broken: Error | undefined;
  let next = 0;
  let started: Promise<void> | undefined;
  let script: string | undefined;
  let restarts = 0, closing = false;
  /** Callers waiting for their own job while the workers count it: woken when a stopped worker's batches come back. */
  const wakers: (() => void)[] = [];
  const shares = { caller: 0, workers: 0 };

  const fail = (e: Error) => {
    broken ??= e;
    for (const j of jobs) if (!j.failed) { j.failed = e; j.done(); }
    jobs.clear();
    queue.length = head = queuedChars = 0;
  };
  const finish = (b: Batch, counts: ArrayLike<number>, by: 'caller' | 'workers') => {
    shares[by] += b.chars;
    for (let k = 0; k < counts.length; k++) b.job.out[b.at + k] = counts[k];
    if ((b.job.left -= counts.length) === 0 && !b.job.failed) { jobs.delete(b.job); b.job.done(); }
  };
  const take = (): Batch | undefined => {
    while (head < queue.length) {
      const b = queue[head++];
      queuedChars -= b.chars;
      if (head === queue.length) queue.length = head = 0;
      if (!b.job.failed) return b;
    }
    return undefined;
  };
  const feed = (t: Thread) => {
    while (t.loaded && t.busy.size < (t.warm ? AHEAD : 1)) {
      const b = take();
      if (!b) return;
      const id = next++;
      t.busy.set(id, b);
      t.worker.postMessage({ id, texts: b.texts });
    }
  };
  /**
   * A worker that stops after it loaded (killed, out of memory) loses nothing: its batches go back to the front of
   * the queue for the other threads, and a replacement starts (at most MAX_RESTARTS per pool). One that fails to load
   * fails every count: its tokenizer would fail on every thread.
   */
  const lose = (t: Thread, why: string) => {
    if (t.gone || closing) return;
    t.gone = true;
    workers.splice(workers.indexOf(t), 1);
    const back = [...t.busy.values()].filter((b) => !b.job.failed);
    t.busy.clear();
    queue.splice(head, 0, ...back);
    for (const b of back) queuedChars += b.chars;
    if (restarts++ < MAX_RESTARTS) spawn();
    else if (!caller && workers.length === 0) { fail(new Error(`the tokenizer worker stopped (${why}) and was restarted ${MAX_RESTARTS} times`)); return; }
    for (const w of workers) feed(w);
    for (const wake of wakers.splice(0)) wake();
  };
  const spawn = (): Promise<void> => {
    const t: Thread = { worker: new Worker(script ??= opts.workerScript ?? workerScript(), { workerData: { tokenizer: spec, tables } }), loaded: false, warm: false, gone: false, busy: new Map() };
    workers.push(t);
    return new Promise<void>((res, rej) => {
      t.worker.on('message', (m: { ready?: boolean; id?: number; counts?: Int32Array; error?: string }) => {
        if (m.ready) { t.loaded = true; res(); feed(t); return; }
        t.warm = true;
        const b = t.busy.get(m.id as number);
        t.busy.delete(m.id as number);
        if (m.error !== undefined) fail(new Error(m.error));
        else if (b && !b.job.failed) finish(b, m.counts as Int32Array, 'workers');
        feed(t);
      });
      t.worker.on('error', (e) => {
        if (t.loaded) lose(t, e.message);
        else { rej(e); fail(e); }
      });
      t.worker.on('exit', (code) => {
        if (t.loaded) lose(t, `exit code ${code}`);
        else if (!closing) { const e = new Error(`the tokenizer worker stopped before it loaded (exit code ${code})`); rej(e); fail(e); }
      });
    });
  };
  const start = (): Promise<void> => {
    if (started) return started;
    if (tables === undefined) {
      try {
        const buffer = tokenizerTables(spec).buffer;
        if (buffer instanceof SharedArrayBuffer) tables = buffer;
      } catch {
        // The threads load it themselves and report what is wrong with it (count() rejects with their message).
      }
    }
    const loading: Promise<void>[] = [];
    for (let i = 0; i < nWorkers; i++) loading.push(spawn());
    started = Promise.all(loading).then(() => undefined);
    started.catch(() => undefined); // a thread that fails to load fails every count (fail above)
    return started;
  };
  if (!caller) start();
  const ownTokenizer = () => (own ??= newFastTokenizer(spec));

  return {
    async count(texts, moreChars = 0) {
      if (broken) throw broken;
      const out = new Array<number>(texts.length);
      if (!texts.length) return out;
      let job!: Job;
      const finished = new Promise<void>((resolve) => { job = { out, left: texts.length, done: resolve }; });
      jobs.add(job);
      // Batches of about batchChars, in order, taken by whichever thread is free.
      for (let i = 0; i < texts.length;) {
        const b: Batch = { job, at: i, texts: [], chars: 0 };
        while (i < texts.length && (b.chars === 0 || b.chars + texts[i].length <= batchChars)) { b.chars += texts[i].length; b.texts.push(texts[i++]); }
        queue.push(b);
        queuedChars += b.chars;
      }
      if (nWorkers > 0 && queuedChars + moreChars >= parallelChars) start();
      for (const t of workers) feed(t);
      if (caller) {
        // Let the caller read its next texts (it does not await this call at once), then count here too.
        await new Promise<void>((r) => setImmediate(r));
        try {
          const tok = ownTokenizer();
          for (;;) {
            for (let b = take(); b; b = take()) {
              finish(b, b.texts.map((t) => tok.count(t)), 'caller');
              // Between two batches the event loop runs: the workers' results and their next batches, and whatever
              // else the process serves (a batch is a few ms).
              await new Promise<void>((r) => setImmediate(r));
            }
            if (job.left === 0 || job.failed) break;
            // The workers hold the rest; a worker that stops hands its batches back, and they are counted here.
            let wake!: () => void;
            const woken = new Promise<void>((r) => { wake = r; wakers.push(r); });
            await Promise.race([finished, woken]);
            const k = wakers.indexOf(wake);
            if (k >= 0) wakers.splice(k, 1);
          }
        } catch (e) {
          fail(e instanceof Error ? e : new Error(String(e))); // the model's tokenizer: every thread's would fail too
        }
      }
      await finished;
      if (job.failed) throw job.failed;
      return out;
    },
    async ready() {
      if (caller) ownTokenizer();
      if (!caller || started) await start();
    },
    shares: () => ({ ...shares }),
    async close() {
      closing = true;
      await Promise.all(workers.map((t) => t.worker.terminate()));
    },
  };
}
