// Opens the workspace database: WAL so the engine and CLI tasks can write at once,
// a busy timeout so they wait for each other instead of failing, and forward migrations.
import Database from 'better-sqlite3';
import { makeFolder } from '../folders';
import { dirname, resolve } from 'node:path';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';

export type Db = Database.Database;

export { DEFAULT_DB_PATH } from './paths';

export interface OpenOptions { readonly?: boolean; busyTimeoutMs?: number }

export class SchemaTooNewError extends Error {}

export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const file = path === ':memory:' ? path : resolve(path);
  if (file !== ':memory:' && !options.readonly) makeFolder(dirname(file));
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
  if (!options.readonly && schemaVersion(db) === 0) {
    // Traces are long texts: 16 KB pages keep most in one or two pages (4 KB pages chain several overflow
    // pages per trace); measured 30% faster writes and a quicker checkpoint. Only settable on a new file.
    db.pragma('page_size = 16384');
  }
  if (!options.readonly) {
    setWal(db, options.busyTimeoutMs ?? 10_000);
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = ON');
  migrate(db, file);
  return db;
}

/**
 * A first import writes with a rollback journal (bulk-journal.ts); putting the database back in WAL then waits for
 * the import's batch in progress (about a second) even where the caller's busy timeout is shorter (the engine's).
 * SQLite answers BUSY at once here, without its busy handler (a reader asking for the write lock while a writer
 * holds it could deadlock), so the switch is retried until the import's turn between batches. Already in WAL,
 * the pragma takes no lock and returns at once.
 */
const WAL_SWITCH_WAIT_MS = 10_000;
function setWal(db: Db, busyMs: number): void {
  const deadline = Date.now() + Math.max(busyMs, WAL_SWITCH_WAIT_MS);
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (e) {
      if ((e as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

/** Applies every migration above the file's user_version, each in its own transaction. */
export function migrate(db: Db, file = db.name): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new SchemaTooNewError(
      `${file} has schema version ${current}, newer than this Distillery understands (${SCHEMA_VERSION}). Update Distillery.`);
  }
  if (current === SCHEMA_VERSION || db.readonly) return;
  for (let v = current; v < SCHEMA_VERSION; v++) {
    // BEGIN IMMEDIATE: two processes opening a fresh file at once must not both migrate.
    db.exec('BEGIN IMMEDIATE');
    try {
      const now = db.pragma('user_version', { simple: true }) as number;
      if (now === v) {
        const m = MIGRATIONS[v];
        if (typeof m === 'string') db.exec(m);
        else m(db);
        db.pragma(`user_version = ${v + 1}`);
      }
      db.exec('COMMIT');
    } catch (e) {
      db.exec('ROLLBACK');
      throw e;
    }
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}
