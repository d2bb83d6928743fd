// Generation runs (runs of kind 'generate') and the traces they write. A generated trace is keyed by its run and
// sample index (hash `gen:<run id>:<index>`), never by its text: sixteen identical responses to one question stay
// sixteen traces, and a resumed or re-imported sample is found again instead of stored twice.
import type { Db } from './db';
import type { RunRow } from './runs';

export const GENERATE_KIND = 'generate';

export function findGenerateRun(db: Db, name: string): RunRow | undefined {
  return db.prepare('SELECT id, name, kind, config, backend, status FROM runs WHERE name = ? AND kind = ? ORDER BY id LIMIT 1').get(name, GENERATE_KIND) as RunRow | undefined;
}

export function createGenerateRun(db: Db, name: string, config: unknown, backend: string): number {
  return Number(db.prepare("INSERT INTO runs (kind, name, config, backend, status) VALUES (?, ?, ?, ?, 'pending')").run(GENERATE_KIND, name, JSON.stringify(config), backend).lastInsertRowid);
}

/** The trace key of sample `index` of a run. */
export const generatedTraceHash = (runId: number, index: number) => `gen:${runId}:${index}`;

/** A question to generate for: a sample of the selection, in selection order. */
export interface GenerationItem { sampleId: number; question: string; answer: string | null; metadata: string | null }

export function generationItems(db: Db, selectionId: number): GenerationItem[] {
  return db.prepare(`SELECT s.id AS sampleId, s.question, s.answer, s.metadata FROM selection_items i JOIN samples s ON s.id = i.sample_id
    WHERE i.selection_id = ? ORDER BY i.rank`).all(selectionId) as GenerationItem[];
}

/** `${sampleId}:${index}` of every trace the run has stored. */
export function generatedKeys(db: Db, runId: number): Set<string> {
  const rows = db.prepare('SELECT sample_id, hash FROM traces WHERE run_id = ?').all(runId) as { sample_id: number; hash: string }[];
  const prefix = `gen:${runId}:`;
  return new Set(rows.filter((r) => r.hash.startsWith(prefix)).map((r) => `${r.sample_id}:${r.hash.slice(prefix.length)}`));
}

export interface GeneratedTraceRow {
  sampleId: number;
  index: number;
  producer: string;
  thinking: string;
  answer: string;
  thinkingTokens: number | null;
  answerTokens: number | null;
  finishReason: string | null;
  grade: 0 | 1 | null;
  metadata: unknown;
}

/** Writes a run's traces in batches (one transaction each); returns how many were new. */
export function generatedTraceWriter(db: Db, runId: number): (rows: readonly GeneratedTraceRow[]) => number {
  const insert = db.prepare(`INSERT INTO traces (sample_id, hash, producer, run_id, thinking, answer, thinking_tokens, answer_tokens, finish_reason, grade, metadata)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sample_id, hash) DO NOTHING`);
  return db.transaction((rows: readonly GeneratedTraceRow[]) => {
    let added = 0;
    for (const r of rows) {
      added += insert.run(r.sampleId, generatedTraceHash(runId, r.index), r.producer, runId, r.thinking, r.answer, r.thinkingTokens, r.answerTokens,
        r.finishReason, r.grade, JSON.stringify(r.metadata)).changes;
    }
    return added;
  });
}

/** One stored trace of a run as the teacher comparison reads it: the verifiers' labels (comma-separated) and its own grade. */
export interface JudgedTraceRow { sample_id: number; thinking_tokens: number | null; grade: number | null; verdicts: string | null }

export function judgedTraces(db: Db, runId: number): JudgedTraceRow[] {
  return db.prepare(`SELECT t.sample_id, t.thinking_tokens, t.grade,
      (SELECT group_concat(a.label) FROM annotations a WHERE a.trace_id = t.id AND a.origin LIKE 'verifier:%') AS verdicts
    FROM traces t WHERE t.run_id = ? ORDER BY t.id`).all(runId) as JudgedTraceRow[];
}

/** A run of either kind by name (generation first): the teacher comparison takes both. */
export function findAnyRun(db: Db, name: string): RunRow | undefined {
  return db.prepare("SELECT id, name, kind, config, backend, status FROM runs WHERE name = ? ORDER BY kind = 'generate' DESC, id LIMIT 1").get(name) as RunRow | undefined;
}

/** Inserts questions as samples of a (new) data set; returns their ids in order (an existing identical sample keeps its
 *  id) and how many samples were added (a rerun's questions, stored before, add none). */
export function insertQuestions(db: Db, datasetId: number, rows: readonly { hash: string; questionKey: string; question: string; source: string; metadata: unknown }[]): { ids: number[]; added: number } {
  const insert = db.prepare(`INSERT INTO samples (dataset_id, hash, question_key, question, source, metadata) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (dataset_id, hash) DO NOTHING`);
  const find = db.prepare('SELECT id FROM samples WHERE dataset_id = ? AND hash = ?').pluck();
  let added = 0;
  const ids = db.transaction(() => rows.map((r) => {
    added += insert.run(datasetId, r.hash, r.questionKey, r.question, r.source, JSON.stringify(r.metadata)).changes;
    return find.get(datasetId, r.hash) as number;
  }))();
  return { ids, added };
}
