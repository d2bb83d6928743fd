// The rows curation reads: every sample of a dataset with its first trace (lowest id), in sample id order.
import type { Db } from './db';

export interface PoolRow {
  id: number; question: string; solution: string | null; answer: string | null; source: string | null; domain: string | null;
  cot_type: string | null; features: string | null; status: string;
  /** The first trace, or all null when the sample has none. */
  tid: number | null; producer: string | null; thinking: string | null; tanswer: string | null;
  thinking_tokens: number | null; finish_reason: string | null; grade: number | null;
}

export function poolRows(db: Db, datasetId: number): PoolRow[] {
  return db.prepare(`SELECT s.id, s.question, s.solution, s.answer, s.source, s.domain, s.cot_type, s.features, s.status,
      t.id AS tid, t.producer, t.thinking, t.answer AS tanswer, t.thinking_tokens, t.finish_reason, t.grade
    FROM samples s LEFT JOIN traces t ON t.id = (SELECT min(id) FROM traces WHERE sample_id = s.id)
    WHERE s.dataset_id = ? ORDER BY s.id`).all(datasetId) as PoolRow[];
}
