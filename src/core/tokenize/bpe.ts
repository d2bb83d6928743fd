// Byte-level BPE of one chunk on integer ids, as the reference (@huggingface/tokenizers) does it on strings: the
// chunk's UTF-8 bytes become the byte symbols' ids, then the adjacent pair of lowest merge rank is merged, leftmost
// first, one merge at a time. No string is built: pairs are looked up in the tables' integer hash table.
//
// Where the reference would output a token that is not in the vocabulary (a byte symbol missing, or a merge whose
// result is missing: never with Qwen's files), this returns -1 and the caller asks the reference. A merge whose side
// is not in the vocabulary is not in the table; such a side could only come from a merge of the second kind.
import { mergeSlot, type BpeTables } from './tables';

const NONE = 0x7fffffff;

export class BytePairEncoder {
  private bytes = new Uint8Array(1024);
  private sym = new Int32Array(1024);
  private rank = new Int32Array(1024);
  private into = new Int32Array(1024);

  constructor(private readonly t: BpeTables) {}

  /** The ids of text[a, b) into `out` from `at`; returns how many, or -1 if the reference must do it. */
  encode(text: string, a: number, b: number, out: Int32Array, at: number): number {
    const n = this.utf8(text, a, b);
    if (n > this.sym.length) this.grow(n);
    const { bytes, sym, rank, into } = this;
    const byteIds = this.t.byteIds;
    for (let i = 0; i < n; i++) {
      const id = byteIds[bytes[i]];
      if (id < 0) return -1;
      sym[i] = id;
    }
    let m = n;
    for (let i = 0; i + 1 < m; i++) this.pair(i);
    while (m > 1) {
      let best = NONE, k = -1;
      for (let i = 0; i + 1 < m; i++) if (rank[i] < best) { best = rank[i]; k = i; }
      if (k < 0) break;
      const merged = into[k];
      if (merged < 0) return -1;
      sym[k] = merged;
      for (let i = k + 1; i + 1 < m; i++) { sym[i] = sym[i + 1]; rank[i] = rank[i + 1]; into[i] = into[i + 1]; }
      m--;
      if (k + 1 < m) this.pair(k); else rank[k] = NONE;
      if (k > 0) this.pair(k - 1);
    }
    if (at + m > out.length) return -2;
    for (let i = 0; i < m; i++) out[at + i] = sym[i];
    return m;
  }

  /** The rank and result of merging symbols i and i + 1. */
  private pair(i: number): void {
    const merges = this.t.merges;
    const s = mergeSlot(merges, this.sym[i], this.sym[i + 1]);
    if (merges[s] === -1) { this.rank[i] = NONE; return; }
    this.rank[i] = merges[s + 2];
    this.into[i] = merges[s + 3];
  }

  /** UTF-8 of text[a, b) into this.bytes (a lone surrogate is U+FFFD, as TextEncoder and Buffer write it). */
  private utf8(text: string, a: number, b: number): number {
    if ((b - a) * 3 > this.bytes.length) this.bytes = new Uint8Array((b - a) * 3 + 16);
    const out = this.bytes;
    let n = 0;
    for (let i = a; i < b; i++) {
      let c = text.charCodeAt(i);
      if (c < 0x80) { out[n++] = c; continue; }
      if (c < 0x800) { out[n++] = 0xc0 | (c >> 6); out[n++] = 0x80 | (c & 63); continue; }
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < b ? text.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          c = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
          i++;
          out[n++] = 0xf0 | (c >> 18); out[n++] = 0x80 | ((c >> 12) & 63); out[n++] = 0x80 | ((c >> 6) & 63); out[n++] = 0x80 | (c & 63);
          continue;
        }
        c = 0xfffd;
      }
      out[n++] = 0xe0 | (c >> 12); out[n++] = 0x80 | ((c >> 6) & 63); out[n++] = 0x80 | (c & 63);
    }
    return n;
  }

  private grow(n: number): void {
    const size = n + 64;
    this.sym = new Int32Array(size);
    this.rank = new Int32Array(size);
    this.into = new Int32Array(size);
  }
}
