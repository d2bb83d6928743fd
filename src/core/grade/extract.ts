// Finding the answer in a response: the last \boxed{} (boxes joined by "and" count as one answer),
// "Final Answer: ..." / "the answer is ...", then the last math span or number. The thinking part is
// skipped when the response marks where the answer starts.

import { splitResponse } from '../ingest/split-thinking';
import { spend } from './work';

export type ExtractionMethod =
  | 'boxed' | 'final-answer' | 'answer-phrase' | 'latex' | 'number' | 'whole' | 'choice-letter' | 'choice-text';

export interface Extraction {
  answer: string;
  method: ExtractionMethod;
  /** End offset of the answer in the searched text; later is preferred. */
  index: number;
}

/** Longer inputs are cut to their tail: the answer sits at the end, and the scan stays fast. */
export const MAX_SCAN = 200_000;

/** Splits a response into thinking and answer by its delimiters (the importer's rules); null when it has none or thinking never ended. */
export function splitThinking(text: string): { thinking: string; answer: string } | null {
  const s = splitResponse(text);
  return s.style === null || s.unterminated ? null : { thinking: s.thinking, answer: s.answer };
}

/** Chat-template tokens carry no answer: "<|im_start|>user" trailing a sample. */
function stripSpecialTokens(s: string): string {
  return s.replace(/<\|[a-z_]{1,40}\|>/gi, ' ');
}

export interface Boxed { start: number; end: number; content: string }

/** Every \boxed{...} / \fbox{...} with nested braces; an unclosed one runs to the end of the text. */
export function findBoxed(text: string): Boxed[] {
  const out: Boxed[] = [];
  const re = /\\(?:boxed|fbox)(?![a-zA-Z])/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let i = m.index + m[0].length;
    while (text[i] === ' ') i++;
    if (text[i] !== '{') {
      // \boxed 5
      const w = /^[^\s$]+/.exec(text.slice(i, i + 100));
      if (w) out.push({ start: m.index, end: i + w[0].length, content: w[0] });
      continue;
    }
    let depth = 0;
    let j = i;
    for (; j < text.length; j++) {
      const c = text[j];
      if (c === '\\') { j++; continue; }
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) break;
    }
    const closed = j < text.length;
    out.push({ start: m.index, end: closed ? j + 1 : text.length, content: text.slice(i + 1, closed ? j : text.length).replace(/\$+\s*$/, '') });
    re.lastIndex = closed ? j + 1 : text.length;
  }
  return out;
}

/** Consecutive boxes separated only by punctuation or a short "and" phrase form one answer. */
function joinBoxes(text: string, boxes: Boxed[]): Boxed[] {
  const groups: Boxed[] = [];
  for (const b of boxes) {
    const last = groups[groups.length - 1];
    if (last && joinable(text.slice(last.end, b.start))) {
      const parts = last.content.split('\u0000');
      if (!parts.includes(b.content)) parts.push(b.content);
      groups[groups.length - 1] = { start: last.start, end: b.end, content: parts.join('\u0000') };
    } else groups.push({ ...b });
  }
  return groups.map((g) => ({ ...g, content: g.content.split('\u0000').join(', ') }));
}

function joinable(between: string): boolean {
  if (between.length > 120) return false;
  const s = between
    .replace(/\\text\s*\{([^{}]*)\}/g, ' $1 ')
    .replace(/\\[a-zA-Z]+|\\[^a-zA-Z]|[$&]/g, ' ')
    .replace(/[()[\]{}=_^]/g, ' ');
  if (!/[a-zA-Z0-9]/.test(s)) return true;
  const words = s.match(/[a-zA-Z0-9]+/g) ?? [];
  return words.length <= 6 && words.some((w) => /^(?:and|or)$/i.test(w));
}

const MAX_ANCHORS = 16;
// "Final answer for Subproblem 1:" (Minerva's multi-part questions) names its part before the colon.
const ANCHOR = /\b(final\s+answer|answer)(?:\s+(?:for|to)\s+(?:sub)?(?:problem|part|question)\s?\w{0,4})?\s*(?:\*\*\s*)?(?:is\b\s*:?|[:\uff1a])/gi;

