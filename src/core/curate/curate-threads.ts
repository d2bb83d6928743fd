// A pool's n-gram hashing on two threads: this thread and one worker (worker.ts, bundled as out/curate-worker.js),
// each taking a share. The callers stay synchronous (curate() is): the
// work is posted to the worker, this thread does its own half, then waits for the worker's answer with
// Atomics.wait and takes it with receiveMessageOnPort, never returning to the event loop. Results are typed
// arrays, transferred (or shared), never objects.
// Below a size one thread is faster than starting a second (~30-50 ms), so small pools (tests, a few hundred
// questions) never start one. When the worker is missing, fails or dies, this thread does the worker's half
// itself: the answer is the same either way, only slower.
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_N, hashRoom, hashTexts, hashTextsInto, type HashedTexts } from './ngrams';

export type CurateTask =
  /**
   * hashTextsInto of `texts` into the shared `out` from `at` (-1: where the worker's previous task ended), their
   * offsets from offsets[first]. After a failed task every later one fails too (they would continue its output).
   */
  | { id: number; kind: 'hash'; texts: string[]; n: number; out: Float64Array; at: number; offsets: Int32Array; first: number }
  | { id: number; kind: 'fail'; message: string };

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
/** A task as posted (post() numbers it). */
export type CurateTaskBody = WithoutId<CurateTask>;

export type CurateReply =
  | { id: number; kind: 'hash'; end: number }
  | { id: number; kind: 'error'; error: string };

export interface ThreadSettings {
  /** Characters of question text from which hashing takes two threads (~40 ms of hashing on one). */
  minChars: number;
  /** How long to wait for the worker's answer before doing its half here (it only ever costs time). */
  waitMs: number;
  /** The worker's script (default: curate-worker.js beside the bundle or in an out/ folder above it). */
  script?: string;
  /** Characters of text a message to the worker carries at most (a share is posted in several). */
  batchChars: number;
  /** Tests: the next task the worker gets fails with this message. */
  failNext?: string;
}

// The 'any' rule's groups (ngram-latest.ts) stay on one thread: on the 59K bench two threads took 215-234 ms against
// 168-194 on one (quiet machine, 2026-12-02), so that path was removed.
// A share is posted ~1M characters a message: one message of the 59K bench's 11 MB share was serialized into a new
// 11 MB buffer (~2,700 fresh pages, ~40 ms of this thread on this project's VMs); a 1 MB buffer is freed and reused.
// The worker also starts on the first batch while the rest are serialized.
export const DEFAULT_THREAD_SETTINGS: Readonly<ThreadSettings> = { minChars: 3_000_000, waitMs: 120_000, batchChars: 1_000_000 };
// $DISTILLERY_CURATE_THREADS: 1, one thread whatever the size; 2, two threads whatever the size (checks, tests of
// the bundled CLI); unset, by size.
const ENV = process.env.DISTILLERY_CURATE_THREADS;
const settings: ThreadSettings = {
  ...DEFAULT_THREAD_SETTINGS,
  ...(ENV === '1' ? { minChars: Infinity } : ENV === '2' ? { minChars: 0 } : {}),
};

/** Changes the settings (tests force the thresholds low); returns the previous ones. */
export function setThreadSettings(s: Partial<ThreadSettings>): ThreadSettings {
  const before = { ...settings };
  Object.assign(settings, s);
  return before;
}

let lastRun = 'one thread';
/** How the last threaded call went: 'one thread' (below the threshold or no worker), 'two threads', or why it fell back. */
export const lastThreadRun = (): string => lastRun;

/** The bundled worker sits in out/ beside cli.js; test and bench bundles live a few folders below. */
function workerScript(): string | undefined {
  if (settings.script !== undefined) return existsSync(settings.script) ? settings.script : undefined;
  let dir = __dirname;
  for (let up = 0; up < 5; up++, dir = dirname(dir)) {
    const p = join(dir, 'curate-worker.js');
    if (existsSync(p)) return p;
    const q = join(dir, 'out', 'curate-worker.js');
    if (existsSync(q)) return q;
  }
  return undefined;
}

class CurateThread {
  readonly worker: Worker;
  private readonly port: MessagePort;
  /** [0] bumped after each answer, [1] set when the thread has ended. */
  private readonly flag = new Int32Array(new SharedArrayBuffer(8));
  private next = 0;

