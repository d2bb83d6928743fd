// The samples of a dataset as curation sees them: the question, its features and its first trace.
import type { Db } from '../store/db';
import type { StoredTrace } from '../../shared/protocol';

export type PoolTrace = StoredTrace;

export interface PoolSample {
  id: number;
  question: string;
  solution: string | null;
  answer: string | null;
  source: string | null;
  domain: string | null;
  cotType: string | null;
  features: Record<string, unknown>;
  status: string;
  trace: PoolTrace | null;
}

export { datasetId } from '../store/datasets';

/** Every sample of the dataset in id order, each with its first trace (lowest id) or null. */
export function loadPool(db: Db, dsId: number): PoolSample[] {
  const rows = db.prepare(`SELECT s.id, s.question, s.solution, s.answer, s.source, s.domain, s.cot_type, s.features, s.status,
      t.id AS tid, t.producer, t.thinking, t.answer AS tanswer, t.thinking_tokens, t.finish_reason, t.grade
    FROM samples s LEFT JOIN traces t ON t.id = (SELECT min(id) FROM traces WHERE sample_id = s.id)
    WHERE s.dataset_id = ? ORDER BY s.id`).all(dsId) as Record<string, unknown>[];
  return rows.map((r) => ({
    id: r.id as number,
    question: r.question as string,
    solution: r.solution as string | null,
    answer: r.answer as string | null,
    source: r.source as string | null,
    domain: r.domain as string | null,
    cotType: r.cot_type as string | null,
    features: r.features ? JSON.parse(r.features as string) as Record<string, unknown> : {},
    status: r.status as string,
    trace: r.tid === null ? null : {
      id: r.tid as number, producer: r.producer as string, thinking: r.thinking as string, answer: r.tanswer as string,
      thinkingTokens: r.thinking_tokens as number | null, finishReason: r.finish_reason as string | null, grade: r.grade as number | null,
    },
  }));
}

/** Trace length for s1's length bias: Qwen token count when known, else characters / 3.5 (an estimate). */
export function traceLength(s: PoolSample): number {
  const f = s.features.gemini_length;
  if (typeof f === 'number') return f;
  if (s.trace?.thinkingTokens != null) return s.trace.thinkingTokens;
  return s.trace ? Math.round(s.trace.thinking.length / 3.5) : 0;
}

export const isAime = (s: PoolSample) => /aime/i.test(s.source ?? '');
export const isGpqa = (s: PoolSample) => /gpqa/i.test(s.source ?? '');
export const isMath = (s: PoolSample) => /openaimath|hendrycks|(^|\/)math(500)?($|\/)/i.test(s.source ?? '');
