// The engine: a long-lived Node process serving core over JSON-RPC on stdio.
// It owns the database connection, so the native module never loads into VS Code's own runtime.
import './preflight'; // first: a native module this Node cannot load ends the engine with a report, before anything else
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, RequestType, NotificationType, ResponseError } from 'vscode-jsonrpc/node';
import { DEFAULT_DB_PATH, openDatabase, type Db } from '../core/store/db';
import { listDatasets } from '../core/store/datasets';
import { buildSearchIndex } from '../core/store/fts';
import { importFiles } from '../core/ingest/importer';
import { collectStats } from '../core/store/stats';
import { clearReviewCache, datasetLabels, getSample, getTrace, listSamples, saveFilterAsSelection, setStatus, toggleLabel } from '../core/review/queries';
import { VERSION } from '../core/version';
import { listModels } from '../core/backend/client';
import { listRuns } from '../core/store/runs';
import { findSelection, listSelections } from '../core/store/selections';
import { ENGINE_PROTOCOL_VERSION, type EngineMethod, type EngineNotifications, type EngineRequests } from '../shared/protocol';
import { toEngineError } from './errors';
import { redact } from '../core/redact';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const dbPath = arg('--db') ?? DEFAULT_DB_PATH;
// stdout carries the protocol: anything printed by accident must go to stderr instead.
console.log = console.error;
console.info = console.error;

const connection = createMessageConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
let db: Db;
try {
  db = openDatabase(dbPath);
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

let indexing: Promise<void> | null = null;
/** Builds the trace full-text index in the background after imports (its own connection, committed batches). */
function indexInBackground(): void {
  if (indexing) return;
  indexing = (async () => {
    await new Promise((r) => setTimeout(r, 50));
    const conn = openDatabase(dbPath);
    try {
      const n = buildSearchIndex(conn);
      if (n) notify('db/changed', { reason: 'index' });
    } finally {
      conn.close();
      indexing = null;
    }
  })().catch((e) => notify('log', { level: 'warn', message: `full-text index build failed: ${(e as Error).message}` }));
}

handle('engine/ping', () => ({ version: VERSION, pid: process.pid, db: db.name, node: process.version, protocol: ENGINE_PROTOCOL_VERSION }));
handle('datasets/list', () => listDatasets(db));
handle('stats/get', (p) => collectStats(db, p.dataset));
handle('index/build', () => {
  const t0 = performance.now();
  const indexed = buildSearchIndex(db);
  return { indexed, seconds: (performance.now() - t0) / 1000 };
});
handle('runs/list', () => listRuns(db));
handle('selections/list', () => listSelections(db));
handle('selections/get', (p) => {
  const sel = findSelection(db, p.name);
  if (!sel) return null;
  return { name: sel.name, version: sel.version, count: sel.count, recipe: sel.recipe, funnel: Array.isArray(sel.funnel) ? sel.funnel : [] };
});
handle('backend/models', (p) => listModels(p.url, p.apiKey, AbortSignal.timeout(10_000)));
handle('review/list', (p) => listSamples(db, p.filter ?? {}, p.offset, p.limit));
handle('review/get', (p) => getSample(db, p.id));
handle('review/trace', (p) => getTrace(db, p.id));
handle('review/labels', (p) => datasetLabels(db, p.dataset));
handle('review/saveSelection', (p) => {
  const r = saveFilterAsSelection(db, p.name, p.filter);
  notify('db/changed', { reason: 'selection' });
  return r;
});
handle('review/setStatus', (p) => {
  const previous = setStatus(db, p.id, p.status);
  notify('db/changed', { reason: 'review' });
  return { previous };
});
handle('review/toggleLabel', (p) => {
  const set = toggleLabel(db, p.sampleId, p.label, p.traceId ?? null, p.note);
  notify('db/changed', { reason: 'review' });
  return { set };
});
handle('import/run', async (p, token) => {
  const abort = new AbortController();
  token.onCancellationRequested(() => abort.abort());
  // Its own connection: the import's long transaction must not swallow other requests' writes.
  const conn = openDatabase(dbPath);
  try {
    const result = await importFiles(conn, {
      ...p, signal: abort.signal,
      onProgress: (pr) => notify('import/progress', { ...pr, token: p.token }),
    });
    clearReviewCache();
    notify('db/changed', { reason: 'import' });
    indexInBackground();
    return result;
  } finally {
    conn.close();
  }
});

connection.onClose(() => process.exit(0));
process.stdin.on('end', () => process.exit(0));
connection.listen();
notify('log', { level: 'info', message: `engine ${VERSION} ready (pid ${process.pid}, node ${process.version}, db ${db.name})` });