/** Boxes and answer phrases, latest first. */
function strongCandidates(text: string): Extraction[] {
  const out: Extraction[] = [];
  for (const g of joinBoxes(text, findBoxed(text))) {
    if (g.content.trim()) out.push({ answer: g.content.trim(), method: 'boxed', index: g.end });
  }
  ANCHOR.lastIndex = 0;
  const anchors: RegExpExecArray[] = [];
  for (let m = ANCHOR.exec(text); m; m = ANCHOR.exec(text)) anchors.push(m);
  // Only the last few phrases can win; reading every sentence of a repetitive text would be quadratic.
  for (const m of anchors.slice(-MAX_ANCHORS)) {
    const sentence = readSentence(text, m.index + m[0].length);
    if (/\\(?:boxed|fbox)/.test(sentence.text)) continue;
    const ans = sentenceAnswer(sentence.text, /final/i.test(m[1]));
    if (ans) out.push({ answer: ans, method: /final/i.test(m[1]) ? 'final-answer' : 'answer-phrase', index: sentence.end });
  }
  return out.sort((a, b) => b.index - a.index);
}

/** Math spans and plain numbers, latest first. */
function weakCandidates(text: string): Extraction[] {
  const out: Extraction[] = [];
  const spans = mathSpans(text);
  for (const s of spans) {
    const c = text.slice(s.contentStart, s.contentEnd).trim();
    if (c) out.push({ answer: c, method: 'latex', index: s.end });
  }
  // Numbers in the prose between math spans.
  let masked = text;
  if (spans.length) {
    const parts: string[] = [];
    let at = 0;
    for (const s of spans) { parts.push(text.slice(at, s.start), ' '.repeat(s.end - s.start)); at = s.end; }
    parts.push(text.slice(at));
    masked = parts.join('');
  }
  const re = /(?<![\w.^_\\])(-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?: \d{3})+(?![\d,.])|\d+(?:[.,]\d+)?|\.\d+)(?:\s*\/\s*\d+(?:\.\d+)?)?)(\s*%)?/g;
  for (let m = re.exec(masked); m; m = re.exec(masked)) {
    out.push({ answer: normalizePlainNumber(m[1]) + (m[2] ? '\\%' : ''), method: 'number', index: m.index + m[0].length });
  }
  return out.sort((a, b) => b.index - a.index);
}

/** "1,000.99" -> 1000.99, "2,74" -> 2.74 (decimal comma), "0,111" -> 0.111. */
export function normalizePlainNumber(s: string): string {
  const t = s.replace(/\s+/g, '');
  if (/^-?\d{1,3}(?: \d{3})+$/.test(s)) return t;
  if (/^-?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$/.test(t)) return t.replace(/,/g, '');
  return t.replace(/^(-?\d+),(\d+)/, '$1.$2');
}

interface Span { start: number; end: number; contentStart: number; contentEnd: number }

/** $...$, $$...$$, \(...\), \[...\] in order. Inline forms may not cross a line, as in TeX. */
export function mathSpans(text: string): Span[] {
  const out: Span[] = [];
  let i = 0;
  const n = text.length;
  // Once a closer is known to be absent, later openers skip the search (keeps hostile input linear).
  const absent = new Set<string>();
  const find = (what: string, from: number) => {
    if (absent.has(what)) return -1;
    const j = what === '$' || what === '$$' ? findUnescaped(text, what, from) : text.indexOf(what, from);
    if (j < 0) absent.add(what);
    return j;
  };
  while (i < n) {
    const c = text[i];
    if (c === '\\' && (text[i + 1] === '[' || text[i + 1] === '(')) {
      const close = text[i + 1] === '[' ? '\\]' : '\\)';
      const j = find(close, i + 2);
      if (j >= 0 && (close === '\\]' || !text.slice(i + 2, j).includes('\n'))) {
        out.push({ start: i, end: j + 2, contentStart: i + 2, contentEnd: j });
        i = j + 2;
        continue;
      }
      i += 2;
      continue;
    }
    if (c === '\\') { i += 2; continue; }
    if (c === '$') {
      if (text[i + 1] === '$') {
        const j = find('$$', i + 2);
        if (j >= 0) { out.push({ start: i, end: j + 2, contentStart: i + 2, contentEnd: j }); i = j + 2; continue; }
        i += 2;
        continue;
      }
      const j = find('$', i + 1);
      if (j >= 0 && !text.slice(i + 1, j).includes('\n')) {
        out.push({ start: i, end: j + 1, contentStart: i + 1, contentEnd: j });
        i = j + 1;
        continue;
      }
    }
    i++;
  }
  return out;
}

