// Word n-grams as s1 makes them (data/decontaminate_util.py): lowercase, collapse whitespace, split on
// whitespace, n consecutive words. Each n-gram is kept as a 53-bit integer (two 32-bit FNV-1a-style hashes of
// the words, combined positionally) so an index is a table of numbers, not of strings. Words are lowercased and
// hashed in one pass over the UTF-16 code units, with no intermediate strings (the pool's 59K questions hash in
// tens of milliseconds). Collision odds: ~1e7 n-grams in a 2^53 space, about 1e-2 expected collisions in a pool.

export const DEFAULT_N = 8;

// Python's str.split() whitespace (s1 splits with it), not JavaScript's \s (which adds U+FEFF, lacks U+001C-1F, U+0085).
const PY_SPACE = new Uint8Array(65536);
for (const c of [9, 10, 11, 12, 13, 0x1c, 0x1d, 0x1e, 0x1f, 32, 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]) PY_SPACE[c] = 1;
for (let c = 0x2000; c <= 0x200a; c++) PY_SPACE[c] = 1;
// eslint-disable-next-line no-control-regex -- U+001C..U+001F are whitespace to Python's str.split()
const PY_SPACE_RE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** s1's normalize_string: lower(), then ' '.join(split()). */
export function normalizeText(text: string): string {
  return words(text).join(' ');
}

export function words(text: string): string[] {
  return text.toLowerCase().split(PY_SPACE_RE).filter((w) => w.length > 0);
}

/**
 * words(text).slice(from, to).join(' ') without splitting the whole text: the words are found on the original
 * text (lowercasing never makes or removes whitespace, and its context rules stop at whitespace).
 */
export function wordSpan(text: string, from: number, to: number): string {
  let w = 0;
  let start = -1;
  let end = text.length;
  let inWord = false;
  let single = true; // every separator inside the span is one ' ': the lowercased slice is the answer
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (PY_SPACE[c] === 1) {
      if (inWord && ++w === to) { end = i; break; }
      if (start >= 0 && (c !== 32 || !inWord)) single = false;
      inWord = false;
    } else if (!inWord) {
      inWord = true;
      if (w === from) start = i;
    }
  }
  if (start < 0) return '';
  const slice = text.slice(start, end);
  return single && PY_SPACE[slice.charCodeAt(slice.length - 1)] !== 1 ? slice.toLowerCase() : normalizeText(slice);
}

// What one UTF-16 code unit adds to a word: > 0 its lowercase, SPACE (Python's whitespace), SLOW (surrogates,
// capital sigma, characters whose lowercase is several units: lowercased as a string), 0 not looked up yet.
const SPACE = -1;
const SLOW = -2;
const UNIT = new Int32Array(65536);
for (let c = 1; c < 128; c++) UNIT[c] = c >= 65 && c <= 90 ? c + 32 : c;
for (let c = 0; c < 65536; c++) if (PY_SPACE[c] === 1) UNIT[c] = SPACE;
UNIT[0] = SLOW;
UNIT[0x3a3] = SLOW;
function lookUp(c: number): number {
  const s = String.fromCharCode(c).toLowerCase();
  return (UNIT[c] = s.length === 1 && !(c >= 0xd800 && c <= 0xdfff) && s.charCodeAt(0) !== 0 ? s.charCodeAt(0) : SLOW);
}

const P1 = 0x9e3779b1;
const P2 = 0x85ebca77;
const A0 = 0x811c9dc5 | 0;
const B0 = 0x5bd1e995 ^ 0x01000193;

const isLetter = (text: string, i: number) => /\p{L}/u.test(text[i]);

// The last words' two hashes, a ring of a power-of-two size above n.
let R1 = new Int32Array(16);
let R2 = new Int32Array(16);

/**
 * Writes the n-gram hashes of `text` into `out` from `at`; returns how many. `out` must have room for text.length/2+1.
 * One pass over the code units: each word's two 32-bit FNV-1a-style hashes (lowercased, split on Python's
 * whitespace) go into two rolling polynomial hashes of the last n words (mod 2^32), with no strings or arrays made.
 */
