// The JSONL parse workers: which script, how many, and started early. A worker takes a while to boot (its own
// Node bootstrap and bundle: 0.4-0.7 s at load 10-12 on 2 cores; not measured quiet), and the import's first chunk
// waits for it. The CLI starts them before loading the rest of itself (cli/prestart.ts), so they boot while the
// main thread loads its bundle and SQLite and opens the database; readJsonl takes them instead of starting its own.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** The bundled worker sits in out/ beside cli.js and engine.js; test bundles live a few folders below. */
export function workerScript(): string | null {
  let dir = __dirname;
  for (let up = 0; up < 4; up++, dir = dirname(dir)) {
    const p = join(dir, 'parse-worker.js');
    if (existsSync(p)) return p;
  }
  return null;
}

/**
 * A big file gets a second parse thread when there is a core for it beside the writing thread and the first
 * parser: on 2 cores, two parsers and the writer took turns on the cores and spent 15-25% more CPU in all (each
 * thread warms up and collects its own heap) for no gain, while one parser and the writer keep both busy.
 */
export function defaultWorkers(size: number, cores = availableParallelism()): number {
  return size > 32 << 20 ? Math.max(1, Math.min(2, cores - 1)) : 1;
}

// A larger young generation: parsing makes many short-lived large strings, and scavenges were ~15% of its time.
const spawn = (script: string) => new Worker(script, { resourceLimits: { maxYoungGenerationSizeMb: 64 } });

/** Started early and not yet taken; unref'd, so an unused one never keeps the process alive. */
const early: Worker[] = [];

/** Starts `n` parse workers now, for the next readJsonl to take. */
export function prestartParseWorkers(n: number): void {
  const script = workerScript();
  if (!script) return;
  for (let i = 0; i < n; i++) {
    const w = spawn(script);
    w.unref();
    // One that fails or exits before it is taken is dropped: readJsonl starts a fresh one instead.
    w.on('error', () => undefined);
    w.on('exit', () => { const k = early.indexOf(w); if (k >= 0) early.splice(k, 1); });
    early.push(w);
  }
}

/** A worker started early if one is left, else a new one. */
export function takeParseWorker(script: string): Worker {
  const w = early.shift();
  if (!w) return spawn(script);
  w.ref();
  return w;
}
