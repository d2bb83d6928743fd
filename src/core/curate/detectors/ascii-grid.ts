// Grids of cells and filled shapes for the ASCII-art detector (formatting.ts): which same-width rows are the cells
// of a grid, board or map, and which are data (numbers, names, strings). The rule for labels and detector alike: a
// matrix written in digits only (0/1 included, spaced or not) is data; rows of cells drawn with symbols, or letters
// under a size line in a text that names a grid, are a picture.

// Cells of a grid written without spaces: ".#..", "XX.X", "*/\/*". Digits and capitals may mark cells, but the
// rows of a grid hold drawing symbols (a block of digits only is a sample input of numbers, not a picture).
export const CELL_ROW = /^[.#*@A-Za-z0-9+\-/\\|<>^_=~]{2,80}$/;
const CELL_SYMBOL = /[.#*@+\-/\\|<>^_=~]/g;
export const LETTER_ROW = /^[A-Za-z.#*?]{2,80}$/;
export const LAYOUT_WORD = /\b(?:grid|board|chessboard|field|maze|labyrinth|map|matrix|table|cells|square|picture)\b/i;
// Two rows alone are a grid only where the text names a grid outright ("a field of 2 rows", "the board").
export const GRID_WORD = /\b(?:grid|board|chessboard|field|maze|labyrinth)\b|\brows? and \S+ columns?\b/i;
// Rows that are numbers or names, not cells: "-12", "0.5", "1.1.2" (decimals, addresses), "S_1" (a format line).
const NOT_CELLS = /^[-+]\d+$|^\d+(?:\.\d+)+$|[A-Za-z]_[A-Za-z0-9{]/;

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
  const withSymbol = rows.filter((r) => /[.#*@+\-/\\|<>^_=~]/.test(r)).length;
  if (withSymbol * 2 < rows.length || rows.every((r) => /^[-=_~+]+$/.test(r))) return false;
  // Signs and arrows alone ("G-R", "X++", "><>") are strings unless the text speaks of a grid.
  if (!layout && !/[.#*@|/\\]/.test(cells)) return false;
  // Dense with symbols, or few kinds of cell ("****0000" ships on water) over three rows or more.
  return symbols >= 0.3 * w * rows.length || (rows.length >= 3 && new Set(cells).size <= 3);
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
