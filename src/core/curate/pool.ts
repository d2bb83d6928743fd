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

/**
 * What every stage holds of a sample for the whole run: one small object (~70 bytes, with the features object
 * JSON.parse made; a 1.2M-row pool holds 1.2M of them). No text, and only what the stages read: the trace's
 * length as s1's length rule counts it (`traceLength`) and its grade (`dataLabel`) are worked out once, in the
 * streamed pass; the trace itself (id, producer, finish reason, text) is not kept.
 */
export class PoolEntry {
  constructor(
    readonly id: number,
    readonly source: string | null,
    readonly domain: string | null,
    readonly features: Record<string, unknown>,
    /** traceLength: s1's length rule over the features and the first trace (0 without either). */
    readonly length: number,
    /** The first trace's grade (null: no trace, or ungraded). */
    readonly grade: number | null,
  ) {}
}

/** The dataset's id by name (the lookup lives in store/datasets.ts). */
export { findDatasetId as datasetId } from '../store/datasets';

/** The most samples read per query (the questions dedup reads again, and the streamed pass's first read). */
export const POOL_BATCH = 2000;

/**
 * Characters of text (question, solution, answers, thinking) the streamed pass aims to read per query. A batch's
 * text lives while every scanner reads it; a batch larger than V8's young generation is copied to the old one and
 * stays there as garbage until a full collection, so the heap grew to 3-4 times its live size (300K rows: 640 MB
 * of heap for ~200 MB live, with 2,000 samples of s1-length text a batch).
 */
export const POOL_BATCH_CHARS = 1 << 20;
const FIRST_BATCH = 64;
const MIN_BATCH = 16;

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

const textChars = (r: PoolRow) => r.question.length + (r.solution?.length ?? 0) + (r.answer?.length ?? 0) + (r.thinking?.length ?? 0) + (r.tanswer?.length ?? 0);

/**
 * Every sample of the dataset in id order, each with its first trace (lowest id) or null, a batch at a time:
 * `batch` samples, or by default as many as hold about POOL_BATCH_CHARS of text (sized from the previous batch,
 * at most POOL_BATCH). The batches' sizes never change what a scanner finds.
 */
export function forEachPoolBatch(db: Db, dsId: number, fn: (batch: readonly PoolSample[]) => void, batch?: number): void {
  const fixed = batch === undefined ? undefined : Number.isFinite(batch) ? Math.max(1, Math.floor(batch)) : POOL_BATCH;
  let size = fixed ?? FIRST_BATCH;
  for (let after = 0; ;) {
    const rows = poolRowsAfter(db, dsId, after, size);
    if (!rows.length) return;
    const full = rows.length === size;
    after = rows[rows.length - 1].id;
    if (fixed === undefined) {
      let chars = 0;
      for (const r of rows) chars += textChars(r);
      size = Math.max(MIN_BATCH, Math.min(POOL_BATCH, Math.floor(rows.length * POOL_BATCH_CHARS / Math.max(1, chars))));
    }
    fn(rows.map(sampleOf));
    if (!full) return;
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
  const f = s.features.gemini_length;
  const length = lengthOf(typeof f === 'number' ? f : null, t?.thinkingTokens ?? null, t ? t.thinking.length : null);
  return new PoolEntry(s.id, strings.of(s.source), strings.of(s.domain), s.features, length, t ? t.grade : null);
}

/** Every sample of the dataset as entries, in id order (tests and tools; curate builds them in its streamed pass). */
export function loadPool(db: Db, dsId: number, batch?: number): PoolEntry[] {
  const out: PoolEntry[] = [];
  const strings = new Interner();
  forEachPoolBatch(db, dsId, (b) => { for (const s of b) out.push(entryOf(s, strings)); }, batch);
  return out;
}

/** Trace length for s1's length bias: Qwen token count when known, else characters / 3.5 (an estimate). */
export function traceLength(s: PoolEntry): number {
  return s.length;
}

/** The same rule from its parts (a mix reads them in SQL without the trace text); chars null: no trace. */
export function lengthOf(geminiLength: number | null, thinkingTokens: number | null, thinkingChars: number | null): number {
  if (geminiLength !== null) return geminiLength;
  if (thinkingTokens !== null) return thinkingTokens;
  // thinkingChars: the thinking's length in UTF-16 code units (JavaScript's `length`, as the rule always counted it)
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