function findUnescaped(text: string, what: string, from: number): number {
  for (let j = text.indexOf(what, from); j >= 0; j = text.indexOf(what, j + 1)) {
    if (text[j - 1] !== '\\') return j;
  }
  return -1;
}

/** The sentence after an answer phrase: up to a full stop outside maths, a blank line, or "I hope". */
function readSentence(text: string, from: number): { text: string; end: number } {
  let i = from;
  const limit = Math.min(text.length, from + 600);
  let sawContent = false;
  while (i < limit) {
    const c = text[i];
    if (c === '$' || (c === '\\' && (text[i + 1] === '(' || text[i + 1] === '['))) {
      const span = mathSpans(text.slice(i, Math.min(text.length, i + 2000)))[0];
      if (span && span.start === 0) { i += span.end; sawContent = true; continue; }
    }
    if (c === '{') {
      let depth = 0;
      let j = i;
      for (; j < limit; j++) {
        if (text[j] === '\\') { j++; continue; }
        if (text[j] === '{') depth++;
        else if (text[j] === '}' && --depth === 0) break;
      }
      i = j + 1;
      continue;
    }
    if (c === '\n' && sawContent) break;
    if (c === '.' && !(/\d/.test(text[i - 1] ?? '') && /\d/.test(text[i + 1] ?? '')) && (i + 1 >= text.length || /\s/.test(text[i + 1]))) break;
    if (text.startsWith('I hope', i)) break;
    if (c === '\\' ) { i += 2; sawContent = true; continue; }
    if (!/\s/.test(c)) sawContent = true;
    i++;
  }
  return { text: text.slice(from, i), end: i };
}

const CONJ_OR_UNIT = /^(?:and|or|percent|pct|degrees?|units?|cm|m|km|inches|feet|miles?|dollars?|cents?|hours?|minutes?|seconds?|days?|years?|sq)$/i;

