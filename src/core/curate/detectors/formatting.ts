// Formatting faults in questions: s1's patterns (s1-patterns.ts), references to images that are not there
// (image-references.ts), and ASCII art (here, with the layouts in ascii-*.ts).
//
// Labels: 'formatting' (s1's notebook patterns), 'image-reference', 'ascii-art'.
// Letter cells ("WBBW") count as a grid only where the text speaks of a grid, board, field...: otherwise the same rows
// are a list of strings. A bracket sequence or an arithmetic expression on a line is data, not a drawing.
// Decisions: a table of records (each row an item and its fields) reads as text and is not art, however it is
// aligned: Markdown or wiki markup, " | " separators, tabs, spaces, rule lines (test/fixtures/curate/NOTICE.md has the
// labelling rule); a grid whose cells are positions (a board, a calendar, a Punnett square) and a table drawn as a
// full "+---+" box are. LaTeX (\begin{array}, matrices, $|x|$) is never art, nor a matrix written in
// digits only (0/1 included: data; grids of cells are in ascii-grid.ts). A figure phrase counts as an image
// reference only when the question carries no drawing of its own ([asy], TikZ, ASCII art) and none follows it.
import type { Detector, Finding } from './types';
import type { PoolSample } from '../pool';
import { bracketMatrix, branchTree, columnSum, constraintGrid, esolangLine, headedColumns, latticeLetters, marksUnder, sideBySide, spacedCellGrid, symbolGrid } from './ascii-layouts';
import { recordTables } from './record-tables';
import { SPACED_CELLS, brailleBlock, joinedChains, shadedBlock, treeEdges } from './ascii-drawings';
import { s1FormattingHits } from './s1-patterns';
import { imageReferenceHits } from './image-references';
import { columnsAligned, dataLine, inStringList, stringList, tokenGrid } from './ascii-data';
import { CELL_ROW, GRID_HEADING, GRID_WORD, LAYOUT_WORD, LETTER_ROW, TWO_ROWS, cellGrid, fencedLines, fillShape, glyphRows, plainText, rowWithoutNote, SPREAD_ROW, sizedAbove, sizesInText, staircase, walledField } from './ascii-grid';

export interface FormatHit { label: 'formatting' | 'image-reference' | 'ascii-art'; pattern: string; span: string }

export { s1FormattingHits } from './s1-patterns';
export { imageReferenceHits } from './image-references';

// The text calls its rows a square or matrix of letters ("a square of letters", "2D matrix of lowercase letters").
const LETTER_MATRIX = /\b(?:grid|square|matrix|table|board|array)s? of (?:\w+ )?(?:letters|characters|chars)\b/i;
const BOX_DRAWING = /[\u2500-\u257F\u2580-\u259F\u25A0-\u25FF]/;
const BOX_RULE = /^\s*[\u2500\u2501\u2550\u2504\u2505\u2508\u2509\u254C\u254D]{3,}\s*$/; // ─ ━ ═ and dashed forms
const BOX_BULLET = /^\s*[\u25A0-\u25FF]\s+(?=[^\s\u2500-\u25FF])[^\u2500-\u25FF]*$/u; // "▸ Text", "■ Item" with no other box character
// Sixteenth session: a geometric cell before spaced one-character cells ("▢ X X X X") is a row of a board, not a bullet.
const isBoxBullet = (l: string): boolean => BOX_BULLET.test(l) && !SPACED_CELLS.test(l.trim());
// Fifteenth session: a tree's branch line, "├── name" or "│   └─> name" (names after it, any number of them).
const TREE_BRANCH = /^\s*(?:[\u2502|]\s*)*[\u251C\u2514]\u2500+>?\s*[^\s\u2500-\u257F]/;
// Fifteenth session: "│" (or "┃") as the bar of a conditional probability, between two letters or digits (or a
// bracket: "P(G│A defective)"), with no other box character on the line.
const isGivenBar = (l: string): boolean => /[\u2502\u2503]/.test(l) && !/[\u2500\u2501\u2504-\u257F\u2580-\u259F\u25A0-\u25FF]/.test(l)
  && [...l.matchAll(/[\u2502\u2503]/g)].every((m) => /[\p{L}\p{N})]/u.test(l[m.index - 1] ?? ' ') && /[\p{L}\p{N}(]/u.test(l[m.index + 1] ?? ' '));
