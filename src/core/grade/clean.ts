// String-level LaTeX cleanup applied to an extracted answer before parsing: presentation commands,
// spacing, thousands separators, degrees, percent, units, conjunctions. Regexes here are all linear
// (no nested quantifiers over the same characters) so hostile input cannot make them backtrack.

const KNOWN_AFTER_DOUBLE_BACKSLASH =
  'frac|dfrac|tfrac|cfrac|left|right|boxed|sqrt|text|textbf|mathrm|mbox|pi|cdot|times|infty|le|ge|leq|geq|neq|ne|in|cup|cap|pm|mp|quad|qquad|sin|cos|tan|log|ln|approx|circ|dots|ldots|cdots|alpha|beta|gamma|theta';
const DOUBLE_BACKSLASH_CMD = new RegExp(`(?<!\\\\)\\\\\\\\(?=(?:${KNOWN_AFTER_DOUBLE_BACKSLASH})(?![a-zA-Z]))`, 'g');

const UNICODE: Array<[RegExp, string]> = [
  [/[\u2212\u2013\u2014]/g, '-'], [/\u00d7/g, '\\times '], [/[\u00b7\u22c5]/g, '\\cdot '], [/\u00f7/g, '/'],
  [/\u03c0/g, '\\pi '], [/\u221e/g, '\\infty '], [/\u2264/g, '\\le '], [/\u2265/g, '\\ge '], [/\u2260/g, '\\ne '],
  [/\u00b1/g, '\\pm '], [/\u2213/g, '\\mp '], [/\u222a/g, '\\cup '], [/\u2229/g, '\\cap '], [/\u2208/g, '\\in '],
  [/\u221a/g, '\\sqrt '], [/\u00b2/g, '^2'], [/\u00b3/g, '^3'], [/\u2026/g, '\\ldots '], [/\u00b0/g, ''],
  [/\u2009|\u00a0|\u202f/g, ' '], [/[\u20ac\u00a3\u00a5]/g, ''],
];

const ROW = '\u0001';
const TEXT_CMDS = 'text|textbf|textit|textrm|textnormal|textsf|texttt|mbox|hbox';
const CONJ_TEXT = /^\s*,?\s*(?:and|or)\s*,?\s*$|^\s*,\s*$/i;
// Unit words stripped when they trail a value ("125 miles", "5.4 cents", "15 cm^2").
const UNIT_WORDS = new Set(('cm mm km m in inch inches ft feet foot yd yard yards mile miles meter meters metre metres '
  + 'centimeter centimeters kilometer kilometers millimeter millimeters gram grams kg g lb lbs pound pounds ounce ounces oz '
  + 'second seconds sec s minute minutes min hour hours hr hrs h day days week weeks month months year years '
  + 'degree degrees deg radian radians dollar dollars cent cents yuan euro euros unit units sq square cubic liter liters '
  + 'litre litres ml mph kph people persons ways students times grade grades \u00e5 angstrom angstroms').split(' '));
// Ordinal suffixes after a number: 12^{\text{th}}, 12^{th}, 12\text{th}, 12th, 2nd. Only a digit before them, so
// no two different numbers become equal; the one-letter-lookahead keeps "2\theta" and "5 thousand" whole.
const ORD = '(?:st|nd|rd|th)';
const ORD_TEXT = `\\\\text(?:rm|normal|up)?\\s*\\{\\s*${ORD}\\s*\\}`;
const ORDINAL = new RegExp(`(\\d)\\s*(?:\\^\\s*\\{\\s*(?:${ORD_TEXT}|${ORD})\\s*\\}|\\^\\s*(?:${ORD_TEXT}|${ORD}(?![a-zA-Z]))|${ORD_TEXT}|${ORD}(?![a-zA-Z]))`, 'g');
// Letters a unit may be written with besides a-z: angstrom, micro, ohm, degree.
const UNIT_LETTER = 'a-zA-Z\\u00c5\\u212b\\u00b5\\u03bc\\u03a9\\u2126\\u00b0';
const TRAILING_TEXT_UNIT = new RegExp(`(\\S)\\s*\\\\text\\{\\s*([${UNIT_LETTER}][${UNIT_LETTER} ./\\u207b\\u00b9\\u00b2\\u00b3-]*)\\}\\s*(?:\\^\\s*\\{?\\s*[23]\\s*\\}?)?\\s*[.,;]?\\s*$`);
const MATH_WORDS = new Set(['pi', 'sin', 'cos', 'tan', 'sec', 'csc', 'cot', 'ln', 'log', 'exp', 'sqrt', 'inf',
  'infty', 'infinity', 'and', 'or', 'mod', 'arcsin', 'arccos', 'arctan', 'sinh', 'cosh', 'tanh', 'lg', 'det', 'gcd', 'lcm',
  'max', 'min', 'abs', 'floor', 'ceil']);

