// Which answer a response commits to, and by which rule. A finished response is read as before (extract.ts:
// its box, its answer phrase, else its last expression or number). An unfinished one (cut off at its token
// limit, thinking never closed, or prose that stops mid-sentence) gets credit only for an answer it states as
// final: a box, a final-answer statement, an "answer: ..." at its very end, or the answer part after its
// thinking. Its last number on the way (a value restated from the question, one it calls inconsistent, one it
// half-remembers) is a mention, not an answer.

import { DELIMITERS, DELIMITER_STYLES } from '../ingest/delimiters';
import { splitResponse } from '../ingest/split-thinking';
import { MAX_SCAN, regionCandidates, scanText, type Extraction } from './extract';
import { spend } from './work';

/** The rule that picked the answer: the grade's reason names it. */
export type AnswerRule =
  | 'boxed answer' | 'final-answer statement' | 'answer part after thinking' | 'whole response' | 'last expression' | 'last number';

export interface RuledExtraction extends Extraction { rule: AnswerRule }

export interface ResponseAnswers {
  /** Candidates, best first (empty when the response states no answer the rules accept). */
  candidates: RuledExtraction[];
  /** Why the response counts as unfinished, or null when it finished. */
  unfinished: string | null;
}

/** "Answer: 42" counts in an unfinished response only this close to its end (characters after the sentence). */
export const AT_END = 200;
/** Prose shorter than this is never judged cut off by its last character (a bare answer, a short reply). */
const MIN_PROSE = 400;

const OPENERS = DELIMITER_STYLES.map((s) => DELIMITERS[s].open);

/** The candidates of a maths response under the rules above; finishReason 'length' marks a cut-off generation. */
export function responseAnswers(response: string, finishReason?: string | null): ResponseAnswers {
  const tail = response.length > MAX_SCAN ? response.slice(-MAX_SCAN) : response;
  const text = scanText(response);
  // The scans below are linear (MAX_SCAN bounds them): counted as one unit per 64 characters.
  spend(text.length >> 6);
  const split = splitResponse(tail);
  const closed = split.style !== null && !split.unterminated;
  const answerPart = closed && split.answer.trim() ? scanText(split.answer) : null;
  const unfinished = unfinishedWhy(response, tail, split, answerPart, finishReason);
  if (!unfinished) {
    if (answerPart) {
      const inAnswer = regionCandidates(answerPart);
      if (inAnswer.length) return { candidates: inAnswer.map((c) => ruled(c, true)), unfinished };
    }
    return { candidates: regionCandidates(text).map((c) => ruled(c, false)), unfinished };
  }
  const out: RuledExtraction[] = [];
  if (answerPart) {
    // The answer part after closed thinking: its statements, and its last value when it was not cut mid-sentence.
    const clean = !endsMidSentence(answerPart, 0);
    for (const c of regionCandidates(answerPart)) {
      if (isStatement(c) || clean) out.push(ruled(c, true));
    }
  }
  const end = contentEnd(text);
  for (const c of regionCandidates(text)) {
    if (c.method === 'boxed' || c.method === 'final-answer' || (c.method === 'answer-phrase' && end - c.index <= AT_END)) out.push(ruled(c, false));
  }
  return { candidates: out, unfinished };
}

/** Why a response counts as unfinished (finish reason, unclosed thinking, prose cut mid-sentence), or null. */
export function unfinishedReason(response: string, finishReason?: string | null): string | null {
  const tail = response.length > MAX_SCAN ? response.slice(-MAX_SCAN) : response;
  const split = splitResponse(tail);
  const answerPart = split.style !== null && !split.unterminated && split.answer.trim() ? scanText(split.answer) : null;
  return unfinishedWhy(response, tail, split, answerPart, finishReason);
}

function unfinishedWhy(response: string, tail: string, split: ReturnType<typeof splitResponse>,
  answerPart: string | null, finishReason?: string | null): string | null {
  if (finishReason === 'length') return 'finish reason length';
  // A generation that wrote its end token ("<|end_of_solution|>", "<|im_end|>") stopped by itself.
  if (/<\|[a-z_]{1,40}\|>\s*$/i.test(tail.slice(-100)) && !(split.style !== null && split.unterminated)) return null;
  if (split.style !== null && split.unterminated) return 'thinking never ended';
  // A tail without delimiters whose head opened thinking: the thinking ran past the scanned tail, unclosed.
  if (split.style === null && response.length > tail.length) {
    const head = response.slice(0, 4000);
    if (OPENERS.some((o) => head.includes(o))) return 'thinking never ended';
  }
  const region = split.style === null ? tail : answerPart;
  if (region && endsMidSentence(region, MIN_PROSE)) return 'cut off mid-sentence';
  return null;
}

/**
 * True when prose stops inside a sentence: its last character is a letter, digit, comma or operator rather than
 * a full stop, a closing bracket or a closing math delimiter. A bare expression ("1+1+...+1") is not prose, and a
 * signature after the last sentence ("... = 204. -sepehr2010") ends it. Reads only the last 300 characters.
 */
export function endsMidSentence(text: string, minLength: number): boolean {
  const i = contentEnd(text) - 1;
  if (i + 1 < minLength) return false;
  if (/[.!?)\]}$*"'`>|%\u3002\u00bb\u201d\u2019]/.test(text[i])) return false;
  const last = text.slice(Math.max(0, i - 299), i + 1);
  if (/(?:^|\s)(?:-|~|\u2014){1,2} ?[\w.]{2,30}$/.test(last)) return false;
  // A value with its unit closes a line of results: "- CH3CH2OH: 46.08 g/mol", "**Final answer:** 3 bushels".
  if (/\d ?[a-zA-Z\u00b0\u00b5/\u207b\u00b2\u00b3\u00b9]{1,12}(?: [a-zA-Z/]{1,12})?$/.test(last)) return false;
  return (last.match(/(?<![\\a-zA-Z])[a-zA-Z]{3,}/g) ?? []).length >= 3;
}

const isStatement = (c: Extraction) => c.method === 'boxed' || c.method === 'final-answer' || c.method === 'answer-phrase';

/** Where the text ends without its trailing white space. */
export function contentEnd(text: string): number {
  let i = text.length;
  while (i > 0 && /\s/.test(text[i - 1])) i--;
  return i;
}

function ruled(c: Extraction, inAnswerPart: boolean): RuledExtraction {
  return { ...c, rule: ruleOf(c, inAnswerPart) };
}

function ruleOf(c: Extraction, inAnswerPart: boolean): AnswerRule {
  if (c.method === 'boxed') return 'boxed answer';
  if (c.method === 'final-answer' || c.method === 'answer-phrase') return 'final-answer statement';
  if (inAnswerPart) return 'answer part after thinking';
  if (c.method === 'whole') return 'whole response';
  return c.method === 'latex' ? 'last expression' : 'last number';
}
