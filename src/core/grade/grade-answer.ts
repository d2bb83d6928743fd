// gradeAnswer: extraction, normalisation and equivalence behind one call that never throws and
// always returns within its bound: oversized input is refused up front, and the work in between is counted
// (work.ts) so a grade stops at the same point on every machine. What cannot be decided exactly (an answer
// too large to read, values beyond a double's range) is "undecided": not equal, with a reason saying so.
import type { Node } from './ast';
import { casEqual, casParse } from './cas';
import { extractChoice, goldChoice, letterOf } from './choice';
import { cleanAnswer } from './clean';
import { collapseRel, equivalent, normText, type CompareOptions } from './compare';
import { exactValue } from './numeric-eval';
import { LONG_WHOLE, goldCandidate, type Extraction } from './extract';
import { responseAnswers, unfinishedReason, type AnswerRule, type ResponseAnswers } from './final-answer';
import { MAX_SOURCE, ParseError, TooLarge, parseAnswer } from './parse';
import type { GradeKind, GradeOptions, GradeResult } from './types';
import { DEFAULT_WORK, OutOfWork, WORK_PER_MS, bounded } from './work';

/** Answers longer than this are not parsed: no real final answer is this long. */
const MAX_ANSWER = 2000;
/** Gold text longer than this is refused. */
const MAX_GOLD = 100_000;
/** How many predicted candidates to try when the first ones do not parse. */
const MAX_CANDIDATES = 8;

/** Reasons of the verdicts that are "undecided" rather than "different". */
const TOO_LARGE = 'undecided: answer too large to compare';
const OUT_OF_RANGE = 'undecided: values beyond floating-point range';

export function gradeAnswer(gold: string, pred: string, options: GradeOptions = {}): GradeResult {
  const kind: GradeKind = options.kind ?? 'math';
  const r = bounded(workLimit(options), () => {
    if (typeof gold !== 'string' || typeof pred !== 'string') return fail('', null, 'gold and prediction must be strings');
    if (gold.length > MAX_GOLD) return fail(gold.slice(0, 80), null, 'gold answer too long');
    if (kind === 'choice') return gradeChoice(gold, pred, options);
    if (kind === 'integer') return gradeInteger(gold, pred, options);
    return gradeMath(gold, pred, options);
  });
  if (options.stats) options.stats.work = r.work;
  if ('value' in r) return r.value;
  const e = r.error;
  // Out of work: the bound that timeLimitMs names, kept under its old reason (callers test for it).
  if (e instanceof OutOfWork) return fail(gold.slice(0, 200), null, 'time limit');
  return fail(typeof gold === 'string' ? gold.slice(0, 200) : '', null, `error: ${(e as Error)?.message ?? String(e)}`);
}

/** The work a grade may spend: options.workLimit, else timeLimitMs converted at WORK_PER_MS. */
function workLimit(o: GradeOptions): number {
  const limit = o.workLimit ?? (o.timeLimitMs === undefined ? DEFAULT_WORK : o.timeLimitMs * WORK_PER_MS);
  return Number.isNaN(limit) ? DEFAULT_WORK : Math.max(0, limit);
}

function fail(gold: string, pred: string | null, reason: string, method?: Extraction['method'], rule?: AnswerRule): GradeResult {
  return { equal: false, gold, pred, reason, ...(method ? { method } : {}), ...(rule ? { rule } : {}) };
}

/** Reason of an unfinished response that states no final answer. */
export const NO_FINAL_ANSWER = 'no final answer in an unfinished response';

/**
 * Candidates under the final-answer rules (final-answer.ts). In an unfinished response the reason names the rule
 * that decided and why the response counts as unfinished; a finished response's reason stays the comparison's.
 */
function graded(answers: ResponseAnswers, r: GradeResult): GradeResult {
  if (!answers.unfinished) return r;
  if (r.rule) return { ...r, reason: `${r.reason} (${r.rule} in an unfinished response: ${answers.unfinished})` };
  if (r.pred === null && r.reason.startsWith('no ')) return { ...r, reason: `${NO_FINAL_ANSWER} (${answers.unfinished})` };
  return r;
}

/** Compares two answers that are already extracted (no searching inside them). */
export function answersEquivalent(gold: string, pred: string, options: GradeOptions = {}): boolean {
  const r = bounded(workLimit(options), () => {
    const g = cleanAnswer(gold);
    const p = cleanAnswer(pred);
    return compareClean(g, p, compareOptions(options)).equal;
  });
  if (options.stats) options.stats.work = r.work;
  return 'value' in r ? r.value : false;
}

