// Length figures for the dataset card, all in exact Qwen2.5 tokens: thinking from stored counts (s1's gemini_length
// or `distillery tokens`; the missing ones counted during the export), questions and answers counted during the export.

export interface LengthSummary { rows: number; mean: number; p50: number; p90: number; p99: number; max: number; total: number }
export interface TokenSummary { thinking_tokens: LengthSummary; question_tokens: LengthSummary; answer_tokens: LengthSummary }

/** Nearest-rank percentiles. */
export function summarize(values: ArrayLike<number>): LengthSummary {
  const v = Float64Array.from(values).sort();
  const n = v.length;
  const at = (p: number) => (n ? v[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))] : 0);
  let total = 0;
  for (const x of v) total += x;
  return { rows: n, mean: n ? Math.round(total / n) : 0, p50: at(50), p90: at(90), p99: at(99), max: n ? v[n - 1] : 0, total };
}
