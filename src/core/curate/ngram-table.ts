// An index from n-gram hash to the documents holding it, in typed arrays: open addressing for the keys and
// one linked list of postings per key. A JS Map of ~4M number keys costs ~400 MB and seconds of GC; this
// costs ~100 MB and builds in well under a second for the 59K pool.

/** 32 well-spread bits of a 53-bit n-gram hash: the high and low halves mixed (tables index by the low bits). */
export function mix(key: number): number {
  // key % 2^21 without `%` on a double (a call to fmod in V8, most of a probe's cost): exact below 2^53.
  const hi = (key / 2097152) >>> 0;
  return Math.imul(hi, 0x9e3779b1) ^ (key - hi * 2097152);
}

export class NgramTable {
  private keys: Float64Array;
  head: Int32Array;   // first posting of a slot, -1 when empty
  df: Int32Array;     // documents holding the key
  private mask: number;
  postDoc: Int32Array;
  postNext: Int32Array;
  private posts = 0;
  size = 0;

  constructor(expectedPostings: number) {
    let cap = 1024;
    // Room for every posting to be a distinct key below the growth threshold (size * 1.6 > cap): pool n-grams are
    // mostly distinct, and a grow() rehashes the whole table (it was 15% of a 59K-question dedup).
    while (cap < expectedPostings * 1.6) cap *= 2;
    this.keys = new Float64Array(cap);
    this.head = new Int32Array(cap).fill(-1);
    this.df = new Int32Array(cap);
    this.mask = cap - 1;
    this.postDoc = new Int32Array(Math.max(16, expectedPostings));
    this.postNext = new Int32Array(Math.max(16, expectedPostings));
  }

  /** The slot of a key (empty when head[slot] === -1). Slots move when the table grows: use between adds. */
  slot(key: number): number {
    let i = mix(key) & this.mask;
    for (;;) {
      if (this.head[i] === -1 || this.keys[i] === key) return i;
      i = (i + 1) & this.mask;
    }
  }

  /** Adds document `doc` under each of its distinct n-grams (call once per document). */
  add(doc: number, distinct: Iterable<number> | Float64Array): void {
    if (distinct instanceof Float64Array) for (let i = 0; i < distinct.length; i++) this.post(this.claim(distinct[i]), doc);
    else for (const k of distinct) this.post(this.claim(k), doc);
  }

  /**
   * Adds document `doc` under `key` unless the key's latest document is already `doc` (documents are added one
   * at a time, so this skips repeated n-grams of one document). Returns the key's previous latest document, or -1.
   */
  addOne(doc: number, key: number): number {
    const s = this.claim(key);
    const h = this.head[s];
    if (h >= 0 && this.postDoc[h] === doc) return doc;
    const prev = h >= 0 ? this.postDoc[h] : -1;
    this.post(s, doc);
    return prev;
  }

  /** The slot of `key`, taking an empty one for a new key (growing the table when it fills). */
  private claim(key: number): number {
    let s = this.slot(key);
    if (this.head[s] === -1) {
      this.keys[s] = key;
      this.head[s] = -2; // taken, no posting yet
      if (++this.size * 1.6 > this.keys.length) { this.grow(); s = this.slot(key); }
    }
    return s;
  }

  /** Prepends a posting of `doc` to slot `s`'s list. */
  private post(s: number, doc: number): void {
    if (this.posts === this.postDoc.length) {
      const d = new Int32Array(this.posts * 2); d.set(this.postDoc); this.postDoc = d;
      const n = new Int32Array(this.posts * 2); n.set(this.postNext); this.postNext = n;
    }
    this.postDoc[this.posts] = doc;
    this.postNext[this.posts] = this.head[s] === -2 ? -1 : this.head[s];
    this.head[s] = this.posts++;
    this.df[s]++;
  }

