// Markup normalisation for dedup: the same competition problem copied from two sources differs in LaTeX and AoPS
// markup (`\dfrac` vs `\frac`, `\minus{}`/`\equal{}`, `$P_{}$`, `\left(`, spaces around `$`, `1{,}000`), in
// case and in punctuation. `markupKey` maps all of these to one compact string (letters, digits and a few
// operators, no spaces) that the fuzzy match compares; `numberKey` is the multiset of its numbers, which two
// questions must share to be one problem (a physics question with one quantity changed is another problem).

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
const REWRITES: [cue: RegExp, re: RegExp, to: string | ((...m: string[]) => string)][] = [
  // Figures are not the wording: Asymptote code (one source keeps it, the other drops it) and image references.
  [/\[asy\]/i, /(?:\bdiagrams?\s*)?\[asy\][\s\S]*?(?:\[\/asy\]|$)/gi, ' '],
  [/\[img\]|\]\(|https?:|\.(?:png|jpe?g|gif|svg)\b/i, /\[img\][\s\S]*?\[\/img\]|!?\[[^\]]*\]\([^)]*\)|https?:\/\/\S+|[\w\- ]{0,40}\.(?:png|jpe?g|gif|svg)\b/gi, ' '],
  // AoPS wiki signatures: a line "~ username" after the problem.
  [/~/, /(?:^|\n)[ \t]*~[ \t]*[\w.\- ]{1,40}(?=\n|$)/g, '\n'],
  [/\\,/, /(\d)\s*\\,\s*(?=\d{3}(?!\d))/g, '$1'], // 1\,000
  [/\\/, /\\(?:begin|end)\s*\{[a-zA-Z*]+\}|\\[%&#,;:! ]|\\(?:hspace|vspace)\s*\{[^}]*\}/g, ' '],
  [/\\\$/, /\\\$/g, ' usd '],
  [/\\/, /\\([a-zA-Z]+)(?![a-zA-Z])\*?/g, (m: string, name: string) => COMMANDS.get(name) ?? m],
  // \frac{1}{2}, \frac12, \frac 1{2}: one spelling, "1 / 2", so the numbers read the same.
  [/\\frac/, /\\frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, ' ($1) / ($2) '],
  [/\\frac/, /\\frac\s*([a-zA-Z0-9])\s*\{([^{}]*)\}/g, ' ($1) / ($2) '],
  [/\\frac/, /\\frac\s*\{([^{}]*)\}\s*([a-zA-Z0-9])/g, ' ($1) / ($2) '],
  [/\\frac/, /\\frac\s*([a-zA-Z0-9])\s*([a-zA-Z0-9])/g, ' ($1) / ($2) '],
  [/°/, /°/g, ' deg '],
  [/\{\s*,/, /(\d)\s*\{\s*,\s*\}\s*(\d{3})(?!\d)/g, '$1$2'],
  [/\{\s*\}/, /[_^]\s*\{\s*\}|\{\s*\}/g, ''],
  [/\^\s*\{?\s*deg/, /\^\s*\{?\s*deg\s*\}?/g, ' deg '],
  [/[$\\]/, /\\\(|\\\)|\\\[|\\\]|\$+/g, ' '],
];

// Unicode spellings of the same symbols.
const UNICODE: [RegExp, string][] = [
  [/[\u2212\u2012\u2013\u2014\u2010\u2011]/g, '-'],
  [/[\u00d7\u00b7\u22c5\u2217\u2219]/g, '*'],
  [/\u2264/g, '<='], [/\u2265/g, '>='], [/\u2260/g, '!='],
  [/\u2026/g, ' '],
  [/[\u2018\u2019\u201b\u2032]/g, "'"], [/[\u201c\u201d\u2033]/g, '"'],
];

// Sentence ends (a full stop or question mark before a space, a blank line), kept through normalisation so
// that dedup can set aside sentences that many questions share (an instruction, "Find $m+n$.").
const END = '\uE001';

function normalise(text: string): string {
  let t = text;
  // eslint-disable-next-line no-control-regex -- ASCII text needs no Unicode normalisation
  if (/[^\x00-\x7f]/.test(t)) { t = t.normalize('NFKC'); for (const [re, to] of UNICODE) t = t.replace(re, to); }
  for (const [cue, re, to] of REWRITES) if (cue.test(t)) t = t.replace(re, to as string);
  t = t.replace(/~/g, ' ').replace(/[{}]/g, ' ').toLowerCase();
  t = t.replace(/(\d),(\d{3})(?![\d])/g, '$1$2'); // thousands separators
  t = t.replace(/(^|[^\d])\.(\d)/g, '$10.$2');
  t = t.replace(/[.?]+(?=\s|$)|\n\s*\n/g, ` ${END} `);
  // A decimal point stays between digits; every other full stop, comma and bracket is punctuation.
  t = t.replace(/(\d)\.(?=\d)/g, '$1\uE000').replace(/[^\p{L}\p{N}+\-*/=<>^_|!\uE000\uE001]+/gu, ' ').replace(/\uE000/g, '.');
  return t;
}

/** The normalised text, words separated by single spaces (numbers and words still apart). */
export function markupWords(text: string): string {
  return normalise(text).replace(/\s*\uE001\s*/g, ' ').trim().replace(/ +/g, ' ');
}

/** What the fuzzy match compares: the normalised text without spaces. */
export function markupKey(text: string): string {
  return markupWords(text).replace(/ /g, '');
}

/** The normalised text as words (spaces kept) and as one compact key per sentence. */
export function markupSentences(text: string): { words: string; sentences: string[] } {
  const t = normalise(text);
  const sentences = t.split(END).map((x) => x.replace(/\s+/g, '')).filter((x) => x.length > 0);
  return { words: t.replace(/\s*\uE001\s*/g, ' ').trim().replace(/ +/g, ' '), sentences };
}

/** The numbers of a normalised text, sorted: two questions with different numbers are different problems. */
export function numberKey(normalisedWords: string): string {
  const nums = normalisedWords.match(/\d+(?:\.\d+)?/g);
  if (!nums) return '';
  return nums.map((n) => n.replace(/^0+(?=\d)/, '').replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '')).sort().join(',');
}
