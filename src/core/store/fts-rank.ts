// FTS5's bm25, computed from the index's own instance lists (fts5vocab) and its stored document sizes instead of by
// FTS5 per hit. FTS5's bm25() costs ~3.5 us a hit (it walks each hit's positions through the auxiliary-function API
// and looks its size up in %_docsize one row at a time): a word in 40K of 58K traces took 100-160 ms to rank before
// anything was shown. Here the instances of the query's terms are read in one pass (~0.3 us each), the sizes come
// from an array read once per index state, and the scores are FTS5's formula on the same numbers, so the order is
// FTS5's own; the first page is the top k (a numeric sort), the full order only when a later page asks for it.
import type { Db } from './db';
import { cachedByState } from './state-cache';

/** FTS5's bm25 parameters (fts5_aux.c): k1 = 1.2, b = 0.75, all column weights 1. */
const K1 = 1.2;
const B = 0.75;

type Fts = 'samples_fts' | 'traces_fts';

/** The words of a query as FTS5 sees them, when this path can read their instances: lowercase ASCII letters and digits. */
export function plainTerms(words: readonly string[]): string[] | null {
  const terms = words.map((w) => w.toLowerCase());
  return terms.length && terms.every((t) => /^[a-z0-9]+$/.test(t)) ? terms : null;
}

/** Each indexed row's size in tokens (all columns), the row count and the total: what bm25 normalises by. */
interface Sizes { sizes: Int32Array; rows: number; total: number }

function docSizes(db: Db, fts: Fts): Sizes {
  // The index's state: its rows and the last one (an index built further or a row deleted changes one of them).
  const key = () => JSON.stringify(db.prepare(`SELECT count(*), ifnull(max(id), 0) FROM ${fts}_docsize`).raw().get());
  return cachedByState(db, `${fts}-sizes`, key, () => {
    const last = db.prepare(`SELECT ifnull(max(id), 0) FROM ${fts}_docsize`).pluck().get() as number;
    const sizes = new Int32Array(last + 1);
    let total = 0;
    let rows = 0;
    for (const [id, sz] of db.prepare(`SELECT id, sz FROM ${fts}_docsize`).raw().iterate() as Iterable<[number, Uint8Array]>) {
      // One varint per column (SQLite's encoding: 7 bits a byte, high bit set on all but the last).
      let size = 0;
      let v = 0;
      for (const byte of sz) {
        v = v * 128 + (byte & 0x7f);
        if (!(byte & 0x80)) { size += v; v = 0; }
      }
      sizes[id] = size;
      total += size;
      rows++;
    }
    return { sizes, rows, total };
  });
}