  constructor(script: string) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(script, { workerData: { port: port2, flag: this.flag }, transferList: [port2] });
    // A failure is answered through the flag; the listener only keeps it from being an unhandled 'error' event.
    this.worker.on('error', () => undefined);
    this.worker.unref();
  }

  get ended(): boolean { return Atomics.load(this.flag, 1) === 1; }

  post(task: CurateTaskBody, transfer: ArrayBuffer[] = []): number {
    const id = this.next++;
    this.port.postMessage({ ...task, id }, transfer);
    return id;
  }

  /** The answer to task `id`, or a string saying why none came. */
  wait(id: number): CurateReply | string {
    const deadline = performance.now() + settings.waitMs;
    for (;;) {
      const seen = Atomics.load(this.flag, 0);
      for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
        const r = m.message as CurateReply;
        if (r.id === id) return r.kind === 'error' ? `the worker failed: ${r.error}` : r;
      }
      if (this.ended) return 'the worker ended';
      const left = deadline - performance.now();
      if (left <= 0) return `no answer from the worker in ${settings.waitMs} ms`;
      Atomics.wait(this.flag, 0, seen, Math.min(left, 100));
    }
  }
}

let thread: CurateThread | undefined;
let idleTimer: NodeJS.Timeout | undefined;

/**
 * Starts the worker now, so that it is ready by the time a large pool has been read (a caller that knows the
 * pool is large calls this first). False when there is no worker script.
 */
export function startCurateThread(): boolean {
  return acquire() !== undefined;
}

function acquire(): CurateThread | undefined {
  if (thread?.ended) thread = undefined;
  if (!thread) {
    const script = workerScript();
    if (!script) return undefined;
    try { thread = new CurateThread(script); } catch { return undefined; }
  }
  // An idle worker ends after a while (the engine lives long; a CLI run exits without waiting for it).
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => { void stopCurateThread(); }, 30_000);
  idleTimer.unref();
  return thread;
}

/** Ends the worker (tests; the idle timer does it otherwise). */
export async function stopCurateThread(): Promise<void> {
  if (idleTimer) { clearTimeout(idleTimer); idleTimer = undefined; }
  const t = thread;
  thread = undefined;
  if (t) await t.worker.terminate();
}

/** A task for the worker, with the test hook that makes it fail. */
function post(t: CurateThread, task: CurateTaskBody, transfer?: ArrayBuffer[]): number {
  if (settings.failNext !== undefined) { const message = settings.failNext; settings.failNext = undefined; return t.post({ ...task, kind: 'fail', message } as CurateTaskBody, transfer); }
  return t.post(task, transfer);
}

/** The worker's answer, or undefined after dropping a worker that failed (its half is then done here). */
function answer(t: CurateThread, id: number): CurateReply | undefined {
  const r = t.wait(id);
  if (typeof r !== 'string') { lastRun = 'two threads'; return r; }
  giveUp(t, r);
  return undefined;
}

/** Drops a worker that failed (the next large pool starts a new one). */
function giveUp(t: CurateThread, why: string): void {
  lastRun = `one thread: ${why}`;
  if (thread === t) { thread = undefined; void t.worker.terminate(); }
}

/**
 * A pool's n-gram hashes on two threads: the texts given first (`give`, the pool's first texts) are hashed by the
 * worker while this thread goes on (reading the rest, the evaluation sets), then `finish` hashes the rest here and
 * puts the two shares together in order. Without a worker (small pools, none found) `finish` hashes everything.
 */
export class ThreadedHasher {
  private given: string[] = [];
  private sent?: { t: CurateThread; id: number; out: Float64Array; offsets: Int32Array; room: number };

  constructor(private readonly n = DEFAULT_N) {}

