// Whether another connection committed to the database since the last look: SQLite's data_version changes when
// another connection (a CLI import or label, a task, a worker thread's own connection) commits, never on this
// connection's own commits. The engine uses it to tell the review panel only of writes it did not make itself.
import type { Db } from './db';

export class ForeignCommits {
  private seen: number;

  constructor(private readonly db: Db) {
    this.seen = dataVersion(db);
  }

  /** Whether another connection committed since the last call (or since this was made); each change is told once. */
  take(): boolean {
    const v = dataVersion(this.db);
    const changed = v !== this.seen;
    this.seen = v;
    return changed;
  }
}

function dataVersion(db: Db): number {
  return db.pragma('data_version', { simple: true }) as number;
}
