// Finds the math in trace text in one linear pass: \[ \], \( \), $$ $$, $ $ and bare \begin{align}…\end{align}
// (and the other display environments). Escaped dollars (\$5) and dollar amounts ($5 and $10) stay text, an
// unclosed delimiter stays text, and code (`x`, ``` fences) is never math. Every search for a closer is
// memoised and only moves forward, so unclosed delimiters cannot make it quadratic.

export type MathSegment =
  | { kind: 'text'; text: string }
  /** `tex` is what KaTeX renders; `source` is the original, delimiters included (shown when rendering fails). */
  | { kind: 'math'; display: boolean; tex: string; source: string };

/** Environments that are math on their own, written without delimiters in traces and solutions. */
const BARE_ENVS = new Set(['align', 'align*', 'alignat', 'alignat*', 'equation', 'equation*', 'gather', 'gather*',
  'multline', 'multline*', 'eqnarray', 'eqnarray*']);

/** Number of backslashes just before `pos`: odd means the character at `pos` is escaped. */
function backslashesBefore(src: string, pos: number): number {
  let n = 0;
  while (pos - 1 - n >= 0 && src.charCodeAt(pos - 1 - n) === 92) n++;
  return n;
}

/**
 * The next match of `re` (global) at or after `from` whose first character is not escaped. Results are
 * memoised per pattern: while the last answer is still ahead of `from` it is reused, and a failed search is
 * final, so the scan over the whole text stays linear however many openers are unclosed.
 */
class Finder {
  private readonly memo = new Map<RegExp, number>();
  constructor(private readonly src: string) {}

  next(re: RegExp, from: number): number {
    const last = this.memo.get(re);
    if (last !== undefined && (last === -1 || last >= from)) return last;
    re.lastIndex = from;
    let found = -1;
    for (let m = re.exec(this.src); m; m = re.exec(this.src)) {
      if (backslashesBefore(this.src, m.index) % 2 === 0) { found = m.index; break; }
      re.lastIndex = m.index + 1;
    }
    this.memo.set(re, found);
    return found;
  }
}

/** Math never runs over a blank line when written inline. */
const BLANK_LINE = /\n[ \t]*\n/g;

export function splitMath(src: string): MathSegment[] {
  // Patterns are per call: their lastIndex and the memo belong to this text.
  const dollar = /\$/g;
  const doubleDollar = /\$\$/g;
  const bracket = /\\[[\]]/g;
  const paren = /\\[()]/g;
  const blank = new RegExp(BLANK_LINE.source, 'g');
  const ends = new Map<string, RegExp>();
  const find = new Finder(src);
  const codeClose = backtickRuns(src);

  const out: MathSegment[] = [];
  let textStart = 0;
  const emit = (start: number, end: number, display: boolean, tex: string) => {
    if (start > textStart) out.push({ kind: 'text', text: src.slice(textStart, start) });
    out.push({ kind: 'math', display, tex, source: src.slice(start, end) });
    textStart = end;
  };
  const nextBlank = (from: number) => {
    const b = find.next(blank, from);
    return b < 0 ? src.length : b;
  };

  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === 96 /* ` */) {
      // Code: skip to the matching run of backticks (or past this run when there is none).
      const close = codeClose.get(i);
      let run = 1;
      while (src.charCodeAt(i + run) === 96) run++;
      i = close !== undefined ? close + run : i + run;
      continue;
    }
    if (c === 92 /* \ */) {
      const d = src[i + 1];
      if (d === '[' || d === '(') {
        const re = d === '[' ? bracket : paren;
        const close = find.next(re, i + 2);
        // The next \[ or \] decides: a second opener first means this one was never closed.
        const ok = close >= 0 && src[close + 1] === (d === '[' ? ']' : ')') && (d === '[' || close < nextBlank(i));
        if (ok && src.slice(i + 2, close).trim()) {
          emit(i, close + 2, d === '[', src.slice(i + 2, close));
          i = close + 2;
        } else {
          i += 2;
        }
        continue;
      }
      if (d === 'b' && src.startsWith('\\begin{', i)) {
        const nameEnd = src.indexOf('}', i + 7);
        const name = nameEnd > 0 && nameEnd - i < 30 ? src.slice(i + 7, nameEnd) : '';
        if (BARE_ENVS.has(name)) {
          const endTag = `\\end{${name}}`;
          let re = ends.get(name);
          if (!re) { re = new RegExp(endTag.replace(/[\\{}*]/g, '\\$&'), 'g'); ends.set(name, re); }
          const close = find.next(re, nameEnd + 1);
          if (close >= 0) {
            const end = close + endTag.length;
            emit(i, end, true, src.slice(i, end));
            i = end;
            continue;
          }
        }
      }
      // Any other escape (\$, \\, \{) is two characters of text.
      i += 2;
      continue;
    }
    if (c === 36 /* $ */) {
      if (src.charCodeAt(i + 1) === 36) {
        const close = find.next(doubleDollar, i + 2);
        if (close >= 0 && src.slice(i + 2, close).trim()) {
          emit(i, close + 2, true, src.slice(i + 2, close));
          i = close + 2;
        } else {
          i += 2;
        }
        continue;
      }
      // Inline $ closes at the next unescaped $ if that one follows a non-space and is not followed by a
      // digit ("costs $5 and $10" stays text), within the paragraph. "$ \mathcal{H}$" (a space after the
      // opener) is common in s1K questions, so the opener only needs something on its line.
      const after = src[i + 1];
      if (after !== undefined && after !== '\n') {
        const close = find.next(dollar, i + 1);
        if (close > i + 1 && !/\s/.test(src[close - 1]) && !/[0-9]/.test(src[close + 1] ?? '') && close < nextBlank(i)) {
          emit(i, close + 1, false, src.slice(i + 1, close));
          i = close + 1;
          continue;
        }
      }
      i += 1;
      continue;
    }
    i += 1;
  }
  if (textStart < n) out.push({ kind: 'text', text: src.slice(textStart) });
  return out;
}

/**
 * Where each run of backticks is closed: by the next run of the same length (in one paragraph for inline
 * code; fences of three or more may span paragraphs). One pass over the runs, backwards.
 */
function backtickRuns(src: string): Map<number, number> {
  const runs: { at: number; len: number }[] = [];
  for (let i = src.indexOf('`'); i >= 0; i = src.indexOf('`', i)) {
    let len = 1;
    while (src.charCodeAt(i + len) === 96) len++;
    runs.push({ at: i, len });
    i += len;
  }
  const close = new Map<number, number>();
  if (runs.length < 2) return close;
  // Blank lines, to keep inline code inside its paragraph.
  const blanks: number[] = [];
  for (const m of src.matchAll(BLANK_LINE)) blanks.push(m.index);
  const nextSame = new Map<number, number>();
  const after: number[] = new Array<number>(runs.length);
  for (let k = runs.length - 1; k >= 0; k--) {
    after[k] = nextSame.get(runs[k].len) ?? -1;
    nextSame.set(runs[k].len, k);
  }
  let b = 0;
  for (let k = 0; k < runs.length; k++) {
    const j = after[k];
    if (j < 0) continue;
    const { at, len } = runs[k];
    while (b < blanks.length && blanks[b] < at) b++;
    if (len < 3 && b < blanks.length && blanks[b] < runs[j].at) continue;
    close.set(at, runs[j].at);
  }
  return close;
}
