// Lines and rows that look drawn but are data or code, for the ASCII-art detector (formatting.ts), by the labelling
// rule (test/fixtures/curate/NOTICE.md): expressions, values in brackets, code's closing braces, paths and fractions,
// lists of strings; and one grid the line classes miss: cells that are a few tokens (a word among numbers) in a
// text that names a grid. Each test is linear in the text's length.

/**
 * An expression in brackets with any operator between numbers ("(1*(1#2))", "((50*2)#2)", "(3*0)"): opens with "(",
 * ends with ")", brackets balanced, a digit and an operator inside; no spaces or letters. Data, not a drawing.
 */
export function bracketExpression(t: string): boolean {
  if (!/^\([\d()+\-*/#%^&|~<>=!]*\)$/.test(t) || !/\d/.test(t) || !/[+\-*/#%^&|~<>=!]/.test(t)) return false;
  let depth = 0;
  for (const c of t) {
    depth += c === '(' ? 1 : c === ')' ? -1 : 0;
    if (depth < 0) return false;
  }
  return depth === 0;
}

// A number in brackets alone on its line ("(0.3)", "[12]"): a value of nested data (an S-expression tree written
// as indented text), read in order. A closing bracket or brace alone ("}", ");", "]"): code. Not "[]" or "()" (Young diagram rows, bracket strings: handled elsewhere).
const BRACKET_VALUE = /^[([{]\s*-?\d+(?:\.\d+)?\s*[)\]}],?$/;
const CODE_CLOSER = /^[)}\]]+[;,]?$/;

export const dataLine = (t: string): boolean => BRACKET_VALUE.test(t) || CODE_CLOSER.test(t) || bracketExpression(t);

// A path or a fraction: alphanumeric parts split by "/" ("/home/gcj/finals", "/a/b", "1/2"), nothing else.
export const PATH_ROW = /^\/?[A-Za-z0-9]+(?:\/[A-Za-z0-9]+)+$|^\/[A-Za-z0-9]+$/;

/**
 * Lines that are one string each (no space inside), of different lengths, once their common indentation is taken
 * off: a list of strings ("  H*O" / "  HELLO*"; "o..=>.." / "...o>...."), not a drawing, whose rows line up.
 */
export function stringList(block: string[]): boolean {
  const indent = block.reduce((a, l) => Math.min(a, l.length - l.trimStart().length), Infinity); // no spread: long blocks
  const words = block.map((l) => l.slice(indent).trimEnd());
  return words.every((l) => /^\S+$/.test(l)) && new Set(words.map((l) => l.length)).size > 1;
}

/** Whether line `i`, one string without spaces, stands in a list of such strings (the line above or below). */
export function inStringList(lines: string[], i: number): boolean {
  const t = lines[i].trim();
  if (!/^\S+$/.test(t)) return false;
  return [lines[i - 1], lines[i + 1]].some((l) => l !== undefined && /^\S+$/.test(l.trim()) && stringList([t, l.trim()]) && !/^[-=_~*]+$/.test(l.trim()));
}

/**
 * A grid of a few kinds of cell written as tokens ("INF  -1  0  INF"), in a text that names a grid: three rows or
 * more of the same number of tokens (three or more), each token standing in a column (its end within one place of the first row's),
 * at most four kinds of token, one a word (a state such as INF or WALL: not numbers alone, which are data).
 */
export function tokenGrid(lines: string[], code: boolean[], gridWord: boolean): string | null {
  if (!gridWord) return null;
  const tokens = (l: string) => Array.from(l.matchAll(/\S+/g), (m) => ({ t: m[0], end: m.index + m[0].length }));
  const cellRow = (l: string) => /^\s*(?:[A-Z]{2,5}|-?\d{1,3})(?:\s+(?:[A-Z]{2,5}|-?\d{1,3})){2,}\s*$/.test(l);
  for (let i = 0; i < lines.length;) {
    if (code[i] || !cellRow(lines[i])) { i++; continue; }
    const first = tokens(lines[i]);
    let j = i + 1;
    const lined = (l: string) => { const t = tokens(l); return t.length === first.length && t.every((x, k) => Math.abs(x.end - first[k].end) <= 1); };
    while (j < lines.length && !code[j] && cellRow(lines[j]) && lined(lines[j])) j++;
    const kinds = new Set(lines.slice(i, j).flatMap((l) => tokens(l).map((x) => x.t)));
    const word = [...kinds].some((k) => /^[A-Z]/.test(k));
    const number = [...kinds].some((k) => /\d/.test(k));
    if (j - i >= 3 && kinds.size <= 4 && word && number) return lines.slice(i, Math.min(j, i + 4)).join('\n');
    i = j;
  }
  return null;
}

/**
 * Whether the tokens of each line end at the columns of the line before (within one column, for half of them or
 * more): the columns of a matrix or a list, not numbers placed round a shape (" 1   2" over "8       3").
 */
export function columnsAligned(block: string[]): boolean {
  const ends = (l: string) => Array.from(l.matchAll(/\S+/g), (m) => m.index + m[0].length);
  for (let k = 1; k < block.length; k++) {
    const [a, b] = [ends(block[k - 1]), ends(block[k])];
    const [short, long] = a.length <= b.length ? [a, b] : [b, a];
    if (short.filter((e) => long.some((x) => Math.abs(x - e) <= 1)).length * 2 < short.length) return false;
  }
  return true;
}