  private grow(): void {
    const { keys, head, df } = this;
    const cap = keys.length * 2;
    this.keys = new Float64Array(cap);
    this.head = new Int32Array(cap).fill(-1);
    this.df = new Int32Array(cap);
    this.mask = cap - 1;
    for (let i = 0; i < keys.length; i++) {
      if (head[i] === -1) continue;
      const s = this.slot(keys[i]);
      this.keys[s] = keys[i];
      this.head[s] = head[i];
      this.df[s] = df[i];
    }
  }

  /** Documents holding the key (0 when absent). */
  count(key: number): number {
    const s = this.slot(key);
    return this.head[s] === -1 ? 0 : this.df[s];
  }

  has(key: number): boolean {
    return this.head[this.slot(key)] !== -1;
  }

  /** Calls fn for each document holding the key, most recently added first; stop by returning false. */
  forEachDoc(key: number, fn: (doc: number) => boolean | void): void {
    const s = this.slot(key);
    for (let p = this.head[s]; p !== -1; p = this.postNext[p]) if (fn(this.postDoc[p]) === false) return;
  }

  /** Any one document holding the key, or -1. */
  firstDoc(key: number): number {
    const s = this.slot(key);
    const p = this.head[s];
    return p === -1 ? -1 : this.postDoc[p];
  }
}

/**
 * A bit per hash slot: "certainly absent" for most lookups in one memory read, in front of a table whose probe
 * costs several (decontamination asks ~2.5M pool n-grams of which almost none are in the evaluation sets).
 */
export class HashFilter {
  private readonly bits: Int32Array;
  private readonly mask: number;

  /** `bitsPerKey` 64: about 1.5% of absent keys pass. */
  constructor(keys: number, bitsPerKey = 64) {
    let n = 1 << 16;
    while (n < keys * bitsPerKey) n *= 2;
    this.bits = new Int32Array(n >>> 5);
    this.mask = n - 1;
  }

  add(key: number): void {
    const b = (mix(key) >>> 0) & this.mask;
    this.bits[b >>> 5] |= 1 << (b & 31);
  }

  mayHave(key: number): boolean {
    const b = (mix(key) >>> 0) & this.mask;
    return (this.bits[b >>> 5] & (1 << (b & 31))) !== 0;
  }
}

/**
 * A 53-bit key -> one document index, in two typed arrays at most half full (no posting lists, no Map: a Map of
 * 1.2M number keys was ~80 MB). s1's 'any' rule keeps the latest document of each n-gram hash (`put`); dedup's
 * exact copies keep the first index of each question hash (`firstOr`).
 */
export class KeyIndexTable {
  private keys: Float64Array;
  private vals: Int32Array;
  private mask: number;
  private size = 0;

  constructor(expectedKeys: number) {
    let cap = 1024;
    while (cap < expectedKeys * 2) cap *= 2;
    this.keys = new Float64Array(cap);
    this.vals = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
  }

  /** The slot of `key`: where it is, or the empty slot where it would go. */
  private slot(key: number): number {
    const { keys, vals, mask } = this;
    let i = mix(key) & mask;
    while (vals[i] !== -1 && keys[i] !== key) i = (i + 1) & mask;
    return i;
  }

  private add(i: number, key: number, index: number): void {
    this.keys[i] = key;
    this.vals[i] = index;
    if (++this.size * 2 > this.keys.length) this.grow();
  }

  /** Makes `index` the latest under `key`; returns the previous latest one (`index` itself on a repeat), or -1. */
  put(key: number, index: number): number {
    const i = this.slot(key);
    const prev = this.vals[i];
    if (prev === -1) this.add(i, key, index);
    else this.vals[i] = index;
    return prev;
  }

  /** The first index added under `key`; or, when none was, adds `index` under it and returns -1. */
  firstOr(key: number, index: number): number {
    const i = this.slot(key);
    const prev = this.vals[i];
    if (prev === -1) this.add(i, key, index);
    return prev;
  }

  private grow(): void {
    const { keys, vals } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.vals = new Int32Array(keys.length * 2).fill(-1);
    this.mask = keys.length * 2 - 1;
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (vals[i] !== -1) this.add(this.slot(keys[i]), keys[i], vals[i]);
  }
}
