// Generic layout statistics of a text, for a learned ASCII-art classifier (bench/artclf.mjs trains and scores one
// leave-one-repository-out on the labelled formatting-*.jsonl sets). Not wired into the detector: the rules in
// formatting.ts decide what is flagged. These features read no rule of the detector (no hit, pattern or word list of
// it): they are measures of where characters sit — the share of symbols, whether symbols stand under each other in
// consecutive lines, rows of one-character cells, box and line-drawing characters, line-length spread, indentation,
// Markdown tables, code fences, LaTeX — computed per segment (a run of consecutive non-prose lines, one blank line
// allowed inside) and for the text as a whole. A measurement, kept in bench/ because it did not meet the goal: leave
// one repository out, P 0.950, R 0.445 (bench/README.md); `--write FILE` of bench/artclf.mjs saves a trained model.
//
// Bounded work on untrusted text: at most MAX_CHARS characters are read, at most MAX_LINES lines, and each line is
// cut to MAX_LINE_CHARS code points; every statistic is one pass over those lines (the vertical ones compare each
// line with the next), so the cost is linear in the characters read.

export const MAX_CHARS = 60_000;
export const MAX_LINES = 1_500;
export const MAX_LINE_CHARS = 240;

/** Names of the features, in the order of the vector `asciiFeatures` returns. */
export const FEATURE_NAMES = [
  // the best segment (the one with the highest layout score, below)
  'seg.lines', 'seg.symbolShare', 'seg.letterShare', 'seg.digitShare', 'seg.boxShare', 'seg.brailleShare',
  'seg.strokeShare', 'seg.cellLineShare', 'seg.oneCharTokenShare', 'seg.symbolUnderSymbol', 'seg.sameSymbolUnder',
  'seg.verticalRuns', 'seg.nonSpaceOverlap', 'seg.lengthCV', 'seg.equalLengthShare', 'seg.indentKinds',
  'seg.indentedShare', 'seg.meanIndent', 'seg.ruleLineShare', 'seg.cornerShare', 'seg.wideGapShare', 'seg.gapsPerLine',
  'seg.distinctPerLine', 'seg.repeatRunShare', 'seg.mdTableShare', 'seg.latexShare', 'seg.codeShare',
  'seg.numberRowShare', 'seg.listLiteralShare', 'seg.bulletShare', 'seg.inFenceShare', 'seg.wordsPerLine',
  'seg.meanLength', 'seg.density', 'seg.arrowShare', 'seg.upperShare',
  // added in v2 (after v1's leave-one-repository-out errors were read: see bench/README.md)
  'seg.denseRowShare', 'seg.strokeLineShare', 'seg.longestEqualRun', 'seg.nodeRowShare', 'seg.diagonalShare',
  'seg.score',
  // maxima over every segment of two lines or more
  'max.lines', 'max.cellLineShare', 'max.verticalRuns', 'max.sameSymbolUnder', 'max.symbolLines', 'max.score',
  'max.denseRowShare', 'max.strokeLineShare', 'max.longestEqualRun',
  'segments',
  // the whole text
  'text.lines', 'text.nonProseShare', 'text.fences', 'text.taggedFences', 'text.mdTableLines', 'text.latexMarks',
  'text.dollarShare', 'text.boxChars', 'text.proseLines', 'text.wordsPerLine',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

interface Line {
  cps: string[]; // code points, cut to MAX_LINE_CHARS, trailing spaces removed
  indent: number;
  nonSpace: number;
  letters: number;
  upper: number;
  digits: number;
  symbols: number; // neither letter, digit nor space
  box: number; // box drawing, block elements, geometric shapes
  braille: number;
  strokes: number; // / \ |
  arrows: number;
  words: number; // runs of two letters or more
  tokens: number;
  oneCharTokens: number;
  gaps: number; // runs of two spaces or more between non-space characters
  wideGap: boolean; // a run of three spaces or more between non-space characters
  distinct: number;
  repeatRun: number; // characters in runs of three or more of one symbol
  prose: boolean;
  cellLine: boolean; // three or more tokens, most of one character
  denseRow: boolean; // one token of 3-80 characters that repeats a few kinds ("XXXX", ".#.#", "..XX")
  strokeLine: boolean; // only strokes and marks ("/ \", " /|\ ", "|   |")
  nodeRow: boolean; // two tokens or more spread by a wide gap, at most two words ("b   c", "e   f")
  ruleLine: boolean;
  corners: number; // "+" beside "-" or "|"
  mdTable: boolean;
  latex: boolean;
  code: boolean;
  numberRow: boolean; // tokens all numbers
  listLiteral: boolean;
  bullet: boolean;
  inFence: boolean;
  fence: boolean;
  taggedFence: boolean;
}

const isLetter = (c: string) => /\p{L}/u.test(c);
const isDigit = (c: string) => c >= '0' && c <= '9';
const isBox = (cp: number) => cp >= 0x2500 && cp <= 0x25ff;
const isBraille = (cp: number) => cp >= 0x2800 && cp <= 0x28ff;
const isArrowCp = (cp: number) => cp >= 0x2190 && cp <= 0x21ff;
const CODE_END = /[;{}]\s*$|^\s*(?:def|class|return|import|from|for|while|if|else|elif|function|const|let|var|public|private|#include|print|int|void)\b/;
const LATEX = /\\[a-zA-Z]{2,}|\\\\\s*$|&\s*\\\\|\$\$/;
const NUMBER_TOKEN = /^[-+]?\d+(?:[.,/]\d+)?[,;]?$/;

function readLine(raw: string, inFence: boolean): Line {
  const cps = Array.from(raw.replace(/\t/g, '    ')).slice(0, MAX_LINE_CHARS);
  while (cps.length && cps[cps.length - 1] === ' ') cps.pop();
  let indent = 0;
  while (indent < cps.length && cps[indent] === ' ') indent++;
  let nonSpace = 0, letters = 0, upper = 0, digits = 0, symbols = 0, box = 0, braille = 0, strokes = 0, arrows = 0;
  let words = 0, wordRun = 0, gaps = 0, spaceRun = 0, wideGap = false, repeatRun = 0, corners = 0;
  const seen = new Set<string>();
  let run = 1;
  for (let i = indent; i < cps.length; i++) {
    const c = cps[i];
    if (c === ' ') {
      spaceRun++;
      if (wordRun >= 2) words++;
      wordRun = 0;
      continue;
    }
    if (spaceRun >= 2) gaps++;
    if (spaceRun >= 3) wideGap = true;
    spaceRun = 0;
    nonSpace++;
    seen.add(c);
    const cp = c.codePointAt(0) ?? 0;
    if (isLetter(c)) {
      letters++;
      if (c !== c.toLowerCase()) upper++;
      wordRun++;
    } else {
      if (wordRun >= 2) words++;
      wordRun = 0;
      if (isDigit(c)) digits++;
      else {
        symbols++;
        if (isBox(cp)) box++;
        if (isBraille(cp)) braille++;
        if (isArrowCp(cp)) arrows++;
        if (c === '/' || c === '\\' || c === '|') strokes++;
        if (c === '+' && (cps[i - 1] === '-' || cps[i + 1] === '-' || cps[i - 1] === '|' || cps[i + 1] === '|')) corners++;
        if (c === '>' && cps[i - 1] === '-') arrows++;
      }
    }
    if (i > indent && cps[i - 1] === c && !isLetter(c) && !isDigit(c)) {
      run++;
      if (run === 3) repeatRun += 3;
      else if (run > 3) repeatRun++;
    } else run = 1;
  }
  if (wordRun >= 2) words++;
  const text = cps.join('');
  const trimmed = text.trim();
  const toks = trimmed ? trimmed.split(/ +/) : [];
  const oneCharTokens = toks.filter((t) => Array.from(t).length === 1).length;
  const fence = /^\s*(?:```|~~~)/.test(trimmed);
  const taggedFence = /^\s*(?:```|~~~)\s*[A-Za-z]/.test(trimmed);
  const ruleChars = Array.from(trimmed).filter((c) => /[-=_~*─━═]/.test(c)).length;
  const prose = words >= 4 && letters >= 0.7 * nonSpace && !wideGap && box + strokes < 2;
  return {
    cps, indent, nonSpace, letters, upper, digits, symbols, box, braille, strokes, arrows, words,
    tokens: toks.length, oneCharTokens, gaps, wideGap, distinct: seen.size, repeatRun, prose,
    cellLine: toks.length >= 3 && oneCharTokens >= 0.75 * toks.length,
    denseRow: toks.length === 1 && nonSpace >= 3 && nonSpace <= 80 && seen.size <= 5 && seen.size <= 0.8 * nonSpace,
    strokeLine: strokes > 0 && /^[/\\|_\-.'`()<>^v ]+$/.test(trimmed),
    nodeRow: toks.length >= 2 && wideGap && words <= 2,
    ruleLine: nonSpace >= 3 && ruleChars >= 0.8 * nonSpace,
    corners,
    mdTable: /^\s*\|.*\|\s*$/.test(trimmed) && toks.length >= 3,
    latex: LATEX.test(trimmed),
    code: CODE_END.test(trimmed),
    numberRow: toks.length >= 2 && toks.every((t) => NUMBER_TOKEN.test(t)),
    listLiteral: /^[[({].*[\])}],?$/.test(trimmed) || /^["'].*["'],?$/.test(trimmed),
    bullet: /^(?:[-*•+]|\d{1,3}[.)])\s+\S/.test(trimmed),
    inFence, fence, taggedFence,
  };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const share = (ls: Line[], f: (l: Line) => boolean) => (ls.length ? ls.filter(f).length / ls.length : 0);

/** Statistics of one segment (its lines, blank ones left out). */
function segmentStats(ls: Line[]): number[] {
  const n = ls.length;
  const nonSpace = ls.reduce((a, l) => a + l.nonSpace, 0) || 1;
  const sum = (f: (l: Line) => number) => ls.reduce((a, l) => a + f(l), 0);
  // Vertical measures: a symbol with a non-space character at its column in the line above or below; the same
  // symbol there; runs of one symbol down one column over three lines or more; overlap of non-space columns.
  let symbolsSeen = 0, symbolUnder = 0, sameUnder = 0, verticalRuns = 0;
  const overlaps: number[] = [];
  const runLen = new Map<number, { c: string; len: number }>();
  for (let r = 0; r < n; r++) {
    const cur = ls[r].cps, up = r > 0 ? ls[r - 1].cps : [], down = r + 1 < n ? ls[r + 1].cps : [];
    let both = 0, either = 0;
    const next = new Map<number, { c: string; len: number }>();
    for (let c = 0; c < cur.length; c++) {
      const ch = cur[c];
      const a = ch !== ' ', b = c < down.length && down[c] !== ' ';
      if (r + 1 < n) {
        if (a && b) both++;
        if (a || b) either++;
      }
      if (!a || isLetter(ch) || isDigit(ch)) continue;
      symbolsSeen++;
      const u = c < up.length ? up[c] : ' ', d = c < down.length ? down[c] : ' ';
      if (u !== ' ' || d !== ' ') symbolUnder++;
      if (u === ch || d === ch) sameUnder++;
      const prev = runLen.get(c);
      const len = prev && prev.c === ch ? prev.len + 1 : 1;
      if (len === 3) verticalRuns++;
      next.set(c, { c: ch, len });
    }
    if (r + 1 < n) {
      for (let c = cur.length; c < down.length; c++) if (down[c] !== ' ') either++;
      overlaps.push(either ? both / either : 0);
    }
    runLen.clear();
    for (const [k, v] of next) runLen.set(k, v);
  }
  // A "/" with a non-space character down-left of it (or "\\" down-right) in the next line: a stroke that goes on.
  let slashes = 0, diagonal = 0;
  for (let r = 0; r < n; r++) {
    const cur = ls[r].cps, down = r + 1 < n ? ls[r + 1].cps : [];
    for (let c = 0; c < cur.length; c++) {
      if (cur[c] !== '/' && cur[c] !== '\\') continue;
      slashes++;
      const k = cur[c] === '/' ? c - 1 : c + 1;
      if (k >= 0 && k < down.length && down[k] !== ' ') diagonal++;
    }
  }
  const lengths = ls.map((l) => l.cps.length);
  let longestEqual = 0;
  for (let i = 0, run = 1; i < lengths.length; i++) {
    run = i > 0 && lengths[i] === lengths[i - 1] ? run + 1 : 1;
    if (run >= 2) longestEqual = Math.max(longestEqual, run);
  }
  const mLen = mean(lengths);
  const sd = Math.sqrt(mean(lengths.map((x) => (x - mLen) ** 2)));
  const equal = lengths.filter((x, i) => i > 0 && x === lengths[i - 1] && x > 0).length;
  const indents = new Set(ls.map((l) => l.indent));
  const symbolShare = sum((l) => l.symbols) / nonSpace;
  const cellLineShare = share(ls, (l) => l.cellLine);
  const boxShare = sum((l) => l.box + l.braille) / nonSpace;
  const strokeShare = sum((l) => l.strokes) / nonSpace;
  const symbolUnderSymbol = symbolsSeen ? symbolUnder / symbolsSeen : 0;
  const stats = [
    Math.log1p(n),
    symbolShare,
    sum((l) => l.letters) / nonSpace,
    sum((l) => l.digits) / nonSpace,
    sum((l) => l.box) / nonSpace,
    sum((l) => l.braille) / nonSpace,
    strokeShare,
    cellLineShare,
    sum((l) => l.oneCharTokens) / (sum((l) => l.tokens) || 1),
    symbolUnderSymbol,
    symbolsSeen ? sameUnder / symbolsSeen : 0,
    Math.log1p(verticalRuns),
    mean(overlaps),
    mLen ? sd / mLen : 0,
    n > 1 ? equal / (n - 1) : 0,
    indents.size / n,
    share(ls, (l) => l.indent > 0),
    mLen ? mean(ls.map((l) => l.indent)) / mLen : 0,
    share(ls, (l) => l.ruleLine),
    sum((l) => l.corners) / n,
    share(ls, (l) => l.wideGap),
    sum((l) => l.gaps) / n,
    mean(ls.map((l) => (l.nonSpace ? l.distinct / l.nonSpace : 0))),
    sum((l) => l.repeatRun) / nonSpace,
    share(ls, (l) => l.mdTable),
    share(ls, (l) => l.latex),
    share(ls, (l) => l.code),
    share(ls, (l) => l.numberRow),
    share(ls, (l) => l.listLiteral),
    share(ls, (l) => l.bullet),
    share(ls, (l) => l.inFence),
    sum((l) => l.words) / n,
    Math.log1p(mLen),
    mLen ? sum((l) => l.nonSpace) / sum((l) => l.cps.length - l.indent || 1) : 0,
    sum((l) => l.arrows) / nonSpace,
    sum((l) => l.upper) / (sum((l) => l.letters) || 1),
    share(ls, (l) => l.denseRow),
    share(ls, (l) => l.strokeLine),
    Math.log1p(longestEqual),
    share(ls, (l) => l.nodeRow),
    slashes ? diagonal / slashes : 0,
  ];
  // The layout score that picks the best segment: generic, fixed by hand before any training (more lines of
  // symbols, cells or drawing characters standing under each other score higher).
  const score = Math.log1p(Math.min(n, 40)) * (symbolShare + cellLineShare + boxShare + strokeShare + symbolUnderSymbol);
  stats.push(score);
  return stats;
}

/** Segments: runs of non-prose, non-blank lines; one blank line between two such lines does not end a run. */
function segments(lines: Line[]): Line[][] {
  const out: Line[][] = [];
  let cur: Line[] = [];
  let blanks = 0;
  for (const l of lines) {
    if (l.nonSpace === 0) {
      blanks++;
      if (blanks > 1 && cur.length) { out.push(cur); cur = []; }
      continue;
    }
    if (l.prose || l.fence) {
      if (cur.length) out.push(cur);
      cur = [];
      blanks = 0;
      continue;
    }
    cur.push(l);
    blanks = 0;
  }
  if (cur.length) out.push(cur);
  return out;
}

/** The feature vector of a text (FEATURE_NAMES gives the order). */
export function asciiFeatures(text: string): number[] {
  const raw = text.slice(0, MAX_CHARS).split(/\r?\n/).slice(0, MAX_LINES);
  const lines: Line[] = [];
  let inFence = false;
  for (const r of raw) {
    const l = readLine(r, inFence);
    if (l.fence) inFence = !inFence;
    lines.push(l);
  }
  const segs = segments(lines);
  const multi = segs.filter((s) => s.length >= 2);
  const pool = multi.length ? multi : segs;
  const all = pool.map(segmentStats);
  const width = FEATURE_NAMES.indexOf('max.lines') - FEATURE_NAMES.indexOf('seg.lines');
  const iScore = width - 1;
  let best = all.length ? all[0] : new Array<number>(width).fill(0);
  for (const s of all) if (s[iScore] > best[iScore]) best = s;
  const col = (name: FeatureName) => FEATURE_NAMES.indexOf(name);
  // `all` holds the statistics of `multi` when there is a segment of two lines or more.
  const maxOf = (name: FeatureName) => (multi.length ? all.reduce((a, s) => Math.max(a, s[col(name)]), 0) : 0);
  const symbolLines = multi.reduce((a, s) => Math.max(a, s.filter((l) => l.symbols >= 0.4 * l.nonSpace).length), 0);
  const nonBlank = lines.filter((l) => l.nonSpace > 0);
  const textBox = lines.reduce((a, l) => a + l.box + l.braille, 0);
  const dollars = (text.slice(0, MAX_CHARS).match(/\$/g) ?? []).length;
  return [
    ...best,
    maxOf('seg.lines'),
    maxOf('seg.cellLineShare'),
    maxOf('seg.verticalRuns'),
    maxOf('seg.sameSymbolUnder'),
    Math.log1p(symbolLines),
    maxOf('seg.score'),
    maxOf('seg.denseRowShare'),
    maxOf('seg.strokeLineShare'),
    maxOf('seg.longestEqualRun'),
    Math.log1p(multi.length),
    Math.log1p(nonBlank.length),
    share(nonBlank, (l) => !l.prose),
    Math.log1p(lines.filter((l) => l.fence).length),
    Math.log1p(lines.filter((l) => l.taggedFence).length),
    Math.log1p(lines.filter((l) => l.mdTable).length),
    Math.log1p(lines.filter((l) => l.latex).length),
    Math.min(1, dollars / (nonBlank.length || 1)),
    Math.log1p(textBox),
    Math.log1p(lines.filter((l) => l.prose).length),
    mean(nonBlank.map((l) => l.words)),
  ];
}

/** A tree of the boosted ensemble: a split on feature `f` at threshold `t` (left when `x[f] <= t`), or a leaf value. */
export type AsciiTree = number | { f: number; t: number; l: AsciiTree; r: AsciiTree };

/** A trained model (bench/artclf.mjs): logistic regression on standardised features, or boosted trees. */
export type AsciiModel =
  | { kind: 'logreg'; mean: number[]; scale: number[]; weights: number[]; bias: number; threshold: number }
  | { kind: 'gbdt'; base: number; trees: AsciiTree[]; threshold: number };

/** The model's probability that a text with features `x` is ASCII art (compare with `model.threshold`). */
export function scoreAsciiModel(x: number[], model: AsciiModel): number {
  let s: number;
  if (model.kind === 'logreg') {
    s = model.bias;
    for (let j = 0; j < model.weights.length; j++) s += (model.weights[j] * (x[j] - model.mean[j])) / model.scale[j];
  } else {
    s = model.base;
    for (const tree of model.trees) {
      let node = tree;
      while (typeof node !== 'number') node = x[node.f] <= node.t ? node.l : node.r;
      s += node;
    }
  }
  return 1 / (1 + Math.exp(-s));
}
