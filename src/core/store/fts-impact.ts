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
export const segmentLimits = { rows: 50_000, tokens: 16_000_000 };
const K1 = 1.2;
const B = 0.75;

export type Fts = 'samples_fts' | 'traces_fts';
export interface ImpactSource { table: string; fts: Fts; columns: string; size: string }

interface SegmentRow { lo: number; hi: number; docs: number; tokens: number; avgdl: number; dirty: number }

function segments(db: Db, fts: Fts): SegmentRow[] {
  return db.prepare('SELECT lo, hi, docs, tokens, avgdl, dirty FROM search_segments WHERE ix = ? ORDER BY lo').all(fts) as SegmentRow[];
}

/** The segment's indexed rows (ids ascending) and their sizes in tokens (all columns), from FTS5's own %_docsize. */
function docSizesIn(db: Db, fts: Fts, lo: number, hi: number): { ids: number[]; sizes: number[] } {
  const ids: number[] = [];
  const sizes: number[] = [];
  for (const [id, sz] of db.prepare(`SELECT id, sz FROM ${fts}_docsize WHERE id > ? AND id <= ? ORDER BY id`).raw().iterate(lo, hi) as Iterable<[number, Uint8Array]>) {
    let size = 0;
    let v = 0;
    for (const byte of sz) {
      v = v * 128 + (byte & 0x7f);
      if (!(byte & 0x80)) { size += v; v = 0; }
    }
    ids.push(id);
    sizes.push(size);
  }
  return { ids, sizes };
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Hits per row of a prefix being summed: a dense array over the segment's rows and the rows touched. */
interface Acc { tf: Int32Array; touched: number[] }
/** One term's rows (slots in the segment) and hits. */
interface Leaf { slots: Int32Array; tfs: Int32Array }

/** Instances read from SQLite per query (bounded memory: one array of row ids). */
const CHUNK_INSTANCES = 1 << 21;

/** The k smallest values of c (more than k) ascending, in one pass: past the first k most fail one comparison. */
export function smallest(c: Float64Array, k: number): Float64Array {
  const s = new Float64Array(k);
  let n = 0;
  for (let i = 0; i < c.length; i++) {
    const v = c[i];
    if (n === k) { if (v >= s[k - 1]) continue; } else n++;
    let j = n - 1;
    while (j > 0 && s[j - 1] > v) { s[j] = s[j - 1]; j--; }
    s[j] = v;
  }
  return s;
}

/**
 * Builds one segment's lists from a temporary FTS5 table holding only its rows, one transaction. The terms and their
 * instance counts come from the row vocabulary, the instances (row ids only, in term then row order) from the
 * instance vocabulary, read in ranges of terms: a term string per instance would cost five times more.
 */
function buildSegment(db: Db, src: ImpactSource, lo: number, hi: number): void {
  const { ids, sizes } = docSizesIn(db, src.fts, lo, hi);
  const docs = ids.length;
  let tokens = 0;
  for (const s of sizes) tokens += s;
  const avgdl = docs ? tokens / docs : 1;
  // A row's slot: its offset in the range when ids are dense (the usual case), else its rank.
  const dense = hi - lo <= 4 * docs + 4096;
  const width = dense ? hi - lo : docs;
  const rank = dense ? null : new Map(ids.map((d, i) => [d, i]));
  const slotOf = (doc: number) => (dense ? doc - lo - 1 : rank!.get(doc)!);
  const docOf = (slot: number) => (dense ? lo + 1 + slot : ids[slot]);
  const dl = new Int32Array(width);
  ids.forEach((d, i) => { dl[slotOf(d)] = sizes[i]; });

  db.exec(`DROP TABLE IF EXISTS temp.distillery_seg_vi; DROP TABLE IF EXISTS temp.distillery_seg_vr; DROP TABLE IF EXISTS temp.distillery_seg;
    DROP TABLE IF EXISTS temp.distillery_seg_lists;
    CREATE TABLE temp.distillery_seg_lists (kind INTEGER, key TEXT, df INTEGER, rest REAL, entries BLOB);
    CREATE VIRTUAL TABLE temp.distillery_seg USING fts5(${src.columns}, content='', tokenize='unicode61');
    CREATE VIRTUAL TABLE temp.distillery_seg_vr USING fts5vocab(temp, distillery_seg, row);
    CREATE VIRTUAL TABLE temp.distillery_seg_vi USING fts5vocab(temp, distillery_seg, instance);`);
  db.prepare(`INSERT INTO temp.distillery_seg (rowid, ${src.columns}) SELECT id, ${src.columns} FROM main.${src.table} WHERE id > ? AND id <= ?`).run(lo, hi);
  const terms = db.prepare('SELECT term, cnt FROM temp.distillery_seg_vr').raw().all() as [string, number][];
  const instancesIn = db.prepare('SELECT doc FROM temp.distillery_seg_vi WHERE term >= ? AND term <= ?').pluck();

  // The lists are staged in a temporary table (memory stays bounded; the main database is locked only to copy them).
  const stage = db.prepare('INSERT INTO temp.distillery_seg_lists (kind, key, df, rest, entries) VALUES (?, ?, ?, ?, ?)');
  const emit = (kind: 0 | 1, key: string, slots: ArrayLike<number>, tfs: ArrayLike<number>) => {
    const df = slots.length;
    if (kind === 1 && df <= LIST_ROWS) return; // its terms' lists are complete: the query unites them
    let keep: number[];
    let rest: number | null = null;
    if (df <= LIST_ROWS) keep = Array.from({ length: df }, (_, i) => i);
    else {
      // The LIST_ROWS smallest K0/hits (the largest contributions; ties: lower rows first) and the smallest left out.
      const c = new Float64Array(df);
      for (let i = 0; i < df; i++) c[i] = (K1 * (1 - B + (B * dl[slots[i]]) / avgdl)) / tfs[i];
      const sorted = smallest(c, LIST_ROWS + 1);
      const thr = sorted[LIST_ROWS - 1];
      keep = [];
      for (let i = 0; i < df; i++) if (c[i] < thr) keep.push(i);
      for (let i = 0; i < df && keep.length < LIST_ROWS; i++) if (c[i] === thr) keep.push(i);
      rest = sorted[LIST_ROWS];
    }
    const e = new Int32Array(keep.length * 3);
    keep.forEach((i, j) => { e[3 * j] = docOf(slots[i]); e[3 * j + 1] = tfs[i]; e[3 * j + 2] = dl[slots[i]]; });
    stage.run(kind, key, df, rest, Buffer.from(e.buffer, e.byteOffset, e.byteLength));
  };

  // Prefixes shared by several terms are the common prefixes of neighbouring terms (sorted), summed bottom-up on a
  // stack whose dense arrays are recycled.
  const pool: Acc[] = [];
  const take = (): Acc => pool.pop() ?? { tf: new Int32Array(width), touched: [] };
  const release = (a: Acc) => { for (const t of a.touched) a.tf[t] = 0; a.touched.length = 0; pool.push(a); };
  const addLeaf = (a: Acc, l: Leaf) => {
    for (let i = 0; i < l.slots.length; i++) { const t = l.slots[i]; if (a.tf[t] === 0) a.touched.push(t); a.tf[t] += l.tfs[i]; }
  };
  const addAcc = (a: Acc, b: Acc) => {
    for (const t of b.touched) { if (a.tf[t] === 0) a.touched.push(t); a.tf[t] += b.tf[t]; }
  };
  const emitAcc = (key: string, a: Acc) => {
    if (a.touched.length <= LIST_ROWS || /[\uD800-\uDBFF]$/.test(key)) return;
    const tfs = new Int32Array(a.touched.length);
    for (let i = 0; i < tfs.length; i++) tfs[i] = a.tf[a.touched[i]];
    emit(1, key, a.touched, tfs);
  };
  const stack: { len: number; acc: Acc }[] = [];
  const term = (word: string, leaf: Leaf, next: string | null) => {
    emit(0, word, leaf.slots, leaf.tfs);
    const l = next === null ? 0 : commonPrefix(word, next);
    let child: Acc | Leaf = leaf;
    while (stack.length && stack[stack.length - 1].len > l) {
      const node = stack.pop()!;
      if ('touched' in child) { addAcc(node.acc, child); release(child); } else addLeaf(node.acc, child);
      emitAcc(word.slice(0, node.len), node.acc);
      child = node.acc;
    }
    const top = stack[stack.length - 1];
    if (l === 0) { if ('touched' in child) release(child); return; }
    if (top && top.len === l) {
      if ('touched' in child) { addAcc(top.acc, child); release(child); } else addLeaf(top.acc, child);
    } else if ('touched' in child) stack.push({ len: l, acc: child });
    else { const a = take(); addLeaf(a, child); stack.push({ len: l, acc: a }); }
  };

  // The staging in one transaction (it writes to temp only; the main database is not locked by it): a transaction
  // per list, each committing to the temporary file, cost 16 times as much per list (31 against 1.9 us).
  const own = !db.inTransaction;
  if (own) db.exec('BEGIN');
  try {
    const leafSlots = new Int32Array(width);
    const leafTfs = new Int32Array(width);
    for (let i = 0; i < terms.length;) {
      // A range of terms with about CHUNK_INSTANCES instances (one term alone if it has more).
      let j = i;
      let n = 0;
      do n += terms[j++][1]; while (j < terms.length && n + terms[j][1] <= CHUNK_INSTANCES);
      const got = instancesIn.all(terms[i][0], terms[j - 1][0]) as number[];
      if (got.length !== n) throw new Error(`search lists: ${got.length} instances where the vocabulary counts ${n}`);
      let p = 0;
      for (let k = i; k < j; k++) {
        const end = p + terms[k][1];
        let m = 0;
        let last = -1;
        for (; p < end; p++) {
          const d = got[p];
          if (d === last) leafTfs[m - 1]++;
          else { leafSlots[m] = slotOf(d); leafTfs[m++] = 1; last = d; }
        }
        term(terms[k][0], { slots: leafSlots.subarray(0, m), tfs: leafTfs.subarray(0, m) }, k + 1 < terms.length ? terms[k + 1][0] : null);
      }
      i = j;
    }
    if (own) db.exec('COMMIT');
  } catch (e) {
    if (own && db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
  db.exec('DROP TABLE IF EXISTS temp.distillery_seg_vi; DROP TABLE IF EXISTS temp.distillery_seg_vr; DROP TABLE IF EXISTS temp.distillery_seg;');
  db.transaction(() => {
    // Another connection may have built an overlapping segment meanwhile: then keep its work.
    if (db.prepare('SELECT 1 FROM search_segments WHERE ix = ? AND lo <> ? AND lo < ? AND hi > ?').get(src.fts, lo, hi, lo)) return;
    db.prepare('DELETE FROM search_lists WHERE ix = ? AND seg = ?').run(src.fts, lo);
    db.prepare('DELETE FROM search_segments WHERE ix = ? AND lo = ?').run(src.fts, lo);
    db.prepare('INSERT INTO search_lists (ix, seg, kind, key, df, rest, entries) SELECT ?, ?, kind, key, df, rest, entries FROM temp.distillery_seg_lists ORDER BY kind, key').run(src.fts, lo);
    db.prepare('INSERT INTO search_segments (ix, lo, hi, docs, tokens, avgdl) VALUES (?, ?, ?, ?, ?, ?)').run(src.fts, lo, hi, docs, tokens, avgdl);
  }).immediate();
  db.exec('DROP TABLE IF EXISTS temp.distillery_seg_lists;');
}

/**
 * Brings the index's impact lists up to its watermark: rebuilds dirty segments (a row was deleted), and cuts the
 * rows indexed since into new segments; a small last segment is rebuilt with them, so segments stay few and a row is
 * rescanned a bounded number of times. Returns the segments built.
 */
export function refreshImpact(db: Db, src: ImpactSource, upto: number, maxRows = Infinity): number {
  let built = 0;
  let segs = segments(db, src.fts);
  // Segments must tile (0, watermark]: from the first that does not (two builders raced), they are built again.
  let at = 0;
  const bad = segs.findIndex((s) => { const ok = s.lo === at && s.hi > s.lo && s.hi <= upto; at = s.hi; return !ok; });
  if (bad >= 0) {
    const cut = segs[bad].lo;
    db.transaction(() => {
      db.prepare('DELETE FROM search_lists WHERE ix = ? AND seg >= ?').run(src.fts, cut);
      db.prepare('DELETE FROM search_segments WHERE ix = ? AND lo >= ?').run(src.fts, cut);
    }).immediate();
    segs = segs.slice(0, bad);
  }
  const last = segs[segs.length - 1];
  let from = last ? last.hi : 0;
  // A caller that must answer now (a search) builds only a little; the rest is the index build's (CLI, engine).
  if (maxRows !== Infinity && from < upto || segs.some((s) => s.dirty)) {
    const missing = (db.prepare(`SELECT count(*) FROM ${src.fts}_docsize WHERE id > ? AND id <= ?`).pluck().get(from, upto) as number)
      + segs.filter((s) => s.dirty).reduce((n, s) => n + s.docs, 0);
    if (missing > maxRows) return 0;
  }
  for (const s of segs) if (s.dirty) { buildSegment(db, src, s.lo, s.hi); built++; }
  if (from >= upto) return built;
  if (last && last.docs < segmentLimits.rows / 4 && last.tokens < segmentLimits.tokens / 4) from = last.lo;
  // Cut by the index's own sizes (reading the text's length would read the text).
  const next = db.prepare(`SELECT id, sz FROM ${src.fts}_docsize WHERE id > ? AND id <= ? ORDER BY id`).raw();
  while (from < upto) {
    let hi = from;
    let tokens = 0;
    let rows = 0;
    for (const [id, sz] of next.iterate(from, upto) as Iterable<[number, Uint8Array]>) {
      hi = id;
      let v = 0;
      for (const byte of sz) {
        v = v * 128 + (byte & 0x7f);
        if (!(byte & 0x80)) { tokens += v; v = 0; }
      }
      if (++rows >= segmentLimits.rows || tokens >= segmentLimits.tokens) break;
    }
    if (rows < segmentLimits.rows && tokens < segmentLimits.tokens) hi = upto; // the rest fits (deleted ids included)
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

/** A frequent word of the questions' index (its list is cut short: more rows hold it than the list keeps), or null. */
export function frequentListedWord(db: Db): string | null {
  return (db.prepare(`SELECT key FROM search_lists WHERE ix = 'samples_fts' AND kind = 0 AND rest IS NOT NULL
    AND key GLOB '[a-z][a-z][a-z]*' LIMIT 1`).pluck().get() as string | undefined) ?? null;
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
