// The question-key index (samples_question) serves one query: SampleWriter's probe for a question's stored samples.
// An import into a store that holds no sample yet needs no probe for its new questions (SampleWriter.startEmpty),
// so it drops the index in its first batch and builds it once, sorted, in its last: its keys are random, and
// keeping it up to date row by row rewrote a growing share of its pages in every batch (per-row cost grew with the
// store). Nothing else reads the index (review list, curation and export use samples_dataset and the others), so a
// missing one only slows a probe, never changes an answer. A killed import leaves it missing: every import builds
// it back before its first probe (ensureQuestionIndex), as does an import that sees another writer's samples.
import type { Db } from './db';

// The same text as the migration that made it (sqlite_schema keeps it as written, less IF NOT EXISTS).
const CREATE = 'CREATE INDEX IF NOT EXISTS samples_question ON samples(dataset_id, question_key)';

/** Builds the index if an import dropped it (a no-op, a schema look-up, when it exists). */
export function ensureQuestionIndex(db: Db): void {
  db.exec(CREATE);
}

/**
 * Call inside the import's first transaction. Drops the index when the store holds no sample at all and the
 * writer skips the probe for new questions (returns true: the caller must ensureQuestionIndex before it commits
 * its last batch, and as soon as its writer starts probing); otherwise makes sure it exists (returns false).
 */
export function deferQuestionIndex(db: Db, writerSkipsProbes: boolean): boolean {
  if (writerSkipsProbes && !db.prepare('SELECT EXISTS (SELECT 1 FROM samples)').pluck().get()) {
    db.exec('DROP INDEX IF EXISTS samples_question');
    return true;
  }
  ensureQuestionIndex(db);
  return false;
}
