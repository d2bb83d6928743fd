// Impact lists: search's first page without reading every occurrence of a frequent word. Each full-text index is cut
// into segments of row ids (lo, hi]; a segment is tokenized once more into a temporary FTS5 table, whose instances
// give every term's rows with their hits. Per segment, every term (kind 0), and every prefix shared by several terms
// with more than LIST_ROWS rows (kind 1), keeps its LIST_ROWS rows with the best bm25 contribution and a bound on the
// rest: `rest`, the smallest K0/hits among the rows left out (K0 = k1 (1 - b + b dl / avgdl0), avgdl0 the
// segment's when built). With the index's current avgdl A, a left-out row's contribution hits (k1+1) / (hits + K) is
// at most (k1+1) / (1 + min(1, avgdl0 / A) rest), so a query proves its top k exact (fts-topk.ts) or falls back.
import type { Db } from './db';

/** Rows kept per term and segment (all of them when it has no more). */
export const LIST_ROWS = 64;
/** A segment's size: rows and bytes of text (tests make them small to get several). */
export const segmentLimits = { rows: 50_000, bytes: 96 << 20 };
const K1 = 1.2;
const B = 0.75;

export type Fts = 'samples_fts' | 'traces_fts';
export interface ImpactSource { table: string; fts: Fts; columns: string; size: string }

interface SegmentRow { lo: number; hi: number; docs: number; tokens: number; avgdl: number; dirty: number }

function segments(db: Db, fts: Fts): SegmentRow[] {
  return db.prepare('SELECT lo, hi, docs, tokens, avgdl, dirty FROM search_segments WHERE ix = ? ORDER BY lo').all(fts) as SegmentRow[];
}

/** Each indexed row's size in tokens (all columns) for ids in (lo, hi], from FTS5's own %_docsize. */
function docSizesIn(db: Db, fts: Fts, lo: number, hi: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const [id, sz] of db.prepare(`SELECT id, sz FROM ${fts}_docsize WHERE id > ? AND id <= ?`).raw().iterate(lo, hi) as Iterable<[number, Uint8Array]>) {
    let size = 0;
    let v = 0;
    for (const byte of sz) {
      v = v * 128 + (byte & 0x7f);
      if (!(byte & 0x80)) { size += v; v = 0; }
    }
    out.set(id, size);
  }
  return out;
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

type Acc = Map<number, number>; // row -> hits

function mergeInto(a: Acc, b: Acc): Acc {
  const [big, small] = a.size >= b.size ? [a, b] : [b, a];
  for (const [d, f] of small) big.set(d, (big.get(d) ?? 0) + f);
  return big;
}

