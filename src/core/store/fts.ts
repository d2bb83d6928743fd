// The full-text index over traces is built after imports, not during them (it would cut import
// throughput by more than half). A watermark in `meta` records the highest trace id indexed.
import type { Db } from './db';

const KEY = 'traces_fts_upto';

export function ftsWatermark(db: Db): number {
  const v = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(KEY) as string | undefined;
  return v ? Number(v) : 0;
}

export function pendingTraces(db: Db): number {
  return db.prepare('SELECT count(*) FROM traces WHERE id > ?').pluck().get(ftsWatermark(db)) as number;
}

export function indexedTraces(db: Db): number {
  return db.prepare('SELECT count(*) FROM traces WHERE id <= ?').pluck().get(ftsWatermark(db)) as number;
}

/**
 * Indexes every trace above the watermark, in committed batches so a killed build resumes where it
 * stopped and other writers get the lock between batches. Returns the number of traces indexed.
 */
export function buildTraceIndex(db: Db, onProgress?: (done: number, total: number) => void, batchBytes = 64 << 20): number {
  const total = pendingTraces(db);
  const next = db.prepare('SELECT id, length(thinking) + length(answer) AS n FROM traces WHERE id > ? ORDER BY id LIMIT 5000');
  const fill = db.prepare('INSERT INTO traces_fts (rowid, thinking, answer) SELECT id, thinking, answer FROM traces WHERE id > ? AND id <= ?');
  const mark = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  let done = 0;
  for (;;) {
    const from = ftsWatermark(db);
    const ids = next.all(from) as { id: number; n: number }[];
    if (!ids.length) break;
    let upto = from;
    let bytes = 0;
    let count = 0;
    for (const r of ids) {
      upto = r.id;
      count++;
      bytes += r.n;
      if (bytes > batchBytes) break;
    }
    db.transaction(() => {
      // Re-check under the write lock: another process may have indexed this range meanwhile.
      if (ftsWatermark(db) !== from) return;
      fill.run(from, upto);
      mark.run(KEY, String(upto));
    }).immediate();
    done += count;
    onProgress?.(done, total);
  }
  return done;
}
