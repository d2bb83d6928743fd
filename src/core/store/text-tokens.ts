// text_token_counts: exact token counts of each exported trace's question and answer, per tokenizer (the dataset
// card's length figures). The first export that counts them stores them; later exports of the same traces read them.
import type { Db } from './db';

/** New counts as flat triples: trace id, question tokens, answer tokens. */
export type TextTokenTriples = number[];

/** Rows stored per statement. */
const SAVE_ROWS = 8192;

/**
 * Stores counts in one short transaction. They are a cache: a database this user cannot write, or one another job
 * holds the write lock of for longer than `busyMs`, keeps none and the next export counts again.
 */
export function saveTextTokens(db: Db, tokenizer: string, triples: TextTokenTriples, busyMs = 2000): boolean {
  if (!triples.length || db.readonly) return false;
  const before = db.pragma('busy_timeout', { simple: true }) as number;
  try {
    db.pragma(`busy_timeout = ${busyMs}`);
    // Many rows per statement, as one JSON array of triples: at 59K rows a statement per row cost about 0.8 CPU-s,
    // this 0.3 (it runs at the end of an export, when nothing else is left to overlap it).
    const put = db.prepare(`INSERT OR REPLACE INTO text_token_counts (trace_id, tokenizer, question_tokens, answer_tokens)
      SELECT j.value ->> 0, ?, j.value ->> 1, j.value ->> 2 FROM json_each(?) j`);
    db.transaction(() => {
      for (let i = 0; i < triples.length; i += 3 * SAVE_ROWS) {
        const rows: number[][] = [];
        for (let k = i; k < Math.min(triples.length, i + 3 * SAVE_ROWS); k += 3) rows.push([triples[k], triples[k + 1], triples[k + 2]]);
        put.run(tokenizer, JSON.stringify(rows));
      }
    }).immediate();
    return true;
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CONSTRAINT')) return false;
    throw e;
  } finally {
    db.pragma(`busy_timeout = ${before}`);
  }
}

/**
 * How many of these samples have no trace with stored counts for the tokenizer: an export probes its first questions
 * with it to tell a first export (which counts) from a repeat one before it starts its threads.
 */
export function samplesWithoutTextTokens(db: Db, sampleIds: readonly number[], tokenizer: string): number {
  if (!sampleIds.length) return 0;
  return db.prepare(`SELECT count(*) FROM json_each(?) j WHERE NOT EXISTS
    (SELECT 1 FROM traces t JOIN text_token_counts c ON c.trace_id = t.id AND c.tokenizer = ? WHERE t.sample_id = j.value)`)
    .pluck().get(JSON.stringify(sampleIds), tokenizer) as number;
}
