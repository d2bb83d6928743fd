// Multiple choice: the option letter a response commits to, in any of the usual spellings
// ("(B)", "B.", "Answer: B", "\boxed{B}", "**B**"), or the option's own text when the options are known.
import { findBoxed, splitThinking, type Extraction, MAX_SCAN } from './extract';
import { AT_END, contentEnd } from './final-answer';

const LETTERS = 'ABCDEFGHIJ';

function letterRange(choices?: readonly string[]): string {
  return choices && choices.length >= 2 && choices.length <= 10 ? LETTERS.slice(0, choices.length) : LETTERS;
}

/** Strips LaTeX and markdown wrappers around a short answer: \text{(B)} -> (B). */
function unwrap(s: string): string {
  return s.replace(/\\(?:text|textbf|mathrm|mathbf|textit|mbox)\s*\{([^{}]*)\}/g, '$1').replace(/\*\*|\$|\\[()[\]]/g, '')
    .trim();
}

/** A letter written alone or at the head of a short answer: "B", "(B)", "B.", "B) 42", "Option B". */
export function letterOf(s: string, choices?: readonly string[]): string | null {
  const range = letterRange(choices);
  const t = unwrap(s).replace(/^(?:option|choice|answer)\s*[:\s]\s*/i, '');
  // "(B)" may be followed by anything ("(E) 12", AMC style); a bare "B" only by punctuation or space.
  const m = /^\(\s*([A-J])\s*\)|^([A-J])(?:[.:)\]]|\s|$)/.exec(t);
  const L = m?.[1] ?? m?.[2];
  if (L && range.includes(L) && (t.length <= 3 || /^\(?\s*[A-J]\s*[).:\]]/.test(t) || /^[A-J]\s*$/.test(t))) return L;
  return null;
}

/** Normalised option text for substring search. */
function norm(s: string): string {
  return unwrap(s).toLowerCase().replace(/\\[a-z]+/g, ' ').replace(/(?<!\d)\.|\.(?!\d)/g, ' ')
    .replace(/[^a-z0-9.+\-/^]+/g, ' ').trim();
}

/** The option whose text matches a short answer exactly (after normalisation). */
export function optionByText(s: string, choices?: readonly string[]): string | null {
  if (!choices) return null;
  const a = norm(s);
  if (!a) return null;
  const k = choices.findIndex((c) => norm(c) === a);
  return k >= 0 ? LETTERS[k] : null;
}

/**
 * Extracts the chosen option letter from a response. finalOnly (an unfinished response): only an option stated as
 * final counts (a box, "final answer: B", "answer: B" at the very end, or a bare option as the answer part),
 * never the last "(B)" or option text mentioned on the way.
 */
export function extractChoice(response: string, choices?: readonly string[], finalOnly = false): Extraction | null {
  const text = response.length > MAX_SCAN ? response.slice(-MAX_SCAN) : response;
  const split = splitThinking(text);
  const regions = split && split.answer.trim() ? [split.answer, text] : [text];
  for (const [k, region] of regions.entries()) {
    const found = choiceIn(region, choices, finalOnly ? (k === 0 && regions.length === 2 ? 'answer-part' : 'final') : 'all');
    if (found) return found;
  }
  return null;
}

function choiceIn(text: string, choices: readonly string[] | undefined, accept: 'all' | 'answer-part' | 'final'): Extraction | null {
  const range = letterRange(choices);
  const strong: Extraction[] = [];
  for (const b of findBoxed(text)) {
    const letter = letterOf(b.content, choices) ?? optionByText(b.content, choices);
    if (letter) strong.push({ answer: letter, method: 'choice-letter', index: b.end });
  }
  // "Answer: B", "the correct answer is (C)", "Final answer: **D**", "answer is option A".
  const phrase = /\b(?:final\s+answer|correct\s+(?:answer|option|choice)|answer)\s*(?:is|:|=|-)?\s*(?:option|choice)?\s*[:\s]*(?:\*\*|\$|\\boxed\{|\\text\{|\\textbf\{|\(|\[)*\s*([A-Ja-j])(?![A-Za-z0-9])/gi;
  const end = contentEnd(text);
  for (let m = phrase.exec(text); m; m = phrase.exec(text)) {
    const L = m[1];
    const stated = accept !== 'final' || /^final/i.test(m[0]) || end - (m.index + m[0].length) <= AT_END;
    if (L === L.toUpperCase() && range.includes(L) && stated) strong.push({ answer: L, method: 'choice-letter', index: m.index + m[0].length });
  }
  if (strong.length) return strong.sort((a, b) => b.index - a.index)[0];
  if (accept === 'final') return null;
  // A one-line response that is the option itself: "B) 42", "(C)".
  const whole = text.trim();
  if (whole.length <= 100 && !whole.includes('\n')) {
    const letter = letterOf(whole, choices) ?? optionByText(whole, choices);
    if (letter) return { answer: letter, method: 'choice-letter', index: text.length };
  }
  if (accept === 'answer-part') return null;
  // A line that is just the letter, or the last "(B)" in the text.
  const weak: Extraction[] = [];
  const line = /^[ \t>*#]*\(?([A-J])\)?[.:)]?[ \t*]*$/gm;
  for (let m = line.exec(text); m; m = line.exec(text)) {
    if (range.includes(m[1])) weak.push({ answer: m[1], method: 'choice-letter', index: m.index + m[0].length });
  }
  const paren = /\(([A-J])\)/g;
  for (let m = paren.exec(text); m; m = paren.exec(text)) {
    if (range.includes(m[1])) weak.push({ answer: m[1], method: 'choice-letter', index: m.index + m[0].length });
  }
  // The option's text itself, the last one mentioned.
  if (choices) {
    const hay = ` ${norm(text)} `;
    let best: Extraction | null = null;
    for (let k = 0; k < choices.length && k < LETTERS.length; k++) {
      const needle = norm(choices[k]);
      if (needle.length < 1) continue;
      const at = hay.lastIndexOf(` ${needle} `);
      if (at >= 0 && (!best || at + needle.length > best.index)) best = { answer: LETTERS[k], method: 'choice-text', index: at + needle.length };
    }
    if (best) weak.push(best);
  }
  return weak.length ? weak.sort((a, b) => b.index - a.index)[0] : null;
}

/** The gold letter: a letter in any spelling, or the text of one of the options. */
export function goldChoice(gold: string, choices?: readonly string[]): string | null {
  const boxed = findBoxed(gold);
  const g = boxed.length ? boxed[boxed.length - 1].content : gold;
  return letterOf(g, choices) ?? optionByText(g, choices) ?? extractChoice(gold, choices)?.answer ?? null;
}
