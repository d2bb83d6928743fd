// Reused memory for an export worker's JSON chunks. A chunk's rows are many small pieces (template literals and
// SQLite's escaped texts) joined into one buffer that is transferred to the main thread. Buffer.concat made a fresh
// allocation of several MB per chunk, which the system maps as new zero-filled pages: at 59K rows the page faults
// cost about 2 CPU-s of the worker's 6 (perf, 917 MB of rows), more than the copying itself. Here the joined bytes
// go into blocks that come back from the main thread once written (`recycle`), so after the first few chunks no new
// memory is touched.

/** A block holds at least this (a 256-question chunk of the 59K pool is about 4 MB, the largest about 12). */
export const CHUNK_BLOCK_BYTES = 8 << 20;
/** Blocks kept for reuse: the chunks in flight and held for writing in rank order, and a few more. */
const MAX_FREE = 12;

export class ChunkBlocks {
  private readonly free: ArrayBuffer[] = [];

  /** `parts` joined into the start of a block of their own (its whole ArrayBuffer may be transferred). */
  join(parts: readonly Uint8Array[]): Uint8Array {
    let n = 0;
    for (const p of parts) n += p.length;
    const i = this.free.findIndex((b) => b.byteLength >= n);
    const ab = i >= 0 ? this.free.splice(i, 1)[0] : new ArrayBuffer(Math.max(n, CHUNK_BLOCK_BYTES));
    const out = new Uint8Array(ab, 0, n);
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  }

  /** Blocks whose bytes are written. A detached one (its memory went elsewhere) or a small one is left to the GC; when
   *  the pool is full, the smallest goes. */
  recycle(blocks: readonly ArrayBuffer[]): void {
    for (const b of blocks) {
      if (b.byteLength < CHUNK_BLOCK_BYTES) continue;
      this.free.push(b);
      if (this.free.length > MAX_FREE) {
        let k = 0;
        for (let j = 1; j < this.free.length; j++) if (this.free[j].byteLength < this.free[k].byteLength) k = j;
        this.free.splice(k, 1);
      }
    }
  }

  /** Blocks held for reuse (tests). */
  get size(): number { return this.free.length; }
}
