// The Qwen pre-tokenizer's Split regex as a hand-written scanner: the same chunks as the regex, several times faster
// on long text (no regex engine, ASCII from a table). Used only when a tokenizer.json's pattern is exactly QWEN_SPLIT
// (Qwen2, Qwen2.5, Qwen3 and the R1 distills of Qwen); any other pattern runs through the reference's own regex.
//
// Character classes follow the Rust `regex` crate that the tokenizers library uses, as @huggingface/tokenizers
// translates them: \s is \p{White_Space}, so U+0085 (NEL) is whitespace and U+FEFF (BOM) is not, unlike JavaScript's
// \s; \p{L} and \p{N} are Unicode's. `(?i:'s|...)` matches ASCII letters of either case.

/** The Split pattern of Qwen2/2.5/3's tokenizer.json. */
export const QWEN_SPLIT = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

// Classes: letter, number, whitespace other than CR/LF, CR or LF, anything else; SUR marks a surrogate code unit.
const L = 1, N = 2, W = 3, NL = 4, P = 5, SUR = 16;
const IS_L = /\p{L}/u, IS_N = /\p{N}/u, IS_W = /\p{White_Space}/u;
function classify(cp: number): number {
  if (cp === 10 || cp === 13) return NL;
  const ch = String.fromCodePoint(cp);
  return IS_L.test(ch) ? L : IS_N.test(ch) ? N : IS_W.test(ch) ? W : P;
}
// The BMP's classes, filled lazily (0 = not yet known) or at once by presetClasses (tables.ts carries a full table,
// so worker threads never classify); astral code points are classified each time (rare in traces).
const BMP = new Uint8Array(0x10000);
for (let c = 0; c < 128; c++) BMP[c] = classify(c);
BMP.fill(SUR, 0xd800, 0xe000);

/** Every BMP code unit's class (surrogates marked), for presetClasses in another thread or process. */
export function classTable(): Uint8Array {
  for (let c = 0; c < 0x10000; c++) if (BMP[c] === 0) BMP[c] = classify(c);
  return BMP.slice();
}

/** Takes a table made by classTable (in any thread of the same Node, hence the same Unicode version). */
export function presetClasses(table: Uint8Array): void {
  if (table.length === 0x10000) BMP.set(table);
}

/** Class and UTF-16 length of the code point at i (i < text.length). */
function at(text: string, i: number): number {
  const c = text.charCodeAt(i);
  let k = BMP[c];
  if (k === SUR) {
    if (c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) return classify(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000) | 8;
    }
    return P; // a lone surrogate
  }
  if (k === 0) k = BMP[c] = classify(c);
  return k;
}
/** Class of the code point at j, from the table when it can. */
function classAt(text: string, j: number): number {
  const y = BMP[text.charCodeAt(j)];
  return y === 0 || y === SUR ? at(text, j) & 7 : y;
}
// at() packs the class in the low 3 bits and a surrogate pair in bit 3.

/** The end of the run of characters of class `k` (L or P) from j. */
function runEnd(text: string, j: number, k: number): number {
  const n = text.length;
  while (j < n) {
    const y = BMP[text.charCodeAt(j)];
    if (y === k) { j++; continue; }
    if (y !== 0 && y !== SUR) break;
    const z = at(text, j);
    if ((z & 7) !== k) break;
    j += z & 8 ? 2 : 1;
  }
  return j;
}

function contraction(text: string, i: number): number {
  const a = text.charCodeAt(i + 1) | 0x20;
  if (a === 0x73 || a === 0x74 || a === 0x6d || a === 0x64) return 2; // s t m d
  const b = text.charCodeAt(i + 2) | 0x20;
  if ((a === 0x72 && b === 0x65) || (a === 0x76 && b === 0x65) || (a === 0x6c && b === 0x6c)) return 3; // re ve ll
  return 0;
}

/**
 * Calls `fn(start, end)` for each chunk of `text`, in order; the chunks cover the text. Mirrors the regex's
 * alternatives in order (first alternative that matches wins, each greedy with the regex's backtracking).
 */
export function scanQwen(text: string, fn: (start: number, end: number) => void): void {
  const ends = new Int32Array(256);
  let a = 0;
  while (a < text.length) {
    const k = scanQwenInto(text, a, ends);
    for (let i = 0; i < k; i++) { fn(a, ends[i]); a = ends[i]; }
  }
}

/**
 * The ends of the chunks of `text` from `from` (a chunk start), up to `ends.length` of them, into `ends`; returns how
 * many. The last end is where to go on. No callback, so the caller's loop over the chunks stays monomorphic.
 */
export function scanQwenInto(text: string, from: number, ends: Int32Array): number {
  const n = text.length;
  const cap = ends.length;
  let i = from, out = 0;
  while (i < n && out < cap) {
    const c0 = text.charCodeAt(i);
    let x = BMP[c0];
    if (x === 0 || x === SUR) x = at(text, i);
    const k = x & 7;
    const w = x & 8 ? 2 : 1;
    let j: number;
    // 1. (?i:'s|'t|'re|'ve|'m|'ll|'d)
    if (c0 === 39 && i + 1 < n && (j = contraction(text, i)) > 0 && i + j <= n) { i += j; ends[out++] = i; continue; }
    // 2. [^\r\n\p{L}\p{N}]?\p{L}+
    if (k === L || ((k === W || k === P) && i + w < n && classAt(text, i + w) === L)) {
      i = runEnd(text, i + w, L); ends[out++] = i; continue;
    }
    // 3. \p{N}
    if (k === N) { i += w; ends[out++] = i; continue; }
    // 4. ' ?[^\s\p{L}\p{N}]+[\r\n]*'
    let p = -1;
    if (k === P) p = i;
    else if (c0 === 32 && i + 1 < n && classAt(text, i + 1) === P) p = i + 1;
    if (p >= 0) {
      j = runEnd(text, p, P);
      while (j < n) { const c = text.charCodeAt(j); if (c !== 10 && c !== 13) break; j++; }
      i = j; ends[out++] = i; continue;
    }
    // Whitespace (k is W or NL): the run's end e, and the end of its last CR/LF.
    let e = i, lastNl = -1;
    while (e < n) {
      let y = BMP[text.charCodeAt(e)];
      if (y === 0 || y === SUR) y = at(text, e);
      const yc = y & 7;
      if (yc === NL) lastNl = e + 1; else if (yc !== W) break;
      e += y & 8 ? 2 : 1;
    }
    // 5. \s*[\r\n]+ : up to the last CR/LF of the run.
    if (lastNl > 0) { i = lastNl; ends[out++] = i; continue; }
    // 6. \s+(?!\S) : the whole run at the end of the text, else all but its last character (if that leaves one).
    if (e === n) { i = e; ends[out++] = i; continue; }
    const last = e - (text.charCodeAt(e - 1) >= 0xdc00 && text.charCodeAt(e - 1) <= 0xdfff && e - 2 >= i ? 2 : 1);
    if (last > i) { i = last; ends[out++] = i; continue; }
    // 7. \s+ : a single whitespace character before a non-space.
    i = e; ends[out++] = i;
  }
  return out;
}
