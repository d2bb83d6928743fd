// The samples of a dataset as curation sees them. Two shapes: a PoolSample is a whole sample with its first trace's
// text, read a batch at a time (forEachPoolBatch) by the stages that read text (detectors, decontamination) in one
// streamed pass; a PoolEntry is what every stage holds for the whole run (ids, features, the trace's length and
// grade; no question or trace text: dedup reads the questions again in batches), so a 1.2M-row pool fits in
// bounded memory.
import type { Db } from '../store/db';
import type { StoredTrace } from '../../shared/protocol';
import { poolRowsAfter, type PoolRow } from '../store/curation-pool';
import type { SampleTextFields } from '../store/samples';

export type PoolTrace = StoredTrace;

export interface PoolSample extends SampleTextFields {
  features: Record<string, unknown>;
  status: string;
  trace: PoolTrace | null;
}

/** A trace without its text: what the length rule, the picks and the keep rule read. */
export interface PoolTraceMeta {
  id: number; producer: string; thinkingTokens: number | null; finishReason: string | null; grade: number | null;
  /** The thinking's length in UTF-16 code units (JavaScript's `length`, as the length rule always counted it). */
  thinkingChars: number;
}

export interface PoolEntry {
  id: number; source: string | null; domain: string | null; cotType: string | null;
  features: Record<string, unknown>;
  status: string;
  trace: PoolTraceMeta | null;
}

/** The dataset's id by name (the lookup lives in store/datasets.ts). */
export { findDatasetId as datasetId } from '../store/datasets';

/** Samples read per query in the streamed pass: a few MB of text for s1-length traces. */
export const POOL_BATCH = 2000;

function sampleOf(r: PoolRow): PoolSample {
  return {
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
  };
}

/** Every sample of the dataset in id order, each with its first trace (lowest id) or null, `batch` samples at a time. */
export function forEachPoolBatch(db: Db, dsId: number, fn: (batch: readonly PoolSample[]) => void, batch = POOL_BATCH): void {
  const size = Number.isFinite(batch) ? Math.max(1, Math.floor(batch)) : POOL_BATCH;
  for (let after = 0; ;) {
    const rows = poolRowsAfter(db, dsId, after, size);
    if (!rows.length) return;
    fn(rows.map(sampleOf));
    after = rows[rows.length - 1].id;
    if (rows.length < size) return;
  }
}

/**
 * One copy of each short string a pool repeats on every row (source, domain, status, producer: the database
 * returns a new string per row, ~200 bytes a row at 1.2M rows). Stops adding after `max` distinct strings.
 */
export class Interner {
  private seen = new Map<string, string>();
  constructor(private readonly max = 65536) {}
  of<T extends string | null>(s: T): T {
    if (s === null || s.length > 200) return s;
    const had = this.seen.get(s);
    if (had !== undefined) return had as T;
    if (this.seen.size < this.max) this.seen.set(s, s);
    return s;
  }
}

/** What a stage keeps of a sample for the whole run (no question, solution, answer or trace text). */
export function entryOf(s: PoolSample, strings = new Interner()): PoolEntry {
  const t = s.trace;
  return {
    id: s.id, source: strings.of(s.source), domain: strings.of(s.domain), cotType: strings.of(s.cotType), features: s.features, status: strings.of(s.status),
    trace: t === null ? null : { id: t.id, producer: strings.of(t.producer), thinkingTokens: t.thinkingTokens, finishReason: strings.of(t.finishReason), grade: t.grade, thinkingChars: t.thinking.length },
  };
}

/** Every sample of the dataset as entries, in id order (tests and tools; curate builds them in its streamed pass). */
export function loadPool(db: Db, dsId: number, batch = POOL_BATCH): PoolEntry[] {
  const out: PoolEntry[] = [];
  const strings = new Interner();
  forEachPoolBatch(db, dsId, (b) => { for (const s of b) out.push(entryOf(s, strings)); }, batch);
  return out;
}

/** Trace length for s1's length bias: Qwen token count when known, else characters / 3.5 (an estimate). */
export function traceLength(s: PoolEntry): number {
  const f = s.features.gemini_length;
  return lengthOf(typeof f === 'number' ? f : null, s.trace?.thinkingTokens ?? null, s.trace ? s.trace.thinkingChars : null);
}

/** The same rule from its parts (a mix reads them in SQL without the trace text); chars null: no trace. */
export function lengthOf(geminiLength: number | null, thinkingTokens: number | null, thinkingChars: number | null): number {
  if (geminiLength !== null) return geminiLength;
  if (thinkingTokens !== null) return thinkingTokens;
  return thinkingChars !== null ? Math.round(thinkingChars / 3.5) : 0;
}

type WithSource = { source: string | null };
export const isAime = (s: WithSource) => /aime/i.test(s.source ?? '');
export const isGpqa = (s: WithSource) => /gpqa/i.test(s.source ?? '');
export const isMath = (s: WithSource) => /openaimath|hendrycks|(^|\/)math(500)?($|\/)/i.test(s.source ?? '');

/** Longest trace first, then by id: the order s1's length bias and the 'longest' fill rank by. */
export function byLength(a: PoolEntry, b: PoolEntry): number {
  return traceLength(b) - traceLength(a) || a.id - b.id;
}
