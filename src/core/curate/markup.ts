// Markup normalisation for dedup: the same competition problem copied from two sources differs in LaTeX and AoPS
// markup (`\dfrac` vs `\frac`, `\minus{}`/`\equal{}`, `$P_{}$`, `\left(`, spaces around `$`, `1{,}000`), in
// case and in punctuation. `markupForm` maps all of these to one compact key (letters, digits and a few
// operators, no spaces) that the fuzzy match compares, and reads the question's numbers, which two questions
// must share to be one problem (a physics question with one quantity changed is another problem).

// Commands whose spelling differs between sources but whose meaning does not, by name (one pass over the
// text's commands): ' ' drops the command and keeps its argument (`\text{ cm}` reads as "cm").
const COMMANDS = new Map<string, string>([
  ['dfrac', '\\frac'], ['tfrac', '\\frac'], ['minus', '-'], ['equal', '='], ['plus', '+'],
  ['cdot', '*'], ['times', '*'], ['cdotp', '*'], ['ast', '*'],
  ['le', '<='], ['leq', '<='], ['leqslant', '<='], ['ge', '>='], ['geq', '>='], ['geqslant', '>='], ['ne', '!='], ['neq', '!='],
  ['ldots', ' '], ['cdots', ' '], ['dots', ' '], ['dotsc', ' '], ['dotsb', ' '], ['dotsm', ' '], ['dotso', ' '],
  ['quad', ' '], ['qquad', ' '], ['circ', ' deg '],
  ...['left', 'right', 'big', 'Big', 'bigg', 'Bigg', 'bigl', 'bigr', 'Bigl', 'Bigr', 'biggl', 'biggr', 'Biggl', 'Biggr',
    'displaystyle', 'textstyle', 'scriptstyle', 'limits', 'nolimits',
    'text', 'textrm', 'textbf', 'textit', 'textnormal', 'mathrm', 'mathbf', 'mathit', 'mathsf', 'mathnormal', 'operatorname',
    'mbox', 'hbox', 'emph', 'boldsymbol', 'bm', 'underline', 'overline', 'mathcal', 'mathscr', 'mathfrak', 'mathbb'].map((c): [string, string] => [c, ' ']),
]);