export function ngramHashesInto(text: string, n: number, out: Float64Array, at: number): number {
  if (R1.length <= n) { let r = 16; while (r <= n) r *= 2; R1 = new Int32Array(r); R2 = new Int32Array(r); }
  const ring1 = R1;
  const ring2 = R2;
  const rmask = ring1.length - 1;
  let p1n = 1;
  let p2n = 1;
  for (let j = 1; j < n; j++) { p1n = Math.imul(p1n, P1); p2n = Math.imul(p2n, P2); }
  let words = 0;
  let count = 0;
  let x = 0; // rolling hashes of the last n words: H(i+1) = (H(i) - h(i) P^(n-1)) P + h(i+n)
  let y = 0;
  let a = A0;
  let b = B0;
  let inWord = false;
  const len = text.length;
  for (let i = 0; i <= len; i++) {
    let c: number;
    let l: number;
    if (i < len) {
      c = text.charCodeAt(i);
      l = UNIT[c];
      if (l === 0) l = lookUp(c);
      if (l > 0) { inWord = true; a = Math.imul(a ^ l, 0x01000193); b = Math.imul(b ^ l, 0x5bd1e995); b ^= b >>> 15; continue; }
    } else { c = 32; l = SPACE; }
    if (l === SPACE) {
      if (!inWord) continue;
      if (words >= n) {
        const o = (words - n) & rmask;
        x = (Math.imul((x - Math.imul(ring1[o], p1n)) | 0, P1) + a) | 0;
        y = (Math.imul((y - Math.imul(ring2[o], p2n)) | 0, P2) + b) | 0;
      } else {
        x = (Math.imul(x, P1) + a) | 0;
        y = (Math.imul(y, P2) + b) | 0;
      }
      ring1[words & rmask] = a;
      ring2[words & rmask] = b;
      // 32 bits of x and 21 bits of y: an exact integer in a double.
      if (++words >= n) out[at + count++] = (x >>> 0) * 2097152 + ((y >>> 0) & 0x1fffff);
      a = A0; b = B0; inWord = false;
      continue;
    }
    inWord = true;
    if (c === 0x3a3) {
      // Capital sigma after a letter and not before one lowercases to the final sigma (JavaScript and Python agree).
      l = i > 0 && isLetter(text, i - 1) && !(i + 1 < len && isLetter(text, i + 1)) ? 0x3c2 : 0x3c3;
      a = Math.imul(a ^ l, 0x01000193); b = Math.imul(b ^ l, 0x5bd1e995); b ^= b >>> 15;
      continue;
    }
    // Surrogate pairs and characters whose lowercase is several units: lowercase as a string.
    const end = c >= 0xd800 && c <= 0xdbff && i + 1 < len ? i + 2 : i + 1;
    const s = text.slice(i, end).toLowerCase();
    for (let k = 0; k < s.length; k++) { const u = s.charCodeAt(k); a = Math.imul(a ^ u, 0x01000193); b = Math.imul(b ^ u, 0x5bd1e995); b ^= b >>> 15; }
    i = end - 1;
  }
  return count;
}

/** The n-gram hashes of a text in order of position (duplicates kept). Texts shorter than n words have none. */
export function ngramHashes(text: string, n = DEFAULT_N): Float64Array {
  const out = new Float64Array(Math.max(0, countUpperBound(text) - n + 1));
  const k = ngramHashesInto(text, n, out, 0);
  return k === out.length ? out : out.slice(0, k);
}

function countUpperBound(text: string): number {
  return (text.length >> 1) + 1;
}

/** All n-gram hashes of many texts in one array: text i owns hashes[offsets[i] .. offsets[i+1]). */
export interface HashedTexts { hashes: Float64Array; offsets: Int32Array }

export function hashTexts(texts: readonly string[], n = DEFAULT_N): HashedTexts {
  // Sized for ~5 characters a word and grown when a text could overflow it: the worst case (every other character
  // a space) is 3-4x the n-grams of real text, and zeroing it cost tens of milliseconds and ~70 MB at 59K questions.
  let chars = 0;
  for (const t of texts) chars += t.length;
  let hashes = new Float64Array(Math.ceil(chars / 5) + 1024);
  const offsets = new Int32Array(texts.length + 1);
  let at = 0;
  for (let i = 0; i < texts.length; i++) {
    offsets[i] = at;
    const need = at + countUpperBound(texts[i]);
    if (need > hashes.length) {
      const grown = new Float64Array(Math.max(need, Math.ceil(hashes.length * 1.5)));
      grown.set(hashes.subarray(0, at));
      hashes = grown;
    }
    at += ngramHashesInto(texts[i], n, hashes, at);
  }
  offsets[texts.length] = at;
  return { hashes: hashes.subarray(0, at), offsets };
}

/** Room hashTextsInto needs for a text (its worst case: every other character a space). */
export const hashRoom = countUpperBound;

/**
 * The n-gram hashes of texts[from, to) written into `out` from `at`, which must have room for the sum of their
 * hashRoom; offsets[i] (for i in [from, to]) are positions in `out`. Returns the end. Two threads each write
 * their share of a pool into one shared array this way.
 */
export function hashTextsInto(texts: readonly string[], from: number, to: number, n: number, out: Float64Array, at: number, offsets: Int32Array, offsetBase = 0): number {
  for (let i = from; i < to; i++) {
    offsets[offsetBase + i] = at;
    at += ngramHashesInto(texts[i], n, out, at);
  }
  offsets[offsetBase + to] = at;
  return at;
}

/** Distinct n-gram hashes of a text. */
export function ngramSet(text: string, n = DEFAULT_N): Set<number> {
  return new Set(ngramHashes(text, n));
}

/** The text of the n-gram whose hash is `h` (for evidence), or undefined. */
export function ngramText(text: string, h: number, n = DEFAULT_N): string | undefined {
  const ws = words(text);
  const hs = ngramHashes(text, n);
  for (let i = 0; i < hs.length; i++) if (hs[i] === h) return ws.slice(i, i + n).join(' ');
  return undefined;
}

/** The longest run of consecutive positions of `text` whose n-grams are in `shared`, as words. */
export function longestSharedSpan(text: string, shared: Set<number>, n = DEFAULT_N): string {
  const ws = words(text);
  const hs = ngramHashes(text, n);
  let best = [0, -1];
  let start = -1;
  for (let i = 0; i <= hs.length; i++) {
    if (i < hs.length && shared.has(hs[i])) { if (start < 0) start = i; } else if (start >= 0) {
      if (i - start > best[1] - best[0] + 1) best = [start, i - 1];
      start = -1;
    }
  }
  return best[1] < 0 ? '' : ws.slice(best[0], best[1] + n).join(' ');
}
