// Worker thread: builds the full-text index and its impact lists on a connection of its own, so that the engine's
// thread keeps answering the panel (a search, a key) while a build runs for seconds or minutes.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../core/store/db';
import { buildSearchIndex } from '../core/store/fts';

export interface IndexWorkerResult { indexed?: number; error?: string }

const conn = openDatabase((workerData as { dbPath: string }).dbPath);
let result: IndexWorkerResult;
try {
  result = { indexed: buildSearchIndex(conn) };
} catch (e) {
  result = { error: (e as Error).message };
} finally {
  conn.close();
}
parentPort?.postMessage(result);
