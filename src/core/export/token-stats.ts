// Exact Qwen token counts of what an export wrote (question, thinking, answer of each row), counted on worker
// threads while the main thread writes, for the dataset card's length percentiles.
import { startCountPool, type CountPool } from '../tokenize/parallel';
import { fastQwenTokenizer } from '../tokenize/fast';

export interface LengthSummary { rows: number; mean: number; p50: number; p90: number; p99: number; max: number; total: number }
export interface TokenSummary { question: LengthSummary; thinking: LengthSummary; answer: LengthSummary; row: LengthSummary }

export interface TokenCounter {
  add(question: string, thinking: string, answer: string): Promise<void>;
  finish(): Promise<TokenSummary>;
  /** Stops the threads without counting what is left (after a failed export). */
  abort(): Promise<void>;
}

const BATCH_CHARS = 4 << 20;
const MAX_IN_FLIGHT = 3;

/**
 * The worker threads start with the first full batch: an export smaller than one batch is counted on the main
 * thread at the end (one tokenizer load instead of one per thread).
 */
export function startTokenCounter(startPool: () => CountPool = () => startCountPool()): TokenCounter {
  let pool: CountPool | null = null;
  const q: number[] = [];
  const th: number[] = [];
  const an: number[] = [];
  let texts: string[] = [];
  let chars = 0;
  const inFlight: Promise<void>[] = [];
  const send = () => {
    if (!texts.length) return;
    const batch = texts;
    const at = q.length;
    q.length += batch.length / 3; th.length = q.length; an.length = q.length;
    texts = [];
    chars = 0;
    pool ??= startPool();
    inFlight.push(pool.count(batch).then((c) => {
      for (let i = 0; i < c.length; i += 3) { q[at + i / 3] = c[i]; th[at + i / 3] = c[i + 1]; an[at + i / 3] = c[i + 2]; }
    }));
  };
  return {
    async add(question, thinking, answer) {
      texts.push(question, thinking, answer);
      chars += question.length + thinking.length + answer.length;
      if (chars < BATCH_CHARS) return;
      send();
      // Bounded: the writer never runs more than a few batches ahead of the counting threads.
      while (inFlight.length > MAX_IN_FLIGHT) await inFlight.shift();
    },
    async finish() {
      if (!pool && texts.length) {
        const tok = fastQwenTokenizer();
        for (let i = 0; i < texts.length; i += 3) { q.push(tok.count(texts[i])); th.push(tok.count(texts[i + 1])); an.push(tok.count(texts[i + 2])); }
        texts = [];
      }
      send();
      try {
        await Promise.all(inFlight);
      } finally {
        await pool?.close();
      }
      return summary();
    },
    async abort() {
      texts = [];
      await pool?.close();
    },
  };
  function summary(): TokenSummary {
    const row = q.map((n, i) => n + th[i] + an[i]);
    return { question: summarize(q), thinking: summarize(th), answer: summarize(an), row: summarize(row) };
  }
}

/** Nearest-rank percentiles. */
export function summarize(values: readonly number[]): LengthSummary {
  const v = Float64Array.from(values).sort();
  const n = v.length;
  const at = (p: number) => (n ? v[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))] : 0);
  let total = 0;
  for (const x of v) total += x;
  return { rows: n, mean: n ? Math.round(total / n) : 0, p50: at(50), p90: at(90), p99: at(99), max: n ? v[n - 1] : 0, total };
}
