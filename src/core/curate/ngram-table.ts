// An index from n-gram hash to the documents holding it, in typed arrays: open addressing for the keys and
// one linked list of postings per key. A JS Map of ~4M number keys costs ~400 MB and seconds of GC; this
// costs ~100 MB and builds in well under a second for the 59K pool.

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
    while (cap < expectedPostings * 1.3) cap *= 2; // distinct keys are fewer than postings; grow() covers the rest
    this.keys = new Float64Array(cap);
    this.head = new Int32Array(cap).fill(-1);
    this.df = new Int32Array(cap);
    this.mask = cap - 1;
    this.postDoc = new Int32Array(Math.max(16, expectedPostings));
    this.postNext = new Int32Array(Math.max(16, expectedPostings));
  }

  /** The slot of a key (empty when head[slot] === -1). Slots move when the table grows: use between adds. */
  slot(key: number): number {
    // Mix the high and low halves: the hash is 53 bits, the table indexes by the low ones.
    let i = (Math.imul((key / 2097152) | 0, 0x9e3779b1) ^ (key % 2097152)) & this.mask;
    for (;;) {
      if (this.head[i] === -1 || this.keys[i] === key) return i;
      i = (i + 1) & this.mask;
    }
  }

  /** Adds document `doc` under each of its distinct n-grams (call once per document). */
  add(doc: number, distinct: Iterable<number>): void {
    for (const k of distinct) this.post(this.claim(k), doc);
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
