// The full-text indexes over questions and traces are built after imports, not during them (indexing
// in the import transaction cuts its throughput by more than half). A watermark per index in `meta`
// records the highest row id indexed; building resumes from it.
import type { Db } from './db';

interface FtsIndex { table: 'samples' | 'traces'; fts: string; columns: string; size: string; key: string }

const INDEXES: readonly FtsIndex[] = [
  { table: 'samples', fts: 'samples_fts', columns: 'question', size: 'length(question)', key: 'samples_fts_upto' },
  { table: 'traces', fts: 'traces_fts', columns: 'thinking, answer', size: 'length(thinking) + length(answer)', key: 'traces_fts_upto' },
];

function watermark(db: Db, key: string): number {
  const v = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined;
  return v ? Number(v) : 0;
}

function pending(db: Db, ix: FtsIndex): number {
  return db.prepare(`SELECT count(*) FROM ${ix.table} WHERE id > ?`).pluck().get(watermark(db, ix.key)) as number;
}

export function pendingTraces(db: Db): number {
  return pending(db, INDEXES[1]);
}

export function indexedTraces(db: Db): number {
  return db.prepare('SELECT count(*) FROM traces WHERE id <= ?').pluck().get(watermark(db, INDEXES[1].key)) as number;
}

/**
 * Indexes every question and trace above the watermarks, in committed batches so a killed build resumes
 * where it stopped and other writers get the lock between batches. Returns the number of traces indexed.
 */
export function buildSearchIndex(db: Db, onProgress?: (done: number, total: number) => void, batchBytes = 64 << 20): number {
  let traces = 0;
  for (const ix of INDEXES) {
    const total = pending(db, ix);
    const next = db.prepare(`SELECT id, ${ix.size} AS n FROM ${ix.table} WHERE id > ? ORDER BY id LIMIT 5000`);
    const fill = db.prepare(`INSERT INTO ${ix.fts} (rowid, ${ix.columns}) SELECT id, ${ix.columns} FROM ${ix.table} WHERE id > ? AND id <= ?`);
    const mark = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    let done = 0;
    for (;;) {
      const from = watermark(db, ix.key);
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
        if (watermark(db, ix.key) !== from) return;
        fill.run(from, upto);
        mark.run(ix.key, String(upto));
      }).immediate();
      done += count;
      if (ix.table === 'traces') onProgress?.(done, total);
    }
    if (ix.table === 'traces') traces = done;
  }
  return traces;
}

/** Trace id → sample id, read once from the covering (sample_id, hash) index and kept until traces change. */
let traceSampleCache: { db: string; maxId: number; count: number; map: Int32Array } | null = null;
function traceSamples(db: Db): Int32Array {
  const { maxId, count } = db.prepare('SELECT ifnull(max(id), 0) AS maxId, count(*) AS count FROM traces').get() as { maxId: number; count: number };
  const c = traceSampleCache;
  if (c && c.db === db.name && c.maxId === maxId && c.count === count) return c.map;
  const map = new Int32Array(maxId + 1);
  for (const [id, sampleId] of db.prepare('SELECT id, sample_id FROM traces').raw().iterate() as Iterable<[number, number]>) map[id] = sampleId;
  traceSampleCache = { db: db.name, maxId, count, map };
  return map;
}

/**
 * Samples whose question or any trace matches the FTS5 query. The trace index gives trace ids; mapping them
 * to samples in memory avoids one lookup in the (large) traces table per hit, which dominated common words.
 * The index is built first if an import left it behind.
 */
export function searchSampleIds(db: Db, ftsQuery: string): Set<number> {
  buildSearchIndex(db);
  const hits = new Set<number>(db.prepare('SELECT rowid FROM samples_fts WHERE samples_fts MATCH ?').pluck().all(ftsQuery) as number[]);
  const map = traceSamples(db);
  for (const t of db.prepare('SELECT rowid FROM traces_fts WHERE traces_fts MATCH ?').pluck().iterate(ftsQuery) as Iterable<number>) hits.add(map[t]);
  return hits;
}
