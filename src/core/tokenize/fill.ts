// Fills traces.thinking_tokens (Qwen tokens of the thinking text) where it is missing, on all cores.
import type { Db } from '../store/db';
import { startCountPool } from './parallel';

/** traces: to count this time; counted_before: traces of the data set that already had a count (and were left alone). */
export interface FillResult { traces: number; filled: number; tokens: number; bytes: number; seconds: number; counted_before: number }

export async function fillThinkingTokens(db: Db, datasetId: number, opts: { all?: boolean; workers?: number; batch?: number } = {}): Promise<FillResult> {
  const t0 = performance.now();
  const ids = db.prepare(`SELECT t.id FROM traces t JOIN samples s ON s.id = t.sample_id WHERE s.dataset_id = ?
    ${opts.all ? '' : 'AND t.thinking_tokens IS NULL'} ORDER BY t.id`).pluck().all(datasetId) as number[];
  const countedBefore = opts.all ? 0 : db.prepare(`SELECT count(*) FROM traces t JOIN samples s ON s.id = t.sample_id
    WHERE s.dataset_id = ? AND t.thinking_tokens IS NOT NULL`).pluck().get(datasetId) as number;
  const result: FillResult = { traces: ids.length, filled: 0, tokens: 0, bytes: 0, seconds: 0, counted_before: countedBefore };
  if (!ids.length) return result;
  const pool = startCountPool(opts.workers);
  const get = db.prepare('SELECT thinking FROM traces WHERE id = ?').pluck();
  const set = db.prepare('UPDATE traces SET thinking_tokens = ? WHERE id = ?');
  try {
    const step = opts.batch ?? 2000;
    for (let i = 0; i < ids.length; i += step) {
      const chunk = ids.slice(i, i + step);
      const texts = chunk.map((id) => get.get(id) as string);
      const counts = await pool.count(texts);
      db.transaction(() => chunk.forEach((id, k) => set.run(counts[k], id)))();
      result.filled += chunk.length;
      for (let k = 0; k < texts.length; k++) { result.tokens += counts[k]; result.bytes += Buffer.byteLength(texts[k]); }
    }
  } finally {
    await pool.close();
  }
  result.seconds = Math.round(performance.now() - t0) / 1000;
  return result;
}
