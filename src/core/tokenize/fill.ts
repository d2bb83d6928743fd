// Fills traces.thinking_tokens (tokens of the thinking text, with the model's tokenizer) where it is missing, on all cores.
import type { Db } from '../store/db';
import { countedTraces, saveThinkingTokens, thinkingReader, traceIdsToCount } from '../store/thinking-tokens';
import { startCountPool } from './parallel';

/** traces: to count this time; counted_before: traces of the data set that already had a count (and were left alone). */
export interface FillResult { traces: number; filled: number; tokens: number; bytes: number; seconds: number; counted_before: number }

export async function fillThinkingTokens(db: Db, datasetId: number, opts: { all?: boolean; workers?: number; batch?: number; tokenizer?: string } = {}): Promise<FillResult> {
  const t0 = performance.now();
  const ids = traceIdsToCount(db, datasetId, opts.all);
  const countedBefore = opts.all ? 0 : countedTraces(db, datasetId);
  const result: FillResult = { traces: ids.length, filled: 0, tokens: 0, bytes: 0, seconds: 0, counted_before: countedBefore };
  if (!ids.length) return result;
  const pool = startCountPool(opts.workers, opts.tokenizer, { caller: true });
  const thinking = thinkingReader(db);
  try {
    const step = opts.batch ?? 2000;
    let texts = ids.slice(0, step).map(thinking);
    let chars = 0;
    for (let i = 0; i < ids.length; i += step) {
      const chunk = ids.slice(i, i + step);
      // What is still to come, at this data set's characters per trace so far: it decides whether threads pay.
      for (const t of texts) chars += t.length;
      const counting = pool.count(texts, Math.round((chars / (i + texts.length)) * (ids.length - i - texts.length)));
      // The next batch is read from the database while the threads count this one.
      const next = i + step < ids.length ? ids.slice(i + step, i + 2 * step).map(thinking) : [];
      const counts = await counting;
      saveThinkingTokens(db, chunk, counts);
      result.filled += chunk.length;
      for (let k = 0; k < texts.length; k++) { result.tokens += counts[k]; result.bytes += Buffer.byteLength(texts[k]); }
      texts = next;
    }
  } finally {
    await pool.close();
  }
  result.seconds = Math.round(performance.now() - t0) / 1000;
  return result;
}
