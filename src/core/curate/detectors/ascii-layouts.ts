// Layouts for the ASCII-art detector (formatting.ts) that its line classes do not see: a sum written in columns,
// a grid of pictographs, a puzzle grid with constraint marks between its cells, marks placed under a line; and one
// kind of line that looks drawn but is code (an esolang listing). Digits with blanks stay data (ascii-grid.ts).

/**
 * A Brainfuck-style listing: only the eight command characters, with a loop, moves and runs of increments. Quoted as
 * inline code in prose ("4. `<+.++.++++..`:", "`>[-]>[-]<>+++`"), a program needs no loop: the quotes make it code.
 */
export function esolangLine(t: string): boolean {
  const quoted = /^(?:\d+[.)]\s*|[-*]\s+)?`([^`]+)`[\s:;.,]*$/.exec(t)?.[1];
  const prog = quoted ?? t;
  return prog.length >= (quoted ? 8 : 12) && /^[<>+\-.,[\]]+$/.test(prog) && (quoted !== undefined || /\[[^\]]*\]/.test(prog)) && /[<>]/.test(prog) && /[+-]{2}/.test(prog);
}

// An operand of a written sum: capitals or digits, packed ("IKPLO") or spaced ("S E N D"), with an operator before
// or after it ("+ IKPLO", "M O R E +"). Seventeenth session: the operator may touch a packed operand ("+44").
const OPERAND = /^([-+*×]\s*)?([A-Z0-9]+|[A-Z0-9](?: [A-Z0-9])+)(\s+[-+*×])?$/;
const RULE = /^[-=_]{3,}$/;

/** Operands standing over line `r` that end in column `end`: how many, whether one has an operator, and the first. */
function operandsEndingAt(lines: string[], code: boolean[], r: number, end: number): { count: number; operator: boolean; first: number } {
  let k = r - 1;
  let operator = false;
  while (k >= 0 && !code[k]) {
    const m = OPERAND.exec(lines[k].trim());
    if (!m) break;
    // Operands end where the result ends (a trailing operator stands past that column).
    const stop = m[3] ? lines[k].trimEnd().length - m[3].length : lines[k].trimEnd().length;
    if (stop !== end) break;
    operator ||= Boolean(m[1] || m[3]);
    k--;
  }
  return { count: r - 1 - k, operator, first: k + 1 };
}

/**
 * A sum or product written in columns: two operands or more over a rule line, the result under it, all ending in
 * one column ("    FOM" / "+ IKPLO" / "-------" / "  IKIZL"). The digits' or letters' places carry the sum.
 * Seventeenth session: operands in one column over the rule line are the sum whatever stands under it (nothing yet,
 * prose, or a result out of column: "  672" / "+ 402" / "______"); operands out of column ("  73" over "+63", the
 * "+" in a digit's place) are numbers one a line, read in order.
 */
export function columnSum(lines: string[], code: boolean[]): string | null {
  for (let r = 2; r + 1 < lines.length; r++) {
    if (code[r] || !RULE.test(lines[r].trim())) continue;
    const result = OPERAND.exec(lines[r + 1].trim());
    if (!result || result[1] || result[3]) continue;
    const s = operandsEndingAt(lines, code, r, lines[r + 1].trimEnd().length);
    if (s.count >= 2 && s.operator) return lines.slice(s.first, r + 2).join('\n');
  }
  for (let r = 2; r < lines.length; r++) {
    if (code[r] || code[r - 1] || !RULE.test(lines[r].trim())) continue;
    const last = OPERAND.exec(lines[r - 1].trim());
    if (!last) continue;
    const s = operandsEndingAt(lines, code, r, last[3] ? lines[r - 1].trimEnd().length - last[3].length : lines[r - 1].trimEnd().length);
    if (s.count >= 2 && s.operator) return lines.slice(s.first, r + 1).join('\n');
  }
  return null;
}

// One pictograph a cell ("❌✅❌", "⬛⬜"); joiners and variation selectors are part of the cell.
const PICTOGRAPH = /^(?:[\p{Extended_Pictographic}\u2B1B\u2B1C\u25A0-\u25FF](?:\uFE0F|\u200D)*)+$/u;
const pictographs = (t: string) => Array.from(t.replace(/[\uFE0F\u200D]/g, '')).length;

/** Three rows or more of the same number of pictographs (three or more): a grid of cells drawn with emoji. */
export function symbolGrid(lines: string[], code: boolean[]): string | null {
  for (let i = 0; i < lines.length;) {
    const row = (k: number) => (code[k] ? '' : lines[k].replace(/\s+/g, ''));
    const first = row(i);
    if (!PICTOGRAPH.test(first) || pictographs(first) < 3) { i++; continue; }
    let j = i + 1;
    while (j < lines.length && PICTOGRAPH.test(row(j)) && pictographs(row(j)) === pictographs(first)) j++;
    if (j - i >= 3) return lines.slice(i, Math.min(j, i + 4)).join('\n');
    i = j;
  }
  return null;
}

// A row of puzzle cells (digits, "_" or "?" blanks) with constraint marks between them ("_ > _   _", "1 < _").
const CELL_ROW = /^[\d_?](?:(?:\s+|\s*[<>]\s*)[\d_?]){2,}$/;
// A line of constraint marks between two rows of cells ("∧", "  ∨   ∧").
const MARK_ROW = /^[∧∨^v]+(?:\s+[∧∨^v]+)*$/;

/**
 * A puzzle grid whose constraint marks sit between its cells (Futoshiki): three rows or more of the same number of
 * cells, blank lines or mark lines between them, and at least one mark. Without marks the same rows are a matrix of
 * digits with blanks: data.
 */
export function constraintGrid(lines: string[], code: boolean[]): string | null {
  for (let i = 0; i < lines.length; i++) {
    if (code[i] || !CELL_ROW.test(lines[i].trim())) continue;
    const cells = (t: string) => t.match(/[\d_?]/g)?.length ?? 0;
    const width = cells(lines[i].trim());
    let rows = 0, marks = 0, j = i;
    for (; j < lines.length && !code[j]; j++) {
      const t = lines[j].trim();
      if (!t) continue;
      if (CELL_ROW.test(t) && cells(t) === width) { rows++; if (/[<>]/.test(t)) marks++; } else if (MARK_ROW.test(t)) marks++; else break;
    }
    if (rows >= 3 && marks >= 1) return lines.slice(i, Math.min(j, i + 6)).join('\n');
    i = j;
  }
  return null;
}

/** A line of marks ("↑", "^   ^") placed by spaces under a line of text or numbers: it points at places in it. */
export function marksUnder(lines: string[], code: boolean[]): string | null {
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!code[i] && !code[i + 1] && indexedOver(lines[i], lines[i + 1])) return `${lines[i]}\n${lines[i + 1]}`;
  }
  for (let i = 1; i < lines.length; i++) {
    const t = lines[i].trim();
    if (!code[i] && markedUnder(lines[i], lines[i - 1])) return `${lines[i - 1]}\n${lines[i]}`;
    // Seventeenth session: two arrows or more of any direction, spaced apart ("↑    ←     ↑" between the rows of a map).
    if (code[i] || !(/^[↑^](?:\s*[↑^])*(?:\s+\([^()]*\))?$/.test(t) || /^[↑↓←→](?:\s+[↑↓←→])+$/.test(t))) continue; // "↑ ↑  (double these)" too
    const above = lines[i - 1];
    // Under a string or numbers, not under a sentence ("... we get the name:" over a name "^^").
    if (!above.trim() || /^[\s↑^]*$/.test(above) || (above.match(/[A-Za-z]{3,}/g) ?? []).length >= 4) continue;
    // Placed by spaces (indented, or marks spaced apart) and under the line above (not past its end).
    const marks = lines[i].replace(/\s+\([^()]*\)\s*$/, '').trimEnd();
    if ((/^\s/.test(lines[i]) || /\s/.test(marks.trim())) && marks.length <= above.trimEnd().length + 1) return `${above}\n${lines[i]}`;
  }
  return null;
}

/**
 * Index numbers placed over the tokens of the line below ("1  2  3  4  5  6" over "Gb Ab Bb Cb Db Eb F Gb",
 * seventeenth session): counting up from 1, four or more, each at the first column of a token under it, spaced wider
 * than one blank somewhere (placed, not just listed), over words or letters rather than numbers.
 */
function indexedOver(line: string, below: string): boolean {
  if (!/^\s*1(?:\s+\d+){3,}\s*$/.test(line) || !/\d\s{2,}\d/.test(line) || !/[A-Za-z]/.test(below)) return false;
  const nums = Array.from(line.matchAll(/\d+/g));
  if (!nums.every((m, k) => Number(m[0]) === k + 1)) return false;
  const starts = new Set(Array.from(below.matchAll(/\S+/g)).map((m) => m.index));
  return nums.every((m) => starts.has(m.index));
}

/**
 * Marks and blanks spaced out under the cells of the line above ("1 0 0 1" over "^ - - ^"): each "^" or "-" stands
 * under a character of that line, four tokens or more, two marks or more. The places say which cells are marked.
 */
function markedUnder(line: string, above: string | undefined): boolean {
  if (!above || !/^\s*[↑^_.-](?: +[↑^_.-]){3,}\s*$/.test(line) || (line.match(/[↑^]/g) ?? []).length < 2) return false;
  if ((above.match(/[A-Za-z]{3,}/g) ?? []).length >= 4) return false; // under a sentence: not cells
  return Array.from(line.matchAll(/\S/g)).every((m) => /\S/.test(above[m.index] ?? ' '));
}

// A branch of a tree drawn as a directory listing: "|-- child", "|    +-- grandchild", "`-- last".
const BRANCH = /^\s*(?:[|`+]\s+)*[|`+]-{2,}\s*\S/;

/** Three lines or more in a row drawn as branches: a tree. */
export function branchTree(lines: string[], code: boolean[]): string | null {
  for (let i = 0, run = 0; i < lines.length; i++) {
    run = !code[i] && BRANCH.test(lines[i]) ? run + 1 : 0;
    if (run >= 3) return lines.slice(Math.max(0, i - 3), i + 1).join('\n');
  }
  return null;
}

// A row of one-character cells, one space apart, three or more, inside "[ ]" row brackets or not: "A B B C",
// "0 E W 0", "[b 0 0 0 0]".
const SPACED_ROW = /^\[?\s*[A-Za-z0-9.#*_?@](?: [A-Za-z0-9.#*_?@]){2,}\s*\]?,?$/;

/**
 * A board whose cells are spaced out one character each and are not all digits (a digits-only matrix is data,
 * digits with "_" or "?" blanks too): three rows or more of the same number of cells, or two where the text says the
 * grid has two rows. Letter cells need a text that names a grid or board (`gridWord`): otherwise "A B C" rows are
 * lists of names.
 */
export function spacedCellGrid(lines: string[], code: boolean[], gridWord: boolean, twoRows: boolean): string | null {
  // Prose beside a board's rows ("    . Q . .     We have this chessboard") is not part of them.
  lines = lines.map((l) => {
    const m = l.includes('   ') ? /^(\s*\S(?:.*?\S)?)\s{3,}(\S.*)$/.exec(l) : null;
    return m && /[A-Za-z]{3,}/.test(m[2]) && SPACED_ROW.test(m[1].trim()) ? m[1] : l;
  });
  const cells = (t: string) => t.replace(/^\[|\],?$/g, '').trim().split(' ');
  for (let i = 0; i < lines.length;) {
    if (code[i] || !SPACED_ROW.test(lines[i].trim())) { i++; continue; }
    const width = cells(lines[i].trim()).length;
    let j = i + 1;
    // A wide row copied by hand may drop or repeat a cell: eight cells or more, within one of the first row's count.
    const slack = width >= 8 ? 1 : 0;
    while (j < lines.length && !code[j] && SPACED_ROW.test(lines[j].trim()) && Math.abs(cells(lines[j].trim()).length - width) <= slack) j++;
    const all = lines.slice(i, j).flatMap((l) => cells(l.trim()));
    const enough = j - i >= 3 || (j - i === 2 && twoRows);
    // Digits, with or without blanks ("_", "?", "." for none: a matrix of numbers with empty places).
    const data = all.every((c) => /[\d_?.]/.test(c));
    const letters = all.some((c) => /[A-Za-z]/.test(c));
    // Numbers with a mark in one column only ("4 1 B", "3 2 W": row, column, colour) are records, not a board.
    const marked = new Set(lines.slice(i, j).flatMap((l) => cells(l.trim()).flatMap((c, k) => (/\d/.test(c) ? [] : [k]))));
    const records = all.some((c) => /\d/.test(c)) && marked.size === 1;
    if (enough && !data && !records && new Set(all).size >= 2 && (gridWord || !letters)) return lines.slice(i, Math.min(j, i + 4)).join('\n');
    i = j;
  }
  return null;
}

/**
 * A grid under a header of short column names one space apart ("Su Mo Tu We Th Fr Sa", "A B C D E F G H I"), then
 * three rows or more of short values (numbers, marks; a digit on every row) each standing under a header name, in two
 * columns or more: a calendar, a board with coordinates. The values' places carry the grid. A table of records under
 * a header of field names ("NUMBER        VARIABLE QUANTITY", "Team | MP | W") reads as text and is not this.
 */
export function headedColumns(lines: string[], code: boolean[]): string | null {
  const spans = (l: string) => Array.from(l.matchAll(/\S+/g), (m) => ({ t: m[0], a: m.index, b: m.index + m[0].length }));
  for (let i = 0; i + 3 < lines.length; i++) {
    if (code[i]) continue;
    const head = spans(lines[i]);
    // Capitalised names ("Su", "NUMBER"), not lower-case strings spelled out ("ab bb ba", "b a l l").
    if (head.length < 2 || head.length > 12 || !head.every((h) => /^[A-Z][a-z]?$/.test(h.t))) continue;
    let j = i + 1;
    const used = new Set<number>();
    let wide = 0;
    for (; j < lines.length && !code[j] && lines[j].trim(); j++) {
      const row = spans(lines[j]);
      if (!/\d/.test(lines[j]) || !row.every((c) => c.t.length <= 12 && /^[\w.,:+\-*/%()#?!<>=]+$/.test(c.t) && !/_|[a-z]{4}/.test(c.t))) break;
      const cols = row.map((c) => head.findIndex((h) => c.a < h.b + 2 && c.b > h.a - 2));
      if (cols.some((k) => k < 0)) break;
      cols.forEach((k) => used.add(k));
      if (new Set(cols).size >= 2) wide++;
    }
    // Every row full and every value a number: a table of numbers under column names (the piles of a game), data.
    if (j - i - 1 >= 3 && used.size >= 2 && wide >= 2) {
      const numeric = lines.slice(i + 1, j).every((l) => /^[\s\d.,+-]*$/.test(l));
      if (!numeric || !lines.slice(i + 1, j).every((l) => spans(l).length === head.length)) return lines.slice(i, Math.min(j, i + 4)).join('\n');
    }
  }
  return null;
}

/**
 * Letters placed on a lattice with holes ("P   A   H   N" / "A P L S I I G" / "Y   I   R"): three rows or more of
 * one-character cells, every cell an even number of columns from the block's left edge, at least one row with a
 * hole (a gap of three spaces or more) and one full row. Not digits alone (a sparse matrix of numbers is data).
 */
export function latticeLetters(lines: string[], code: boolean[]): string | null {
  const row = (l: string) => /^\s*\S(?: +\S)+\s*$/.test(l); // one-character cells, spaces between
  for (let i = 0; i < lines.length;) {
    if (code[i] || !row(lines[i])) { i++; continue; }
    let j = i + 1;
    while (j < lines.length && !code[j] && row(lines[j])) j++;
    const block = lines.slice(i, j);
    const cols = block.flatMap((l) => Array.from(l.matchAll(/\S/g), (m) => m.index));
    const base = cols.reduce((a, c) => Math.min(a, c), Infinity); // no spread: a block may hold 100,000s of cells
    const hole = block.some((l) => /\S {3,}\S/.test(l));
    const full = block.some((l) => / \S /.test(` ${l.trim()} `) && !/ {2}/.test(l.trim()));
    if (j - i >= 3 && hole && full && cols.every((c) => (c - base) % 2 === 0) && /[A-Za-z]/.test(block.join(''))) {
      return block.slice(0, 4).join('\n');
    }
    i = j;
  }
  return null;
}

/**
 * Small figures drawn side by side ("XX   XX   .X" / "X.   .X   XX"): two rows or more split by gaps into pieces at
 * the same columns and of the same widths, every piece cells ("X.", ".#*"), half of them or more with a drawing symbol.
 */
export function sideBySide(lines: string[], code: boolean[]): string | null {
  const pieces = (l: string) => (/^\s*[.#*@A-Za-z]{2,8}(?: {2,}[.#*@A-Za-z]{2,8})+\s*$/.test(l) ? Array.from(l.matchAll(/\S+/g), (m) => `${m.index}:${m[0].length}`).join(',') : '');
  for (let i = 0; i < lines.length;) {
    const shape = code[i] ? '' : pieces(lines[i]);
    if (!shape) { i++; continue; }
    let j = i + 1;
    while (j < lines.length && !code[j] && pieces(lines[j]) === shape) j++;
    const cells = lines.slice(i, j).flatMap((l) => l.trim().split(/\s+/));
    // A word among the pieces ("#*   sin": a wiki list item) makes the rows text, not figures.
    const words = cells.some((c) => /^[a-z]{3,}$/.test(c));
    if (j - i >= 2 && !words && cells.filter((c) => /[.#*@]/.test(c)).length * 2 >= cells.length) return lines.slice(i, j).join('\n');
    i = j;
  }
  return null;
}

// A row of a matrix drawn with "|" brackets, after an optional name ("X = |1  x₂  x₂²|", "    | 0   0   1  0|").
const BRACKET_ROW = /^(\s*(?:[^\s|=]{1,6}\s*=\s*)?)\|([^|]*[^|\s][^|]*)\|\s*$/;

/**
 * A matrix drawn over three lines or more with "|" brackets standing in one column, its entries spaced out, not
 * numbers alone (a matrix of numbers is data however it is drawn): "|1  x₁  x₁² ⋯ x₁ᵐ|" over "|⋮  ⋮   ⋮   ⋱ ⋮  |".
 */
export function bracketMatrix(lines: string[], code: boolean[]): string | null {
  for (let i = 0; i < lines.length;) {
    const first = code[i] ? null : BRACKET_ROW.exec(lines[i]);
    if (!first) { i++; continue; }
    const col = first[1].length;
    let j = i + 1;
    for (let m; j < lines.length && !code[j] && (m = BRACKET_ROW.exec(lines[j])) && m[1].length === col; j++);
    const inner = lines.slice(i, j).map((l) => BRACKET_ROW.exec(l)?.[2] ?? '');
    if (j - i >= 3 && inner.every((c) => /\S\s+\S/.test(c.trim())) && inner.some((c) => /[^\d\s.,+\-−]/.test(c))) return lines.slice(i, j).join('\n');
    i = j;
  }
  return null;
}
