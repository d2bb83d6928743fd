// One chunk of an export: a run of the selection's questions read, filtered by a person's decisions, split,
// turned into rows and (for the JSON containers) encoded. The same code runs in the export's worker threads and,
// for Parquet or a small selection, on the main thread.
import type { Db } from '../store/db';
import { isUtf8 } from 'node:buffer';
import { exportSamples, exportSamplesJson, exportSamplesRaw, type ExportTraceRow, type SelectionAnnotations } from '../store/export-rows';
import type { DelimiterStyle } from '../ingest/delimiters';
import { conversationRenderer } from '../prompt/chat';
import { fastTokenizer, type FastTokenizer } from '../tokenize/fast';
import type { ExportCounts } from './card';
import type { Container, Row } from './containers';
import { rowFormat, type ExportFormat, type RowFormat } from './formats';
import { splitOf, type SplitName } from './split';
import { chooseTraces, sampleRejected, traceRejected, type TraceChoice } from './traces';
import { emitRow, jsonTemplate, type TemplatePart } from './json-rows';
import { utf16Length } from './json-bytes';
import { utf16LengthRaw } from './raw-bytes';
import { byteRow, parquetTemplate, RowArena } from './parquet-rows';
import type { ParquetCompression } from './parquet-groups';
import type { ReviewStatus } from '../../shared/protocol';

type SampleFacts = { humanDecision: 'keep' | 'drop' | null; status: ReviewStatus; datasetId: number };
type TraceFacts = Omit<ExportTraceRow, 'thinking' | 'answer'>;

export type SplitKey = SplitName | 'all';

/** Everything a chunk needs, plain data (it crosses to worker threads). */
export interface ChunkSettings {
  format: ExportFormat;
  container: Container;
  style: DelimiterStyle;
  system?: string;
  chatTemplate?: string;
  teacherPairs: boolean;
  choice: TraceChoice;
  split?: number;
  seed: number;
  /** The tokenizer whose stored question and answer counts are read (model.ts resolveTokenizer). */
  tokenizer: string;
  /** Parquet: how pages are compressed (default snappy). */
  parquetCompression?: ParquetCompression;
}

export interface ChunkResult {
  /** Per output file: its rows as JSON texts or as encoded bytes (JSON containers), or as objects (Parquet). */
  out: Partial<Record<SplitKey, { rows: number; json?: string[]; chunk?: Uint8Array; objects?: Row[] }>>;
  counts: ExportCounts;
  /** Qwen tokens of each exported trace's thinking: stored counts, the missing ones counted here. */
  thinkingTokens: number[];
  /** Exact Qwen tokens of each exported row's question and answer (empty when the counts are deferred). */
  questionTokens: number[];
  answerTokens: number[];
  /** Deferred counts: each row's question and answer, in pairs, for a tokenizer thread to count. */
  countTexts: string[];
  /** The trace of each deferred pair. */
  countIds: number[];
  /** Counts made here that were not stored: trace id, question tokens, answer tokens (flat triples). */
  newCounts: number[];
  /** The data sets of the chunk's samples, exported or not (the manifest lists their source files). */
  datasets: number[];
}

export function emptyCounts(): ExportCounts {
  return { selected: 0, exported_samples: 0, rows: 0, rejected_samples: 0, no_trace: 0, rejected_traces: 0, per_split: {}, per_source: {}, per_label: {}, per_status: {}, per_producer: {} };
}

export function addCounts(into: ExportCounts, c: ExportCounts): void {
  for (const k of ['selected', 'exported_samples', 'rows', 'rejected_samples', 'no_trace', 'rejected_traces'] as const) into[k] += c[k];
  for (const k of ['per_split', 'per_source', 'per_label', 'per_status', 'per_producer'] as const) {
    for (const [key, n] of Object.entries(c[k])) into[k][key] = (into[k][key] ?? 0) + n;
  }
}

const bump = (m: Record<string, number>, k: string, n = 1) => { m[k] = (m[k] ?? 0) + n; };

type Texts<S, T> = { question(s: S, t: T): string; thinking(t: T): string; answer(t: T): string };

/**
 * A chunk processor with its format built once (the chat template is read once per thread). With `deferCounts`,
 * questions and answers are handed back in `countTexts` instead of counted here (a tokenizer thread counts them
 * while this thread reads and writes). JSON containers with the built-in chat template take the fast rows
 * (json-rows.ts: texts JSON-escaped by SQLite, copied as bytes); a chunk they cannot take is built as strings.
 * `join` makes a chunk's one buffer of its rows' pieces (an export worker's reuses memory: chunk-blocks.ts).
 * `countHere` on a call counts that chunk's texts here even with `deferCounts` (the thread that counts is behind).
 */
