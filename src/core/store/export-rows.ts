// The rows `distillery export` writes: a selection's samples in rank order with their traces and a person's
// decisions on them, streamed with .iterate() (one sample's traces in memory at a time, never the whole set).
import type { Db } from './db';
import type { ReviewStatus } from '../../shared/protocol';

export interface ExportTraceRow {
  id: number;
  producer: string;
  thinking: string;
  answer: string;
  grade: number | null;
  finishReason: string | null;
  /** Labels a person put on this trace (origin 'human'). */
  humanLabels: string[];
}

export interface ExportSampleRow {
  id: number;
  rank: number;
  hash: string;
  question: string;
  solution: string | null;
  answer: string | null;
  source: string | null;
  domain: string | null;
  cotType: string | null;
  /** JSON text as stored. */
  metadata: string | null;
  status: ReviewStatus;
  /** A person's latest sample-level 'keep' or 'drop' (the curation override), if any. */
  humanDecision: 'keep' | 'drop' | null;
  /** Every label on the sample or its traces, any origin, as `origin label` pairs (for the manifest's counts). */
  labels: { label: string; origin: string }[];
  traces: ExportTraceRow[];
}

interface Raw {
  rank: number; sid: number; hash: string; question: string; solution: string | null; gold: string | null; source: string | null;
  domain: string | null; cot_type: string | null; metadata: string | null; status: ReviewStatus; decision: 'keep' | 'drop' | null;
  labels: string | null; tid: number | null; producer: string | null; thinking: string | null; tanswer: string | null;
  grade: number | null; finish_reason: string | null; trace_labels: string | null;
}

// Labels travel as group_concat of origin + US + label, joined by RS (neither appears in a label).
const US = '\u001f';
const RS = '\u001e';

/** The selection's samples with their traces (id order), rank order. */
export function* exportSamples(db: Db, selectionId: number): Generator<ExportSampleRow> {
  const stmt = db.prepare(`SELECT i.rank, s.id AS sid, s.hash, s.question, s.solution, s.answer AS gold, s.source, s.domain, s.cot_type,
      s.metadata, s.status,
      (SELECT a.label FROM annotations a WHERE a.sample_id = s.id AND ifnull(a.trace_id, 0) = 0 AND a.origin = 'human'
        AND a.label IN ('keep','drop') ORDER BY a.updated_at DESC, a.id DESC LIMIT 1) AS decision,
      CASE WHEN t.id IS NULL OR t.id = (SELECT min(t2.id) FROM traces t2 WHERE t2.sample_id = s.id) THEN
        (SELECT group_concat(a.origin || char(31) || a.label, char(30)) FROM annotations a WHERE a.sample_id = s.id) END AS labels,
      t.id AS tid, t.producer, t.thinking, t.answer AS tanswer, t.grade, t.finish_reason,
      (SELECT group_concat(a.label, char(30)) FROM annotations a WHERE a.sample_id = s.id AND ifnull(a.trace_id, 0) = t.id
        AND a.origin = 'human') AS trace_labels
    FROM selection_items i JOIN samples s ON s.id = i.sample_id LEFT JOIN traces t ON t.sample_id = s.id
    WHERE i.selection_id = ? ORDER BY i.rank, t.id`);
  let cur: ExportSampleRow | null = null;
  for (const r of stmt.iterate(selectionId) as IterableIterator<Raw>) {
    if (!cur || cur.id !== r.sid) {
      if (cur) yield cur;
      cur = {
        id: r.sid, rank: r.rank, hash: r.hash, question: r.question, solution: r.solution, answer: r.gold, source: r.source,
        domain: r.domain, cotType: r.cot_type, metadata: r.metadata, status: r.status, humanDecision: r.decision,
        labels: r.labels ? r.labels.split(RS).map((p) => { const k = p.indexOf(US); return { origin: p.slice(0, k), label: p.slice(k + 1) }; }) : [],
        traces: [],
      };
    }
    if (r.tid !== null) {
      cur.traces.push({
        id: r.tid, producer: r.producer ?? '', thinking: r.thinking ?? '', answer: r.tanswer ?? '', grade: r.grade,
        finishReason: r.finish_reason, humanLabels: r.trace_labels ? r.trace_labels.split(RS) : [],
      });
    }
  }
  if (cur) yield cur;
}

export interface SourceFileRow { dataset: string; path: string; size: number; mtimeMs: number; preset: string; rows: number; importedAt: string }

/** The imported files of the data sets a selection's samples come from (the manifest's provenance). */
export function selectionSourceFiles(db: Db, selectionId: number): SourceFileRow[] {
  return db.prepare(`SELECT d.name AS dataset, f.path, f.size, f.mtime_ms AS mtimeMs, f.preset, f.rows, f.imported_at AS importedAt
    FROM dataset_files f JOIN datasets d ON d.id = f.dataset_id
    WHERE f.dataset_id IN (SELECT DISTINCT s.dataset_id FROM selection_items i JOIN samples s ON s.id = i.sample_id WHERE i.selection_id = ?)
    ORDER BY f.id`).all(selectionId) as SourceFileRow[];
}

/** Whether some sample of the selection has a DeepSeek trace beside another teacher's (s1K-1.1's two-teacher rows). */
export function selectionHasTeacherPairs(db: Db, selectionId: number): boolean {
  return db.prepare(`SELECT 1 FROM selection_items i WHERE i.selection_id = ?
    AND EXISTS (SELECT 1 FROM traces t WHERE t.sample_id = i.sample_id AND lower(t.producer) LIKE '%deepseek%')
    AND EXISTS (SELECT 1 FROM traces t WHERE t.sample_id = i.sample_id AND lower(t.producer) NOT LIKE '%deepseek%') LIMIT 1`).get(selectionId) !== undefined;
}
