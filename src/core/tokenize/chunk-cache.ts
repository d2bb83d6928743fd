// The fast path's cache of chunk -> ids, looked up by a region of the text (start, end) without slicing it: no
// string is made for a hit or a miss. Everything is in typed arrays (the chunks' characters and ids in two arenas,
// the slots 4 ints each: hash, key offset, key length, ids offset, where ids[offset] is the count and the ids follow;
// a chunk of up to 8 Latin-1 characters is packed into the slot itself, see getPacked),
// so the garbage collector has nothing to trace and the table starts small (a hit stays in the CPU's cache) and
// doubles as it fills. Open addressing, linear probing; bounded (it starts over when full), so memory stays flat on a
// 1.2M-row pool.

/** Chunks longer than this are not cached (the reference does the same; such chunks rarely repeat). */
export const MAX_CACHED_CHUNK = 256;

export interface CacheParts { slots: Int32Array; keys: Uint16Array; ids: Int32Array }

export class ChunkCache {
  private slots: Int32Array<ArrayBufferLike>;
  private mask: number;
  private keys: Uint16Array<ArrayBufferLike> = new Uint16Array(1 << 16);
  private keyUsed = 0;
  /** ids[off] = count, then the ids; ids[0] is unused so an offset is never 0. */
  ids: Int32Array<ArrayBufferLike> = new Int32Array(1 << 16);
  private idUsed = 1;
  private slot = 0;
  private hash = 0;
  /** Whether the last miss was a packed chunk (then k1, k2 are its key). */
  private packed = false;
  private k1 = 0;
  private k2 = 0;
  size = 0;

  /** Up to `max` chunks before it starts over. */
  /** `maxLoad`: the share of slots in use before the table doubles (lookups probe longer as it grows). */
  constructor(private readonly max: number, initialSlots = 1 << 12, private readonly maxLoad = 0.5) {
    this.slots = new Int32Array(initialSlots * 4);
    this.mask = initialSlots - 1;
  }

  /** A read-only cache over the arrays `parts` gave (tables.ts keeps one, for every vocabulary entry, shared). */
  static frozen(p: CacheParts): ChunkCache {
    const c = new ChunkCache(0, 1);
    c.slots = p.slots; c.mask = (p.slots.length >> 2) - 1; c.keys = p.keys; c.ids = p.ids;
    c.keyUsed = p.keys.length; c.idUsed = p.ids.length;
    return c;
  }

  /** The arrays, trimmed to what is used. */
  parts(): CacheParts {
    return { slots: this.slots, keys: this.keys.subarray(0, this.keyUsed), ids: this.ids.subarray(0, this.idUsed) };
  }

  /** Offset in `ids` of text[start, end)'s count and ids, or 0 (then `put` stores them for that chunk). */
  get(text: string, start: number, end: number): number {
    const len = end - start;
    if (len <= 8) {
      // Up to 8 Latin-1 characters (most chunks) are their own key, in two ints: no hash loop, no comparison loop.
      let k1 = 0, k2 = 0, i = start;
      const mid = len < 4 ? end : start + 4;
      for (; i < mid; i++) { const c = text.charCodeAt(i); if (c > 255) break; k1 |= c << ((i - start) << 3); }
      if (i === mid) {
        for (; i < end; i++) { const c = text.charCodeAt(i); if (c > 255) break; k2 |= c << ((i - mid) << 3); }
        if (i === end) return this.getPacked(k1, k2, len);
      }
    }
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    h ^= h >>> 15;
    const slots = this.slots, keys = this.keys, mask = this.mask;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const s = i << 2;
      const off = slots[s + 3];
      if (off === 0) { this.slot = s; this.hash = h; this.packed = false; return 0; }
      if (slots[s] !== h || slots[s + 2] !== len) continue;
      let k = slots[s + 1], j = start;
      while (j < end && keys[k] === text.charCodeAt(j)) { k++; j++; }
      if (j === end) return off;
    }
  }

  /** A packed chunk's slot holds its second key, first key, minus its length (never a length) and ids offset. */
  private getPacked(k1: number, k2: number, len: number): number {
    const slots = this.slots, mask = this.mask;
    for (let i = mix(k1, k2, len) & mask; ; i = (i + 1) & mask) {
      const s = i << 2;
      const off = slots[s + 3];
      if (off === 0) { this.slot = s; this.packed = true; this.k1 = k1; this.k2 = k2; return 0; }
      if (slots[s + 2] === -len && slots[s + 1] === k1 && slots[s] === k2) return off;
    }
  }

  /** Stores the ids of the chunk `get` just missed (text[start, end)); returns their offset in `ids`. */
  put(text: string, start: number, end: number, ids: ArrayLike<number>, from: number, count: number): number {
    if (end - start > MAX_CACHED_CHUNK) return 0;
    if (this.size >= this.max) { this.clear(); this.get(text, start, end); }
    else if (this.size + 1 > (this.mask + 1) * this.maxLoad) { this.grow(); this.get(text, start, end); }
    const len = end - start;
    if (this.packed) {
      if (this.idUsed + count + 1 > this.ids.length) { const d = new Int32Array(grown(this.ids.length, this.idUsed + count + 1)); d.set(this.ids); this.ids = d; }
      const off = this.idUsed;
      this.ids[off] = count;
      for (let i = 0; i < count; i++) this.ids[off + 1 + i] = ids[from + i];
      const s = this.slot;
      this.slots[s] = this.k2; this.slots[s + 1] = this.k1; this.slots[s + 2] = -len; this.slots[s + 3] = off;
      this.idUsed += count + 1;
      this.size++;
      return off;
    }
    if (this.keyUsed + len > this.keys.length) { const k = new Uint16Array(grown(this.keys.length, this.keyUsed + len)); k.set(this.keys); this.keys = k; }
    if (this.idUsed + count + 1 > this.ids.length) { const d = new Int32Array(grown(this.ids.length, this.idUsed + count + 1)); d.set(this.ids); this.ids = d; }
    const keys = this.keys;
    for (let i = 0; i < len; i++) keys[this.keyUsed + i] = text.charCodeAt(start + i);
    const off = this.idUsed;
    this.ids[off] = count;
    for (let i = 0; i < count; i++) this.ids[off + 1 + i] = ids[from + i];
    const s = this.slot;
    this.slots[s] = this.hash; this.slots[s + 1] = this.keyUsed; this.slots[s + 2] = len; this.slots[s + 3] = off;
    this.keyUsed += len;
    this.idUsed += count + 1;
    this.size++;
    return off;
  }

  private grow(): void {
    const old = this.slots;
    const n = (this.mask + 1) * 2;
    const slots = new Int32Array(n * 4);
    const mask = n - 1;
    for (let s = 0; s < old.length; s += 4) {
      if (old[s + 3] === 0) continue;
      let i = (old[s + 2] < 0 ? mix(old[s + 1], old[s], -old[s + 2]) : old[s]) & mask;
      while (slots[(i << 2) + 3] !== 0) i = (i + 1) & mask;
      const t = i << 2;
      slots[t] = old[s]; slots[t + 1] = old[s + 1]; slots[t + 2] = old[s + 2]; slots[t + 3] = old[s + 3];
    }
    this.slots = slots;
    this.mask = mask;
  }

  private clear(): void {
    this.slots.fill(0);
    this.keyUsed = 0;
    this.idUsed = 1;
    this.size = 0;
  }
}

function mix(k1: number, k2: number, len: number): number {
  let h = Math.imul(k1 ^ Math.imul(k2 ^ len, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function grown(size: number, need: number): number {
  let n = size * 2;
  while (n < need) n *= 2;
  return n;
}
