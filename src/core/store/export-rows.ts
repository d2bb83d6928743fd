// The rows `distillery export` writes: a selection's samples in rank order with their traces and a person's
// decisions on them, streamed with .iterate() (one sample's traces in memory at a time, never the whole set).
import type { Db } from './db';
import type { ReviewStatus } from '../../shared/protocol';
import type { SampleTextFields } from './samples';

export interface ExportTraceRow {
  id: number;
  producer: string;
  thinking: string;
  answer: string;
  grade: number | null;
  finishReason: string | null;
  /** Qwen tokens of the thinking as stored (s1's gemini_length, or `distillery tokens`); null when never counted. */
  thinkingTokens: number | null;
  /** Tokens of the sample's question and of this answer as an earlier export stored them (text_token_counts). */
  questionTokens?: number | null;
  answerTokens?: number | null;
  /** Labels a person put on this trace (origin 'human'). */
  humanLabels: string[];
  /** The verifier's verdict on this trace (`distillery verify`): verified, verify-failed, verify-error; null when never verified. */
  verdict?: string | null;
}

export interface ExportSampleRow extends SampleTextFields {
  hash: string;
  /** The data set it belongs to (the manifest's source files are those of the exported samples' data sets). */
  datasetId: number;
  /** JSON text as stored. */
  metadata: string | null;
  status: ReviewStatus;
  /** A person's latest sample-level 'keep' or 'drop' (the curation override), if any. */
  humanDecision: 'keep' | 'drop' | null;
  /** Every label on the sample or its traces, any origin, as `origin label` pairs (for the manifest's counts). */
  labels: { label: string; origin: string }[];
  traces: ExportTraceRow[];
}

interface Ann { sample_id: number; trace_id: number | null; label: string; origin: string }

/** The labels on a selection's samples, read once (short rows) instead of once per trace. */
export interface SelectionAnnotations {
  /** A person's latest sample-level keep/drop. */
  decision: Map<number, 'keep' | 'drop'>;
  labels: Map<number, { label: string; origin: string }[]>;
  /** A person's labels per trace. */
  traceLabels: Map<number, string[]>;
  /** The verifier's verdict per trace. */
  verdicts: Map<number, string>;
}

export function selectionAnnotations(db: Db, selectionId: number): SelectionAnnotations {
  const out: SelectionAnnotations = { decision: new Map(), labels: new Map(), traceLabels: new Map(), verdicts: new Map() };
  const anns = db.prepare(`SELECT a.sample_id, a.trace_id, a.label, a.origin FROM annotations a
    WHERE a.sample_id IN (SELECT sample_id FROM selection_items WHERE selection_id = ?) ORDER BY a.updated_at, a.id`);
  for (const a of anns.iterate(selectionId) as IterableIterator<Ann>) {
    let l = out.labels.get(a.sample_id);
    if (!l) out.labels.set(a.sample_id, (l = []));
    l.push({ label: a.label, origin: a.origin });
    if (a.trace_id !== null && a.origin.startsWith('verifier:')) out.verdicts.set(a.trace_id, a.label);
    if (a.origin !== 'human') continue;
    // Rows come oldest first: the latest keep/drop decides.
    if (a.trace_id === null && (a.label === 'keep' || a.label === 'drop')) out.decision.set(a.sample_id, a.label);
    if (a.trace_id !== null) {
      let t = out.traceLabels.get(a.trace_id);
      if (!t) out.traceLabels.set(a.trace_id, (t = []));
      t.push(a.label);
    }
  }
  return out;
}


/** A column of the export's join: its SQL and the property it becomes. */
type Col = [sql: string, name: string];

const SAMPLE_COLS: Col[] = [['s.id', 'id'], ['s.dataset_id', 'datasetId'], ['s.hash', 'hash'], ['s.question', 'question'], ['s.solution', 'solution'], ['s.answer', 'answer'],
  ['s.source', 'source'], ['s.domain', 'domain'], ['s.cot_type', 'cotType'], ['s.metadata', 'metadata'], ['s.status', 'status']];
/** The trace's columns; the first is its id (null: a sample without traces). */
const traceCols = (text: (x: string) => string): Col[] => [['t.id', 'id'], ['t.producer', 'producer'], [text('t.thinking'), 'thinking'], [text('t.answer'), 'answer'],
  ['t.grade', 'grade'], ['t.finish_reason', 'finishReason'], ['t.thinking_tokens', 'thinkingTokens'], ['c.question_tokens', 'questionTokens'], ['c.answer_tokens', 'answerTokens']];