function compareOptions(o: GradeOptions): CompareOptions {
  return { precision: o.precision ?? 6, strict: o.strict ?? true, allowSetRelation: o.allowSetRelation ?? false };
}

function gradeMath(gold: string, pred: string, options: GradeOptions): GradeResult {
  const g = goldCandidate(gold);
  // A gold answer is never cut short: the first 8000 characters of a sum are a different number.
  if (g.answer.length > MAX_SOURCE) return fail(g.answer.slice(0, 200), null, `${TOO_LARGE} (gold)`);
  const goldClean = cleanAnswer(g.answer);
  if (!goldClean) return fail(goldClean, null, 'empty gold answer');
  const answers = responseAnswers(pred, options.finishReason);
  return graded(answers, mathVerdict(goldClean, answers.candidates, options));
}

function mathVerdict(goldClean: string, candidates: ResponseAnswers['candidates'], options: GradeOptions): GradeResult {
  if (candidates.length === 0) return fail(goldClean, null, 'no answer found');
  const o = compareOptions(options);
  let tried = 0;
  for (const c of candidates) {
    if (tried++ >= MAX_CANDIDATES) break;
    // A box, a "Final Answer:" or a response that is one bare expression is the answer: when it is too large to
    // read the grade is undecided, never decided by a number found somewhere else in it.
    const final = c.method === 'boxed' || c.method === 'final-answer' || c.method === 'whole';
    if (c.answer.length > MAX_ANSWER) {
      if (final) return fail(goldClean, c.answer.slice(0, 200), TOO_LARGE, c.method, c.rule);
      continue;
    }
    const predClean = cleanAnswer(c.answer);
    if (!predClean) continue;
    parseClean(predClean);
    if (tooLarge.has(predClean)) {
      if (final) return fail(goldClean, c.answer.slice(0, 200), TOO_LARGE, c.method, c.rule);
      continue;
    }
    // A box is the answer even when it does not parse; a phrase or a stray span must parse to count.
    const mustParse = c.method !== 'boxed' && c.method !== 'final-answer';
    if (mustParse && unparsed.has(predClean)) {
      if (c.method === 'whole' && c.answer.length > LONG_WHOLE) return fail(goldClean, c.answer.slice(0, 200), 'undecided: answer does not parse', c.method, c.rule);
      continue;
    }
    const r = compareClean(goldClean, predClean, o);
    return { equal: r.equal, gold: goldClean, pred: c.answer, reason: r.reason, method: c.method, rule: c.rule };
  }
  return fail(goldClean, null, 'no parsable answer found');
}

function compareClean(gold: string, pred: string, o: CompareOptions): { equal: boolean; reason: string } {
  if (squash(gold) === squash(pred)) return { equal: true, reason: 'identical' };
  // A gold option letter, "\text{(B)}", against "\textbf{(B) }42" or "B": compare the letters.
  const goldLetter = /^(?:\\text\{\s*)?\(([A-J])\)\s*\}?$/.exec(gold);
  const predLetter = goldLetter && letterOf(pred);
  if (goldLetter && predLetter) return { equal: predLetter === goldLetter[1], reason: 'option letter' };
  const gn = parseClean(gold);
  const pn = parseClean(pred);
  if (tooLarge.has(gold) || tooLarge.has(pred)) return { equal: false, reason: TOO_LARGE };
  const v = equivalent(gn, pn, o);
  if (v === true) return { equal: true, reason: 'equivalent' };
  if (v === false) {
    // "1,22" may be a decimal comma rather than a list: only worth a second look against a decimal.
    const dc = /^[-+]?\d+,\d+$/;
    if (dc.test(gold) && /^[-+]?\d*\.\d+$/.test(pred)) return compareClean(gold.replace(',', '.'), pred, o);
    if (dc.test(pred) && /^[-+]?\d*\.\d+$/.test(gold)) return compareClean(gold, pred.replace(',', '.'), o);
    return { equal: false, reason: 'not equivalent' };
  }
  // Values beyond a double's range decide nothing, and the CAS would compare the same Infinity.
  if (o.lost) return { equal: false, reason: OUT_OF_RANGE };
  if (casEqual(gold, pred)) return { equal: true, reason: 'equivalent (cas)' };
  return { equal: normText(gold) === normText(pred), reason: 'undecided; compared as text' };
}

const squash = (s: string) => s.replace(/\s+/g, '');

const cache = new Map<string, Node>();
/** Strings that neither parser could read (they became plain text). */
const unparsed = new Set<string>();
/** Strings beyond the parser's size or nesting limits (a subset of unparsed). */
const tooLarge = new Set<string>();

