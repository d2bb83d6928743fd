// Answer checking for reasoning-distillation evaluation: extract the final answer from a response and
// decide whether it is equivalent to the gold answer (maths, AIME integers, multiple choice).
// The grader's one entry: callers import from here, never from the modules behind it.
import { extractChoice } from './choice';
import { cleanAnswer } from './clean';
import { type Extraction } from './extract';
import { responseAnswers, unfinishedReason } from './final-answer';
import { integerOf, isParsable } from './grade-answer';
import type { GradeKind } from './types';
import { DEFAULT_WORK, bounded } from './work';

export { gradeAnswer, answersEquivalent, clearParseCache } from './grade-answer';
export { splitThinking, findBoxed } from './extract';
export type { Boxed, Extraction, ExtractionMethod } from './extract';
export type { AnswerRule } from './final-answer';
export { NO_FINAL_ANSWER } from './grade-answer';
export { GRADE_KINDS } from './types';
export { DEFAULT_WORK } from './work';
export type { GradeKind, GradeOptions, GradeResult } from './types';

/** The answer a response commits to (kind decides what counts), or null when there is none. */
export function extractAnswer(response: string,
  options: { kind?: GradeKind; choices?: readonly string[]; finishReason?: string | null } = {}): Extraction | null {
  const r = bounded(DEFAULT_WORK, () => {
    if (options.kind === 'choice') return extractChoice(response, options.choices, unfinishedReason(response, options.finishReason) !== null);
    const candidates = responseAnswers(response, options.finishReason).candidates;
    // As the grader reads them: a box or a "Final Answer:" is the answer even when it does not parse;
    // a looser candidate counts only if it parses (as an integer, for kind 'integer').
    for (const c of candidates.slice(0, 8)) {
      if (c.method === 'boxed' || c.method === 'final-answer') return c;
      if (c.answer.length > 2000) continue;
      const clean = cleanAnswer(c.answer);
      if (!clean) continue;
      if (options.kind === 'integer' ? integerOf(clean) !== null : isParsable(clean)) return c;
    }
    return null;
  });
  return 'value' in r ? r.value : null;
}

/** The cleaned form of an answer that comparisons work on (LaTeX presentation removed). */
export function normalizeAnswer(answer: string): string {
  try {
    return cleanAnswer(answer);
  } catch {
    return answer.trim();
  }
}