/**
 * The samples of `sampleIds` with their traces (id order), in the given order. One query per batch of ids joins
 * each sample to its traces (point lookups by id, in the ids' order: SQLite never sorts the texts themselves), in
 * place of two statements per sample; rows come as arrays. `tokenizer` names the stored question and answer counts.
 */
export function* exportSamples(db: Db, sampleIds: readonly number[], anns: SelectionAnnotations, tokenizer = ''): Generator<ExportSampleRow> {
  yield* withTraces<ExportSampleRow, ExportTraceRow>(db, SAMPLE_COLS, traceCols((x) => x), sampleIds, anns, tokenizer);
}

/** A trace with its texts as JSON (SQLite's json_quote, as bytes): the fast JSON rows (export/json-rows.ts). */
export interface JsonTraceRow extends Omit<ExportTraceRow, 'thinking' | 'answer'> {
  thinking: Buffer; answer: Buffer;
  /** The sample's question and this answer as text, when their counts are not stored (exportSamplesJson), for counting. */
  questionText?: string | null; answerText?: string | null;
}

/** A sample with its texts as JSON bytes; `solution` is the solution, else the gold answer; `metadata` is s1's column; `source` stays a string for the counts. */
export interface JsonSampleRow extends Omit<ExportSampleRow, 'question' | 'solution' | 'answer' | 'cotType' | 'metadata' | 'domain' | 'traces'> {
  question: Buffer; solution: Buffer; cotType: Buffer; sourceJson: Buffer; metadata: Buffer; traces: JsonTraceRow[];
}

/**
 * s1's metadata column (export/formats.ts metadataText) in SQL: an original kept raw ({"raw": "..."} and nothing else)
 * is that text, anything else the stored text.
 */
const metadataText = `CASE WHEN substr(s.metadata, 1, 7) = '{"raw":' AND json_valid(s.metadata) AND json_type(s.metadata, '$.raw') = 'text'
    AND (SELECT count(*) FROM json_each(s.metadata)) = 1 THEN json_extract(s.metadata, '$.raw') ELSE s.metadata END`;

/**
 * exportSamples with the texts JSON-escaped by SQLite (byte-identical to JSON.stringify for the UTF-8 SQLite stores).
 * A row's seven texts come as one JSON array (json_array escapes each as json_quote does) cut apart here: one Buffer
 * per row instead of seven (at 59K rows the Buffers' allocations, frees and external-memory GC cost about as much as
 * SQLite's escaping). A trace whose question/answer counts are not stored also brings those two texts as strings, for
 * counting (no JSON.parse of their escaped form).
 */
export function* exportSamplesJson(db: Db, sampleIds: readonly number[], anns: SelectionAnnotations, tokenizer = ''): Generator<JsonSampleRow> {
  const sample: Col[] = [['s.id', 'id'], ['s.dataset_id', 'datasetId'], ['s.hash', 'hash'], ['s.source', 'source'], ['s.status', 'status']];
  const uncounted = 'c.question_tokens IS NULL OR c.answer_tokens IS NULL';
  const trace: Col[] = [['t.id', 'id'], ['t.producer', 'producer'], ['t.grade', 'grade'], ['t.finish_reason', 'finishReason'], ['t.thinking_tokens', 'thinkingTokens'],
    ['c.question_tokens', 'questionTokens'], ['c.answer_tokens', 'answerTokens'],
    [`CASE WHEN ${uncounted} THEN s.question END`, 'questionText'], [`CASE WHEN ${uncounted} THEN t.answer END`, 'answerText']];
  // The thinking last: the cut scans the texts before it for their closing quotes, never the longest one.
  const packed: Packed = {
    sql: `CAST(json_array(s.question, coalesce(s.solution, s.answer), s.cot_type, s.source, ${metadataText}, t.answer, t.thinking) AS BLOB)`,
    sample: ['question', 'solution', 'cotType', 'sourceJson', 'metadata'], trace: ['answer', 'thinking'],
  };
  yield* withTraces<JsonSampleRow, JsonTraceRow>(db, sample, trace, sampleIds, anns, tokenizer, packed);
}

/** Texts concatenated in `b`, cut by their byte lengths `row[from]`, … (null: a NULL, not in `b`); views of `b`. */
function cutConcat(b: Buffer | null, row: unknown[], from: number, n: number, out: (Buffer | null)[]): void {
  let at = 0;
  for (let e = 0; e < n; e++) {
    const len = row[from + e] as number | null;
    if (len === null) { out[e] = null; continue; }
    out[e] = b ? b.subarray(at, at + len) : EMPTY;
    at += len;
  }
}

