// The rows curation reads: every sample of a dataset with its first trace (lowest id), in sample id order, a batch
// at a time (a 1.2M-row pool's traces are several times the memory curation may take); and, for a mix, the samples
// of a stored selection with only what dedup and the length rule need.
import type { Db } from './db';

export interface PoolRow {
  id: number; question: string; solution: string | null; answer: string | null; source: string | null; domain: string | null;
  cot_type: string | null; features: string | null; status: string;
  /** The first trace, or all null when the sample has none. */
  tid: number | null; producer: string | null; thinking: string | null; tanswer: string | null;
  thinking_tokens: number | null; finish_reason: string | null; grade: number | null;
}

/** Up to `limit` samples with ids above `afterId`, in id order (keyset pagination on samples(dataset_id, id)). */
export function poolRowsAfter(db: Db, datasetId: number, afterId: number, limit: number): PoolRow[] {
  return db.prepare(`SELECT s.id, s.question, s.solution, s.answer, s.source, s.domain, s.cot_type, s.features, s.status,
      t.id AS tid, t.producer, t.thinking, t.answer AS tanswer, t.thinking_tokens, t.finish_reason, t.grade
    FROM samples s LEFT JOIN traces t ON t.id = (SELECT min(id) FROM traces WHERE sample_id = s.id)
    WHERE s.dataset_id = ? AND s.id > ? ORDER BY s.id LIMIT ?`).all(datasetId, afterId, limit) as PoolRow[];
}

export interface MixRow {
  id: number; rank: number; dataset_id: number; dataset: string; question: string; status: string;
  /** What the length rule reads (pool.ts `lengthOf`): the features' gemini_length, the first trace's tokens, else its characters. */
  gemini_length: number | null; thinking_tokens: number | null; thinking_chars: number | null;
}

/** The samples of a selection in rank order, without their trace text (a mix of 59K long traces stays small). */
export function selectionMixRows(db: Db, selectionId: number): MixRow[] {
  return db.prepare(`SELECT s.id, i.rank, s.dataset_id, d.name AS dataset, s.question, s.status,
      CASE json_type(s.features, '$.gemini_length') WHEN 'integer' THEN json_extract(s.features, '$.gemini_length')
        WHEN 'real' THEN json_extract(s.features, '$.gemini_length') END AS gemini_length,
      t.thinking_tokens, CASE WHEN t.thinking_tokens IS NULL THEN length(t.thinking) END AS thinking_chars
    FROM selection_items i JOIN samples s ON s.id = i.sample_id JOIN datasets d ON d.id = s.dataset_id
    LEFT JOIN traces t ON t.id = (SELECT min(id) FROM traces WHERE sample_id = s.id)
    WHERE i.selection_id = ? ORDER BY i.rank`).all(selectionId) as MixRow[];
}

/** The questions of a dataset's samples with ids from `fromId` to `toId`, in id order (dedup reads them in batches). */
export function questionsBetween(db: Db, datasetId: number, fromId: number, toId: number): { id: number; question: string }[] {
  return db.prepare('SELECT id, question FROM samples WHERE dataset_id = ? AND id >= ? AND id <= ? ORDER BY id')
    .all(datasetId, fromId, toId) as { id: number; question: string }[];
}

/** One sample's question, or undefined. */
export function questionOf(db: Db, sampleId: number): string | undefined {
  return db.prepare('SELECT question FROM samples WHERE id = ?').pluck().get(sampleId) as string | undefined;
}