// Rewrites run in order, each only on texts holding its cue (most questions have no figure, no AoPS markup).
type Rewrite = [cue: string | RegExp, re: RegExp, to: string | ((...m: string[]) => string)];
const REWRITES: Rewrite[] = [
  // Figures are not the wording: Asymptote code (one source keeps it, the other drops it) and image references.
  [/\[asy\]/i, /(?:\bdiagrams?\s*)?\[asy\][\s\S]*?(?:\[\/asy\]|$)/gi, ' '],
  [/\[img\]|\]\(|https?:|\.(?:png|jpe?g|gif|svg)\b/i, /\[img\][\s\S]*?\[\/img\]|!?\[[^\]]*\]\([^)]*\)|https?:\/\/\S+|[\w\- ]{0,40}\.(?:png|jpe?g|gif|svg)\b/gi, ' '],
  // AoPS wiki signatures: a line "~ username" after the problem.
  ['~', /(?:^|\n)[ \t]*~[ \t]*[\w.\- ]{1,40}(?=\n|$)/g, '\n'],
  ['\\,', /(\d)\s*\\,\s*(?=\d{3}(?!\d))/g, '$1'], // 1\,000
  ['\\', /\\(?:begin|end)\s*\{[a-zA-Z*]+\}|\\[%&#,;:! ]|\\(?:hspace|vspace)\s*\{[^}]*\}/g, ' '],
  ['\\$', /\\\$/g, ' usd '],
  ['\\', /\\([a-zA-Z]+)(?![a-zA-Z])\*?/g, (m: string, name: string) => COMMANDS.get(name) ?? m],
  // \frac{1}{2}, \frac12, \frac 1{2}: one spelling, "1 / 2", so the numbers read the same.
  ['\\frac', /\\frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, ' ($1) / ($2) '],
  ['\\frac', /\\frac\s*([a-zA-Z0-9])\s*\{([^{}]*)\}/g, ' ($1) / ($2) '],
  ['\\frac', /\\frac\s*\{([^{}]*)\}\s*([a-zA-Z0-9])/g, ' ($1) / ($2) '],
  ['\\frac', /\\frac\s*([a-zA-Z0-9])\s*([a-zA-Z0-9])/g, ' ($1) / ($2) '],
  ['°', /°/g, ' deg '],
  [/\{\s*,/, /(\d)\s*\{\s*,\s*\}\s*(\d{3})(?!\d)/g, '$1$2'],
  [/\{\s*\}/, /[_^]\s*\{\s*\}|\{\s*\}/g, ''],
  [/\^\s*\{?\s*deg/, /\^\s*\{?\s*deg\s*\}?/g, ' deg '],
  ['\\', /\\\(|\\\)|\\\[|\\\]/g, ' '],
];

// Unicode spellings of the same symbols.
const UNICODE: [RegExp, string][] = [
  [/[\u2212\u2012\u2013\u2014\u2010\u2011]/g, '-'],
  [/[\u00d7\u00b7\u22c5\u2217\u2219]/g, '*'],
  [/\u2264/g, '<='], [/\u2265/g, '>='], [/\u2260/g, '!='],
  [/\u2026/g, ' '],
  [/[\u2018\u2019\u201b\u2032]/g, "'"], [/[\u201c\u201d\u2033]/g, '"'],
];

function rewrite(text: string): string {
  let t = text;
  // eslint-disable-next-line no-control-regex -- ASCII text needs no Unicode normalisation
  if (/[^\x00-\x7f]/.test(t)) { t = t.normalize('NFKC'); for (const [re, to] of UNICODE) t = t.replace(re, to); }
  const backslash = t.includes('\\');
  for (const [cue, re, to] of REWRITES) {
    if (typeof cue === 'string' ? (cue[0] === '\\' && !backslash) || !t.includes(cue) : !cue.test(t)) continue;
    t = t.replace(re, to as string);
  }
  return t;
}

// Characters the normal form keeps as they are: ASCII letters and digits, and operators.
const KEEP = new Uint8Array(128);
for (const c of 'abcdefghijklmnopqrstuvwxyz0123456789+-*/=<>^_|!') KEEP[c.charCodeAt(0)] = 1;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isSpace = (c: number) => c === 32 || c === 9 || c === 13 || c === 10 || c === 11 || c === 12 || c === 0xa0;
const LETTER_OR_NUMBER = /[\p{L}\p{N}]/u;

let WB = new Uint16Array(1024);
const DECODER = new TextDecoder('utf-16le');

/** A question's normal form: the compact key, where its sentences end in it, their hashes, and its numbers. */
export interface MarkupForm {
  key: string;
  /** Offsets in `key` where each sentence ends (the last is key.length). */
  ends: number[];
  /** A 53-bit hash per sentence (same order as `ends`). */
  sentenceHashes: number[];
  /** The numbers, sorted and joined: two questions with different numbers are different problems. */
  numbers: string;
}

/**
 * One pass over the rewritten text: lowercase; letters, digits and operators kept, nothing else (spaces
 * included); a decimal point kept between digits (".5" reads "0.5"); thousands commas dropped. Sentence ends (a
 * full stop or question mark before a space, a blank line) are kept as offsets, so that dedup can set aside
 * sentences many questions share (an instruction, "Find $m+n$."). Numbers are read on the way: a word break
 * ends one ("1 000" is two numbers, "1,000" one).
 */
function scan(t: string): MarkupForm {
  if (WB.length < 2 * t.length + 8) WB = new Uint16Array(4 * t.length + 8);
  const buf = WB;
  let n = 0;
  const ends: number[] = [];
  const nums: string[] = [];
  let numStart = -1;
  const closeNumber = () => {
    if (numStart < 0) return;
    let x = DECODER.decode(buf.subarray(numStart, n));
    numStart = -1;
    x = x.replace(/^0+(?=\d)/, '');
    if (x.includes('.')) x = x.replace(/0+$/, '').replace(/\.$/, '');
    nums.push(x);
  };
  const end = () => { closeNumber(); if (n > 0 && (ends.length === 0 || ends[ends.length - 1] !== n)) ends.push(n); };
  const emit = (c: number) => {
    if (isDigit(c)) { if (numStart < 0) numStart = n; } else if (c !== 46) closeNumber();
    buf[n++] = c;
  };
  const len = t.length;
  for (let i = 0; i < len; i++) {
    let c = t.charCodeAt(i);
    if (c < 128) {
      if (c >= 65 && c <= 90) c += 32;
      if (KEEP[c]) { emit(c); continue; }
      let j = i + 1;
      while (j < len && t.charCodeAt(j) === 36) j++; // "$x=18.$ Circle": the dollar closes maths, the sentence ends
      const next = j < len ? t.charCodeAt(j) : 32;
      const inNumber = numStart >= 0;
      if (c === 46 /* . */) {
        if (isDigit(next)) { if (!inNumber) emit(48); emit(46); continue; }
        if (isSpace(next)) { end(); continue; }
      } else if (c === 63 /* ? */ && isSpace(next)) { end(); continue; }
      else if (c === 44 /* , */ && inNumber && i + 3 < len && isDigit(next) && isDigit(t.charCodeAt(i + 2)) && isDigit(t.charCodeAt(i + 3)) && !(i + 4 < len && isDigit(t.charCodeAt(i + 4)))) continue;
      else if (c === 10) {
        j = i + 1;
        while (j < len && (t.charCodeAt(j) === 32 || t.charCodeAt(j) === 9 || t.charCodeAt(j) === 13)) j++;
        if (j < len && t.charCodeAt(j) === 10) { end(); continue; }
      }
      closeNumber(); // a word break
      continue;
    }
    const ch = t[i];
    if (LETTER_OR_NUMBER.test(ch)) { const l = ch.toLowerCase(); for (let k = 0; k < l.length; k++) emit(l.charCodeAt(k)); } else closeNumber();
  }
  end();
  const sentenceHashes: number[] = [];
  let from = 0;
  for (const e of ends) {
    let a = 0x811c9dc5, b = 0x5bd1e995;
    for (let k = from; k < e; k++) { a = Math.imul(a ^ buf[k], 0x01000193); b = Math.imul(b ^ buf[k], 0x85ebca77); b ^= b >>> 15; }
    sentenceHashes.push((a >>> 0) * 2097152 + ((b >>> 0) & 0x1fffff));
    from = e;
  }
  return { key: DECODER.decode(buf.subarray(0, n)), ends, sentenceHashes, numbers: nums.sort().join(',') };
}

/** The normal form of a question (see MarkupForm). */
export function markupForm(text: string): MarkupForm {
  return scan(rewrite(text));
}

/** What the fuzzy match compares: the normalised text, compact (no spaces). */
export function markupKey(text: string): string {
  return markupForm(text).key;
}

/** The question's numbers, sorted: "1/2" three ways, ".500" and "0.5", "1{,}000" and "1000" read the same. */
export function markupNumbers(text: string): string {
  return markupForm(text).numbers;
}