// Fourteenth session: full blocks as redaction marks in a labelled line ("Dr. ██████: Can you...", "Site-██."): the
// only box characters are runs of "█", a word stands beside them, and the blocks are under half of the line.
const isRedaction = (l: string): boolean => {
  const blocks = (l.match(/\u2588/g) ?? []).length;
  return blocks > 0 && !BOX_DRAWING.test(l.replace(/\u2588+/g, '')) && /[A-Za-z]{3,}/.test(l) && blocks * 2 < l.replace(/\s/g, '').length;
};
const LATEX_CMD = /\\[a-zA-Z]+|\$|\\\\|&|\\[[\]()]/; // commands, $, \\, &, \[ \] \( \)
const DRAW_CHARS = /[|\\/_\-+=*#<>^~.:o()[\]]/g;
const BORDER_ROW = /^\s*\+[-=+]{2,}\+?\s*$|^\s*\+(?:[-=]{2,}\+)+\s*$/;
// Sixteenth session (nineteenth set): boxes side by side ("+-----+ +-----+") over a row of framed cells.
const BOXES_ROW = /^\s*\+[-=]{2,}\+(?:[ \t]+\+[-=]{2,}\+)+\s*$/;
const MD_SEPARATOR = /^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$/;

const ARROW = /-{2,}>|<-{2,}|={2,}>|<={2,}/;
// One-line data that uses drawing characters: a bracket sequence "(()))(", an arithmetic expression "(1) + (2)".
// A string of signs and digits without spaces ("++0-+1-+0") is data too.
const SEQUENCE_LINE = /^[()]+$|^(?=.*\d)(?=.*[()+*/])[\d()+\-*/]+$/;
// An expression: numbers joined by operators, brackets around them ("((1) + (2)) * (3)"); not a row of "*" cells
// with a digit among them ("*  *  *  0"), nor nodes joined by "-" edges ("1 - 0 - 2").
const EXPRESSION = /^\d+(?:\s*[-+*/]\s*\d+)+$/;
const isSequence = (t: string) => SEQUENCE_LINE.test(t) || (/[()]/.test(t) || /\d\s*[+*/]\s*\d/.test(t)) && EXPRESSION.test(t.replace(/[()]/g, '').trim());
// Not an expression: "+------0------+" and "+-1-+  +-2-+": borders drawn round labels ("++0-+1-+0" stays a string).
const LABEL_BORDER = /^\+(?=.*(?:--|\s)).*\+$/;

type LineKind = 'draw' | 'sparse' | 'text';

// Digits with "_" or "?" blanks ("_ 8 _ 2 _ _ 3"): a row of a matrix of numbers with unknowns, data.
const BLANKS_ROW = /^[\d_?](?:\s+[\d_?])*$/;
const NUMBERS_ROW = /^(?:[-+]?\d+(?:\.\d+)?|-{2,4})(?:\s+(?:[-+]?\d+(?:\.\d+)?|-{2,4}))+$/;

/** A line of drawing characters: strokes, borders, arrows, boxes. */
function drawingLine(t: string, indented: boolean, markdownTable: boolean): boolean {
  if (/^[-=_*~]+$/.test(t) || (markdownTable && MD_SEPARATOR.test(t))) return false; // a rule or a Markdown table's separator
  if (BLANKS_ROW.test(t) && /\d/.test(t)) return false;
  if (NUMBERS_ROW.test(t) && /\d/.test(t)) return false; // numbers with "--" for a struck or empty cell: data
  const nonSpace = t.replace(/\s+/g, '');
  const draw = (nonSpace.match(DRAW_CHARS) ?? []).length;
  const letters = (nonSpace.match(/[A-Za-z0-9]/g) ?? []).length;
  // Fifteenth session (eighteenth set): an edge written with its weight inside the arrow, one a line ("0 --10--> 3", "1 --(-1)--> 2
  // (negative cycle)"), is an item of a list of edges, not a stroke.
  if (/^\w{1,6}\s+-{1,2}[^\s-][^\s]{0,6}?-{1,2}>\s+\w{1,6}(?:\s+\(.*\))?$/.test(t)) return false;
  // Not a step of a worked example: an arrow, then a value ("----> [1, 1] (3*3=9 points)").
  // Nor a note after an arrow ("minStack.top();  --> Returns 0.").
  if (ARROW.test(t) && draw >= 3 && !/^(?:-{2,}>|={2,}>)\s*[[("'\w]|(?:-{2,}>|={2,}>)\s*[A-Za-z]{4,}/.test(t)) return true;
  // An edge drawn between two labels ("A---B"); fifteenth session: or a path of them ("0---1---2---3").
  if (/^\w{1,3}(?:\s*[-=]{3,}\s*\w{1,3})+$/.test(t)) return true;

  if (indented && /^[|\\/](?:\s+[|\\/])*$/.test(t)) return true; // a lone vertical or slanted stroke under a label
  // A bar of a text bar chart, apart from its label ("Mon ####", "A | ***"); not a power glued to a term ("-940*y**3").
  if (/^\S{1,6}(?:\s+|\s*[|:]\s*)[#*=\u2588]{2,}\s*\d*$/.test(t)) return true;
  // Mostly drawing characters, laid out with spaces (indentation, gaps) or slanted/vertical strokes.
  const laidOut = indented || /\S\s{2,}\S/.test(t) || /[|\\/]/.test(t);
  return draw >= 2 && draw >= 0.6 * nonSpace.length && letters <= Math.max(3, 0.3 * nonSpace.length) && (laidOut || draw >= 6);
}

/** One line drawn on its own (a spring, a long arrow): many drawing characters of several kinds. */
function longDrawing(t: string): boolean {
  const nonSpace = t.replace(/\s+/g, '');
  const draw = nonSpace.match(DRAW_CHARS) ?? [];
  return draw.length >= 12 && new Set(draw).size >= 3 && draw.length >= 0.8 * nonSpace.length && !/^[-=_*~+]+$/.test(nonSpace);
}

/** A line of short labels placed by spacing: tree nodes, grid cells, centred rows of a shape. */
function sparseLine(t: string, indented: boolean): boolean {
  const toks = t.split(/\s+/);
  const drawn = (x: string) => /^[|\\/_\-+=*#<>^~.:o()[\]]+$/.test(x);
  // Any number of one-character cells ("W . . . E . . . C . . ."), at most 12 longer labels.
  const cells = toks.every((x) => x.length === 1);
  if ((toks.length > 12 && !cells) || !toks.every((x) => x.length <= 3 || drawn(x) || /^\[\w{1,4}\]$/.test(x))) return false;
  if (toks.every(drawn)) return true;
  return indented || /\S\s{2,}\S/.test(t) || t.includes('|') || (toks.length >= 3 && cells);
}

// Pseudo-code ("res = 0", "for i = 1 to n", "C = []") and HTML tags ("</td>") are text, not strokes.
// Absolute values in a worked line ("- |4-3|=1") are maths, not strokes.
const ABS = '\\|(?=[^|\\n]{0,20}\\w)(?![^|\\n]{0,20}\\s\\s)[^|\\n]{1,20}\\|';
const ABS_MATH = new RegExp(`${ABS}\\s*[=<>]|[=<>]\\s*${ABS}`);
// Fourteenth session: a match arm ("| [] => []", "| (x :: xs) =>": Lean, OCaml, Haskell) is code too.
const CODE_LINE = /^[A-Za-z_]\w*(?:\[[^\]]*\])?\s*[-+*/]?=\s*\S|^(?:for|if|while|return|print|else|end|do)\b|^<\/?[a-z]+\b[^<>]*>$|^\|\s[^|]*\s=>(?:\s|$)/;

// A list item: a bullet, then a word, a value or a literal ("* [1, 0] -> [1, 0]", "- Yes"); wiki list and indent
// markup ("::::*   1,3", "#*   sin", ":::   $A_0$"). Not a row of "*" marks ("* * *"): a mark follows the bullet.
// A signed number after the bullet too ("- -4 - 0 = -4": a worked subtraction).
// Fourteenth session: a dash bullet, then one or two short symbols alone ("- #", "- //", "- /* */": quiz options).
const LIST_ITEM = /^(?:[*\u2022-]\s+(?=[\w[({'"`$\\!]|[-+\u2212]\d)|[:;]+\*?(?:\s|$)|#[*:]+(?:\s|$)|-\s+[^\s\w]{1,3}(?:\s+[^\s\w]{1,3})?$)/;
// A bracket string, then its verdict after a gap ("[][]      OK", "][    NOT OK"): a list of strings.
const VERDICT = /^[()[\]{}]+\s{2,}[A-Za-z][A-Za-z ]*$/;
// "...", "…", "⋮": something left out, not a row of cells.
const ELISION = /^(?:\.{3}|…|⋮)$/;
// LaTeX in a line; "\\" counts only as a line break after text ("a & b \\"), not in strokes ("/ \\___", "/ \\").
const latexLine = (t: string) => LATEX_CMD.test(t.includes('\\\\') ? t.replace(/\\\\(?!\s*$)/g, '  ').replace(/^([^A-Za-z0-9]*)\\\\\s*$/, '$1  ') : t);

function classify(line: string, markdownTable: boolean): LineKind {
  const t = line.trim();
  const cells = SPACED_CELLS.test(t) && !t.includes('\\');
  if (!t || LIST_ITEM.test(t) || ELISION.test(t) || VERDICT.test(t)) return 'text';
  if ((!cells && latexLine(t)) || (markdownTable && /^\|.*\|$/.test(t)) || CODE_LINE.test(t) || ABS_MATH.test(t) || esolangLine(t) || dataLine(t)) return 'text';
  // "-  \"(())\"." and "Input: \"(()())\"" too: a value after a bullet or a label.
  if (!LABEL_BORDER.test(t) && isSequence(t.replace(/^[-\u2022]\s+|^[A-Z][a-z]+\s*[:=]\s*/, '').replace(/["'.,;\s]+$|^["']/g, ''))) return 'text';
  const indented = /^\s{2,}\S/.test(line);
  if (drawingLine(t, indented, markdownTable)) return 'draw';
  return sparseLine(t, indented) ? 'sparse' : 'text';
}

/** Cells of a row drawn as "| 4 | 2 | 8 |" (no Markdown separator row): 0 when the line is not one. */
function pipeRow(line: string): number {
  const t = line.trim();
  if (t.length > 400 || !/^\|(?:[^|]{1,5}\|){2,}$/.test(t)) return 0;
  return t.split('|').length - 2;
}

function gridRow(line: string): number {
  const toks = line.trim().split(/\s+/);
  if (toks.length < 2 || !toks.every((x) => /^[.#*xXoO0-9_?@A-Z]$/.test(x))) return 0;
  if (/^[?!]$/.test(toks[0]) && toks.slice(1).every((x) => /^\d$/.test(x))) return 0; // an interactive query "? 1 3 2"
  return toks.length;
}

/**
 * ASCII art: box-drawing characters, tables bordered with "+---+", and blocks of consecutive layout lines
 * (drawing lines, or short labels placed by spacing) that hold two drawing lines, or three lines with one,
 * or that form a character grid or a centred shape.
 */
export function asciiArtHits(question: string): FormatHit[] {
  const text = plainText(question);
  const { lines, fenced } = fencedLines(text);
  // Box-drawing characters on two lines or more outside prose: a drawing. One line of them is a rule under a
  // header, or a dash or arrow in a sentence ("A+B ─── a classic problem", "0 s ──► 100 s").
  // Thirteenth session: a line of horizontal box characters alone ("──────" between an answer's sections) is a rule,
  // and a geometric bullet before words ("▸ Character Analysis:") is a list item: neither draws.
  // Fifteenth session: a tree's branch line ("├── Jacob → Bruce", "│   └─ Ann") draws whatever names follow it; a "│"
  // between two letters is a "given" bar ("P(G│A)"), not a line of a drawing; and "└──" steps alone, one name a line,
  // are a chain read in order (a path with no branch), not a tree.
  const boxLines = lines.filter((l) => BOX_DRAWING.test(l) && (TREE_BRANCH.test(l) || (l.match(/[a-z]{3,}/g) ?? []).length < 4) && !BOX_RULE.test(l) && !isBoxBullet(l) && !isRedaction(l) && !isGivenBar(l));
  if (boxLines.length >= 2 && !boxLines.every((l) => /^\s*\u2514\u2500+\s*[^\s\u2500-\u257F]/.test(l) && !/[\u2500-\u257F]/.test(l.replace(/^\s*\u2514\u2500+/, '')))) {
    const at = text.indexOf(boxLines[0]);
    return [{ label: 'ascii-art', pattern: 'box drawing', span: text.slice(Math.max(0, at - 40), at + 80) }];
  }
  // A Markdown table has one separator, under its header; separators between every two rows draw a grid.
  const separators = lines.flatMap((l, i) => (MD_SEPARATOR.test(l) ? [i] : []));
  const markdownTable = separators.length > 0 && !separators.some((s, k) => k > 0 && s - separators[k - 1] === 2);
  const kinds: LineKind[] = [];
  const code: boolean[] = []; // the line is in a code fence, [asy] or display maths
  let skip = false; // inside [asy] ... [/asy] or display maths: code and LaTeX, not art
  let dollars = 0;
  let wiki = 0; // depth of wiki table markup ("{|" ... "|}"): markup, read as text like a Markdown table
  for (const [n, line] of lines.entries()) {
    code.push(true);
    if (fenced[n]) { kinds.push('text'); continue; } // code in a fence (an untagged fence with no code is read)
    if (/^\s*:*\{\|/.test(line)) wiki++;
    if (wiki > 0) { kinds.push('text'); if (/^\s*\|\}/.test(line)) wiki--; continue; }
    // Inside inline maths opened on an earlier line ("$|a| + \n |b|$"): LaTeX, not art.
    if (!line.trim() || line.trim() === '[…]') dollars = 0; // inline maths never spans a paragraph (or a cut)
    const inMath = dollars % 2 === 1;
    // A run of three "$" or more is shading or a fill ("$$$$$$"), not maths (thirteenth session).
    if (!SPACED_CELLS.test(line.trim())) dollars += (line.replace(/\\\$/g, '').replace(/\${3,}/g, '').match(/\$/g) ?? []).length;
    if (inMath) { kinds.push('text'); continue; }
    // Display maths opens with "$$", not with a run of "$" shading a drawing (thirteenth session).
    if (/\[asy\]|\\begin\{|^\s*\$\$(?!\$)|^\s*\\\[/.test(line)) skip = true;
    code[code.length - 1] = inMath || skip;
    kinds.push(skip ? 'text' : classify(line, markdownTable));
    if (/\[\/asy\]|\\end\{|(?<!\$)\$\$\s*$|\\\]/.test(line)) skip = false;
  }
  // Tables of records read as text (the labelling rule, test/fixtures/curate/NOTICE.md): their lines are no layout.
  for (const [a, b] of recordTables(lines)) for (let k = a; k < b; k++) { kinds[k] = 'text'; code[k] = true; }
  // A node label alone on its line ("1", "2   3") above or under a line of slanted strokes is part of a tree.
  for (let i = 0; i < lines.length; i++) {
    if (kinds[i] !== 'draw' || !/^[\s/\\|]*[/\\][\s/\\|]*$/.test(lines[i])) continue;
    for (const k of [i - 1, i + 1]) {
      const t = lines[k]?.trim().replace(/^[A-Z][a-z]+:\s+/, '') ?? ''; // "Input:     1         1"
      if (kinds[k] === 'text' && !code[k] && t && t.split(/\s+/).every((x) => /^[\w#()-]{1,6}$/.test(x)) && t.split(/\s+/).length <= 8) kinds[k] = 'sparse';
    }
  }
  for (const [pattern, found] of [['branch tree', branchTree], ['column sum', columnSum], ['symbol grid', symbolGrid], ['constraint grid', constraintGrid], ['marks under a line', marksUnder]] as const) {
    const span = found(lines, code);
    if (span) return [{ label: 'ascii-art', pattern, span }];
  }
  const layout = LAYOUT_WORD.test(text);
  const gridWord = GRID_WORD.test(text);
  const twoRows = TWO_ROWS.test(text);
  const spaced = spacedCellGrid(lines, code, gridWord, twoRows);
  if (spaced) return [{ label: 'ascii-art', pattern: 'spaced cell grid', span: spaced }];
  const lattice = latticeLetters(lines, code);
  if (lattice) return [{ label: 'ascii-art', pattern: 'letter lattice', span: lattice }];
  const figures = sideBySide(lines, code);
  if (figures) return [{ label: 'ascii-art', pattern: 'figures side by side', span: figures }];
  const tokens = tokenGrid(lines, code, gridWord);
  if (tokens) return [{ label: 'ascii-art', pattern: 'token grid', span: tokens }];
  const headed = markdownTable ? null : headedColumns(lines, code);
  if (headed) return [{ label: 'ascii-art', pattern: 'headed grid', span: headed }];
  // A grid ruled with "-----+-----" under or over a row split by "|" at that column: a board ("X | O | X") or a grid
  // with a blank corner cell, indexed by a row and a column header (a Punnett square). A ruled table of records under
  // field names ("Value | Meaning") reads as text.
  const cellsOf = (l: string | undefined) => (l ?? '').split('|').map((c) => c.trim());
  for (let i = 0; i < lines.length; i++) {
    const plus = code[i] || !/^\s*-{2,}(?:\+-{2,})+\s*$/.test(lines[i]) ? -1 : lines[i].indexOf('+');
    const board = [lines[i - 1], lines[i + 1]].every((l) => l?.includes('|') && cellsOf(l).every((c) => c.length <= 1));
    if (plus >= 0 && (board || (cellsOf(lines[i - 1])[0] === '' && cellsOf(lines[i - 1]).length >= 3)) && [lines[i - 1], lines[i + 1]].some((l) => l?.[plus] === '|')) {
      return [{ label: 'ascii-art', pattern: 'ruled table', span: lines.slice(Math.max(0, i - 1), i + 2).join('\n') }];
    }
  }
  for (let i = 0; i < lines.length; i++) {
    if (kinds[i] !== 'text' && BORDER_ROW.test(lines[i]) && lines.slice(i + 1, i + 3).some((l) => /^\s*\|.*\|\s*$/.test(l))) {
      return [{ label: 'ascii-art', pattern: 'bordered table', span: lines.slice(i, i + 3).join('\n') }];
    }
  }
  // Rows of cells drawn with pipes, two or more of the same width, outside a Markdown table.
  if (!markdownTable) {
    for (let i = 1; i < lines.length; i++) {
      const n = !code[i] && !code[i - 1] && !LATEX_CMD.test(lines[i]) ? pipeRow(lines[i]) : 0;
      if (n >= 2 && pipeRow(lines[i - 1]) === n) return [{ label: 'ascii-art', pattern: 'pipe grid', span: lines.slice(i - 1, i + 2).join('\n') }];
    }
  }
  // Rows of cells without spaces (a maze, a board): consecutive lines of the same width outside code and maths.
  const sizes = sizesInText(text);
  const noted = lines.map((l) => rowWithoutNote(l).trim()); // "XXX___eX  (row 1)": the row without its note
  const row = (k: number) => noted[k];
  for (let i = 0; i < lines.length;) {
    let j = i;
    while (j < lines.length && !code[j] && CELL_ROW.test(row(j)) && row(j).length === row(i).length) j++;
    const rows = lines.slice(i, j).map((_, k) => row(i + k));
    const sized = j - i >= 2 && (sizedAbove(lines, i, rows[0].length, j - i, twoRows) || sizes.has(`${j - i}×${rows[0].length}`));
    // Fourteenth session: file patterns ("*.pyc", "*.aux"), closing tags ("</div>"; sixteenth session: "<br/>" too) and regular expressions ("/\b\w+\b/g")
    // one a line are lists of strings, not rows of cells.
    const strings = rows.every((r) => /^[*!][\w-]*\.[A-Za-z0-9]{1,5}$|^[\w-]{2,}\.[A-Za-z]{2,5}$/.test(r)) || rows.every((r) => /^<\/?[a-z][\w-]*\s*\/?>$/.test(r)) || rows.some((r) => /\\[bwdsBWDS]/.test(r));
    if (j - i >= 2 && !strings && cellGrid(rows, sized && (layout || rows.every((r) => /^[.#*]+$/.test(r))), layout)) {
      return [{ label: 'ascii-art', pattern: 'cell grid', span: lines.slice(i, Math.min(j, i + 4)).join('\n') }];
    }
    i = Math.max(j, i + 1);
  }
  // A field walled by one character, whatever its cells ("$$$$$", "$~~4$", "$$$$$"): a map. Its frame is no
  // LaTeX, so "$" cells do not make it maths; code in a fence still does not count.
  for (let i = 0; i < lines.length;) {
    let j = i;
    const w = row(i).length;
    while (j < lines.length && !fenced[j] && /^\S+$/.test(row(j)) && row(j).length === w) j++;
    if (j - i >= 3 && walledField(lines.slice(i, j).map((_, k) => row(i + k)))) {
      return [{ label: 'ascii-art', pattern: 'walled field', span: lines.slice(i, Math.min(j, i + 4)).join('\n') }];
    }
    i = Math.max(j, i + 1);
  }
  // Rows of letter cells ("WBBW", "RRGGB", "xooox") from a few letters, in a text that speaks of a grid or board:
  // without that word the same rows are a list of strings.
  if (layout) {
    const letterMatrix = LETTER_MATRIX.test(text);
    for (let i = 0; i < lines.length;) {
      let j = i;
      const w = lines[i].trim().length;
      while (j < lines.length && !code[j] && LETTER_ROW.test(lines[j].trim()) && lines[j].trim().length === w) j++;
      const sized = sizedAbove(lines, i, w, j - i, twoRows) || (j - i >= 3 && i > 0 && GRID_HEADING.test(lines[i - 1].trim())) || sizes.has(`${j - i}×${w}`);
      const few = new Set(lines.slice(i, j).join('').replace(/\s/g, '')).size <= 5;
      // Pieces lettered on a board with "." for empty cells ("G.JBB.", "HAAK.L": Rush Hour): a dot on most rows.
      const dotted = j - i >= 3 && w >= 3 && lines.slice(i, j).filter((l) => l.includes('.')).length * 2 > j - i;
      // Any letters, three rows or more, where the text calls them a square or matrix of letters ("cba", "daf",
      // "ghi" in "an N by M 2D matrix of lowercase letters"). A heading alone ("the following table:") is not enough:
      // Codeforces' "table consisting of lower case letters" lists its rows as strings.
      if (j - i >= 3 && w >= 3 && letterMatrix) return [{ label: 'ascii-art', pattern: 'letter grid', span: lines.slice(i, Math.min(j, i + 4)).join('\n') }];
      // Any letters ("abc", "def": one letter a cell) where the size line and the word "grid" both say so.
      if ((j - i >= 3 ? sized || gridWord : j - i === 2 && sized) && (few || dotted || (sized && gridWord))) {
        return [{ label: 'ascii-art', pattern: 'letter grid', span: lines.slice(i, Math.min(j, i + 4)).join('\n') }];
      }
      i = Math.max(j, i + 1);
    }
  }
  // Rows of letters and digits ("01W345", "729AB6") exactly as high and wide as the text says its box or grid is.
  if (layout && sizes.size) {
    for (let i = 0; i < lines.length;) {
      let j = i;
      const w = lines[i].trim().length;
      while (j < lines.length && !code[j] && /^[A-Za-z0-9.#*?]{2,80}$/.test(lines[j].trim()) && lines[j].trim().length === w) j++;
      const block = lines.slice(i, j).join('');
      if (j - i >= 2 && sizes.has(`${j - i}×${w}`) && /[A-Za-z]/.test(block) && /[0-9.#*?]/.test(block)) {
        return [{ label: 'ascii-art', pattern: 'letter grid', span: lines.slice(i, Math.min(j, i + 4)).join('\n') }];
      }
      i = Math.max(j, i + 1);
    }
  }
  for (let i = 0; i < lines.length;) {
    let j = i;
    while (j < lines.length && !code[j] && SPREAD_ROW.test(lines[j].trim())) j++;
    if (glyphRows(lines.slice(i, j))) return [{ label: 'ascii-art', pattern: 'big letters', span: lines.slice(i, i + 4).join('\n') }];
    i = Math.max(j, i + 1);
  }
  const shape = fillShape(lines, code);
  if (shape) return [{ label: 'ascii-art', pattern: 'filled shape', span: shape }];
  const shaded = shadedBlock(lines, code);
  if (shaded) return [{ label: 'ascii-art', pattern: 'shaded drawing', span: shaded }];
  const dots = brailleBlock(lines, code);
  if (dots) return [{ label: 'ascii-art', pattern: 'braille drawing', span: dots }];
  const stairs = staircase(lines, code);
  if (stairs) return [{ label: 'ascii-art', pattern: 'triangle of marks', span: stairs }];
  const matrix = bracketMatrix(lines, code);
  if (matrix) return [{ label: 'ascii-art', pattern: 'bracket matrix', span: matrix }];
  for (let i = 0; i < lines.length; i++) {
    if (kinds[i] === 'draw' && longDrawing(lines[i].trim()) && !inStringList(lines, i)) return [{ label: 'ascii-art', pattern: 'drawn line', span: lines[i] }];
  }
  for (let i = 0; i < lines.length;) {
    if (kinds[i] === 'text') { i++; continue; }
    let j = i;
    while (j < lines.length && kinds[j] !== 'text') j++;
    const block = lines.slice(i, j);
    const draws = kinds.slice(i, j).filter((k) => k === 'draw').length;
    const span = block.slice(0, 4).join('\n');
    let consecutive = false;
    for (let k = i + 1; k < j; k++) if (kinds[k] === 'draw' && kinds[k - 1] === 'draw') consecutive = true;
    // Strings of different lengths, each one word without spaces or indentation ("--+-", "+++", "^___^", "<><=<"),
    // are data; a drawing's rows line up, or are placed by spaces.
    // Indented alike under a count ("  2", "  **Q**", "  *A*"): still a list.
    const words = block.map((l) => l.replace(/^-\s+/, '').trimEnd());
    const stairs = words.every((l, k) => k === 0 || l.startsWith(words[k - 1]) || words[k - 1].startsWith(l)); // "[]", "[][]"
    const signs = !stairs && stringList(words);
    if (!signs && (consecutive || draws >= 2 || (block.length >= 3 && draws >= 1))) return [{ label: 'ascii-art', pattern: 'diagram lines', span }];
    const grid = block.map(gridRow);
    for (let k = 2; k < grid.length; k++) {
      const [a, b, c] = [grid[k - 2], grid[k - 1], grid[k]];
      // Not a matrix of numbers, 0/1 included: cells drawn with symbols or letters.
      // A mark only in the last column ("3 1 2 3 o": a verdict after numbers) is data too.
      const rows3 = block.slice(k - 2, k + 1);
      // Digits with blanks ("4 _ _ 3", "1 ? 2", "1 . 1"): a matrix of numbers with unknowns, data like any digits matrix.
      const blanks = rows3.every((l) => /^[\d_?.](?:\s+[\d_?.])*$/.test(l.trim()));
      const drawn = !blanks && rows3.some((l) => /[.#*xXoO_?@]/.test(l.trim().split(/\s+/).slice(0, -1).join(' ')));
      if (drawn && a && b && c && Math.max(a, b, c) >= 3 && Math.abs(a - b) <= 1 && Math.abs(b - c) <= 1) {
        return [{ label: 'ascii-art', pattern: 'character grid', span }];
      }
    }
    // Fourteenth session: four rows or more of spaced capital letters, four to seven a row, with nine different letters
    // or more (a crossword's grid "T A S K S / M O T O R / ..."): a board of letter cells whose columns read as words.
    // Rows a cell or three shorter or longer are kept (a grid written by hand); cube moves ("R U F") use six letters.
    for (let k = 0; k < block.length; k++) {
      let m = k;
      while (m < block.length && /^[A-Z](?: [A-Z]){3,6}$/.test(block[m].trim())) m++;
      if (m - k >= 4) {
        const run = block.slice(k, m).map((l) => l.trim());
        const widths = run.map((l) => (l.length + 1) / 2);
        const spread = widths.reduce((x, w) => Math.max(x, w), 0) - widths.reduce((x, w) => Math.min(x, w), 99);
        if (spread <= 3 && new Set(run.join('').replace(/ /g, '')).size >= 9) {
          return [{ label: 'ascii-art', pattern: 'letter grid', span: run.slice(0, 4).join('\n') }];
        }
      }
      k = m;
    }
    const indents = new Set(block.map((l) => l.length - l.trimStart().length));
    // A rule line among the rows is a table's (a header over values), not part of a centred shape.
    const ruled = block.some((l) => /^\s*[-=_]{4,}\s*$/.test(l));
    if (block.length >= 3 && indents.size >= 3 && !ruled) return [{ label: 'ascii-art', pattern: 'centred shape', span }];
    // Labels placed by spacing: wide gaps inside lines or deep indentation on three lines or more, two of them with
    // gaps inside (indentation alone is a list: "(a,b,c)", "2 -> ABC"). Numbers alone are a matrix or a list of
    // numbers (data), whatever their spacing.
    const spaced = block.filter((l) => /\S\s{3,}\S/.test(l.trim()) || /^\s{4,}\S/.test(l)).length;
    const gaps = block.filter((l) => /\S\s{3,}\S/.test(l.trim())).length;
    const numbers = block.every((l) => /^[\s\d.,+\-−[\]()]*$/.test(l)) && columnsAligned(block);
    if (block.length >= 3 && spaced >= 3 && gaps >= 2 && !numbers && !ruled) return [{ label: 'ascii-art', pattern: 'spaced layout', span }];
    i = j;
  }
  const tree = treeEdges(lines);
  if (tree) return [{ label: 'ascii-art', pattern: 'tree edges', span: tree }];
  const chains = joinedChains(lines);
  if (chains) return [{ label: 'ascii-art', pattern: 'joined chains', span: chains }];
  // Sixteenth session (nineteenth set): a row of boxes side by side ("+-----+ +-----+" over "|Msg A| |Msg B|").
  for (let i = 0; i < lines.length - 2; i++) {
    if (!code[i] && BOXES_ROW.test(lines[i]) && /^\s*\|.*\|\s*$/.test(lines[i + 1]) && BOXES_ROW.test(lines[i + 2])) {
      return [{ label: 'ascii-art', pattern: 'boxes side by side', span: lines.slice(i, i + 3).join('\n') }];
    }
  }
  const commented = commentDrawing(lines, fenced);
  if (commented) return [{ label: 'ascii-art', pattern: 'drawing in comments', span: commented }];
  return [];
}

// Sixteenth session (nineteenth set): a drawing in the "//" comments of code in a fence ("// a ----> b" over
// "// ^       |", "// +-------+" rows of a zone grid): three comment lines or more in a row, their "//" in one
// column, whose bodies read as a drawing on their own. The code around them stays code.
function commentDrawing(lines: string[], fenced: boolean[]): string | null {
  for (let i = 0; i < lines.length;) {
    const at = fenced[i] ? lines[i].search(/\/\/(?!\/)/) : -1;
    if (at < 0 || lines[i].slice(0, at).trim()) { i++; continue; }
    let j = i;
    while (j < lines.length && fenced[j] && lines[j].search(/\/\/(?!\/)/) === at && !lines[j].slice(0, at).trim()) j++;
    const bodies = lines.slice(i, j).map((l) => l.slice(at + 2));
    if (j - i >= 3 && !bodies.some((b) => b.includes('```')) && asciiArtHits(bodies.join('\n')).length > 0) return lines.slice(i, Math.min(j, i + 4)).join('\n');
    i = j;
  }
  return null;
}

/** Every formatting hit of a question, s1's patterns first. */
export function formattingHits(question: string, source: string | null, opts: { s1Patterns?: boolean; asciiArt?: boolean; imageReferences?: boolean } = {}): FormatHit[] {
  const hits = opts.s1Patterns === false ? [] : s1FormattingHits(question, source);
  const art = opts.asciiArt === false ? [] : asciiArtHits(question);
  hits.push(...art);
  if (opts.imageReferences !== false) hits.push(...imageReferenceHits(question, art[0] ?? null));
  return hits;
}

export function formattingDetector(opts: { s1Patterns?: boolean; asciiArt?: boolean; imageReferences?: boolean } = {}): Detector {
  return {
    name: 'formatting',
    labels: ['formatting', 'image-reference', 'ascii-art'],
    detect(s: PoolSample): Finding[] {
      const byLabel = new Map<string, FormatHit>();
      for (const h of formattingHits(s.question, s.source, opts)) if (!byLabel.has(h.label)) byLabel.set(h.label, h);
      return [...byLabel.values()].map((h) => ({ sampleId: s.id, label: h.label, evidence: { pattern: h.pattern, span: h.span } }));
    },
  };
}
