// The engine: a long-lived Node process serving core over JSON-RPC on stdio.
// It owns the database connection, so the native module never loads into VS Code's own runtime.
import './preflight'; // first: a native module this Node cannot load ends the engine with a report, before anything else
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, RequestType, NotificationType, ResponseError } from 'vscode-jsonrpc/node';
import { DEFAULT_DB_PATH, openDatabase, type Db } from '../core/store/db';
import { listDatasets } from '../core/store/datasets';
import { buildSearchIndex, searchListsBehind } from '../core/store/fts';
import type { IndexWorkerResult } from './index-worker';
import { importFiles } from '../core/ingest/importer';
import { collectStats } from '../core/store/stats';
import { clearReviewCache, datasetLabels, getSample, getTrace, listSamples, saveFilterAsSelection, setStatus, toggleLabel } from '../core/review/queries';
import { warmSearch } from '../core/review/search-warmup';
import { VERSION } from '../core/version';
import { listModels } from '../core/backend/client';
import { listRuns } from '../core/store/runs';
import { findSelection, listSelections, selectionDatasets } from '../core/store/selections';
import { ENGINE_PROTOCOL_VERSION, type EngineMethod, type EngineNotifications, type EngineRequests, type ReviewFilter } from '../shared/protocol';
import { toEngineError } from './errors';
import { redact } from '../core/redact';
import { checkpoint } from '../core/store/backup';
import { ForeignCommits } from '../core/store/foreign-commits';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { datasetChildren, datasetGenerations, deleteDataset, renameDataset } from '../core/store/dataset-admin';
import { trainModels } from '../core/train/models';
import { trainPoints } from '../core/store/train-runs';
import { runMetrics } from '../core/dashboard/run-metrics';
import { pointSamples, runsDashboard } from '../core/dashboard/dashboard';
import { pairedDifference } from '../core/store/run-compare';
import { teachersView } from '../core/dashboard/teachers-view';
import { verdictSummary } from '../core/store/verdict-summary';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const dbPath = arg('--db') ?? DEFAULT_DB_PATH;
// stdout carries the protocol: anything printed by accident must go to stderr instead.
console.log = console.error;
console.info = console.error;

const connection = createMessageConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
/** The engine waits for SQLite's write lock at most this long per attempt: better-sqlite3 waits synchronously, and a
 *  long wait would freeze every request (the panel's reads included) while a CLI import holds the lock. */
const ENGINE_BUSY_MS = 100;
// The database file (and its folder) is created by the first write, never by a read: opening a workspace
// leaves no .distillery/ behind. Until the file exists, reads are answered from an empty in-memory database.
let fileDb: Db | undefined;
let emptyDb: Db | undefined;
const dbFile = dbPath === ':memory:' ? dbPath : resolve(dbPath);
const fileExists = () => dbFile === ':memory:' || existsSync(dbFile);
/**
 * The engine's connection reads the file through a memory map: a search reads a new word's lists and rows each time
 * (pages the connection has not read yet), and copying them in through read() was half the search's CPU on the 59K
 * pool (first page 10.1 -> 5.3 ms in process; bench/README.md). SQLite caps the map (2 GB); reads beyond it, and the
 * WAL's, go through read() as before.
 */
const ENGINE_MMAP_BYTES = 2 ** 31;
/** Commits to the file by other connections since the engine last looked (its own writes through fileDb never count). */
let foreign: ForeignCommits | undefined;
function openFile(): Db {
  const db = openDatabase(dbPath, { busyTimeoutMs: ENGINE_BUSY_MS });
  db.pragma(`mmap_size = ${ENGINE_MMAP_BYTES}`);
  foreign = new ForeignCommits(db);
  return db;
}
/** The database to read: the file once it exists (another process may create it), else an empty stand-in. */
function readDb(): Db {
  if (!fileDb && fileExists()) {
    fileDb = openFile();
    clearReviewCache();
  }
  return fileDb ?? (emptyDb ??= openDatabase(':memory:'));
}
/** The database to write: created (with its folder) when missing. */
function writeDb(): Db {
  return (fileDb ??= openFile());
}

/**
 * The engine's own writes through connections of their own (an import's, the index worker's) under way: their
 * commits are foreign to fileDb too, so a foreign commit meanwhile is told when they end (by their own db/changed).
 */
