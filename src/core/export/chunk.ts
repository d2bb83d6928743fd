// One chunk of an export: a run of the selection's questions read, filtered by a person's decisions, split,
// turned into rows and (for the JSON containers) encoded. The same code runs in the export's worker threads and,
// for Parquet or a small selection, on the main thread.
import type { Db } from '../store/db';
import { exportSamples, type SelectionAnnotations } from '../store/export-rows';
import type { DelimiterStyle } from '../ingest/delimiters';
import { conversationRenderer } from '../prompt/chat';
import { fastQwenTokenizer, type FastTokenizer } from '../tokenize/fast';
import type { ExportCounts } from './card';
import type { Container, Row } from './containers';
import { rowFormat, type ExportFormat, type RowFormat } from './formats';
import { splitOf, type SplitName } from './split';
import { chooseTraces, sampleRejected, traceRejected, type TraceChoice } from './traces';

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
}

export interface ChunkResult {
  /** Per output file: its rows as JSON texts (JSON containers) or as objects (Parquet). */
  out: Partial<Record<SplitKey, { rows: number; json?: string[]; objects?: Row[] }>>;
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

/**
 * A chunk processor with its format built once (the chat template is read once per thread). With `deferCounts`,
 * questions and answers are handed back in `countTexts` instead of counted here (a tokenizer thread counts them
 * while this thread reads and writes).
 */
export function chunkProcessor(s: ChunkSettings, deferCounts = false): (db: Db, sampleIds: readonly number[], anns: SelectionAnnotations) => ChunkResult {
  const fmt: RowFormat = rowFormat(s.format, { style: s.style, system: s.system, chat: conversationRenderer(s.chatTemplate), teacherPairs: s.teacherPairs });
  let tokenizer: FastTokenizer | null = null;
  const encode = s.container !== 'parquet';
  return (db, sampleIds, anns) => {
    const counts = emptyCounts();
    const parts: Partial<Record<SplitKey, { rows: number; strings: string[]; objects: Row[] }>> = {};
    const thinkingTokens: number[] = [];
    const questionTokens: number[] = [];
    const answerTokens: number[] = [];
    const countTexts: string[] = [];
    const countIds: number[] = [];
    const newCounts: number[] = [];
    for (const sample of exportSamples(db, sampleIds, anns, s.tokenizer)) {
      if (sampleRejected(sample)) { counts.rejected_samples++; continue; }
      counts.rejected_traces += sample.traces.filter(traceRejected).length;
      const chosen = chooseTraces(sample, s.choice);
      if (!chosen.length) { counts.no_trace++; continue; }
      const rows = fmt.rows(sample, chosen);
      const key: SplitKey = s.split === undefined ? 'all' : splitOf(s.seed, sample.hash, s.split);
      const part = (parts[key] ??= { rows: 0, strings: [], objects: [] });
      for (const r of rows) {
        if (encode) part.strings.push(JSON.stringify(r)); else part.objects.push(r);
      }
      part.rows += rows.length;
      bump(counts.per_split, key, rows.length);
      counts.exported_samples++;
      counts.rows += rows.length;
      bump(counts.per_source, sample.source ?? '(none)');
      bump(counts.per_status, sample.status);
      for (const l of new Set(sample.labels.map((x) => `${x.label} (${x.origin === 'human' ? 'person' : x.origin.replace(/^detector:/, 'detector ')})`))) bump(counts.per_label, l);
      const tok = () => (tokenizer ??= fastQwenTokenizer());
      let questionCount: number | undefined;
      for (const t of chosen) {
        bump(counts.per_producer, t.producer);
        thinkingTokens.push(t.thinkingTokens ?? tok().count(t.thinking));
        // Counts an earlier export stored; else counted here (or on a tokenizer thread) and stored after.
        if (t.questionTokens != null && t.answerTokens != null) { questionTokens.push(t.questionTokens); answerTokens.push(t.answerTokens); }
        else if (deferCounts) { countTexts.push(sample.question, t.answer); countIds.push(t.id); }
        else {
          const q = (questionCount ??= tok().count(sample.question));
          const a = tok().count(t.answer);
          questionTokens.push(q); answerTokens.push(a); newCounts.push(t.id, q, a);
        }
      }
    }
    const out: ChunkResult['out'] = {};
    for (const [key, p] of Object.entries(parts) as [SplitKey, { rows: number; strings: string[]; objects: Row[] }][]) {
      out[key] = encode ? { rows: p.rows, json: p.strings } : { rows: p.rows, objects: p.objects };
    }
    return { out, counts, thinkingTokens, questionTokens, answerTokens, countTexts, countIds, newCounts };
  };
}
