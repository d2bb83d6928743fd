// The n-gram positions of a pool's questions split into shards by hash, so that dedup's chains (ngram-chains.ts)
// are built one shard at a time: every position of an n-gram falls in the same shard, so each shard's chains,
// document frequencies and repeats are exactly those of a whole-pool table. One shard stays in memory; several
// are written to temporary files as the questions are hashed (16 bytes a position) and read back one at a time,
// so a 1.2M-question pool never holds all its n-grams (~45M, ~1 GB with their chains) at once.
import { closeSync, fstatSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mix } from './ngram-table';

/** One shard's positions, documents in order and each document's positions in order. */
export interface Shard {
  hashes: Float64Array;
  /** Document i's positions are [offsets[i], offsets[i+1]) (all documents, most with none). */
  offsets: Int32Array;
  /** Each position's index among its document's n-grams (its order in the document), or undefined: j - offsets[doc]. */
  pos?: Int32Array;
}

/** A shard of a hash: a second mix of it (the chains' own parts and slots use mix's top and low bits). */
export const shardOf = (h: number, shards: number) => ((Math.imul(mix(h), 0x2c1b3c6d) >>> 0) % shards);

const BLOCK = 16384; // positions per block written

/** Collects documents' n-gram hashes, in document order, into `shards` shards (files when more than one). */
export class ShardSink {
  private dir?: string;
  private files: number[] = [];
  private blocks: { hashes: Float64Array; docs: Int32Array; pos: Int32Array; n: number; buf: Uint8Array }[] = [];
  // one shard: the hashes in memory, grown as needed
  private mem = new Float64Array(1 << 16);
  private memN = 0;
  private memOffsets?: Int32Array;
  private lastDoc = -1;

  constructor(readonly docs: number, readonly shards: number, spillDir?: string) {
    if (shards === 1) { this.memOffsets = new Int32Array(docs + 1); return; }
    this.dir = mkdtempSync(join(spillDir ?? tmpdir(), 'distillery-dedup-'));
    for (let s = 0; s < shards; s++) {
      this.files.push(openSync(join(this.dir, `shard-${s}`), 'w+'));
      const buf = new Uint8Array(8 + BLOCK * 16);
      this.blocks.push({ buf, n: 0, hashes: new Float64Array(buf.buffer, 8, BLOCK), docs: new Int32Array(buf.buffer, 8 + BLOCK * 8, BLOCK), pos: new Int32Array(buf.buffer, 8 + BLOCK * 12, BLOCK) });
    }
  }

  /** Adds document `doc`'s n-grams `h[0..count)`; documents must come in increasing order. */
  add(doc: number, h: Float64Array, count: number): void {
    if (this.memOffsets) {
      const o = this.memOffsets;
      for (let d = this.lastDoc + 1; d <= doc; d++) o[d] = this.memN; // documents not added: no positions
      this.lastDoc = doc;
      if (this.memN + count > this.mem.length) {
        const grown = new Float64Array(Math.max(this.memN + count, this.mem.length * 2));
        grown.set(this.mem.subarray(0, this.memN));
        this.mem = grown;
      }
      this.mem.set(h.subarray(0, count), this.memN);
      this.memN += count;
      return;
    }
    for (let k = 0; k < count; k++) {
      const s = shardOf(h[k], this.shards);
      const b = this.blocks[s];
      b.hashes[b.n] = h[k]; b.docs[b.n] = doc; b.pos[b.n] = k;
      if (++b.n === BLOCK) this.flush(s);
    }
  }

  private flush(s: number): void {
    const b = this.blocks[s];
    new Int32Array(b.buf.buffer, 0, 1)[0] = b.n;
    writeSync(this.files[s], b.buf);
    b.n = 0;
  }

  /** Calls fn with each shard in turn (their arrays are garbage after fn returns), then removes the files. */
  forEachShard(fn: (shard: Shard) => void): void {
    if (this.memOffsets) {
      const o = this.memOffsets;
      for (let d = this.lastDoc + 1; d < o.length; d++) o[d] = this.memN;
      const hashes = this.mem.subarray(0, this.memN);
      this.mem = new Float64Array(0);
      fn({ hashes, offsets: o });
      return;
    }
    try {
      for (let s = 0; s < this.shards; s++) {
        if (this.blocks[s].n > 0) this.flush(s);
        const fd = this.files[s];
        const blocks = fstatSync(fd).size / (8 + BLOCK * 16);
        const buf = new Uint8Array(8 + BLOCK * 16);
        const head = new Int32Array(buf.buffer, 0, 1);
        const bh = new Float64Array(buf.buffer, 8, BLOCK), bd = new Int32Array(buf.buffer, 8 + BLOCK * 8, BLOCK), bp = new Int32Array(buf.buffer, 8 + BLOCK * 12, BLOCK);
        let total = 0;
        for (let k = 0; k < blocks; k++) { readSync(fd, buf, 0, 8, k * buf.length); total += head[0]; }
        const hashes = new Float64Array(total), pos = new Int32Array(total), offsets = new Int32Array(this.docs + 1);
        const docOf = new Int32Array(total);
        let at = 0;
        for (let k = 0; k < blocks; k++) {
          readSync(fd, buf, 0, buf.length, k * buf.length);
          const m = head[0];
          hashes.set(bh.subarray(0, m), at); docOf.set(bd.subarray(0, m), at); pos.set(bp.subarray(0, m), at);
          at += m;
        }
        closeSync(fd);
        this.files[s] = -1;
        // positions came in document order: the offsets by counting
        for (let j = 0; j < total; j++) offsets[docOf[j] + 1]++;
        for (let d = 1; d < offsets.length; d++) offsets[d] += offsets[d - 1];
        fn({ hashes, offsets, pos });
      }
    } finally {
      this.close();
    }
  }

  /** Removes the temporary files (also when a run fails half-way). */
  close(): void {
    for (const fd of this.files) if (fd >= 0) closeSync(fd);
    this.files = [];
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }
}
