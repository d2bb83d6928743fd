// The question-key index (samples_question) serves one query: SampleWriter's probe for a question's stored samples.
// Imports keep it all along. Dropping it for a first import into an empty store and building it at the end (fifth
// session) made a 300K-row import 2.5x slower (76 s against 30, 32 s of it system time: bench/README, sixth
// session), so it is gone; a store whose index a killed import of that build left missing gets it back here.
import type { Db } from './db';

// The same text as the migration that made it (sqlite_schema keeps it as written, less IF NOT EXISTS).
const CREATE = 'CREATE INDEX IF NOT EXISTS samples_question ON samples(dataset_id, question_key)';

/** Builds the index if an import dropped it (a no-op, a schema look-up, when it exists). */
export function ensureQuestionIndex(db: Db): void {
  db.exec(CREATE);
}