const EMPTY = Buffer.alloc(0);

/** json_quote's bytes of SQL NULL. */
const NULL_JSON = Buffer.from('null');

/**
 * The elements of a JSON array of `n` strings or nulls as SQLite's json_array writes it (no spaces), each as its
 * JSON bytes (a string with its quotes; null as `null`), views of `b`. A string ends at the first quote not escaped
 * (an even run of backslashes before it); the last element runs to the closing bracket without being scanned.
 */
export function cutJsonArray(b: Buffer, n: number, out: (Buffer | null)[]): void {
  let pos = 1;
  for (let e = 0; e < n - 1; e++) {
    if (b[pos] === 0x6e) { out[e] = NULL_JSON; pos += 5; continue; }
    let k = pos + 1;
    for (;;) {
      k = b.indexOf(0x22, k);
      if (k < 0) throw new Error('not a JSON array of strings');
      let m = k - 1;
      while (b[m] === 0x5c) m--;
      if ((k - 1 - m) % 2 === 0) break;
      k++;
    }
    out[e] = b.subarray(pos, k + 1);
    pos = k + 2;
  }
  out[n - 1] = b[pos] === 0x6e ? NULL_JSON : b.subarray(pos, b.length - 1);
}

/**
 * exportSamplesJson with the texts as the UTF-8 bytes SQLite holds, unquoted (a NULL stays null): the Parquet byte
 * rows (export/parquet-rows.ts). `sourceJson` is then the source's bytes. As there, one Buffer per row: the texts
 * concatenated by SQLite (concat() leaves NULLs out), cut by their byte lengths (octet_length; NULL for a NULL).
 */
export function* exportSamplesRaw(db: Db, sampleIds: readonly number[], anns: SelectionAnnotations, tokenizer = ''): Generator<JsonSampleRow> {
  const sample: Col[] = [['s.id', 'id'], ['s.dataset_id', 'datasetId'], ['s.hash', 'hash'], ['s.source', 'source'], ['s.status', 'status']];
  const trace: Col[] = [['t.id', 'id'], ['t.producer', 'producer'], ['t.grade', 'grade'], ['t.finish_reason', 'finishReason'], ['t.thinking_tokens', 'thinkingTokens'],
    ['c.question_tokens', 'questionTokens'], ['c.answer_tokens', 'answerTokens']];
  const texts = ['s.question', 'coalesce(s.solution, s.answer)', 's.cot_type', 's.source', metadataText, 't.answer', 't.thinking'];
  const packed: Packed = {
    sql: `CAST(concat(${texts.join(', ')}) AS BLOB)`, lengths: texts.map((x) => `octet_length(${x})`),
    sample: ['question', 'solution', 'cotType', 'sourceJson', 'metadata'], trace: ['answer', 'thinking'],
  };
  yield* withTraces<JsonSampleRow, JsonTraceRow>(db, sample, trace, sampleIds, anns, tokenizer, packed);
}

/** Ids per query: a chunk of the export (256 or 1,024) is one or a few. */
const BATCH = 1024;

/**
 * One column holding several texts, the sample's properties then the trace's: a JSON array (json_array), or with
 * `lengths` (SQL of each text's byte length, NULL for a NULL) the texts' bytes one after another.
 */
interface Packed { sql: string; sample: string[]; trace: string[]; lengths?: string[] }

