// Layouts for the ASCII-art detector (formatting.ts) that its line classes do not see: a sum written in columns,
// a grid of pictographs, a puzzle grid with constraint marks between its cells, marks placed under a line; and one
// kind of line that looks drawn but is code (an esolang listing). Digits with blanks stay data (ascii-grid.ts).

/** A Brainfuck-style listing: only the eight command characters, with a loop, moves and runs of increments. */
export function esolangLine(t: string): boolean {
  return t.length >= 12 && /^[<>+\-.,[\]]+$/.test(t) && /\[[^\]]*\]/.test(t) && /[<>]/.test(t) && /[+-]{2}/.test(t);
}

// An operand of a written sum: capitals or digits, packed ("IKPLO") or spaced ("S E N D"), with an operator before
// or after it ("+ IKPLO", "M O R E +").
const OPERAND = /^([-+*×]\s+)?([A-Z0-9]+|[A-Z0-9](?: [A-Z0-9])+)(\s+[-+*×])?$/;
const RULE = /^[-=_]{3,}$/;

/**
 * A sum or product written in columns: two operands or more over a rule line, the result under it, all ending in
 * one column ("    FOM" / "+ IKPLO" / "-------" / "  IKIZL"). The digits' or letters' places carry the sum.
 */
export function columnSum(lines: string[], code: boolean[]): string | null {
  for (let r = 2; r + 1 < lines.length; r++) {
    if (code[r] || !RULE.test(lines[r].trim())) continue;
    const result = OPERAND.exec(lines[r + 1].trim());
    if (!result || result[1] || result[3]) continue;
    const end = lines[r + 1].trimEnd().length;
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
    if (r - 1 - k >= 2 && operator) return lines.slice(k + 1, r + 2).join('\n');
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
  for (let i = 1; i < lines.length; i++) {
    const t = lines[i].trim();
    if (code[i] || !/^[↑^](?:\s*[↑^])*(?:\s+\([^()]*\))?$/.test(t)) continue; // "↑ ↑  (double these)" too
    const above = lines[i - 1];
    // Under a string or numbers, not under a sentence ("... we get the name:" over a name "^^").
    if (!above.trim() || /^[\s↑^]*$/.test(above) || (above.match(/[A-Za-z]{3,}/g) ?? []).length >= 4) continue;
    // Placed by spaces (indented, or marks spaced apart) and under the line above (not past its end).
    const marks = lines[i].replace(/\s+\([^()]*\)\s*$/, '').trimEnd();
    if ((/^\s/.test(lines[i]) || /\s/.test(marks.trim())) && marks.length <= above.trimEnd().length + 1) return `${above}\n${lines[i]}`;
  }
  return null;
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