let ownWriters = 0;
let foreignMeanwhile = false;
/** Ends one of the engine's own writes on another connection; true when the file changed while they ran (theirs or another process's). */
function ownWriteEnded(): boolean {
  ownWriters--;
  if (ownWriters > 0 || !foreign) return false;
  const changed = foreign.take() || foreignMeanwhile;
  foreignMeanwhile = false;
  return changed;
}

/**
 * The file changed on disk: tells the review panel (db/changed 'external') only when another process committed,
 * not after the engine's own writes (a person's labels), so that the panel keeps the samples it fetched ahead.
 */
function checkForeign(): boolean {
  const had = fileDb !== undefined;
  readDb(); // another process may have created the file
  if (!fileDb || !foreign) return false;
  const changed = foreign.take() || !had;
  if (!changed) return false;
  if (ownWriters > 0) { foreignMeanwhile = true; return false; }
  clearReviewCache();
  notify('db/changed', { reason: 'external' });
  return true;
}

/** How long a person's write keeps asking: imports commit in batches of about a second, but a curation or another job
 *  may hold the write lock longer; a label waits for its turn rather than failing. */
const PERSON_WRITE_PATIENCE_MS = 30 * 60_000;
let personWrites: Promise<unknown> = Promise.resolve();

/**
 * A person's write (a label, a status, a selection, a rename) never fails because a job runs: it is retried every
 * 200 ms, without blocking the engine, while another process holds the write lock. Writes go one at a time in the
 * order they came, so accept-then-reject ends rejected.
 */