function instances(db: Db, fts: Fts) {
  const vocab = `distillery_${fts}_instances`;
  // A view of the index's instances in this connection's temp schema (the database file is not changed).
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.${vocab} USING fts5vocab(main, ${fts}, instance)`);
  return {
    exact: db.prepare(`SELECT doc FROM temp.${vocab} WHERE term = ?`).pluck(),
    prefix: db.prepare(`SELECT doc FROM temp.${vocab} WHERE term >= ? AND term < ?`).pluck(),
  };
}

/** Rows matching every term (the last also as a prefix, as ftsQuery writes it), with FTS5's bm25 (lower is better). */
export interface Scored { rows: Int32Array; scores: Float64Array }

/**
 * The rows of `fts` that match all `terms` (each a whole word, the last also any word it starts), scored as FTS5's
 * bm25() scores them for the query `"t1" "t2" … "tn"*`.
 */
export function bm25FromInstances(db: Db, fts: Fts, terms: readonly string[]): Scored {
  const { sizes, rows: nRow, total } = docSizes(db, fts);
  const q = instances(db, fts);
  const tfs: Int32Array[] = [];
  let first: number[] = [];
  const idf: number[] = [];
  terms.forEach((term, i) => {
    const docs = (i === terms.length - 1 ? q.prefix.all(term, `${term}\u{10FFFF}`) : q.exact.all(term)) as number[];
    const tf = new Int32Array(sizes.length);
    const distinct: number[] = [];
    for (const d of docs) if (tf[d]++ === 0) distinct.push(d);
    tfs.push(tf);
    if (i === 0) first = distinct;
    // FTS5: idf = ln((N - n + 0.5) / (n + 0.5)), at least 1e-6 (a word in most rows weighs almost nothing).
    const v = Math.log((nRow - distinct.length + 0.5) / (distinct.length + 0.5));
    idf.push(v <= 0 ? 1e-6 : v);
  });
  const avgdl = nRow > 0 ? total / nRow : 1;
  const rows: number[] = [];
  const scores: number[] = [];
  for (const d of first) {
    let score = 0;
    let all = true;
    for (let i = 0; i < tfs.length; i++) {
      const f = tfs[i][d];
      if (!f) { all = false; break; }
      score += idf[i] * ((f * (K1 + 1.0)) / (f + K1 * (1 - B + (B * sizes[d]) / avgdl)));
    }
    if (all) { rows.push(d); scores.push(-1.0 * score); }
  }
  return { rows: Int32Array.from(rows), scores: Float64Array.from(scores) };
}

/**
 * Samples ranked by their best score, ties by id: `page` sorts only as far as asked (the top k by a numeric sort of
 * the scores, then those rows), `all` the whole order once.
 */
export class RankedSamples {
  private order: Int32Array | null = null;

  /** `ids`: the samples; `score` and `trace`: indexed by sample id (the trace of the best match, 0 for the question). */
  constructor(readonly ids: Int32Array, private readonly score: Float64Array, private readonly trace: Int32Array) {}

  get total(): number {
    return this.ids.length;
  }

  /** The hit of a sample: its score and where it matched best. */
  hit(id: number): { sampleId: number; score: number; traceId: number | null } {
    return { sampleId: id, score: this.score[id], traceId: this.trace[id] || null };
  }

  private byRank = (a: number, b: number) => this.score[a] - this.score[b] || a - b;

  /** The samples ranked `offset` to `offset + limit`. */
  page(offset: number, limit: number): number[] {
    const k = offset + limit;
    if (this.order || k * 4 > this.ids.length) return Array.from(this.all().subarray(offset, k));
    return this.best(k).slice(offset);
  }

  /**
   * The k best samples in order, in one pass: a sorted run of the best so far, which a sample enters only when it
   * beats the worst of them (rare after the first few hundred), so a frequent word's 50K hits cost a comparison each.
   */
  private best(k: number): number[] {
    const top: number[] = [];
    const score = this.score;
    for (let i = 0; i < this.ids.length; i++) {
      const id = this.ids[i];
      const s = score[id];
      if (top.length === k) {
        const w = top[k - 1];
        if (s > score[w] || (s === score[w] && id > w)) continue;
        top.pop();
      }
      let at = top.length;
      while (at > 0 && this.byRank(top[at - 1], id) > 0) at--;
      top.splice(at, 0, id);
    }
    return top;
  }

  all(): Int32Array {
    return (this.order ??= Int32Array.from(this.ids).sort(this.byRank));
  }
}

/** Combines question and trace matches per sample: a sample's best (lowest) score decides, its question on a tie, then its lowest trace id. */
export function rankSamples(questions: Scored, traces: Scored, traceSample: Int32Array, keep: (sampleId: number) => boolean, maxSampleId: number): RankedSamples {
  const score = new Float64Array(maxSampleId + 1).fill(Infinity);
  const trace = new Int32Array(maxSampleId + 1);
  const ids: number[] = [];
  for (let i = 0; i < questions.rows.length; i++) {
    const id = questions.rows[i];
    if (id > maxSampleId || !keep(id)) continue;
    if (score[id] === Infinity) ids.push(id);
    score[id] = questions.scores[i];
  }
  for (let i = 0; i < traces.rows.length; i++) {
    const t = traces.rows[i];
    const id = traceSample[t];
    if (!id || id > maxSampleId || !keep(id)) continue;
    const s = traces.scores[i];
    if (score[id] === Infinity) { ids.push(id); score[id] = s; trace[id] = t; } else if (s < score[id] || (s === score[id] && trace[id] && t < trace[id])) { score[id] = s; trace[id] = t; }
  }
  return new RankedSamples(Int32Array.from(ids), score, trace);
}