/** Cleans an extracted answer into the LaTeX dialect the parser reads. Pure string work, no parsing. */
export function cleanAnswer(input: string): string {
  let s = input;
  for (const [re, to] of UNICODE) if (re.test(s)) s = s.replace(re, to);
  s = s.replace(DOUBLE_BACKSLASH_CMD, '\\');
  s = s.replace(/\r|\n|\t|\f/g, ' ');
  // Row separators (\\) must survive the single-backslash rules below: park them.
  s = s.replace(/\\\\/g, ROW);
  s = s.replace(/\\[()[\]]/g, ' ');
  // Markdown and quoting around the answer.
  s = s.replace(/\*\*/g, ' ').replace(/[`"\u201c\u201d]/g, ' ');
  // A statement of the answer after an implication: keep what follows the last arrow.
  const arrow = s.search(/\\(?:Rightarrow|implies|Longrightarrow|iff)(?![a-zA-Z])(?![\s\S]*\\(?:Rightarrow|implies|Longrightarrow|iff)(?![a-zA-Z]))/);
  if (arrow >= 0) s = s.slice(arrow).replace(/^\\[a-zA-Z]+/, '');
  s = s.replace(/\\(?:left|right)\s*\.|\\(?:left|right|bigl|bigr|Bigl|Bigr|biggl|biggr|bigg|Bigg|big|Big)(?![a-zA-Z])/g, '');
  s = s.replace(/\\(?:dfrac|tfrac|cfrac)(?![a-zA-Z])/g, '\\frac').replace(/\\(?:dbinom|tbinom)(?![a-zA-Z])/g, '\\binom');
  // Thousands separators written the LaTeX way: 10,\!080  14{,}916  1\,000.
  s = s.replace(/(\d)\s*,\s*\\!\s*(?=\d{3}(?!\d))/g, '$1').replace(/(\d)\s*\{\s*,\s*\}\s*(?=\d{3}(?!\d))/g, '$1')
    .replace(/(\d)\\[,;: ](?=\d{3}(?!\d))/g, '$1');
  s = s.replace(/\\(?:q?quad|enspace|thinspace|medspace|thickspace|negthinspace|negmedspace)/g, ' ')
    .replace(/\\hspace\*?\s*\{[^{}]*\}/g, ' ').replace(/\\phantom\s*\{[^{}]*\}/g, '')
    .replace(/\\(?:displaystyle|textstyle|scriptstyle|limits|nolimits|mathstrut|strut|noindent|centering)(?![a-zA-Z])/g, '')
    .replace(/\\[,;:!> ]/g, ' ').replace(/~/g, ' ');
  // Degrees.
  s = s.replace(/\^\s*\{\s*\\circ\s*\}|\^\s*\\circ(?![a-zA-Z])|\\degree(?![a-zA-Z])|\^\s*\{\s*\\text\s*\{\s*o\s*\}\s*\}/g, '');
  // Percent in all spellings becomes the postfix \%.
  s = s.replace(/\\?%/g, '\\%').replace(/\\text\s*\{\s*\\%\s*\}/g, '\\%')
    .replace(/(?<![a-zA-Z\\])(?:percentage|percent|pct)(?![a-zA-Z])/gi, '\\%');
  s = s.replace(/\\\$|\$/g, ' ');
  s = s.replace(/\\(?:pmod|mod)\s*\{[^{}]*\}|\\(?:pmod|bmod|mod)\s*\d+/g, ' ');
  s = s.replace(/\\lbrace(?![a-zA-Z])/g, '\\{').replace(/\\rbrace(?![a-zA-Z])/g, '\\}')
    .replace(/\\langle(?![a-zA-Z])/g, '(').replace(/\\rangle(?![a-zA-Z])/g, ')')
    .replace(/\\(?:lvert|rvert|vert|lVert|rVert|Vert)(?![a-zA-Z])|\\\|/g, '|')
    .replace(/\\(?:cdots|dots|dotsb|dotsc|dotsm|ldots)(?![a-zA-Z])/g, '\\ldots ')
    .replace(/\\(?:leqslant|leq|le)(?![a-zA-Z])|<=|=</g, '\\le ').replace(/\\(?:geqslant|geq|ge)(?![a-zA-Z])|>=/g, '\\ge ')
    .replace(/\\(?:neq|ne)(?![a-zA-Z])|\\not\s*=|!=/g, '\\ne ').replace(/\\lt(?![a-zA-Z])/g, '<').replace(/\\gt(?![a-zA-Z])/g, '>')
    .replace(/\\(?:varnothing|emptyset|O)(?![a-zA-Z])/g, '\\emptyset ').replace(/\\bigcup(?![a-zA-Z])/g, '\\cup')
    .replace(/\\(?:colon)(?![a-zA-Z])/g, ':');
  s = s.replace(ORDINAL, '$1');
  s = rewriteTextCommands(s);
  // Answers joined by words: "6 and 8", "(11,7) or (7,11)", "1orW(x)=-1".
  s = s.replace(/,?\s+(?:and|or)\s+/gi, ', ').replace(/(?<=[\d)}\]])\s*(?:and|or)\s*(?=[A-Z([{\\\d-])/g, ', ');
  s = stripUnits(s);
  s = s.replace(/\s+/g, ' ').trim();
  s = s.replace(/^(?:[\s,;:]|\.(?!\d))+|[\s,;:.]+$/g, '').split(ROW).join('\\\\');
  // A lone number with comma thousands separators: 7,425,000 or 1,000.99 (but not 0,111 or a list like 32, 349).
  if (/^[-+]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$/.test(s)) s = s.replace(/,/g, '');
  return s;
}

/**
 * \text{...} and friends: conjunctions become commas, empty ones vanish, a single-letter one becomes the
 * letter, and math fonts (\mathrm{e}, \mathbf{v}) unwrap. Words stay as \text{...} for the parser.
 */
function rewriteTextCommands(s: string): string {
  s = s.replace(/\\(?:mathrm|mathit|mathbf|mathsf|mathtt|boldsymbol|bm|mathcal|mathfrak|operatorname\*?)\s*\{([^{}]*)\}/g,
    (_m, c: string) => {
      const t = c.trim();
      if (/^[a-zA-Z]{2,}$/.test(t) && MATH_WORDS.has(t)) return `\\${t} `;
      if (/^[a-zA-Z]{3,}$/.test(t) || /\s/.test(t)) return `\\text{${t}}`;
      return `{${t}}`;
    });
  s = s.replace(/\\(?:vec|overline|hat|bar|widehat|overrightarrow|underline|tilde|widetilde|dot)\s*\{([^{}]*)\}/g, '{$1}');
  s = s.replace(new RegExp(`\\\\(?:${TEXT_CMDS})\\s*\\{([^{}]*)\\}`, 'g'), (_m, c: string) => {
    if (CONJ_TEXT.test(c)) return ', ';
    const t = c.trim();
    if (t === '') return ' ';
    if (/^[a-zA-Z]$/.test(t)) return ` ${t} `;
    // \textbf{(113)}, \text{13}: maths set in a text font.
    if (!/[a-zA-Z\u00c5\u212b\u00b5\u03a9\u2126]/.test(t)) return `{${t}}`;
    if (t === '\\%' || t === '%') return '\\%';
    return `\\text{${t}}`;
  });
  return s;
}

function stripUnits(s: string): string {
  for (let guard = 0; guard < 4; guard++) {
    const before = s;
    // Trailing \text{unit}^2 after something else.
    s = s.replace(TRAILING_TEXT_UNIT, (m, pre: string, words: string) =>
      isUnitPhrase(words, true) ? pre : m);
    // Trailing plain unit words: "125 miles", "5 sq cm".
    s = s.replace(/([\d})\]%])\s*([a-zA-Z]+(?:\.?\s+[a-zA-Z]+){0,2})\.?(?:\^\s*\{?\s*[23]\s*\}?)?\s*[.,;]?\s*$/, (m, pre: string, words: string) =>
      (/\\[a-zA-Z]*$/.test(pre) || !isUnitPhrase(words, false) ? m : pre));
    if (s === before) break;
  }
  return s;
}

function isUnitPhrase(words: string, inText: boolean): boolean {
  const ws = words.trim().split(/[\s.]+/).filter(Boolean);
  // "g/mol", "m/s", "kcal m\u207b\u00b2": every part of a compound unit is a unit word.
  if (ws.length === 0) return false;
  return ws.every((w) => {
    const l = w.toLowerCase();
    if (MATH_WORDS.has(l)) return false;
    if (UNIT_WORDS.has(l)) return l.length >= 2 || inText;
    return inText ? w.length >= 2 : w.length >= 3;
  });
}
