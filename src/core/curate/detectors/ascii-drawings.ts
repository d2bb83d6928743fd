// Drawings the ASCII-art detector (formatting.ts) reads that are not grids of cells (ascii-grid.ts) or layouts of
// labels (ascii-layouts.ts): pictures shaded with one mark or drawn in Braille dots, trees drawn with edge lines, and
// chains of names joined in a column. Each returns the span it found (the evidence), or null.

// A row of one-character cells spaced out ("+ $ + X @ +"): a "$" among them is a cell, not maths.
export const SPACED_CELLS = /^\S(?:[ \t]+\S){3,}$/;

// Braille pattern characters (U+2800-28FF) used as pixels: rows of dots, blank cells as U+2800.
const BRAILLE = /[\u2800-\u28FF]/g;

// Shading marks of a drawing filled with one character ("$$$$$$", ".8888:888.", ";;;;'  ';;;;", ",'``,."): no digit but 8.
// Rows of a list literal or of quoted strings ("[\".\",\"9\"],", "-  \"(())\";") are data, not shading.
const SHADE = /[$8@%&;:.,'`"~\-_/\\|()*#^]/g;

/**
 * Four rows or more drawn almost wholly in shading marks (a picture filled with "$", "8" or ";", or curves of "," "'"
 * "`"), with no word among them and more than a rule line's worth of marks (thirteenth session).
 */
export function shadedBlock(lines: string[], code: boolean[]): string | null {
  const row = (k: number) => {
    const t = lines[k].trim();
    const marks = t.replace(/\s+/g, '');
    if (code[k] || marks.length < 3 || /[a-z]{3}/i.test(t) || /^[-=_*~#+|:\s]+$/.test(t) || SPACED_CELLS.test(t) || /[[\]]|",|^[-"]\s*"?[("]/.test(t)) return false; // not a rule, spaced cells, a list literal or quoted strings
    return (marks.match(SHADE) ?? []).length >= 0.8 * marks.length;
  };
  for (let i = 0; i < lines.length; i++) {
    let j = i;
    while (j < lines.length && row(j)) j++;
    const block = lines.slice(i, j);
    const marks = block.join('').replace(/\s+/g, '');
    // A run of one mark (a filled area) or marks of four kinds or more (curves and outlines).
    if (block.length >= 4 && marks.length >= 40 && (/([$8@%&;#])\1{3}/.test(block.join('\n')) || new Set(marks).size >= 4)) return block.slice(0, 4).join('\n');
    i = j;
  }
  return null;
}

/** Three rows or more drawn almost wholly in Braille dots (a picture, not Braille writing among words). */
export function brailleBlock(lines: string[], code: boolean[]): string | null {
  const row = (k: number) => {
    const t = lines[k].replace(/\s+/g, '');
    const n = (t.match(BRAILLE) ?? []).length;
    return !code[k] && n >= 6 && n >= 0.8 * t.length;
  };
  for (let i = 0; i < lines.length; i++) {
    let j = i;
    while (j < lines.length && row(j)) j++;
    if (j - i >= 3) return lines.slice(i, Math.min(j, i + 4)).join('\n');
    i = j;
  }
  return null;
}


/**
 * Fourteenth session: a tree drawn with lines of edges between lines of nodes ("[Root]", then "/    \", then
 * "[x >= 0.5]   [x < 0.5]"; "banana(6)" over "/      \"): two lines or more of strokes alone ("/", "\", "|"), one of
 * them a fork ("/" then "\"), each within three lines of the next; the nodes between may be words, brackets or
 * comparisons.
 * Fifteenth session: blank lines between the rows of a tree (a model that double-spaces every line) do not count
 * in that distance; and one fork alone is a tree when a single node stands over it and two nodes stand under its
 * two strokes ("Roger" over "/     \\" over "Randy    Willie").
 */
export function treeEdges(lines: string[]): string | null {
  const edge = lines.map((l) => /^\s*[/\\|](?:\s+[/\\|])*\s*$/.test(l));
  // Fifteenth session (eighteenth set): a join ("\\   /": two nodes over one, a family tree's two lines meeting) counts as a fork.
  const fork = (l: string) => /\/\s+\\|\\\s+\//.test(l);
  for (let k = 0; k < lines.length; k++) {
    if (!edge[k]) continue;
    let last = k, count = 1, forks = fork(lines[k]) ? 1 : 0, between = 0; // non-blank lines since the last edge
    for (let m = k + 1; m < lines.length && between <= 2; m++) {
      if (edge[m]) { last = m; count++; between = 0; if (fork(lines[m])) forks++; } else if (lines[m].trim()) between++;
    }
    if (count >= 2 && forks >= 1) return lines.slice(Math.max(0, k - 1), last + 2).slice(0, 5).join('\n');
    k = last;
  }
  for (let k = 1; k < lines.length - 1; k++) {
    const m = /^(\s*)\/(\s+)\\\s*$/.exec(lines[k]);
    if (!m) continue;
    const left = m[1].length, right = left + 1 + m[2].length;
    const over = lines[k - 1].trim(), under = lines[k + 1];
    const starts = [...under.matchAll(/\S+/g)].map((t) => t.index);
    const node = /^\**[A-Za-z][\w'.()-]*\**$/;
    if (node.test(over) && starts.length >= 2 && under.trim().split(/\s{2,}/).length >= 2
      && starts.some((x) => Math.abs(x - left) <= 4) && starts.some((x) => x > left + 1 && Math.abs(x - right) <= 4)) {
      return lines.slice(k - 1, k + 2).join('\n');
    }
  }
  return null;
}

// A chain of names with arrows between them ("Jacob -> Betty -> Brian", "A → B").
const CHAIN = /^\s*\**[\w'.()-]+\**(?:\s*(?:-{1,2}>|=>|<-{1,2}|\u2192|\u2190|\s>|\s<)\s*\**[\w'.()-]+\**)+\s*$/;

/**
 * Fifteenth session: chains of names ("Jacob -> Betty -> Brian") joined by a connector set in a column ("|", "v",
 * "^", "\\", "↓", "↑" alone on its line, one or two such lines): the connector leaves from the name above it, so its
 * column carries the meaning. The line above or below is a chain with an arrow; both neighbours reach the column.
 */
export function joinedChains(lines: string[]): string | null {
  const connector = (l: string | undefined) => l !== undefined && /^\s*[|v^\\/\u2193\u2191\u2502]\s*$/.test(l);
  const reaches = (l: string, c: number) => c >= l.length - l.trimStart().length - 3 && c <= l.trimEnd().length + 2;
  for (let k = 1; k < lines.length - 1; k++) {
    if (!connector(lines[k])) continue;
    const end = connector(lines[k + 1]) ? k + 1 : k;
    const above = lines[k - 1], below = lines[end + 1];
    if (below === undefined || !above.trim() || !below.trim()) { k = end; continue; }
    const c = lines[k].search(/\S/);
    if ((CHAIN.test(above) || CHAIN.test(below)) && /[-=<>\u2192\u2190]/.test(above + below) && reaches(above, c) && reaches(below, c)) {
      return lines.slice(k - 1, end + 2).join('\n');
    }
    k = end;
  }
  return null;
}