/** Builds one segment's lists from a temporary FTS5 table holding only its rows; one transaction. */
function buildSegment(db: Db, src: ImpactSource, lo: number, hi: number): void {
  const sizes = docSizesIn(db, src.fts, lo, hi);
  let tokens = 0;
  for (const s of sizes.values()) tokens += s;
  const docs = sizes.size;
  const avgdl = docs ? tokens / docs : 1;
  db.exec(`DROP TABLE IF EXISTS temp.distillery_seg_vi; DROP TABLE IF EXISTS temp.distillery_seg;
    CREATE VIRTUAL TABLE temp.distillery_seg USING fts5(${src.columns}, content='', tokenize='unicode61');
    CREATE VIRTUAL TABLE temp.distillery_seg_vi USING fts5vocab(temp, distillery_seg, instance);`);
  db.prepare(`INSERT INTO temp.distillery_seg (rowid, ${src.columns}) SELECT id, ${src.columns} FROM main.${src.table} WHERE id > ? AND id <= ?`).run(lo, hi);
  const insert = db.prepare('INSERT INTO search_lists (ix, seg, kind, key, df, rest, entries) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const rows: unknown[][] = [];
  const emit = (kind: 0 | 1, key: string, acc: Acc) => {
    const df = acc.size;
    if (kind === 1 && df <= LIST_ROWS) return; // its terms' lists are complete: the query unites them
    const ds = Int32Array.from(acc.keys());
    const fs = Int32Array.from(acc.values());
    let keep: number[];
    let rest: number | null = null;
    if (df <= LIST_ROWS) keep = Array.from(ds.keys());
    else {
      // The LIST_ROWS smallest K0/hits (the largest contributions), in a buffer trimmed when it doubles.
      const c = new Float64Array(df);
      for (let i = 0; i < df; i++) c[i] = (K1 * (1 - B + (B * (sizes.get(ds[i]) ?? 0)) / avgdl)) / fs[i];
      let buf: number[] = [];
      let thr = Infinity;
      let restMin = Infinity;
      const trim = () => {
        buf.sort((x, y) => c[x] - c[y] || ds[x] - ds[y]);
        for (let j = LIST_ROWS; j < buf.length; j++) if (c[buf[j]] < restMin) restMin = c[buf[j]];
        buf = buf.slice(0, LIST_ROWS);
        thr = c[buf[buf.length - 1]];
      };
      for (let i = 0; i < df; i++) {
        if (c[i] >= thr) { if (c[i] < restMin) restMin = c[i]; continue; }
        buf.push(i);
        if (buf.length >= 2 * LIST_ROWS) trim();
      }
      trim();
      keep = buf;
      rest = restMin;
    }
    const e = new Int32Array(keep.length * 3);
    keep.forEach((i, j) => { e[3 * j] = ds[i]; e[3 * j + 1] = fs[i]; e[3 * j + 2] = sizes.get(ds[i]) ?? 0; });
    rows.push([src.fts, lo, kind, key, df, rest, Buffer.from(e.buffer, e.byteOffset, e.byteLength)]);
  };
  // Terms come sorted; the prefixes shared by several terms are the common prefixes of neighbours, closed bottom-up.
  const stack: { len: number; acc: Acc }[] = [];
  let prev: string | null = null;
  let leaf: Acc | null = null;
  const close = (term: string | null) => {
    if (prev === null || leaf === null) return;
    emit(0, prev, leaf);
    const l = term === null ? 0 : commonPrefix(prev, term);
    let child: Acc = leaf;
    while (stack.length && stack[stack.length - 1].len > l) {
      const node = stack.pop()!;
      node.acc = mergeInto(node.acc, child);
      const key = prev.slice(0, node.len);
      if (!/[\uD800-\uDBFF]$/.test(key)) emit(1, key, node.acc);
      child = node.acc;
    }
    if (l === 0) return;
    const top = stack[stack.length - 1];
    if (top && top.len === l) top.acc = mergeInto(top.acc, child);
    else stack.push({ len: l, acc: child });
  };
  for (const [term, doc] of db.prepare('SELECT term, doc FROM temp.distillery_seg_vi').raw().iterate() as Iterable<[string, number]>) {
    if (term !== prev) {
      close(term);
      prev = term;
      leaf = new Map();
    }
    leaf!.set(doc, (leaf!.get(doc) ?? 0) + 1);
  }
  close(null);
  db.exec('DROP TABLE IF EXISTS temp.distillery_seg_vi; DROP TABLE IF EXISTS temp.distillery_seg;');
  db.transaction(() => {
    db.prepare('DELETE FROM search_lists WHERE ix = ? AND seg = ?').run(src.fts, lo);
    db.prepare('DELETE FROM search_segments WHERE ix = ? AND lo = ?').run(src.fts, lo);
    for (const r of rows) insert.run(...r);
    db.prepare('INSERT INTO search_segments (ix, lo, hi, docs, tokens, avgdl) VALUES (?, ?, ?, ?, ?, ?)').run(src.fts, lo, hi, docs, tokens, avgdl);
  }).immediate();
}

/**
 * Brings the index's impact lists up to its watermark: rebuilds dirty segments (a row was deleted), and cuts the
 * rows indexed since into new segments; a small last segment is rebuilt with them, so segments stay few and a row is
 * rescanned a bounded number of times. Returns the segments built.
 */
export function refreshImpact(db: Db, src: ImpactSource, upto: number): number {
  let built = 0;
  const segs = segments(db, src.fts);
  for (const s of segs) if (s.dirty) { buildSegment(db, src, s.lo, s.hi); built++; }
  const last = segs[segs.length - 1];
  let from = last ? last.hi : 0;
  if (from >= upto) return built;
  if (last && last.docs < segmentLimits.rows / 4 && last.tokens < segmentLimits.bytes / 24) from = last.lo;
  const next = db.prepare(`SELECT id, ${src.size} AS n FROM ${src.table} WHERE id > ? AND id <= ? ORDER BY id`);
  while (from < upto) {
    let hi = from;
    let bytes = 0;
    let rows = 0;
    for (const r of next.iterate(from, upto) as Iterable<{ id: number; n: number }>) {
      hi = r.id;
      bytes += r.n ?? 0;
      if (++rows >= segmentLimits.rows || bytes >= segmentLimits.bytes) break;
    }
    if (hi === from) hi = upto; // no rows left in the range (deleted): one empty segment covers it
    buildSegment(db, src, from, hi);
    built++;
    from = hi;
  }
  return built;
}

/** The index's row count and token total from its segments, or null when they do not cover it exactly (then: exact path). */
export function impactStats(db: Db, fts: Fts, upto: number): { docs: number; tokens: number; segs: SegmentRow[] } | null {
  const segs = segments(db, fts);
  let at = 0;
  let docs = 0;
  let tokens = 0;
  for (const s of segs) {
    if (s.dirty || s.lo !== at) return null;
    at = s.hi;
    docs += s.docs;
    tokens += s.tokens;
  }
  return at === upto ? { docs, tokens, segs } : null;
}

/** A phrase's rows from the lists: every listed row with its hits and size, its row count, and per segment a bound on the rows left out. */
export interface PhraseLists { docs: number[]; tfs: number[]; dls: number[]; n: number; bounds: { rest: number; avgdl: number }[] }

/**
 * The rows of one word (`prefix`: also every word it starts, as FTS5's `"w"*`) from the lists of each segment, or
 * null when a segment cannot tell them (a prefix whose shared entry is absent while a term's list is cut).
 */
export function phraseLists(db: Db, fts: Fts, segs: readonly SegmentRow[], word: string, prefix: boolean): PhraseLists | null {
  const out: PhraseLists = { docs: [], tfs: [], dls: [], n: 0, bounds: [] };
  const one = db.prepare('SELECT df, rest, entries FROM search_lists WHERE ix = ? AND seg = ? AND kind = ? AND key = ?');
  const first = db.prepare('SELECT key FROM search_lists WHERE ix = ? AND seg = ? AND kind = 0 AND key >= ? AND key < ? ORDER BY key LIMIT 1').pluck();
  const last = db.prepare('SELECT key FROM search_lists WHERE ix = ? AND seg = ? AND kind = 0 AND key >= ? AND key < ? ORDER BY key DESC LIMIT 1').pluck();
  const range = db.prepare('SELECT df, rest, entries FROM search_lists WHERE ix = ? AND seg = ? AND kind = 0 AND key >= ? AND key < ?');
  const end = `${word}\u{10FFFF}`;
  type Row = { df: number; rest: number | null; entries: Buffer };
  const add = (r: Row, s: SegmentRow) => {
    const e = new Int32Array(r.entries.buffer.slice(r.entries.byteOffset, r.entries.byteOffset + r.entries.byteLength));
    for (let i = 0; i < e.length; i += 3) { out.docs.push(e[i]); out.tfs.push(e[i + 1]); out.dls.push(e[i + 2]); }
    out.n += r.df;
    if (r.rest !== null) out.bounds.push({ rest: r.rest, avgdl: s.avgdl });
  };
  for (const s of segs) {
    if (!prefix) {
      const r = one.get(fts, s.lo, 0, word) as Row | undefined;
      if (r) add(r, s);
      continue;
    }
    const a = first.get(fts, s.lo, word, end) as string | undefined;
    if (a === undefined) continue;
    const z = last.get(fts, s.lo, word, end) as string;
    if (a === z) { add(one.get(fts, s.lo, 0, a) as Row, s); continue; }
    const node = one.get(fts, s.lo, 1, a.slice(0, commonPrefix(a, z))) as Row | undefined;
    if (node) { add(node, s); continue; }
    // No shared entry: at most LIST_ROWS rows, each term's list complete; unite them (a row's hits add up).
    const acc = new Map<number, [number, number]>();
    for (const r of range.iterate(fts, s.lo, word, end) as Iterable<Row>) {
      if (r.rest !== null) return null;
      const e = new Int32Array(r.entries.buffer.slice(r.entries.byteOffset, r.entries.byteOffset + r.entries.byteLength));
      for (let i = 0; i < e.length; i += 3) {
        const had = acc.get(e[i]);
        if (had) had[0] += e[i + 1]; else acc.set(e[i], [e[i + 1], e[i + 2]]);
      }
    }
    for (const [d, [f, dl]] of acc) { out.docs.push(d); out.tfs.push(f); out.dls.push(dl); }
    out.n += acc.size;
  }
  return out;
}

/** Up to `max` whole terms of the index starting with `prefix`, from the lists (null: more, or no lists). */
export function listedPrefixTerms(db: Db, fts: Fts, segs: readonly SegmentRow[], prefix: string, max: number): string[] | null {
  const q = db.prepare('SELECT key FROM search_lists WHERE ix = ? AND seg = ? AND kind = 0 AND key >= ? AND key < ? ORDER BY key LIMIT ?').pluck();
  const terms = new Set<string>();
  for (const s of segs) {
    for (const t of q.all(fts, s.lo, prefix, `${prefix}\u{10FFFF}`, max + 1) as string[]) terms.add(t);
    if (terms.size > max) return null;
  }
  return [...terms];
}
