// The copy rule's candidates, found one n-gram shard at a time (ngram-shards.ts). Of each shard's chains only the
// positions that can find a candidate are kept: an n-gram's first occurrence in a question, held by 2..maxDf
// questions (an n-gram in one question finds nothing; boilerplate is left out). They are linked as the chains
// link them, so walking them from a question visits the same earlier questions in the same order as one
// whole-pool chain would, and dedup decides exactly as before. Questions' distinct n-gram counts (`size`, what
// coverage divides by) are summed over the shards.
import { ngramChains, REPEAT, SKIPPED } from './ngram-chains';
import type { Shard } from './ngram-shards';

/** The positions kept: each one's question, its order in the question, and the same n-gram's entry in the latest earlier question (-1: none). */
export class CandidateEntries {
  doc = new Int32Array(1024);
  pos = new Int32Array(1024);
  prev = new Int32Array(1024);
  n = 0;
  /** Distinct n-grams of each question (REPEATs not counted), over every shard. */
  readonly size: Int32Array;
  /** After `seal`: question i's entries are byDoc[start[i] .. start[i+1]), in order of position. */
  start?: Int32Array;
  byDoc?: Int32Array;

  constructor(docs: number, private readonly maxDf: number) { this.size = new Int32Array(docs); }

  private push(doc: number, pos: number, prev: number): number {
    this.doc[this.n] = doc; this.pos[this.n] = pos; this.prev[this.n] = prev;
    return this.n++;
  }

  /** Room for `more` entries: a shard's exact count, an eighth more (no doubling: at 1.2M rows these are ~0.2 GB). */
  private reserve(more: number): void {
    const need = this.n + more;
    if (need <= this.doc.length) return;
    const cap = Math.max(need, Math.ceil(this.doc.length * 1.125));
    const grow = (a: Int32Array) => { const b = new Int32Array(cap); b.set(a.subarray(0, this.n)); return b; };
    this.doc = grow(this.doc); this.pos = grow(this.pos); this.prev = grow(this.prev);
  }

  /** Takes one shard's chains: its sizes and its candidate-finding positions (`include`: only those questions'). */
  addShard(sh: Shard, include?: Uint8Array): void {
    const { prev, docOf, df } = ngramChains(sh.hashes, sh.offsets, { withDf: true, include });
    const d = df!;
    let more = 0;
    for (let j = 0; j < prev.length; j++) {
      const p = prev[j];
      if (p !== REPEAT && p !== SKIPPED && d[j] >= 2 && d[j] <= this.maxDf) more++;
    }
    this.reserve(more);
    for (let j = 0; j < prev.length; j++) {
      const p = prev[j];
      if (p === REPEAT || p === SKIPPED) continue;
      const doc = docOf[j];
      this.size[doc]++;
      const f = d[j];
      if (f < 2 || f > this.maxDf) continue;
      // p's n-gram is j's, so p was kept too, and d[p] already holds its entry (df is not read again once passed)
      d[j] = this.push(doc, sh.pos ? sh.pos[j] : j - sh.offsets[doc], p >= 0 ? d[p] : -1);
    }
  }

  /** Orders the entries by question, then position (several shards add a question's entries out of order). */
  seal(): void {
    const docs = this.size.length;
    const start = new Int32Array(docs + 1);
    for (let e = 0; e < this.n; e++) start[this.doc[e] + 1]++;
    for (let i = 1; i <= docs; i++) start[i] += start[i - 1];
    const fill = start.slice(0, docs);
    const byDoc = new Int32Array(this.n);
    for (let e = 0; e < this.n; e++) byDoc[fill[this.doc[e]]++] = e;
    const pos = this.pos;
    for (let i = 0; i < docs; i++) {
      for (let a = start[i] + 1; a < start[i + 1]; a++) {
        const e = byDoc[a];
        let b = a - 1;
        while (b >= start[i] && pos[byDoc[b]] > pos[e]) { byDoc[b + 1] = byDoc[b]; b--; }
        byDoc[b + 1] = e;
      }
    }
    this.start = start;
    this.byDoc = byDoc;
    this.pos = new Int32Array(0); // read only to order the entries
  }
}