function personWrite<T>(what: string, write: () => T): Promise<T> {
  const run = async (): Promise<T> => {
    const started = Date.now();
    let told = false;
    for (;;) {
      try {
        return write();
      } catch (e) {
        if ((e as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() - started > PERSON_WRITE_PATIENCE_MS) throw e;
        if (!told) notify('log', { level: 'info', message: `${what} waits for another process writing ${dbPath} (an import or curation) to commit` });
        told = true;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  };
  const next = personWrites.then(run, run);
  personWrites = next.catch(() => undefined);
  return next;
}
try {
  if (fileExists()) readDb();
} catch (e) {
  process.stderr.write(`distillery engine: cannot open database ${dbPath}: ${(e as Error).message}\n`);
  process.exit(3);
}

function notify<N extends keyof EngineNotifications>(method: N, params: EngineNotifications[N]): void {
  void connection.sendNotification(new NotificationType<EngineNotifications[N]>(method), params);
}

function handle<M extends EngineMethod>(
  method: M,
  fn: (params: EngineRequests[M]['params'], token: { isCancellationRequested: boolean; onCancellationRequested: (cb: () => void) => unknown }) =>
    EngineRequests[M]['result'] | Promise<EngineRequests[M]['result']>,
): void {
  connection.onRequest(new RequestType<EngineRequests[M]['params'], EngineRequests[M]['result'], void>(method), async (params, token) => {
    searchWarmup.touch();
    try {
      return await fn(params, token);
    } catch (e) {
      // Typed errors: the extension shows a person's mistake as a warning and a crash (logged with its stack) as an error.
      const err = toEngineError(e);
      if (err.data.kind === 'Internal') notify('log', { level: 'error', message: redact(`${method} failed: ${(e as Error).stack ?? e}`) });
      throw new ResponseError(err.code, err.message, err.data);
    }
  });
}

/**
 * A person's first search would pay for the search path's first run in this process (search-warmup.ts): once the panel
 * has listed a data set, one throwaway search runs after the engine has had no request for WARM_IDLE_MS, never while
 * an import or the index build writes.
 */
const WARM_IDLE_MS = 500;
const searchWarmup = {
  filter: null as ReviewFilter | null,
  done: false,
  timer: undefined as NodeJS.Timeout | undefined,
  /** A request came: the engine is not idle; the warm-up (if still due) waits for the next quiet moment. */
  touch(): void {
    if (this.done || !this.filter) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), WARM_IDLE_MS);
    this.timer.unref();
  },
  run(): void {
    if (this.done || !this.filter || !fileDb) return;
    if (indexing || ownWriters > 0) { this.touch(); return; }
    this.done = true;
    try {
      warmSearch(fileDb, this.filter);
    } catch (e) {
      notify('log', { level: 'warn', message: `search warm-up failed: ${(e as Error).message}` });
    }
  },
};

let indexing: Promise<void> | null = null;
/**
 * Builds the full-text index and its search lists in the background (after imports, and when a search finds the
 * lists behind): in a worker thread with its own connection and committed batches, so requests are answered meanwhile.
 */
function indexInBackground(): void {
  if (indexing || dbFile === ':memory:') return;
  ownWriters++;
  indexing = (async () => {
    await new Promise((r) => setTimeout(r, 50));
    const script = join(__dirname, 'index-worker.js');
    let n: number;
    if (existsSync(script)) {
      const r = await new Promise<IndexWorkerResult>((res, rej) => {
        const w = new Worker(script, { workerData: { dbPath } });
        w.once('message', res);
        w.once('error', rej);
        w.once('exit', (code) => rej(new Error(`index worker exited with code ${code}`)));
      });
      if (r.error !== undefined) throw new Error(r.error);
      n = r.indexed ?? 0;
    } else {
      // Not bundled beside the engine (a test running the sources): build here.
      const conn = openDatabase(dbPath);
      try { n = buildSearchIndex(conn); } finally { conn.close(); }
    }
    return n;
  })().catch((e) => { notify('log', { level: 'warn', message: `full-text index build failed: ${(e as Error).message}` }); return 0; })
    .then((n) => {
      indexing = null;
      // Searches cached before the build ranked without the lists (or without the new rows). A build changes no
      // sample: the panel keeps what it fetched ahead, and looks again (another process may have written meanwhile).
      const changed = ownWriteEnded();
      clearReviewCache();
      if (n || changed) notify('db/changed', { reason: 'index' });
    });
}

handle('db/checkForeign', () => ({ changed: checkForeign() }));
handle('engine/ping', () => ({ version: VERSION, pid: process.pid, db: dbFile, node: process.version, protocol: ENGINE_PROTOCOL_VERSION }));
handle('datasets/list', () => listDatasets(readDb()));
handle('stats/get', (p) => collectStats(readDb(), p.dataset));
handle('index/build', () => {
  const t0 = performance.now();
  const indexed = buildSearchIndex(readDb());
  return { indexed, seconds: (performance.now() - t0) / 1000 };
});
handle('runs/list', () => listRuns(readDb()));
handle('selections/list', () => listSelections(readDb()));
handle('selections/get', (p) => {
  const sel = findSelection(readDb(), p.name);
  if (!sel) return null;
  const datasets = selectionDatasets(readDb(), sel.id).map((d) => d.dataset);
  return { name: sel.name, version: sel.version, count: sel.count, datasets, recipe: sel.recipe, funnel: Array.isArray(sel.funnel) ? sel.funnel : [] };
});
handle('backend/models', async (p) => {
  try {
    return await listModels(p.url, p.apiKey, AbortSignal.timeout(Math.min(Math.max(p.timeoutMs ?? 10_000, 100), 10_000)));
  } catch (e) {
    // The client says only "Connection error."; the reason (ECONNREFUSED, ENOTFOUND, …) is in its cause.
    const cause = (e as { cause?: { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } } }).cause;
    // fetch's own reason sits one level down: a code (ECONNREFUSED) or, for a port fetch refuses to use, 'bad port'.
    const why = cause?.cause?.code ?? cause?.code ?? cause?.cause?.message ?? cause?.message;
    if (e instanceof Error && /^Connection error\.?$/.test(e.message) && typeof why === 'string') e.message = `connection failed (${why})`;
    throw e;
  }
});
handle('review/list', (p) => {
  const r = listSamples(readDb(), p.filter ?? {}, p.offset, p.limit);
  // The panel lists a data set: its first search will come under the same filter.
  if (!p.filter?.search && !searchWarmup.done) { searchWarmup.filter = { ...p.filter, search: undefined }; searchWarmup.touch(); }
  // A search found the lists behind the index (new rows, a deletion, a database from before them): built in a worker.
  if (p.filter?.search && fileDb && searchListsBehind(fileDb)) indexInBackground();
  return r;
});
handle('review/get', (p) => getSample(readDb(), p.id));
handle('review/trace', (p) => getTrace(readDb(), p.id));
handle('review/labels', (p) => datasetLabels(readDb(), p.dataset));
handle('review/saveSelection', async (p) => {
  const r = await personWrite('saving a selection', () => saveFilterAsSelection(writeDb(), p.name, p.filter));
  notify('db/changed', { reason: 'selection' });
  return r;
});
/** A person's labels reach the main database file a few seconds after a burst of them, not only at exit: a user
 *  who copies the `.db` alone (without its `-wal`) must not lose them. */
