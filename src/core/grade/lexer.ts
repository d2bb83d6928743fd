// Tokens of a cleaned answer. LaTeX and plain ASCII maths share one token stream: "sqrt(2)" and
// "\sqrt{2}" both reach the parser as a sqrt command followed by its argument.

export type TokKind = 'num' | 'based' | 'id' | 'cmd' | 'op' | 'text' | 'begin' | 'end' | 'eof';
export interface Tok { k: TokKind; s: string; base?: number }

export class ParseError extends Error {}
/** The text is beyond the parser's size or nesting limits: it may be maths, but too large to read. */
export class TooLarge extends ParseError {}

/** Plain-text words that mean a function or constant rather than a product of letters. */
const WORDS = new Set(['sqrt', 'sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'arcsin', 'arccos', 'arctan', 'sinh', 'cosh',
  'tanh', 'ln', 'log', 'lg', 'exp', 'pi', 'inf', 'infty', 'infinity', 'abs', 'floor', 'ceil', 'gcd', 'lcm', 'det',
  'max', 'min', 'mod']);

const OPS2 = ['**', '\\\\'];

export function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  const n = src.length;
  let i = 0;
  while (i < n) {
    const c = src[i];
    if (c === ' ') { i++; continue; }
    if (c >= '0' && c <= '9' || (c === '.' && src[i + 1] >= '0' && src[i + 1] <= '9')) {
      let j = i;
      // "1 000 000": a space before exactly three digits is a thousands separator; "\log_2 8" stays two numbers.
      let digits = '';
      while (j < n && src[j] >= '0' && src[j] <= '9') digits += src[j++];
      if (digits.length >= 1 && digits.length <= 3) {
        for (let group = /^ (\d{3})(?!\d)/.exec(src.slice(j, j + 5)); group; group = /^ (\d{3})(?!\d)/.exec(src.slice(j, j + 5))) {
          digits += group[1];
          j += 4;
        }
      }
      if (src[j] === '.' && src[j + 1] >= '0' && src[j + 1] <= '9') {
        digits += '.';
        j++;
        while (j < n && src[j] >= '0' && src[j] <= '9') digits += src[j++];
      } else if (src[j] === '.' && digits !== '' && !(src[j + 1] >= 'a' && src[j + 1] <= 'z')) {
        j++; // "5." is 5
      }
      const exp = /^[eE][+-]?\d{1,4}(?![\d.])/.exec(src.slice(j, j + 7));
      if (exp && digits !== '') { digits += exp[0]; j += exp[0].length; }
      // 204_5, 4210_{5}: a numeral in another base.
      const base = /^_\s*(?:\{\s*(\d{1,2})\s*\}|(\d{1,2}))/.exec(src.slice(j, j + 8));
      if (base && /^\d+$/.test(digits)) {
        const b = Number(base[1] ?? base[2]);
        if (b >= 2 && b <= 36) { out.push({ k: 'based', s: digits, base: b }); i = j + base[0].length; continue; }
      }
      out.push({ k: 'num', s: digits });
      i = j;
      continue;
    }
    if (/[a-zA-Z]/.test(c)) {
      let j = i;
      while (j < n && /[a-zA-Z]/.test(src[j])) j++;
      const word = src.slice(i, j);
      if (WORDS.has(word)) out.push({ k: 'id', s: word });
      else for (const ch of word) out.push({ k: 'id', s: ch });
      i = j;
      continue;
    }
    if (c === '\\') {
      const next = src[i + 1];
      if (next === undefined) throw new ParseError('dangling backslash');
      if (next === '\\') { out.push({ k: 'op', s: '\\\\' }); i += 2; continue; }
      if (!/[a-zA-Z]/.test(next)) { out.push({ k: 'cmd', s: next }); i += 2; continue; }
      let j = i + 1;
      while (j < n && /[a-zA-Z]/.test(src[j])) j++;
      const name = src.slice(i + 1, j);
      if (name === 'text' || name === 'begin' || name === 'end') {
        const g = readGroup(src, j);
        if (!g) throw new ParseError(`\\${name} without a group`);
        out.push({ k: name === 'text' ? 'text' : name, s: g.content.trim() });
        i = g.end;
        // \begin{array}{cc}: skip the column specification.
        if (name === 'begin' && g.content.trim() === 'array') {
          const spec = readGroup(src, i);
          if (spec) i = spec.end;
        }
        continue;
      }
      if (name === 'mathbb') {
        const g = readGroup(src, j);
        const letter = g?.content.trim();
        out.push({ k: 'id', s: letter === 'R' ? 'Reals' : `set_${letter ?? ''}` });
        i = g ? g.end : j;
        continue;
      }
      out.push({ k: 'cmd', s: name });
      i = j;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (OPS2.includes(two)) { out.push({ k: 'op', s: two === '**' ? '^' : two }); i += 2; continue; }
    if ('+-*/^_!=<>,;:|&\'()[]{}'.includes(c)) { out.push({ k: 'op', s: c }); i++; continue; }
    throw new ParseError(`unexpected character ${JSON.stringify(c)}`);
  }
  out.push({ k: 'eof', s: '' });
  return out;
}

/** Reads a balanced {...} group starting at or after whitespace from `from`. */
export function readGroup(src: string, from: number): { content: string; end: number } | null {
  let i = from;
  while (src[i] === ' ') i++;
  if (src[i] !== '{') return null;
  let depth = 0;
  for (let j = i; j < src.length; j++) {
    const c = src[j];
    if (c === '\\') { j++; continue; }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return { content: src.slice(i + 1, j), end: j + 1 };
  }
  return null;
}