  /**
   * The pool's next texts for the worker (once, before finish); given to no thread when no worker is at hand.
   * `reserve`: room (hashes) kept after the worker's share for the texts finish() will hash here, at least the sum
   * of their hashRoom when the caller can bound it (a file's bytes left bound it): finish then hashes them into the
   * same shared array and moves them down next to the worker's share, instead of copying both shares into a new one.
   */
  give(texts: readonly string[], reserve = 0): void {
    if (this.sent || this.given.length) throw new Error('ThreadedHasher.give: texts were given already');
    this.given = texts.slice();
    let chars = 0;
    let room = 0;
    for (const x of texts) { chars += x.length; room += hashRoom(x); }
    // Half the pool at the threshold: a pool of minChars characters is worth a second thread.
    const t = chars * 2 >= settings.minChars && texts.length ? acquire() : undefined;
    if (!t) return;
    // Shared memory is zeroed lazily: only the pages written cost anything (the reserve's untouched pages nothing).
    const out = sharedOrNothing(() => new Float64Array(new SharedArrayBuffer((room + reserve) * 8)))
      ?? (reserve ? sharedOrNothing(() => new Float64Array(new SharedArrayBuffer(room * 8))) : undefined);
    const offsets = sharedOrNothing(() => new Int32Array(new SharedArrayBuffer((texts.length + 1) * 4)));
    if (!out || !offsets) return;
    // In batches of about batchChars characters, each continuing where the one before ended; the last one's answer
    // says the share is done (or that one of them failed).
    let id = -1;
    for (let from = 0, to = 0; from < texts.length; from = to) {
      for (let c = 0; to < texts.length && (to === from || c + texts[to].length <= settings.batchChars); to++) c += texts[to].length;
      id = post(t, { kind: 'hash', texts: this.given.slice(from, to), n: this.n, out, at: from === 0 ? 0 : -1, offsets, first: from });
    }
    this.sent = { t, out, offsets, id, room };
  }

  /**
   * Hashes `rest` (the texts after those given) here, then the whole pool's hashes in order. `meanwhile` runs
   * after this thread's share, before it waits for the worker's.
   */
  finish(rest: readonly string[], meanwhile?: () => void): HashedTexts {
    const given = this.given;
    const sent = this.sent;
    this.given = [];
    this.sent = undefined;
    if (!sent) {
      lastRun = 'one thread';
      const h = hashTexts(given.length ? given.concat(rest) : rest, this.n);
      meanwhile?.();
      return h;
    }
    let restRoom = 0;
    for (const x of rest) restRoom += hashRoom(x);
    // This thread's share goes after the room of the worker's: in the worker's array when give() reserved room for
    // it, else in a new one the worker's share is copied into.
    const inPlace = sent.room + restRoom <= sent.out.length;
    const out = inPlace ? sent.out : sharedOrNothing(() => new Float64Array(new SharedArrayBuffer((sent.room + restRoom) * 8)));
    const offsets = sharedOrNothing(() => new Int32Array(new SharedArrayBuffer((given.length + rest.length + 1) * 4)));
    if (!out || !offsets) {
      // Too large for one shared array: one thread, after the worker is done with its share.
      answer(sent.t, sent.id);
      lastRun = 'one thread: the pool is too large for shared memory';
      return hashTexts(given.concat(rest), this.n);
    }
    const at = sent.room;
    const end = hashTextsInto(rest, 0, rest.length, this.n, out, at, offsets, given.length);
    meanwhile?.();
    const r = answer(sent.t, sent.id);
    let hashes = out;
    let endW: number;
    if (r?.kind === 'hash') {
      endW = r.end;
      if (!inPlace) out.set(sent.out.subarray(0, endW));
      offsets.set(sent.offsets.subarray(0, given.length));
    } else {
      // Without the worker's share, its texts are hashed here, into a new array (a late worker may still write
      // into its own), and this thread's share is copied after them.
      const w = hashTexts(given, this.n);
      endW = w.hashes.length;
      hashes = new Float64Array(endW + end - at);
      hashes.set(w.hashes);
      hashes.set(out.subarray(at, end), endW);
      offsets.set(w.offsets.subarray(0, given.length));
    }
    if (hashes === out) out.copyWithin(endW, at, end);
    const shift = at - endW;
    for (let i = given.length; i <= given.length + rest.length; i++) offsets[i] -= shift;
    return { hashes: hashes.subarray(0, end - shift), offsets };
  }
}

/** A shared array, or undefined where the engine refuses one that large (the work then stays on one thread). */
function sharedOrNothing<T>(make: () => T): T | undefined {
  try { return make(); } catch (e) { if (e instanceof RangeError) return undefined; throw e; }
}

/** hashTexts of a pool; above `minChars` characters the worker hashes the first half of the text. */
export function hashTextsThreaded(texts: readonly string[], n = DEFAULT_N): HashedTexts {
  let chars = 0;
  for (const t of texts) chars += t.length;
  if (chars < settings.minChars || texts.length < 2) { lastRun = 'one thread'; return hashTexts(texts, n); }
  let half = 0;
  for (let acc = 0; half < texts.length - 1 && acc < chars / 2; half++) acc += texts[half].length;
  const h = new ThreadedHasher(n);
  let reserve = 0;
  for (let i = half; i < texts.length; i++) reserve += hashRoom(texts[i]);
  h.give(texts.slice(0, half), reserve);
  return h.finish(texts.slice(half));
}