export function chunkProcessor(s: ChunkSettings, deferCounts = false, reuseRows = false,
  join: (parts: Uint8Array[]) => Uint8Array = (parts) => Buffer.concat(parts)): (db: Db, sampleIds: readonly number[], anns: SelectionAnnotations, countHere?: boolean) => ChunkResult {
  const fmt: RowFormat = rowFormat(s.format, { style: s.style, system: s.system, chat: conversationRenderer(s.chatTemplate), teacherPairs: s.teacherPairs });
  let tokenizer: FastTokenizer | null = null;
  const tok = () => (tokenizer ??= fastTokenizer(s.tokenizer));
  const encode = s.container !== 'parquet';
  const s1Style = (s.format === 's1' || s.format === 'parquet') && s.style === 's1';
  const template = encode && !s.chatTemplate && !s.teacherPairs ? jsonTemplate(fmt, s1Style) : null;
  const columns = !encode && !s.chatTemplate && !s.teacherPairs ? parquetTemplate(fmt, s1Style) : null;
  const sep = s.container === 'json' ? ',\n' : '\n';
  // `reuseRows`: the caller is done with a chunk's Parquet rows before it asks for the next (an export worker encodes
  // them at once), so their joined values share memory from chunk to chunk.
  const arena = reuseRows ? new RowArena() : undefined;

  /** The bookkeeping both row paths share: counts, splits, token figures. `emit` writes the rows of a sample's chosen traces. */
  function run<S extends SampleFacts, T extends TraceFacts>(samples: Iterable<S & { hash: string; source: string | null; labels: { label: string; origin: string }[]; traces: T[] }>,
    length: (t: T) => number, texts: Texts<S, T>, emit: (sample: S, chosen: T[], key: SplitKey) => number): ChunkResult {
    const counts = emptyCounts();
    const r: ChunkResult = { out: {}, counts, thinkingTokens: [], questionTokens: [], answerTokens: [], countTexts: [], countIds: [], newCounts: [], datasets: [] };
    const datasets = new Set<number>();
    for (const sample of samples) {
      datasets.add(sample.datasetId);
      if (sampleRejected(sample)) { counts.rejected_samples++; continue; }
      counts.rejected_traces += sample.traces.filter(traceRejected).length;
      const chosen = chooseTraces(sample, s.choice, length);
      if (!chosen.length) { counts.no_trace++; continue; }
      const key: SplitKey = s.split === undefined ? 'all' : splitOf(s.seed, sample.hash, s.split);
      const rows = emit(sample, chosen, key);
      bump(counts.per_split, key, rows);
      counts.exported_samples++;
      counts.rows += rows;
      bump(counts.per_source, sample.source ?? '(none)');
      bump(counts.per_status, sample.status);
      for (const l of new Set(sample.labels.map((x) => `${x.label} (${x.origin === 'human' ? 'person' : x.origin.replace(/^detector:/, 'detector ')})`))) bump(counts.per_label, l);
      let questionCount: number | undefined;
      for (const t of chosen) {
        bump(counts.per_producer, t.producer);
        r.thinkingTokens.push(t.thinkingTokens ?? tok().count(texts.thinking(t)));
        // Counts an earlier export stored; else counted here (or on a tokenizer thread) and stored after.
        if (t.questionTokens != null && t.answerTokens != null) { r.questionTokens.push(t.questionTokens); r.answerTokens.push(t.answerTokens); }
        else if (defer) { r.countTexts.push(texts.question(sample, t), texts.answer(t)); r.countIds.push(t.id); }
        else {
          const q = (questionCount ??= tok().count(texts.question(sample, t)));
          const a = tok().count(texts.answer(t));
          r.questionTokens.push(q); r.answerTokens.push(a); r.newCounts.push(t.id, q, a);
        }
      }
    }
    r.datasets = [...datasets];
    return r;
  }

  function stringChunk(db: Db, sampleIds: readonly number[], anns: SelectionAnnotations): ChunkResult {
    const parts: Partial<Record<SplitKey, { rows: number; strings: string[]; objects: Row[] }>> = {};
    const r = run(exportSamples(db, sampleIds, anns, s.tokenizer), (t) => t.thinking.length,
      { question: (x) => x.question, thinking: (t) => t.thinking, answer: (t) => t.answer },
      (sample, chosen, key) => {
        const rows = fmt.rows(sample, chosen);
        const part = (parts[key] ??= { rows: 0, strings: [], objects: [] });
        for (const row of rows) {
          if (encode) part.strings.push(JSON.stringify(row)); else part.objects.push(row);
        }
        part.rows += rows.length;
        return rows.length;
      });
    for (const [key, p] of Object.entries(parts) as [SplitKey, { rows: number; strings: string[]; objects: Row[] }][]) {
      r.out[key] = encode ? { rows: p.rows, json: p.strings } : { rows: p.rows, objects: p.objects };
    }
    return r;
  }

  function jsonChunk(db: Db, sampleIds: readonly number[], anns: SelectionAnnotations, parts: readonly TemplatePart[]): ChunkResult {
    const out: Partial<Record<SplitKey, { rows: number; bytes: Uint8Array[] }>> = {};
    const sepBytes = Buffer.from(sep);
    const text = (b: Buffer) => JSON.parse(b.toString('utf8')) as string;
    const r = run(exportSamplesJson(db, sampleIds, anns, s.tokenizer), (t) => utf16Length(t.thinking),
      // Texts to count come as strings beside their escaped form (exportSamplesJson) when their counts are not stored.
      { question: (x, t) => t.questionText ?? text(x.question), thinking: (t) => text(t.thinking), answer: (t) => t.answerText ?? text(t.answer) },
      (sample, chosen, key) => {
        // Text SQLite holds as invalid UTF-8 would be repaired by the string path: that chunk takes it.
        for (const b of [sample.question, sample.solution, sample.metadata]) if (!isUtf8(b)) throw new Error('not UTF-8');
        const part = (out[key] ??= { rows: 0, bytes: [] });
        for (const t of chosen) {
          if (!isUtf8(t.thinking) || !isUtf8(t.answer)) throw new Error('not UTF-8');
          if (sep === '\n') { emitRow(parts, sample, t, part.bytes); part.bytes.push(sepBytes); }
          else { if (part.rows) part.bytes.push(sepBytes); emitRow(parts, sample, t, part.bytes); }
          part.rows++;
        }
        return chosen.length;
      });
    for (const [key, p] of Object.entries(out) as [SplitKey, { rows: number; bytes: Uint8Array[] }][]) r.out[key] = { rows: p.rows, chunk: join(p.bytes) };
    return r;
  }

  /** Parquet rows whose texts are SQLite's UTF-8 bytes (parquet-rows.ts). */
  function byteChunk(db: Db, sampleIds: readonly number[], anns: SelectionAnnotations, cols: NonNullable<typeof columns>): ChunkResult {
    const out: Partial<Record<SplitKey, { rows: number; objects: Row[] }>> = {};
    arena?.reset();
    const text = (b: Buffer) => b.toString('utf8');
    const r = run(exportSamplesRaw(db, sampleIds, anns, s.tokenizer), (t) => utf16LengthRaw(t.thinking),
      { question: (x) => text(x.question), thinking: (t) => text(t.thinking), answer: (t) => text(t.answer) },
      (sample, chosen, key) => {
        // Text SQLite holds as invalid UTF-8 would be repaired by the string path: that chunk takes it.
        for (const b of [sample.question, sample.solution, sample.cotType, sample.sourceJson, sample.metadata]) if (b !== null && !isUtf8(b)) throw new Error('not UTF-8');
        const part = (out[key] ??= { rows: 0, objects: [] });
        for (const t of chosen) {
          if (!isUtf8(t.thinking) || !isUtf8(t.answer)) throw new Error('not UTF-8');
          part.objects.push(byteRow(cols, sample, t, arena));
          part.rows++;
        }
        return chosen.length;
      });
    for (const [key, p] of Object.entries(out) as [SplitKey, { rows: number; objects: Row[] }][]) r.out[key] = p;
    return r;
  }

  let defer = deferCounts;
  return (db, sampleIds, anns, countHere) => {
    defer = deferCounts && !countHere;
    if (columns) {
      try {
        return byteChunk(db, sampleIds, anns, columns);
      } catch {
        // A value that is not text, or text that is not UTF-8: the string rows decide.
      }
    }
    if (template) {
      try {
        return jsonChunk(db, sampleIds, anns, template);
      } catch {
        // A value json_quote cannot hold (a BLOB) or text that is not UTF-8: the string rows decide.
      }
    }
    return stringChunk(db, sampleIds, anns);
  };
}
