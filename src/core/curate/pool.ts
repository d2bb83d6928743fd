// The samples of a dataset as curation sees them: the question, its features and its first trace.
import type { Db } from '../store/db';
import type { StoredTrace } from '../../shared/protocol';
import { poolRows } from '../store/curation-pool';
import type { SampleTextFields } from '../store/samples';

export type PoolTrace = StoredTrace;

export interface PoolSample extends SampleTextFields {
  features: Record<string, unknown>;
  status: string;
  trace: PoolTrace | null;
}

/** The dataset's id by name (the lookup lives in store/datasets.ts). */
export { findDatasetId as datasetId } from '../store/datasets';

/** Every sample of the dataset in id order, each with its first trace (lowest id) or null. */
export function loadPool(db: Db, dsId: number): PoolSample[] {
  return poolRows(db, dsId).map((r) => ({
    id: r.id,
    question: r.question,
    solution: r.solution,
    answer: r.answer,
    source: r.source,
    domain: r.domain,
    cotType: r.cot_type,
    features: r.features ? JSON.parse(r.features) as Record<string, unknown> : {},
    status: r.status,
    trace: r.tid === null ? null : {
      id: r.tid, producer: r.producer!, thinking: r.thinking!, answer: r.tanswer!,
      thinkingTokens: r.thinking_tokens, finishReason: r.finish_reason, grade: r.grade,
    },
  }));
}

/** Trace length for s1's length bias: Qwen token count when known, else characters / 3.5 (an estimate). */
export function traceLength(s: PoolSample): number {
  const f = s.features.gemini_length;
  return lengthOf(typeof f === 'number' ? f : null, s.trace?.thinkingTokens ?? null, s.trace ? s.trace.thinking.length : null);
}

/** The same rule from its parts (a mix reads them in SQL without the trace text); chars null: no trace. */
export function lengthOf(geminiLength: number | null, thinkingTokens: number | null, thinkingChars: number | null): number {
  if (geminiLength !== null) return geminiLength;
  if (thinkingTokens !== null) return thinkingTokens;
  return thinkingChars !== null ? Math.round(thinkingChars / 3.5) : 0;
}

export const isAime = (s: PoolSample) => /aime/i.test(s.source ?? '');
export const isGpqa = (s: PoolSample) => /gpqa/i.test(s.source ?? '');
export const isMath = (s: PoolSample) => /openaimath|hendrycks|(^|\/)math(500)?($|\/)/i.test(s.source ?? '');

/** Longest trace first, then by id: the order s1's length bias and the 'longest' fill rank by. */
export function byLength(a: PoolSample, b: PoolSample): number {
  return traceLength(b) - traceLength(a) || a.id - b.id;
}