/** Our parser, then the CAS's, then plain text; memoised because gold answers repeat. */
export function parseClean(s: string): Node {
  const hit = cache.get(s);
  if (hit) return hit;
  if (cache.size >= 5000) clearParseCache();
  let node: Node;
  if (isProse(s)) node = { k: 'text', s };
  else {
    try {
      node = parseAnswer(s);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      // Too large for ours is too large for the CAS too (its parser recurses without a bound).
      const viaCas = e instanceof TooLarge ? null : casParse(s);
      if (e instanceof TooLarge) tooLarge.add(s);
      if (viaCas) node = viaCas;
      else {
        node = { k: 'text', s };
        unparsed.add(s);
      }
    }
  }
  cache.set(s, node);
  return node;
}

/** Forgets memoised parses (benchmarks use it to measure cold parsing; long runs never need it). */
export function clearParseCache(): void {
  cache.clear();
  unparsed.clear();
  tooLarge.clear();
}

/** True when our parser or the CAS could read the cleaned answer (it is not just text). */
export function isParsable(s: string): boolean {
  parseClean(s);
  return !unparsed.has(s);
}

/** Words, not maths: "Evelyn", "even", "The midpoints form a regular hexagon". */
function isProse(s: string): boolean {
  return /^[A-Za-z][A-Za-z '-]*$/.test(s) && /[A-Za-z]{3,}/.test(s);
}

// ---------- integer (AIME) ----------

function gradeInteger(gold: string, pred: string, options: GradeOptions): GradeResult {
  const g = integerOf(cleanAnswer(goldCandidate(gold).answer));
  if (g === null) return fail(gold.trim().slice(0, 200), null, 'gold is not an integer');
  const answers = responseAnswers(pred, options.finishReason);
  return graded(answers, integerVerdict(g, answers.candidates));
}

function integerVerdict(g: bigint, candidates: ResponseAnswers['candidates']): GradeResult {
  const goldText = g.toString();
  let tried = 0;
  for (const c of candidates) {
    if (tried++ >= MAX_CANDIDATES) break;
    if (c.answer.length > MAX_ANSWER) {
      if (c.method === 'boxed') return fail(goldText, c.answer.slice(0, 200), 'answer too long', c.method, c.rule);
      continue;
    }
    const clean = cleanAnswer(c.answer);
    const v = integerOf(clean);
    if (v === null && c.method !== 'boxed' && c.method !== 'final-answer') continue;
    if (v === null) return fail(goldText, c.answer, 'answer is not an integer', c.method, c.rule);
    const inRange = v >= 0n && v <= 999n;
    return {
      equal: v === g, gold: goldText, pred: c.answer,
      reason: v === g ? 'equal integers' : inRange ? 'different integers' : 'different integers (outside 0..999)', method: c.method, rule: c.rule,
    };
  }
  return fail(goldText, null, 'no answer found');
}

/** "025", "1,000", "25.0", "x = 25", "\text{25}" -> the integer; null when not an integer. */
export function integerOf(s: string): bigint | null {
  const t = s.replace(/\\text\{([^{}]*)\}/g, '$1').replace(/\s+/g, '');
  if (/^[+-]?\d+$/.test(t)) return BigInt(t);
  if (/^[+-]?\d{1,3}(?:,\d{3})+$/.test(t)) return BigInt(t.replace(/,/g, ''));
  let n = parseClean(s);
  n = collapseRel(n);
  // "x = 25" and "180 + 24 = 204" both state the right-hand side.
  if (n.k === 'rel' && n.ops.length === 1 && n.ops[0] === '=') n = n.items[1];
  const v = exactValue(n);
  return v && v.d === 1n ? v.n : null;
}

// ---------- multiple choice ----------

function gradeChoice(gold: string, pred: string, options: GradeOptions): GradeResult {
  const g = goldChoice(gold, options.choices);
  if (!g) return fail(gold.trim().slice(0, 200), null, 'gold is not an option letter');
  const why = unfinishedReason(pred, options.finishReason);
  const p = extractChoice(pred, options.choices, why !== null);
  if (!p) return fail(g, null, why ? `${NO_FINAL_ANSWER} (${why})` : 'no option found');
  const equal = p.answer === g;
  const reason = (equal ? 'same option' : 'different option') + (why ? ` (option stated as final in an unfinished response: ${why})` : '');
  return { equal, gold: g, pred: p.answer, reason, method: p.method };
}

