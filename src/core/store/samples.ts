// One sample as the review panel shows it (with its traces), and a person's review status on it.
import type { Db } from './db';
import type { ReviewSampleDetail, ReviewStatus } from '../../shared/protocol';
import { NotFoundError } from '../errors';

/** The text columns of a stored sample, as every reader of samples names them. */
export interface SampleTextFields {
  id: number;
  question: string;
  solution: string | null;
  answer: string | null;
  source: string | null;
  domain: string | null;
  cotType: string | null;
}

export type SampleRow = Omit<ReviewSampleDetail, 'traces' | 'annotations'>;
export type SampleTraceRow = Omit<ReviewSampleDetail['traces'][number], 'check'>;

export function getSampleRow(db: Db, id: number): SampleRow | undefined {
  return db.prepare(`SELECT s.id, d.name AS dataset, s.question, s.solution, s.answer, s.source, s.domain, s.status, s.metadata
    FROM samples s JOIN datasets d ON d.id = s.dataset_id WHERE s.id = ?`).get(id) as SampleRow | undefined;
}

/** A sample's traces in id order (the first is the one curation reads). */
export function sampleTraces(db: Db, sampleId: number): SampleTraceRow[] {
  return db.prepare(`SELECT id, producer, thinking, answer, thinking_tokens AS thinkingTokens, finish_reason AS finishReason, grade
    FROM traces WHERE sample_id = ? ORDER BY id`).all(sampleId) as SampleTraceRow[];
}

export interface TraceText { id: number; sampleId: number; producer: string; thinking: string; answer: string }

export function getTraceText(db: Db, id: number): TraceText | null {
  return (db.prepare('SELECT id, sample_id AS sampleId, producer, thinking, answer FROM traces WHERE id = ?').get(id) as TraceText | undefined) ?? null;
}

/** A person's review decision; returns the previous status (for undo). Throws for an unknown sample. */
export function setSampleStatus(db: Db, id: number, status: ReviewStatus): ReviewStatus {
  return db.transaction(() => {
    const prev = db.prepare('SELECT status FROM samples WHERE id = ?').pluck().get(id) as ReviewStatus | undefined;
    if (prev === undefined) throw new NotFoundError(`no sample ${id}`);
    db.prepare("UPDATE samples SET status = ?, status_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?").run(status, id);
    return prev;
  }).immediate();
}
