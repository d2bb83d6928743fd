// Evaluation runs and their result rows. A run is found again by name, so `eval --run NAME` resumes it;
// the results' unique key (run, sample, method, budget, repeat) makes finished work skip.
import type { Db } from './db';
import { ensureDataset } from './datasets';
import { questionKey, sampleHash, traceHash } from '../ingest/hash';
import type { ResultPoint } from '../metrics';
import type { RunSummary } from '../../shared/protocol';

export interface RunRow { id: number; name: string; kind: string; config: string; backend: string | null; status: string }

/** The error a failed run recorded (null when none). */
export function runError(db: Db, id: number): string | null {
  return (db.prepare('SELECT error FROM runs WHERE id = ?').pluck().get(id) as string | null | undefined) ?? null;
}

export function findRun(db: Db, name: string): RunRow | undefined {
  return db.prepare("SELECT id, name, kind, config, backend, status FROM runs WHERE name = ? AND kind = 'eval' ORDER BY id LIMIT 1").get(name) as RunRow | undefined;
}

export function createRun(db: Db, name: string, config: unknown, backend: string): number {
  return Number(db.prepare("INSERT INTO runs (kind, name, config, backend, status) VALUES ('eval', ?, ?, ?, 'pending')").run(name, JSON.stringify(config), backend).lastInsertRowid);
}

export function setRunStatus(db: Db, id: number, status: 'running' | 'done' | 'failed' | 'cancelled', error?: string): void {
  if (status === 'running') {
    db.prepare("UPDATE runs SET status = 'running', error = NULL, started_at = ifnull(started_at, strftime('%Y-%m-%dT%H:%M:%fZ','now')), finished_at = NULL WHERE id = ?").run(id);
  } else {
    db.prepare("UPDATE runs SET status = ?, error = ?, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?").run(status, error ?? null, id);
  }
}

export function updateRunConfig(db: Db, id: number, config: unknown, backend: string): void {
  db.prepare('UPDATE runs SET config = ?, backend = ? WHERE id = ?').run(JSON.stringify(config), backend, id);
}

/** Labels the backend that answered a run (e.g. 'replay' when the replay server did). */
export function setRunBackend(db: Db, id: number, backend: string): void {
  db.prepare('UPDATE runs SET backend = ? WHERE id = ?').run(backend, id);
}

/** The evaluation set's questions as samples of dataset `eval:<benchmark>`; returns their ids in item order. */
export function ensureEvalSamples(db: Db, benchmark: string, items: readonly { question: string; gold: string; metadata?: unknown }[]): number[] {
  const datasetId = ensureDataset(db, `eval:${benchmark}`, 'eval');
  const insert = db.prepare(`INSERT INTO samples (dataset_id, hash, question_key, question, answer, source, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (dataset_id, hash) DO NOTHING`);
  const find = db.prepare('SELECT id FROM samples WHERE dataset_id = ? AND hash = ?').pluck();
  return db.transaction(() => items.map((it) => {
    const hash = sampleHash({ question: it.question, answer: it.gold, solution: null });
    insert.run(datasetId, hash, questionKey(it.question), it.question, it.gold, benchmark, it.metadata === undefined ? null : JSON.stringify(it.metadata));
    return find.get(datasetId, hash) as number;
  }))();
}

export interface ResultRow {
  sampleId: number;
  method: string;
  budget: number | null;
  repeat: number;
  prompt: string;
  fullText: string;
  thinking: string;
  answer: string;
  extracted: string | null;
  grade: 0 | 1;
  thinkingTokens: number;
  continuations: number;
  finishReasons: string[];
  wallMs: number;
  /** Cost (optional: rows of a failed item have none). */
  requests?: number;
  promptTokens?: number;
  generatedTokens?: number;
}

/** How an evaluation result is named as a trace of its question: run · method · budget (· repeat). */
export function resultProducer(run: string, method: string, budget: number | null, repeat: number): string {
  return `${run} · ${method} · ${budget ?? 'inf'}${repeat ? ` · r${repeat}` : ''}`;
}

