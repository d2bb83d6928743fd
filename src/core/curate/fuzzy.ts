// Fuzzy matching of normalised questions (markup.ts), scaled to a pool of ~60K: MinHash signatures of character
// shingles find candidate pairs through LSH bands, and each candidate is verified by the similarity ratio that
// rapidfuzz's `fuzz.ratio` computes (OpenThoughts' dedup): 2·LCS / (|a| + |b|), the normalised indel similarity.
// The LCS is the bit-parallel one (32 positions of `a` per machine word), so a 300-character pair costs ~3K steps.

/** 2·LCS(a, b) / (|a| + |b|), in [0, 1]; 1 for two empty strings. */
export function indelRatio(a: string, b: string): number {
  if (a.length + b.length === 0) return 1;
  if (a.length < b.length) [a, b] = [b, a]; // a is the longer: its positions are the bits
  return (2 * lcsLength(a, b)) / (a.length + b.length);
}

let V = new Uint32Array(64);
// Match masks of ASCII characters in one reused table (row c: the positions of c in `a`), others in a map.
let ASCII = new Uint32Array(128 * 16);
const USED = new Uint8Array(128);

/** Length of the longest common subsequence (Allison–Dix / Hyyrö bit-parallel, multi-word). */
export function lcsLength(a: string, b: string): number {
  const m = a.length;
  if (m === 0 || b.length === 0) return 0;
  const w = (m + 31) >>> 5;
  if (ASCII.length < 128 * w) ASCII = new Uint32Array(128 * w * 2);
  let other: Map<number, Uint32Array> | undefined;
  for (let i = 0; i < m; i++) {
    const c = a.charCodeAt(i);
    if (c < 128) { ASCII[c * w + (i >>> 5)] |= 1 << (i & 31); USED[c] = 1; continue; }
    other ??= new Map();
    let mk = other.get(c);
    if (!mk) { mk = new Uint32Array(w); other.set(c, mk); }
    mk[i >>> 5] |= 1 << (i & 31);
  }
  if (V.length < w) V = new Uint32Array(w * 2);
  V.fill(0xffffffff, 0, w);
  for (let j = 0; j < b.length; j++) {
    const c = b.charCodeAt(j);
    let mk: Uint32Array | undefined;
    let at = 0;
    if (c < 128) { if (!USED[c]) continue; mk = ASCII; at = c * w; } else { mk = other?.get(c); if (!mk) continue; }
    let carry = 0;
    for (let k = 0; k < w; k++) {
      const v = V[k];
      const u = (v & mk[at + k]) >>> 0;
      const sum = v + u + carry; // up to 2^33: exact in a double
      carry = sum > 0xffffffff ? 1 : 0;
      V[k] = ((sum >>> 0) | (v & ~u)) >>> 0;
    }
  }
  for (let i = 0; i < m; i++) {
    const c = a.charCodeAt(i);
    if (c < 128 && USED[c]) { ASCII.fill(0, c * w, c * w + w); USED[c] = 0; }
  }
  // Zero bits of V among the first m positions are the LCS.
  let ones = 0;
  for (let k = 0; k < w; k++) {
    let x = V[k];
    if (k === w - 1 && (m & 31) !== 0) x &= (1 << (m & 31)) - 1;
    x = x - ((x >>> 1) & 0x55555555);
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    ones += (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
  }
  return m - ones;
}

export interface LshOptions { shingle: number; bands: number; rows: number }

export const DEFAULT_LSH: LshOptions = { shingle: 5, bands: 16, rows: 4 };

let SIG = new Uint32Array(64);
const EMPTY = 0xffffffff;

function fmix(h: number): number {
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * One-permutation MinHash of a text's character shingles: one hash per shingle picks a bucket and competes for its
 * minimum; empty buckets borrow from the next filled one (rotation densification). Returns `bands` keys, each a
 * 53-bit number mixing the band's index and its `rows` minima; null for a text shorter than one shingle.
 */
export function bandKeys(text: string, o: LshOptions = DEFAULT_LSH): Float64Array | null {
  const keys = new Float64Array(o.bands);
  return bandKeysInto(text, keys, 0, o) ? keys : null;
}

/** bandKeys written into `out` from `at`; false (nothing written) for a text shorter than one shingle. */
export function bandKeysInto(text: string, out: Float64Array, at: number, o: LshOptions = DEFAULT_LSH): boolean {
  const k = o.bands * o.rows;
  const n = o.shingle;
  if (text.length < n) return false;
  if (SIG.length < k) SIG = new Uint32Array(k);
  const sig = SIG;
  sig.fill(EMPTY, 0, k);
  // Rolling polynomial hash of the n characters ending at i (mod 2^32), mixed once: the bucket from its value
  // modulo k, the competing value from the rest.
  let pn = 1;
  for (let j = 0; j < n; j++) pn = Math.imul(pn, 0x01000193);
  let h = 0;
  for (let i = 0; i < text.length; i++) {
    h = (Math.imul(h, 0x01000193) + text.charCodeAt(i)) | 0;
    if (i >= n) h = (h - Math.imul(text.charCodeAt(i - n), pn)) | 0;
    if (i < n - 1) continue;
    const x = fmix(h);
    const b = x % k;
    const v = (x / k) >>> 0;
    if (v < sig[b]) sig[b] = v;
  }
  for (let b = 0; b < k; b++) {
    if (sig[b] !== EMPTY) continue;
    for (let d = 1; d < k; d++) {
      const v = sig[(b + d) % k];
      if (v !== EMPTY && v < 0x80000000) { sig[b] = (0x80000000 | fmix((v + d) >>> 0)) >>> 0; break; }
    }
  }
  for (let band = 0; band < o.bands; band++) {
    let a = band + 1;
    let c = 0x5bd1e995 ^ band;
    for (let r = 0; r < o.rows; r++) {
      const v = sig[band * o.rows + r];
      a = Math.imul(a ^ v, 0x01000193);
      c = fmix((c + v) | 0);
    }
    out[at + band] = (a >>> 0) * 2097152 + (c & 0x1fffff);
  }
  return true;
}

/**
 * LSH buckets: band key -> the documents under it, in typed arrays (open addressing, one linked list per key).
 * Documents are added in order and each addition visits the earlier documents of its bucket, so one pass finds
 * every candidate pair; a bucket that already holds `maxBucket` documents (boilerplate) visits none.
 */
export class BandIndex {
  private keys: Float64Array;
  private head: Int32Array;
  private count: Int32Array;
  private next: Int32Array;
  private doc: Int32Array;
  private mask: number;
  private n = 0;

  constructor(maxPostings: number, private maxBucket: number) {
    let cap = 1024;
    while (cap < maxPostings * 1.5) cap *= 2; // at most 2/3 full
    this.keys = new Float64Array(cap);
    this.head = new Int32Array(cap).fill(-1);
    this.count = new Int32Array(cap);
    this.mask = cap - 1;
    this.next = new Int32Array(Math.max(1, maxPostings));
    this.doc = new Int32Array(Math.max(1, maxPostings));
  }

  /** Empties the index (its arrays are kept: dedup reuses one index for each band in turn). */
  clear(): void {
    this.head.fill(-1);
    this.count.fill(0);
    this.n = 0;
  }

  add(doc: number, key: number, visit: (earlier: number) => void): void {
    let s = (Math.imul((key / 2097152) | 0, 0x9e3779b1) ^ (key % 2097152)) & this.mask;
    while (this.head[s] !== -1 && this.keys[s] !== key) s = (s + 1) & this.mask;
    this.keys[s] = key;
    const c = this.count[s]++;
    if (c < this.maxBucket) for (let p = this.head[s]; p !== -1; p = this.next[p]) visit(this.doc[p]);
    const p = this.n++;
    this.doc[p] = doc;
    this.next[p] = this.head[s];
    this.head[s] = p;
  }
}
