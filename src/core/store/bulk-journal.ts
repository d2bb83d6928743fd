// A first import into an empty database is written with a rollback journal, then the database goes back to WAL.
//
// In WAL mode every page is written twice (to the WAL, then by the checkpoint into the database: 1.18 GB for the
// 590 MB pool). With a rollback journal, pages that did not exist when a transaction began are not journalled, so
// an import into an empty store writes its rows once; only the few pages that existed before each batch (the last
// leaf of each table, the index pages) go to the journal. Safety stays: the journal is synced before the database
// is written (synchronous = FULL while in this mode), a killed import leaves a hot journal that the next open rolls
// back, and the committed batches stay, as in WAL mode. journal_mode = OFF is never used.
//
// The rule: only while the store holds no sample (nobody's labels or reviews exist yet, and almost every page an
// import writes is new), and only when this connection is the only one open on the file: SQLite refuses to leave
// WAL while another connection has the database open, and the attempt does not wait. Anyone who opens the database
// during the import through Distillery (the engine, another CLI command) switches it back to WAL when it opens
// (openDatabase waits for the import's batch to commit, about a second, whatever its own busy timeout), and the
// import carries on in WAL mode from its next batch: SQLite reads the mode from the file. Other programs use the rollback journal as
// SQLite does. At the end the import puts WAL back; if it cannot (another program is reading), the next open does.
import type { Db } from './db';

export interface BulkJournal {
  /** Back to WAL and synchronous = NORMAL (as openDatabase sets them). Safe to call twice. */
  leave(): void;
}

/** Switches an empty, unshared WAL database to a rollback journal; null (nothing changed) otherwise. */
export function enterBulkJournal(db: Db): BulkJournal | null {
  if (db.memory || db.readonly || db.inTransaction) return null;
  if (String(db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') return null;
  if (db.prepare('SELECT EXISTS (SELECT 1 FROM samples)').pluck().get()) return null;
  const busy = db.pragma('busy_timeout', { simple: true }) as number;
  const sync = db.pragma('synchronous', { simple: true }) as number;
  let mode: string;
  db.pragma('busy_timeout = 0');
  try {
    mode = String(db.pragma('journal_mode = TRUNCATE', { simple: true })).toLowerCase();
  } catch {
    return null; // another connection has the database open (SQLITE_BUSY): stay in WAL
  } finally {
    db.pragma(`busy_timeout = ${busy}`);
  }
  if (mode !== 'truncate') return null;
  db.pragma('synchronous = FULL');
  let left = false;
  return {
    leave() {
      if (left) return;
      left = true;
      const wait = db.pragma('busy_timeout', { simple: true }) as number;
      db.pragma(`busy_timeout = ${Math.min(wait, 10_000)}`);
      try {
        db.pragma('journal_mode = WAL');
      } catch {
        // Another program reads the file past the wait: the next openDatabase sets WAL.
      } finally {
        db.pragma(`busy_timeout = ${wait}`);
      }
      db.pragma(`synchronous = ${sync}`);
    },
  };
}