/** Each sample of `sampleIds` with its traces, and the person's labels and verdicts joined on. */
function* withTraces<S extends { traces: T[] }, T extends { id: number }>(db: Db, sampleCols: Col[], traceCols: Col[], sampleIds: readonly number[],
  anns: SelectionAnnotations, tokenizer: string, packed?: Packed): Generator<S> {
  // CROSS JOIN keeps the ids' list the outer loop (SQLite does not reorder it), so each sample's rows come together.
  const stmt = db.prepare(`SELECT j.key, ${[...sampleCols, ...traceCols].map(([sql]) => sql).join(', ')}${packed ? `, ${[...packed.lengths ?? [], packed.sql].join(', ')}` : ''}
    FROM json_each(?) j CROSS JOIN samples s ON s.id = j.value LEFT JOIN traces t ON t.sample_id = s.id
    LEFT JOIN text_token_counts c ON c.trace_id = t.id AND c.tokenizer = ?`).raw();
  const ns = sampleCols.length;
  const lengthsAt = 1 + ns + traceCols.length;
  const last = lengthsAt + (packed?.lengths?.length ?? 0);
  const np = packed ? packed.sample.length + packed.trace.length : 0;
  const parts: (Buffer | null)[] = new Array(np);
  for (let from = 0; from < sampleIds.length; from += BATCH) {
    const ids = sampleIds.slice(from, from + BATCH);
    // By position in the batch: a sample's traces, in id order (the index gives them in hash order).
    const got: (S | undefined)[] = new Array(ids.length);
    for (const row of stmt.all(JSON.stringify(ids), tokenizer) as unknown[][]) {
      const at = row[0] as number;
      let s = got[at];
      if (packed?.lengths) cutConcat(row[last] as Buffer | null, row, lengthsAt, np, parts);
      else if (packed) cutJsonArray(row[last] as Buffer, np, parts);
      if (!s) {
        const o: Record<string, unknown> = {};
        for (let k = 0; k < ns; k++) o[sampleCols[k][1]] = row[k + 1];
        if (packed) for (let k = 0; k < packed.sample.length; k++) o[packed.sample[k]] = parts[k];
        const id = o.id as number;
        o.humanDecision = anns.decision.get(id) ?? null;
        o.labels = anns.labels.get(id) ?? [];
        o.traces = [];
        got[at] = s = o as unknown as S;
      }
      if (row[ns + 1] === null) continue;
      const t: Record<string, unknown> = {};
      for (let k = 0; k < traceCols.length; k++) t[traceCols[k][1]] = row[ns + 1 + k];
      if (packed) for (let k = 0; k < packed.trace.length; k++) t[packed.trace[k]] = parts[packed.sample.length + k];
      const tid = t.id as number;
      t.humanLabels = anns.traceLabels.get(tid) ?? [];
      t.verdict = anns.verdicts.get(tid) ?? null;
      s.traces.push(t as unknown as T);
    }
    for (const s of got) {
      if (!s) continue; // an id with no sample (deleted meanwhile), as before: nothing to export
      if (s.traces.length > 1) s.traces.sort((a, b) => a.id - b.id);
      yield s;
    }
  }
}

export interface SourceFileRow { dataset: string; path: string; size: number; mtimeMs: number; preset: string; rows: number; importedAt: string; sha256: string | null }

/** The imported files of the data sets a selection's samples come from (the manifest's provenance). */
export function selectionSourceFiles(db: Db, selectionId: number): SourceFileRow[] {
  return db.prepare(`SELECT d.name AS dataset, f.path, f.size, f.mtime_ms AS mtimeMs, f.preset, f.rows, f.imported_at AS importedAt, f.sha256
    FROM dataset_files f JOIN datasets d ON d.id = f.dataset_id
    WHERE f.dataset_id IN (SELECT DISTINCT s.dataset_id FROM selection_items i JOIN samples s ON s.id = i.sample_id WHERE i.selection_id = ?)
    ORDER BY f.id`).all(selectionId) as SourceFileRow[];
}

/**
 * selectionSourceFiles for data sets already known (an export reads every sample's data set with its rows): the
 * same files without a second pass over the samples (a lookup of each sample's row: 0.1-0.3 s at 59K, after the
 * file is written).
 */
export function datasetSourceFiles(db: Db, datasetIds: Iterable<number>): SourceFileRow[] {
  return db.prepare(`SELECT d.name AS dataset, f.path, f.size, f.mtime_ms AS mtimeMs, f.preset, f.rows, f.imported_at AS importedAt, f.sha256
    FROM dataset_files f JOIN datasets d ON d.id = f.dataset_id
    WHERE f.dataset_id IN (SELECT value FROM json_each(?))
    ORDER BY f.id`).all(JSON.stringify([...datasetIds])) as SourceFileRow[];
}

/** Whether some sample of the selection has a DeepSeek trace beside another teacher's (s1K-1.1's two-teacher rows). */
export function selectionHasTeacherPairs(db: Db, selectionId: number): boolean {
  return db.prepare(`SELECT 1 FROM selection_items i WHERE i.selection_id = ?
    AND EXISTS (SELECT 1 FROM traces t WHERE t.sample_id = i.sample_id AND lower(t.producer) LIKE '%deepseek%')
    AND EXISTS (SELECT 1 FROM traces t WHERE t.sample_id = i.sample_id AND lower(t.producer) NOT LIKE '%deepseek%') LIMIT 1`).get(selectionId) !== undefined;
}
