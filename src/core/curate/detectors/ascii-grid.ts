import { PATH_ROW } from './ascii-data';

// Grids of cells and filled shapes for the ASCII-art detector (formatting.ts): which same-width rows are the cells
// of a grid, board or map, and which are data (numbers, names, strings). The rule for labels and detector alike: a
// matrix written in digits only (0/1 included, spaced or not) is data; rows of cells drawn with symbols, or letters
// under a size line in a text that names a grid, are a picture.

// Cells of a grid written without spaces: ".#..", "XX.X", "*/\/*". Digits and capitals may mark cells, but the
// rows of a grid hold drawing symbols (a block of digits only is a sample input of numbers, not a picture).
// A middle dot marks an empty cell as a full stop does ("··A··", "·*·*·").
export const CELL_ROW = /^[.·#*@A-Za-z0-9+\-/\\|<>^_=~]{2,80}$/;
const CELL_SYMBOL = /[.·#*@+\-/\\|<>^_=~]/g;
export const LETTER_ROW = /^[A-Za-z.#*?]{2,80}$/;
export const LAYOUT_WORD = /\b(?:grid|board|chessboard|field|maze|labyrinth|map|matrix|table|cells|square|picture)\b/i;
// Two rows alone are a grid only where the text names a grid outright ("a field of 2 rows", "the board").
export const GRID_WORD = /\b(?:grid|board|chessboard|field|maze|labyrinth)\b|\brows? and \S+ columns?\b/i;
// Rows that are numbers or names, not cells: "-12", "0.5", "-65.3" (signed numbers, decimals), "1.1.2" (addresses),
// "S_1" (a format line), paths and fractions ("/a/b", "1/2").
const NOT_CELLS = new RegExp(`^[-+]\\d+(?:\\.\\d+)*$|^\\d+(?:\\.\\d+)+$|[A-Za-z]_[A-Za-z0-9{]|${PATH_ROW.source}`);

/**
 * Whether the line above the block starting at line `i`, `w` wide and `h` rows high, gives its size, as a sample
 * input does: "h w" (either order) or one number equal to the width (a 2 x n or n x n grid). Two rows alone are
 * a grid only where the size line says 2 beside the width or the text says the grid has two rows (`twoRows`):
 * otherwise "N / S / T" and "4 5 / BBRR / RBBR" are strings of that length.
 */
export function sizedAbove(lines: string[], i: number, w: number, h = 0, twoRows = true): boolean {
  const t = i > 0 ? lines[i - 1].trim() : '';
  const two = /^(\d{1,4}) (\d{1,4})(?: \d+)*$/.exec(t);
  if (two) {
    const [a, b] = [Number(two[1]), Number(two[2])];
    return (a === w || b === w) && (h !== 2 || twoRows || (a === w ? b : a) === 2);
  }
  return /^\d{1,4}$/.test(t) && Number(t) === w && (h !== 2 || twoRows);
}

/**
 * The sizes a text gives in words ("a rectangular box 7 × 8", "a grid with 2 rows and 13 columns", "5 by 5"), as
 * "h×w" keys in both orders: a block of rows that matches one is the grid the text describes.
 */
export function sizesInText(text: string): Set<string> {
  const sizes = new Set<string>();
  for (const m of text.matchAll(/\b(\d{1,3})\s*(?:×|x|\\times|by)\s*(\d{1,3})\b|\b(\d{1,3}) rows? and (\d{1,3}) columns?\b/gi)) {
    const [a, b] = [m[1] ?? m[3], m[2] ?? m[4]];
    sizes.add(`${a}×${b}`).add(`${b}×${a}`);
  }
  return sizes;
}

// The text says its grid has two rows: "2 × n", "2 \\times n", "a 2-row grid", "$2$ rows", "two rows", "n × 2".
export const TWO_ROWS = /\b(?:2|two)\s*(?:×|x\b|\\times\b|by\b)\s*\(?\w|\b(?:2|two)\$?[- ]rows?\b|(?:×|\\times)\s*2\b/i;

/** Two or more rows of the same width drawn as cells, with drawing symbols on most rows; two rows need `sized`. */
export function cellGrid(rows: string[], sized: boolean, layout: boolean): boolean {
  const w = rows[0].length;
  if (rows.length < 2 || w * rows.length < 4 || (rows.length === 2 && !sized)) return false;
  if (!rows.every((r) => r.length === w && CELL_ROW.test(r)) || new Set(rows.join('')).size < 2) return false;
  if (rows.some((r) => NOT_CELLS.test(r))) return false;
  // A square relation matrix with a mark on its diagonal ("-AAA", "A-AA"): data about pairs, not a picture.
  if (rows.length === w && rows.every((r, i) => r[i] === rows[0][0] && r.split(rows[0][0]).length === 2)) return false;
  if (rows.every((r) => /^\d+$/.test(r))) return false; // digits only: a matrix of numbers is data (0/1 included)
  const cells = rows.join('');
  const symbols = cells.match(CELL_SYMBOL)?.length ?? 0;
  const withSymbol = rows.filter((r) => /[.·#*@+\-/\\|<>^_=~]/.test(r)).length;
  if (withSymbol * 2 < rows.length || rows.every((r) => /^[-=_~+]+$/.test(r))) return false;
  // Signs and arrows alone ("G-R", "X++", "><>") are strings unless the text speaks of a grid.
  if (!layout && !/[.·#*@|/\\]/.test(cells)) return false;
  // Dense with symbols, or few kinds of cell ("****0000" ships on water) over three rows or more.
  return symbols >= 0.3 * w * rows.length || (rows.length >= 3 && new Set(cells).size <= 3);
}

/**
 * A row with a note after it ("XXX___eX  (row 1)", "X_X__#_X  <- start"): the row alone, where the note, after two
 * spaces or more, opens with a bracket, an arrow or a dash and holds a word, and the row is one string of three cells
 * or more. Other lines ("#*   sin", "1.  **Parentheses**") are returned as they are.
 */
export function rowWithoutNote(line: string): string {
  const m = /^(\s*\S{3,})\s{2,}((?:\(|<-|←|-|—|\/\/).*)$/.exec(line);
  return m && /[A-Za-z]{2,}/.test(m[2]) && CELL_ROW.test(m[1].trim()) ? m[1] : line;
}

const FILL_ROW = /^[ \t]*([X#*@O])[X#*@O ]*[ \t]*$/;

/** Three rows or more drawn with one fill character and holes ("XX", "X XX", "XXX"): a region's shape. */
export function fillShape(lines: string[], code: boolean[]): string | null {
  for (let i = 0; i < lines.length;) {
    const m = code[i] ? null : FILL_ROW.exec(lines[i]);
    if (!m) { i++; continue; }
    let j = i;
    while (j < lines.length && !code[j] && FILL_ROW.test(lines[j]) && lines[j].trim()[0] === m[1] && !lines[j].trim().includes(m[1] === 'X' ? '#' : 'X')) j++;
    const rows = lines.slice(i, j);
    const cells = rows.join('').replace(/\s/g, '');
    if (rows.length >= 3 && new Set(cells).size === 1 && cells.length >= 6 && rows.some((r) => /\S +\S/.test(r.trim()))) return rows.join('\n');
    i = Math.max(j, i + 1);
  }
  return null;
}

const ENTITY: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&#39;': "'" };

/** Scraped statements keep HTML entities ("#&gt;^#") and colour a cell with LaTeX ("\\color{red}{*}"): read the cells. */
export function plainText(text: string): string {
  return text.replace(/&(?:lt|gt|amp|quot|#39);/g, (m) => ENTITY[m]).replace(/\\(?:text)?color\{[a-z]{1,20}\}\{([^{}\n]{0,20})\}/g, '$1');
}

// A fence's language tag: code follows. A fence with none ("```") often holds a drawing in chat-style prompts.
// "```text" and "```plaintext" announce no code: what they hold is read like the text around them.
const TEXT_TAG = /^(?:text|txt|plain|plaintext|none|ascii)$/i;
// Fifteenth session (eighteenth set): diagram languages (Mermaid, Graphviz dot, PlantUML) are code too: "I-->H" lines are edges written
// as text, not rows of cells.
const CODE_TAG = /^(?:python3?|py|c\+\+|cpp|c|cs|csharp|java|javascript|js|typescript|ts|json|bash|sh|shell|go|rust|ruby|sql|html|xml|yaml|kotlin|swift|php|r|scala|haskell|lua|perl|pascal|mermaid|dot|graphviz|plantuml)$/i;
// A line ending in ";", "{" or "}" is code when it holds a word ("x = f(a);", "if (x) {") or is a bracket alone
// ("}", "});", "{"); not a stroke of a drawing ("{_____|____}", "{ \\_/ }", ";;;;  ;;;;") (thirteenth session).
const CODE_IN_FENCE = /^(?=.*[A-Za-z]{2}).*[;{}]\s*$|^\s*[)\]]*[{}][)\];,]*\s*$|^\s*(?:def|class|import|from|#include|function|int|void|public|return|for|while|if)\b|^\s*[A-Za-z_]\w*(?:\[[^\]]*\])?\s*[-+*/]?=\s*\S/;

/**
 * Split fence markers glued to content ("```eeee" / "eeee```") onto their own lines, and say for each line whether
 * it is code: inside a fence with a language tag, or in an untagged fence that holds a line of code.
 */
export function fencedLines(text: string): { lines: string[]; fenced: boolean[] } {
  const lines = text.replace(/^([ \t]*)```[ \t]*([^`\s][^`]*?)[ \t]*$/gm, (m, ind: string, rest: string) => (CODE_TAG.test(rest) || TEXT_TAG.test(rest) ? m : `${ind}\`\`\`\n${ind}${rest}`))
    .replace(/^([^\n`]*\S)```[ \t]*$/gm, '$1\n```').split('\n');
  const fenced = lines.map(() => false);
  // The next closing fence at or after each line, found in one pass from the end (a scan per opening fence would be
  // quadratic in a text of many fences never closed).
  const closer: number[] = new Array(lines.length + 1).fill(lines.length);
  for (let k = lines.length - 1; k >= 0; k--) closer[k] = /^\s*```\s*$/.test(lines[k]) ? k : closer[k + 1];
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*```\s*(\S*)\s*$/.exec(lines[i]);
    if (!open) continue;
    let j = closer[i + 1];
    // A fence never closed (a response that forgot it, or cut by "[…]") holds its first paragraph only: code further
    // on is not its.
    if (j === lines.length) for (j = i + 1; j < lines.length && lines[j].trim() && lines[j].trim() !== '[…]'; j++);
    const body = lines.slice(i + 1, j);
    const code = (open[1] !== '' && !TEXT_TAG.test(open[1])) || body.some((l) => CODE_IN_FENCE.test(l));
    for (let k = i; k <= Math.min(j, lines.length - 1); k++) fenced[k] = code || k === i || k === j;
    i = j;
  }
  return { lines, fenced };
}

/** A field walled by one character ("QQQQQ", "Q%%`Q", "QQQQQ"): first and last rows all of it, every row framed by it. */
export function walledField(rows: string[]): boolean {
  const w = rows[0].length;
  if (rows.length < 3 || w < 3 || !rows.every((r) => r.length === w && /^\S+$/.test(r))) return false;
  const c = rows[0][0];
  if (/\d/.test(c) && rows.every((r) => /^\d+$/.test(r))) return false; // digits only: a matrix of numbers
  const wall = c.repeat(w);
  return rows[0] === wall && rows[rows.length - 1] === wall && rows.every((r) => r[0] === c && r[w - 1] === c) && new Set(rows.join('')).size >= 2;
}

// A heading that names the block below as a grid: "Board:", "The grid:", "Map of the field:".
export const GRID_HEADING = /^(?:the |a |initial |current )?(?:grid|board|field|map|maze)\b[^.:]{0,30}:\s*$/i;

/**
 * Big letters drawn with letters and marks (".O     o.", " sSSSs    d s  b"): four rows or more, each spread by wide
 * gaps, with almost no word or number among their pieces (a table of words or numbers is not this).
 */
export const SPREAD_ROW = /^(?=.{12})\S.* {3,}\S/; // a trimmed row of 12 characters or more with a wide gap

// Pieces of data, not of letters drawn big: a word ("(empty)" too), a number or anything with a digit, LaTeX ("$",
// "&", "\\"), an arrow or "=", a string of brackets ("[][]", "]["), a record split by "|" ("price|mileage").
const DATA_PIECE = /^[("'`]?[A-Za-z][a-z]{2,}[)"'`]?[.,:;!?]?$|\d|[$&=]|\\\\|->|^[()[\]{}]+$|\w\|\w/;
// Strokes of FIGlet fonts drawn with "d P Y b 8" ("dP8bYPYb", "88__dP", ".d8b.", "YPwwwY"): an "8" there is a
// stroke, not a number.
const STROKE_PIECE = /^(?=.*[dPYb])(?=.*[8P])[dPYbo8w._'`|/\\()-]+$/;
// A tag the text wraps round the drawing ("<answer>dP8b..."): not part of the first row.
const TAG = /^<\/?[a-z]+>/;

export function glyphRows(rows: string[]): boolean {
  rows = rows.map((r) => r.trim().replace(TAG, ''));
  if (rows.length < 4 || !rows.every((r) => SPREAD_ROW.test(r.trim()))) return false;
  const pieces = rows.flatMap((r) => r.trim().split(/\s+/));
  // Among such strokes (half the pieces or more), a run of 8s ("88", "88888888") is a stroke too.
  const font = pieces.filter((t) => STROKE_PIECE.test(t)).length * 2 >= pieces.length;
  const words = pieces.filter((t) => DATA_PIECE.test(t) && !STROKE_PIECE.test(t) && !(font && /^8+$/.test(t))).length;
  return words * 10 <= pieces.length;
}

const STAIR_ROW = /^([*#@Xxo+])\1*$/;

/**
 * Four rows or more of one mark whose lengths step by one ("*", "**", "***", "****"): a triangle drawn row by row,
 * as a program is asked to print it. Rules ("----") are not marks here.
 */
export function staircase(lines: string[], code: boolean[]): string | null {
  for (let i = 0; i < lines.length;) {
    const t = (k: number) => lines[k].trim();
    const m = code[i] ? null : STAIR_ROW.exec(t(i));
    if (!m) { i++; continue; }
    let j = i + 1;
    const step = j < lines.length ? t(j).length - t(i).length : 0;
    while (j < lines.length && !code[j] && STAIR_ROW.test(t(j)) && t(j)[0] === m[1] && t(j).length - t(j - 1).length === step) j++;
    if (j - i >= 4 && Math.abs(step) === 1) return lines.slice(i, Math.min(j, i + 5)).join('\n');
    i = Math.max(j, i + 1);
  }
  return null;
}
