// traces.thinking_tokens: which traces of a dataset lack a count, their thinking text, and writing counts.
import type { Db } from './db';

/** The dataset's trace ids in id order: those without a count, or all of them. */
export function traceIdsToCount(db: Db, datasetId: number, all = false): number[] {
  return db.prepare(`SELECT t.id FROM traces t JOIN samples s ON s.id = t.sample_id WHERE s.dataset_id = ?
    ${all ? '' : 'AND t.thinking_tokens IS NULL'} ORDER BY t.id`).pluck().all(datasetId) as number[];
}

/** How many of the dataset's traces already have a count. */
export function countedTraces(db: Db, datasetId: number): number {
  return db.prepare(`SELECT count(*) FROM traces t JOIN samples s ON s.id = t.sample_id
    WHERE s.dataset_id = ? AND t.thinking_tokens IS NOT NULL`).pluck().get(datasetId) as number;
}

/** Reads thinking texts by trace id (one prepared statement for many reads). */
export function thinkingReader(db: Db): (traceId: number) => string {
  const get = db.prepare('SELECT thinking FROM traces WHERE id = ?').pluck();
  return (id) => get.get(id) as string;
}

/** Writes the counts of `ids` (same order) in one transaction. */
export function saveThinkingTokens(db: Db, ids: readonly number[], counts: readonly number[]): void {
  const set = db.prepare('UPDATE traces SET thinking_tokens = ? WHERE id = ?');
  db.transaction(() => ids.forEach((id, k) => set.run(counts[k], id)))();
}
