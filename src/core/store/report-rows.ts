// What a report reads of evaluation runs: the runs, one light row per result (no texts), the texts of chosen
// results (examples, failures) and every result of a run in order (per-sample JSONL export).
import type { Db } from './db';

export interface ReportRunRow {
  id: number; name: string; status: string; backend: string | null; config: string; error: string | null;
  created_at: string; started_at: string | null; finished_at: string | null;
}

export function reportRunRow(db: Db, name: string): ReportRunRow | undefined {
  return db.prepare(`SELECT id, name, status, backend, config, error, created_at, started_at, finished_at
    FROM runs WHERE name = ? AND kind = 'eval' ORDER BY id LIMIT 1`).get(name) as ReportRunRow | undefined;
}

export interface ReportResultRow {
  result_id: number; sample_id: number; benchmark: string; method: string; budget: number | null; repeat: number;
  grade: number | null; thinking_tokens: number | null; continuations: number | null; finish_reasons: string | null;
  wall_ms: number | null; requests: number | null; prompt_tokens: number | null; generated_tokens: number | null;
}

const COLUMNS = `r.id AS result_id, r.sample_id, s.source AS benchmark, r.method, r.budget, r.repeat, r.grade, r.thinking_tokens,
  r.continuations, r.finish_reasons, r.wall_ms, r.requests, r.prompt_tokens, r.generated_tokens`;

/** Every result of a run without its texts, in the order written. Cost columns read NULL where not recorded. */
export function reportResultRows(db: Db, runId: number): ReportResultRow[] {
  return db.prepare(`SELECT ${COLUMNS}
    FROM results r JOIN samples s ON s.id = r.sample_id WHERE r.run_id = ? ORDER BY r.id`).all(runId) as ReportResultRow[];
}

export interface ResultText {
  result_id: number; sample_id: number; question: string; gold: string | null; prompt: string | null; thinking: string | null;
  answer: string | null; extracted: string | null; full_text: string | null;
}

/** The texts of the given results, by result id. */
export function resultTexts(db: Db, resultIds: readonly number[]): Map<number, ResultText> {
  const stmt = db.prepare(`SELECT r.id AS result_id, r.sample_id, s.question, s.answer AS gold, r.prompt, r.thinking, r.answer, r.extracted, r.full_text
    FROM results r JOIN samples s ON s.id = r.sample_id WHERE r.id = ?`);
  const out = new Map<number, ResultText>();
  for (const id of resultIds) {
    const row = stmt.get(id) as ResultText | undefined;
    if (row) out.set(id, row);
  }
  return out;
}

export interface ExportResultRow extends ReportResultRow, Omit<ResultText, 'result_id' | 'sample_id'> {}

/** Every result of a run with its texts, one at a time (a run can hold many thousands of long traces). */
export function* iterateRunResults(db: Db, runId: number): Generator<ExportResultRow> {
  const stmt = db.prepare(`SELECT ${COLUMNS}, s.question, s.answer AS gold, r.prompt, r.thinking, r.answer, r.extracted, r.full_text
    FROM results r JOIN samples s ON s.id = r.sample_id WHERE r.run_id = ? ORDER BY s.source, r.sample_id, r.method, ifnull(r.budget, -1), r.repeat`);
  for (const row of stmt.iterate(runId)) yield row as ExportResultRow;
}
