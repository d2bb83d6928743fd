// Hand-made evaluation runs for the report's tests: results written through the store's own writer, so the
// report reads them exactly as it reads a real run.
import type { Db } from '../../../src/core/store/db';
import { createRun, ensureEvalSamples, resultWriter, setRunBackend, setRunStatus } from '../../../src/core/store/runs';

export interface SeedResult {
  q: string; benchmark?: string; method: string; budget: number | null; repeat?: number; grade: 0 | 1; tokens: number; continuations?: number; wallMs?: number;
}

/** Stores a finished run; questions are named by `q` (gold 'gold-' + q); returns the sample ids by question. */
export function seedRun(db: Db, name: string, results: readonly SeedResult[], o: { backend?: string; config?: Record<string, unknown> } = {}): Map<string, number> {
  const runId = createRun(db, name, { model: `model-${name}`, benchmark: 'hand', ...o.config }, 'openai');
  setRunStatus(db, runId, 'running');
  const ids = new Map<string, number>();
  const byBenchmark = new Map<string, string[]>();
  for (const r of results) {
    const b = r.benchmark ?? 'math500';
    const qs = byBenchmark.get(b) ?? byBenchmark.set(b, []).get(b)!;
    if (!qs.includes(r.q)) qs.push(r.q);
  }
  for (const [b, qs] of byBenchmark) {
    const sampleIds = ensureEvalSamples(db, b, qs.map((q) => ({ question: q, gold: `gold-${q}` })));
    qs.forEach((q, i) => ids.set(`${b}/${q}`, sampleIds[i]));
  }
  const w = resultWriter(db, runId);
  for (const r of results) {
    const sampleId = ids.get(`${r.benchmark ?? 'math500'}/${r.q}`)!;
    w.write({
      sampleId, method: r.method, budget: r.budget, repeat: r.repeat ?? 0, prompt: `<prompt ${r.q}>`, fullText: `thinking about ${r.q}`,
      thinking: `thinking about ${r.q} for ${r.tokens} tokens`, answer: r.grade ? `\\boxed{gold-${r.q}}` : '\\boxed{wrong}', extracted: r.grade ? `gold-${r.q}` : 'wrong',
      grade: r.grade, thinkingTokens: r.tokens, continuations: r.continuations ?? 0, finishReasons: ['length', 'stop'], wallMs: r.wallMs ?? 1000,
    });
  }
  if (o.backend) setRunBackend(db, runId, o.backend);
  setRunStatus(db, runId, 'done');
  return ids;
}

const t = (q: string, budget: number, grade: 0 | 1, tokens: number): SeedResult => ({ q, method: 'truncation', budget, grade, tokens });
const bf = (q: string, budget: number, grade: 0 | 1, tokens: number): SeedResult => ({ q, method: 'budget-forcing/wait=1', budget, grade, tokens, continuations: 1 });

/**
 * The hand-computed run (MATH500, four questions):
 * truncation        500: q1 ✓ 450, q2 ✗ 520, q3 ✗ 500, q4 ✗ 500     → 25%, 492.5 tokens (q2 over 500 + 10)
 *                  1000: q1 ✓ 450, q2 ✓ 900, q3 ✗ 1000, q4 ✗ 1000   → 50%, 837.5
 *                  2000: q1 ✗ 1500, q2 ✓ 900, q3 ✗ 2000, q4 ✗ 2000 → 25%, 1600   (falls; q1 flips right → wrong)
 * budget forcing ×1 500: q1 ✓ 500, q2 ✗ 500, q3 ✗ 500, q4 ✓ 500     → 50%, 500
 *                  1000: q1 ✓ 500, q2 ✗ 500, q3 ✗ 525, q4 ✓ 500     → 50%, 506.25 (flat; tokens did not grow)
 */
export const HAND_RUN: readonly SeedResult[] = [
  t('q1', 500, 1, 450), t('q2', 500, 0, 520), t('q3', 500, 0, 500), t('q4', 500, 0, 500),
  t('q1', 1000, 1, 450), t('q2', 1000, 1, 900), t('q3', 1000, 0, 1000), t('q4', 1000, 0, 1000),
  t('q1', 2000, 0, 1500), t('q2', 2000, 1, 900), t('q3', 2000, 0, 2000), t('q4', 2000, 0, 2000),
  bf('q1', 500, 1, 500), bf('q2', 500, 0, 500), bf('q3', 500, 0, 500), bf('q4', 500, 1, 500),
  bf('q1', 1000, 1, 500), bf('q2', 1000, 0, 500), bf('q3', 1000, 0, 525), bf('q4', 1000, 1, 500),
];
