// The fast path's cache of chunk -> ids, looked up by a region of the text (start, end) without slicing it: no
// string is made and hashed for a hit, only for a miss. Open addressing, linear probing; bounded (it starts over when
// full), so memory stays flat on a 1.2M-row pool.

const EMPTY: number[] = [];

export class ChunkCache {
  private keys: (string | undefined)[];
  private vals: number[][];
  private readonly mask: number;
  private slot = -1;
  size = 0;

  /** Up to `max` chunks (the table is a power of two at least twice that). */
  constructor(private readonly max: number) {
    let n = 1;
    while (n < max * 2) n <<= 1;
    this.mask = n - 1;
    this.keys = new Array<string | undefined>(n);
    this.vals = new Array<number[]>(n).fill(EMPTY);
  }

  /** The ids of text[start, end), or undefined (then `put` stores them for that chunk). */
  get(text: string, start: number, end: number): number[] | undefined {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    const len = end - start;
    const keys = this.keys;
    for (let i = (h >>> 0) & this.mask; ; i = (i + 1) & this.mask) {
      const k = keys[i];
      if (k === undefined) { this.slot = i; return undefined; }
      if (k.length === len && text.startsWith(k, start)) return this.vals[i];
    }
  }

  /** Stores the chunk `get` just missed. */
  put(chunk: string, ids: number[]): void {
    if (this.size >= this.max) {
      this.keys = new Array<string | undefined>(this.mask + 1);
      this.vals = new Array<number[]>(this.mask + 1).fill(EMPTY);
      this.size = 0;
      this.get(chunk, 0, chunk.length);
    }
    this.keys[this.slot] = chunk;
    this.vals[this.slot] = ids;
    this.size++;
  }
}