/** What an answer sentence states: "The largest $n$ is 34." -> 34; "$(0, 1)$" -> (0, 1). */
function sentenceAnswer(raw: string, afterFinal: boolean): string | null {
  let s = raw.trim();
  for (let k = 0; k < 3; k++) s = s.replace(/^(?:\*\*|[:\-\s])*(?:the\s+)?(?:final\s+)?answer\s*(?:is|:)\s*/i, '');
  s = s.replace(/^[\s:*]+/, '');
  const masked = maskMath(s);
  const verb = lastVerb(masked);
  if (verb >= 0) s = s.slice(verb);
  s = s.replace(/^(?:[\s"'\u201c]|\\")+|(?:[\s"'\u201d.,;:!]|\\")+$/g, '');
  if (!s) return null;
  const prose = maskMath(s).replace(/\\[a-zA-Z]+/g, ' ');
  const words = (prose.match(/[a-zA-Z]{2,}/g) ?? []).filter((w) => !CONJ_OR_UNIT.test(w));
  if (words.length === 0) return unwrapMath(s);
  // Words only: an answer after "Final Answer:" ("Evelyn"), never after a loose "answer is" ("... is correct").
  if (!/[\d$\\]/.test(s)) return afterFinal && words.length <= 4 ? s : null;
  const weak = weakCandidates(s);
  return weak.length ? weak[0].answer : null;
}

/** "$x$" -> "x"; "27,648" -> "27648": the answer without its delimiters. */
function unwrapMath(s: string): string {
  const spans = mathSpans(s);
  if (spans.length === 1 && spans[0].start === 0 && spans[0].end === s.length) return s.slice(spans[0].contentStart, spans[0].contentEnd).trim();
  if (/^-?[\d,. ]+$/.test(s) && /\d/.test(s)) return normalizePlainNumber(s);
  return s;
}

function maskMath(s: string): string {
  const spans = mathSpans(s);
  if (!spans.length) return s;
  let out = '';
  let at = 0;
  for (const sp of spans) { out += s.slice(at, sp.start) + '#'.repeat(sp.end - sp.start); at = sp.end; }
  return out + s.slice(at);
}

function lastVerb(masked: string): number {
  const re = /\b(?:is|are|equals|was|be|as)\b/gi;
  let last = -1;
  for (let m = re.exec(masked); m; m = re.exec(masked)) last = m.index + m[0].length;
  return last;
}

/** The candidates of one stretch of text (an answer part, or a whole response), best first. */
export function regionCandidates(region: string): Extraction[] {
  const strong = strongCandidates(region);
  const whole = wholeCandidate(region);
  // A long bare expression is the answer or nothing: the numbers inside it are not candidates.
  const weak = whole && whole.answer.length > LONG_WHOLE ? [] : weakCandidates(region);
  return [...strong, ...(whole ? [whole] : []), ...weak].map(withoutEmphasis);
}

/** The tail the scans read (MAX_SCAN), without chat-template tokens. */
export function scanText(response: string): string {
  return stripSpecialTokens(response.length > MAX_SCAN ? response.slice(-MAX_SCAN) : response);
}

/** Markdown bold/italic around an answer ("The answer is **9**.") is presentation, not part of it. */
function withoutEmphasis(c: Extraction): Extraction {
  const answer = c.answer.replace(/^(?:\*\*|__)\s*/, '').replace(/\s*(?:\*\*|__)$/, '').trim();
  return answer && answer !== c.answer ? { ...c, answer } : c;
}

/** A bare response longer than this is read whole or not at all (see wholeCandidate). */
export const LONG_WHOLE = 160;

/**
 * A response with no delimiters and no prose may be the bare answer itself: "\frac{10}{9}", "W(x)=1 or W(x)=-1".
 * A long one is still one expression ("1+1+...+1"): the grader reads it whole or calls it undecided, never
 * takes its last number.
 */
function wholeCandidate(text: string): Extraction | null {
  const t = text.trim();
  const long = t.length > LONG_WHOLE;
  if (!t || (!long && t.includes('\n')) || mathSpans(t).length) return null;
  // A few plain words are an answer too ("Evelyn", "odd"); words around numbers are prose.
  if (!long && /^[A-Za-z][A-Za-z '-]*$/.test(t) && t.split(/\s+/).length <= 4) return { answer: t, method: 'whole', index: text.length };
  const prose = t.replace(/\\(?:begin|end|text|textbf|mathrm|mbox|operatorname)\s*\{[^{}]*\}/g, ' ').replace(/\\[a-zA-Z]+/g, ' ')
    .replace(/(?<=[\d)}\]])\s*(?:and|or)\s*(?=[A-Z([{\\\d-])/g, ',')
    .match(/[a-zA-Z]{3,}/g) ?? [];
  if (prose.some((w) => !/^(?:and|or|percent|percentage|pct)$/i.test(w))) return null;
  // Long text with a word in it ("x y z ... the end"), or no digit or command at all, is not one expression.
  if (long && (prose.length > 0 || !/[\d\\]/.test(t))) return null;
  return { answer: t, method: 'whole', index: text.length };
}

/**
 * The gold answer: a box or an answer phrase when there is one (gold may be a whole solution),
 * otherwise the text itself; long prose falls back to its last math span or number.
 */
export function goldCandidate(gold: string): Extraction {
  const text = stripSpecialTokens(gold.length > MAX_SCAN ? gold.slice(-MAX_SCAN) : gold);
  spend(text.length >> 6);
  ANCHOR.lastIndex = 0;
  if (/\\(?:boxed|fbox)(?![a-zA-Z])/.test(text) || ANCHOR.test(text)) {
    const strong = strongCandidates(text);
    if (strong.length) return strong[0];
  }
  // Words of prose, not LaTeX commands: a 30-deep \sqrt{...} is one expression, never "prose" whose last number
  // would stand for it.
  const prose = maskMath(text).replace(/\\[a-zA-Z]+/g, ' ').match(/[a-zA-Z]{3,}/g) ?? [];
  if (prose.length >= 12) {
    const weak = weakCandidates(text);
    if (weak.length) return weak[0];
  }
  return { answer: text.trim(), method: 'whole', index: text.length };
}
