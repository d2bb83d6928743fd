// Hand-made evaluation runs for the store's unit tests: questions of an eval:<benchmark> data set and result rows
// with the grades given (not a test file itself).
import type { Db } from '../../../src/core/store/db';
import { createRun, resultWriter, type ResultRow } from '../../../src/core/store/runs';

export const items = (n: number) => Array.from({ length: n }, (_, i) => ({ question: `What is ${i} + ${i}?`, gold: String(2 * i) }));

/** Results of run `name` (created when new): one per question id, graded as given, at one method, budget and repeat. */
export function handRun(db: Db, name: string, ids: number[], grades: (0 | 1)[], opt: { method?: string; budget?: number | null; repeat?: number } = {}): void {
  const runId = (db.prepare("SELECT id FROM runs WHERE name = ? AND kind = 'eval'").pluck().get(name) as number | undefined) ?? createRun(db, name, { model: name }, 'openai');
  const w = resultWriter(db, runId);
  grades.forEach((grade, i) => {
    const row: ResultRow = {
      sampleId: ids[i], method: opt.method ?? 'truncation', budget: opt.budget === undefined ? 1000 : opt.budget, repeat: opt.repeat ?? 0,
      prompt: 'p', fullText: 't', thinking: `thinking of ${name} on ${ids[i]} r${opt.repeat ?? 0} ${opt.method ?? ''} ${opt.budget}`, answer: grade ? 'right' : 'wrong',
      extracted: null, grade, thinkingTokens: 100 + i, continuations: 0, finishReasons: ['stop'], wallMs: 1,
    };
    w.write(row);
  });
}
