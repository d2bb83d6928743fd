// Public types of the grader.
import type { ExtractionMethod } from './extract';
import type { AnswerRule } from './final-answer';

/** math: any expression or structure; integer: AIME-style 0..999; choice: an option letter. */
export type GradeKind = 'math' | 'integer' | 'choice';

export const GRADE_KINDS: readonly GradeKind[] = ['math', 'integer', 'choice'];

export interface GradeOptions {
  kind?: GradeKind;
  /** Decimal places compared when a decimal literal is involved (default 6, as Math-Verify). */
  precision?: number;
  /** Variable names must match, so f(x) differs from f(y) (default true). */
  strict?: boolean;
  /** Also let a gold set/interval accept a predicted inequality (default false: only gold inequality -> predicted set). */
  allowSetRelation?: boolean;
  /** Option texts in letter order, for kind 'choice' (lets "the option text itself" count). */
  choices?: readonly string[];
  /**
   * Bound for one grade in milliseconds (default 2000), converted to a work budget (work.ts: WORK_PER_MS units
   * per ms) so a grade stops at the same point on every machine, never by a clock. workLimit, when given, wins.
   */
  timeLimitMs?: number;
  /** Bound for one grade in work units (default DEFAULT_WORK, 1,000,000). */
  workLimit?: number;
  /**
   * Why the generation stopped ('stop', 'length', ...). 'length' marks a response cut off at its token limit: it
   * gets credit only for an answer it states as final (final-answer.ts). Unfinished thinking is seen without it.
   */
  finishReason?: string | null;
  /** When given, receives the work units the grade spent (tests assert on it instead of on wall time). */
  stats?: { work: number };
}

export interface GradeResult {
  equal: boolean;
  /** The gold answer after extraction and normalisation. */
  gold: string;
  /** The answer extracted from the prediction, or null when none was found. */
  pred: string | null;
  /**
   * Why: "identical", "equivalent", "not equivalent", "no answer found", "time limit", "undecided: ...", ...; for an
   * unfinished response it also names the rule that decided, or is "no final answer in an unfinished response (...)".
   */
  reason: string;
  /** How the predicted answer was found. */
  method?: ExtractionMethod;
  /** The rule that took the answer: "boxed answer", "final-answer statement", "answer part after thinking", ... */
  rule?: AnswerRule;
}