export function resultWriter(db: Db, runId: number) {
  const insert = db.prepare(`INSERT INTO results (run_id, sample_id, method, budget, repeat, prompt, full_text, thinking, answer, extracted, grade,
    thinking_tokens, continuations, finish_reasons, wall_ms, requests, prompt_tokens, generated_tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT DO NOTHING`);
  // Each result is also a trace of its question (run_id set), so the review panel shows, searches, filters and
  // diffs evaluation outputs like any teacher's trace.
  const insertTrace = db.prepare(`INSERT INTO traces (sample_id, hash, producer, run_id, thinking, answer, thinking_tokens, finish_reason, grade, metadata)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sample_id, hash) DO NOTHING`);
  const runName = db.prepare('SELECT name FROM runs WHERE id = ?').pluck().get(runId) as string;
  const done = db.prepare('SELECT sample_id, method, ifnull(budget, -1) AS budget, repeat FROM results WHERE run_id = ?');
  return {
    /** Keys of the rows already stored: `${sampleId}|${method}|${budget ?? -1}|${repeat}`. */
    finished(): Set<string> {
      const rows = done.all(runId) as { sample_id: number; method: string; budget: number; repeat: number }[];
      return new Set(rows.map((r) => resultKey(r.sample_id, r.method, r.budget < 0 ? null : r.budget, r.repeat)));
    },
    write(r: ResultRow): void {
      db.transaction(() => {
        const added = insert.run(runId, r.sampleId, r.method, r.budget, r.repeat, r.prompt, r.fullText, r.thinking, r.answer, r.extracted, r.grade,
          r.thinkingTokens, r.continuations, JSON.stringify(r.finishReasons), Math.round(r.wallMs), r.requests ?? null, r.promptTokens ?? null, r.generatedTokens ?? null).changes;
        if (!added) return;
        const producer = resultProducer(runName, r.method, r.budget, r.repeat);
        insertTrace.run(r.sampleId, traceHash({ producer, thinking: r.thinking, answer: r.answer }), producer, runId, r.thinking, r.answer,
          r.thinkingTokens, r.finishReasons[r.finishReasons.length - 1] ?? null, r.grade,
          JSON.stringify({ run: runName, method: r.method, budget: r.budget, repeat: r.repeat, extracted: r.extracted, continuations: r.continuations, wall_ms: Math.round(r.wallMs) }));
      })();
    },
  };
}

export const resultKey = (sampleId: number, method: string, budget: number | null, repeat: number) => `${sampleId}|${method}|${budget ?? -1}|${repeat}`;

export interface StoredResult extends ResultPoint {
  continuations: number | null;
}

export function runResults(db: Db, runId: number): StoredResult[] {
  return db.prepare(`SELECT s.source AS benchmark, r.method, r.budget, r.repeat, r.grade, r.thinking_tokens, r.continuations
    FROM results r JOIN samples s ON s.id = r.sample_id WHERE r.run_id = ? ORDER BY r.id`).all(runId) as StoredResult[];
}

export function listRuns(db: Db): RunSummary[] {
  const rows = db.prepare(`SELECT name, status, backend, (SELECT count(*) FROM results r WHERE r.run_id = runs.id) AS results,
      (SELECT json_group_array(DISTINCT method) FROM results r WHERE r.run_id = runs.id) AS methods,
      (SELECT json_group_array(DISTINCT budget) FROM results r WHERE r.run_id = runs.id) AS budgets,
      CASE WHEN json_valid(config) THEN json_extract(config, '$.model') END AS model
    FROM runs WHERE kind = 'eval' ORDER BY id DESC`).all() as { name: string; status: string; backend: string | null; results: number; methods: string; budgets: string; model: unknown }[];
  return rows.map((r) => ({ ...r, model: typeof r.model === 'string' ? r.model : null, methods: JSON.parse(r.methods) as string[], budgets: (JSON.parse(r.budgets) as (number | null)[]).sort((a, b) => (a ?? Infinity) - (b ?? Infinity)) }));
}