let labelCheckpoint: NodeJS.Timeout | undefined;
function labelsWritten(): void {
  clearTimeout(labelCheckpoint);
  labelCheckpoint = setTimeout(() => {
    try { if (fileDb) checkpoint(fileDb); } catch (e) { notify('log', { level: 'warn', message: `checkpoint after labels failed: ${(e as Error).message}` }); }
  }, 3000);
  labelCheckpoint.unref();
}

handle('review/setStatus', async (p) => {
  const previous = await personWrite('a review decision', () => setStatus(writeDb(), p.id, p.status));
  labelsWritten();
  notify('db/changed', { reason: 'review' });
  return { previous };
});
handle('review/toggleLabel', async (p) => {
  const set = await personWrite('a label', () => toggleLabel(writeDb(), p.sampleId, p.label, p.traceId ?? null, p.note));
  labelsWritten();
  notify('db/changed', { reason: 'review' });
  return { set };
});
handle('import/run', async (p, token) => {
  const abort = new AbortController();
  token.onCancellationRequested(() => abort.abort());
  // Its own connection: the import's long transaction must not swallow other requests' writes.
  const conn = openDatabase(dbPath);
  readDb(); // the import may have created the file: its commits are foreign to the engine's connection from now on
  ownWriters++;
  let ended = false;
  try {
    const result = await importFiles(conn, {
      ...p, signal: abort.signal,
      onProgress: (pr) => notify('import/progress', { ...pr, token: p.token }),
    });
    conn.close();
    ended = true;
    ownWriteEnded();
    clearReviewCache();
    notify('db/changed', { reason: 'import' });
    indexInBackground();
    return result;
  } finally {
    if (conn.open) conn.close();
    // A failed or cancelled import may have committed some of its batches.
    if (!ended && ownWriteEnded()) { clearReviewCache(); notify('db/changed', { reason: 'import' }); }
  }
});

handle('runs/metrics', (p) => runMetrics(readDb(), p.name));
handle('runs/dashboard', (p) => runsDashboard(readDb(), p.runs ?? []));
handle('runs/samples', (p) => pointSamples(readDb(), p));
handle('runs/compare', (p) => pairedDifference(readDb(), p.a, p.b));
handle('datasets/children', (p) => datasetChildren(readDb(), p.name));
handle('datasets/generations', (p) => datasetGenerations(readDb(), p.name));
handle('runs/teachers', (p) => teachersView(readDb(), p.runs ?? []));
handle('verify/summary', (p) => verdictSummary(readDb(), p));
handle('train/metrics', (p) => trainPoints(readDb(), p.name));
handle('train/models', () => trainModels(readDb()));
handle('datasets/rename', async (p) => {
  await personWrite('renaming a data set', () => renameDataset(writeDb(), p.name, p.to));
  clearReviewCache();
  notify('db/changed', { reason: 'rename' });
  return { name: p.to.trim() };
});
handle('datasets/delete', async (p) => {
  const samples = await personWrite('deleting a data set', () => deleteDataset(writeDb(), p.name));
  clearReviewCache();
  notify('db/changed', { reason: 'delete' });
  return { samples };
});

/** A clean exit checkpoints and closes: the last connection to close folds the WAL into the database file. */
function shutdown(): never {
  try {
    if (fileDb) {
      checkpoint(fileDb);
      fileDb.close();
    }
  } catch { /* exiting anyway: SQLite recovers the WAL on the next open */ }
  process.exit(0);
}
connection.onClose(shutdown);
process.stdin.on('end', shutdown);
process.on('SIGTERM', shutdown);
connection.listen();
notify('log', { level: 'info', message: `engine ${VERSION} ready (pid ${process.pid}, node ${process.version}, db ${dbFile}${fileExists() ? '' : ', not created yet'})` });
