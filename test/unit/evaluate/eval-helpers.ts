// Shared by evaluation tests: run an evaluation in-process against a URL, and read back its results.
import { createBackend, type Backend } from '../../../src/core/backend/client';
import { dbRequestCache } from '../../../src/core/backend/cache';
import { evalSession, type EvalSessionOptions } from '../../../src/core/evaluate/session';
import type { Db } from '../../../src/core/store/db';

export async function evalAgainst(db: Db, url: string | string[], o: Partial<EvalSessionOptions> & Pick<EvalSessionOptions, 'benchmark' | 'method' | 'run'>, backend?: Backend) {
  const urls = Array.isArray(url) ? url : [url];
  const b = backend ?? createBackend({ urls, model: 'replay', concurrency: 8, cache: dbRequestCache(db) });
  const r = await evalSession({ db, backend: b, backendUrls: urls, model: 'replay', concurrency: 8, ...o });
  return { ...r, stats: b.stats };
}

export interface ResultView { question: string; method: string; budget: number | null; repeat: number; full_text: string; answer: string; extracted: string | null; grade: number; thinking_tokens: number; continuations: number; finish_reasons: string }

/** A run's results in a stable order, without ids, times or wall clock: what two equal runs share. */
export function resultsOf(db: Db, run: string): ResultView[] {
  return db.prepare(`SELECT s.question, r.method, r.budget, r.repeat, r.full_text, r.answer, r.extracted, r.grade, r.thinking_tokens, r.continuations, r.finish_reasons
    FROM results r JOIN runs u ON u.id = r.run_id JOIN samples s ON s.id = r.sample_id WHERE u.name = ?
    ORDER BY s.question, r.method, ifnull(r.budget, -1), r.repeat`).all(run) as ResultView[];
}
