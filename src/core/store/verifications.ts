// Verification results as annotations (issue 13's contract): one row per verified trace, origin 'verifier:<kind>',
// label verified | verify-failed | verify-error, evidence JSON. A trace has at most one verifier verdict: writing
// a new one replaces whatever verifier verdict it had (a person's labels are never touched).
import type { Db } from './db';

/** What to verify: a run's traces, a selection's samples' traces, or a data set's traces. */
export type VerifyScope = { run: string } | { selectionId: number } | { datasetId: number };

export interface VerifyTraceRow {
  traceId: number;
  sampleId: number;
  question: string;
  gold: string | null;
  solution: string | null;
  domain: string | null;
  metadata: string | null;
  thinking: string;
  answer: string;
  finishReason: string | null;
}

/** Run ids by name, of any kind (generation and evaluation runs both make traces). */
export function runIdsByName(db: Db, name: string): number[] {
  return db.prepare('SELECT id FROM runs WHERE name = ? ORDER BY id').pluck().all(name) as number[];
}

/** The condition on traces `t` that keeps those in scope, and its one argument. */
export function scopeWhere(scope: VerifyScope): { where: string; arg: number | string } {
  if ('run' in scope) return { where: 't.run_id IN (SELECT id FROM runs WHERE name = ?)', arg: scope.run };
  if ('selectionId' in scope) return { where: 't.sample_id IN (SELECT sample_id FROM selection_items WHERE selection_id = ?)', arg: scope.selectionId };
  return { where: 't.sample_id IN (SELECT id FROM samples WHERE dataset_id = ?)', arg: scope.datasetId };
}

/**
 * The ids of the traces in scope, in id order; without `force`, those that already carry a verifier verdict are
 * left out (a resumed run verifies only what is left).
 */
export function traceIdsToVerify(db: Db, scope: VerifyScope, force: boolean): { ids: number[]; already: number } {
  const { where, arg } = scopeWhere(scope);
  const rows = db.prepare(`SELECT t.id, EXISTS (SELECT 1 FROM annotations a WHERE a.trace_id = t.id AND a.origin LIKE 'verifier:%') AS done
    FROM traces t WHERE ${where} ORDER BY t.id`).raw().all(arg) as [number, number][];
  const ids = rows.filter((r) => force || !r[1]).map((r) => r[0]);
  return { ids, already: rows.filter((r) => r[1]).length };
}

export function traceToVerify(db: Db, traceId: number): VerifyTraceRow | undefined {
  return db.prepare(`SELECT t.id AS traceId, s.id AS sampleId, s.question, s.answer AS gold, s.solution, s.domain, s.metadata,
    t.thinking, t.answer, t.finish_reason AS finishReason FROM traces t JOIN samples s ON s.id = t.sample_id WHERE t.id = ?`).get(traceId) as VerifyTraceRow | undefined;
}

/** Stores a trace's verdict, replacing any earlier verifier verdict of that trace. */
export function writeVerdict(db: Db, v: { sampleId: number; traceId: number; origin: string; label: string; evidence: unknown }): void {
  if (!v.origin.startsWith('verifier:')) throw new Error(`verifier origins look like 'verifier:<kind>', not '${v.origin}'`);
  db.transaction(() => {
    db.prepare("DELETE FROM annotations WHERE trace_id = ? AND origin LIKE 'verifier:%'").run(v.traceId);
    db.prepare('INSERT INTO annotations (sample_id, trace_id, label, origin, evidence) VALUES (?, ?, ?, ?, ?)')
      .run(v.sampleId, v.traceId, v.label, v.origin, JSON.stringify(v.evidence));
  })();
}

/** Each trace's verifier verdict (label) among the given samples' traces. */
export function verdictsOfSamples(db: Db, sampleIds: readonly number[]): Map<number, string> {
  const out = new Map<number, string>();
  const q = db.prepare("SELECT trace_id, label FROM annotations WHERE sample_id = ? AND trace_id IS NOT NULL AND origin LIKE 'verifier:%'");
  for (const id of sampleIds) for (const r of q.all(id) as { trace_id: number; label: string }[]) out.set(r.trace_id, r.label);
  return out;
}

export interface VerdictCounts { verified: number; failed: number; errors: number }

/** Per sample of a data set: how many of its traces each verifier verdict has (samples without any are absent). */
export function datasetVerdictCounts(db: Db, datasetId: number): Map<number, VerdictCounts> {
  const out = new Map<number, VerdictCounts>();
  const rows = db.prepare(`SELECT a.sample_id AS id, a.label, count(*) AS n FROM annotations a JOIN samples s ON s.id = a.sample_id
    WHERE s.dataset_id = ? AND a.trace_id IS NOT NULL AND a.origin LIKE 'verifier:%' GROUP BY a.sample_id, a.label`).all(datasetId) as { id: number; label: string; n: number }[];
  for (const r of rows) {
    let c = out.get(r.id);
    if (!c) out.set(r.id, (c = { verified: 0, failed: 0, errors: 0 }));
    if (r.label === 'verified') c.verified += r.n; else if (r.label === 'verify-failed') c.failed += r.n; else c.errors += r.n;
  }
  return out;
}
