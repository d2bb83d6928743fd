// The full-text indexes over questions and traces are built after imports, not during them (indexing
// in the import transaction cuts its throughput by more than half). A watermark per index in `meta`
// records the highest row id indexed; building resumes from it.
import type { Db } from './db';
import { cachedByState } from './state-cache';
import { bm25FromInstances, plainTerms, rankSamples, RankedSamples, type Scored } from './fts-rank';
import { impactStats, listedPrefixTerms, refreshImpact } from './fts-impact';
import { impactTopK, TopRanked } from './fts-topk';

export { RankedSamples } from './fts-rank';
export { TopRanked } from './fts-topk';

/**
 * The rows a search brings into the impact lists itself: none. Building them takes seconds per 20K rows; a search
 * ranks exactly while they are behind, and the engine builds them in a worker thread (src/engine/index-worker.ts).
 */
const SEARCH_REFRESH_ROWS = 0;

interface FtsIndex { table: 'samples' | 'traces'; fts: 'samples_fts' | 'traces_fts'; columns: string; size: string; key: string }

const INDEXES: readonly FtsIndex[] = [
  { table: 'samples', fts: 'samples_fts', columns: 'question', size: 'length(question)', key: 'samples_fts_upto' },
  { table: 'traces', fts: 'traces_fts', columns: 'thinking, answer', size: 'length(thinking) + length(answer)', key: 'traces_fts_upto' },
];

function watermark(db: Db, key: string): number {
  const v = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined;
  return v ? Number(v) : 0;
}

function pending(db: Db, ix: FtsIndex): number {
  return db.prepare(`SELECT count(*) FROM ${ix.table} WHERE id > ?`).pluck().get(watermark(db, ix.key)) as number;
}

export function pendingTraces(db: Db): number {
  return pending(db, INDEXES[1]);
}

export function indexedTraces(db: Db): number {
  return db.prepare('SELECT count(*) FROM traces WHERE id <= ?').pluck().get(tracesIndexedUpto(db)) as number;
}

/** The highest trace id in the full-text index (traces above it are pending). */
export function tracesIndexedUpto(db: Db): number {
  return watermark(db, INDEXES[1].key);
}

/**
 * Indexes every question and trace above the watermarks, in committed batches so a killed build resumes
 * where it stopped and other writers get the lock between batches. Returns the number of traces indexed.
 */
export function buildSearchIndex(db: Db, onProgress?: (done: number, total: number) => void, batchBytes = 64 << 20, impactMaxRows = Infinity): number {
  let traces = 0;
  for (const ix of INDEXES) {
    const total = pending(db, ix);
    const next = db.prepare(`SELECT id, ${ix.size} AS n FROM ${ix.table} WHERE id > ? ORDER BY id LIMIT 5000`);
    const fill = db.prepare(`INSERT INTO ${ix.fts} (rowid, ${ix.columns}) SELECT id, ${ix.columns} FROM ${ix.table} WHERE id > ? AND id <= ?`);
    const mark = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    let done = 0;
    for (;;) {
      const from = watermark(db, ix.key);
      const ids = next.all(from) as { id: number; n: number }[];
      if (!ids.length) break;
      let upto = from;
      let bytes = 0;
      let count = 0;
      for (const r of ids) {
        upto = r.id;
        count++;
        bytes += r.n;
        if (bytes > batchBytes) break;
      }
      db.transaction(() => {
        // Re-check under the write lock: another process may have indexed this range meanwhile.
        if (watermark(db, ix.key) !== from) return;
        fill.run(from, upto);
        mark.run(ix.key, String(upto));
      }).immediate();
      done += count;
      if (ix.table === 'traces') onProgress?.(done, total);
    }
    if (ix.table === 'traces') traces = done;
    // The impact lists follow the index (new rows, rows deleted since): search's first page reads them.
    refreshImpact(db, ix, watermark(db, ix.key), impactMaxRows);
  }
  return traces;
}

/** Whether the impact lists lag behind a text index (searches then rank exactly until the index build brings them up). */
export function searchListsBehind(db: Db): boolean {
  return INDEXES.some((ix) => impactStats(db, ix.fts, watermark(db, ix.key)) === null);
}

/** Trace id → sample id, read once from the covering (sample_id, hash) index and kept until traces change. */
function traceSamples(db: Db): Int32Array {
  const key = () => JSON.stringify(db.prepare('SELECT ifnull(max(id), 0), count(*) FROM traces').raw().get());
  return cachedByState(db, 'trace-samples', key, () => {
    const maxId = db.prepare('SELECT ifnull(max(id), 0) FROM traces').pluck().get() as number;
    const map = new Int32Array(maxId + 1);
    for (const [id, sampleId] of db.prepare('SELECT id, sample_id FROM traces').raw().iterate() as Iterable<[number, number]>) map[id] = sampleId;
    return map;
  });
}

/**
 * Samples whose question or any trace matches the FTS5 query. The trace index gives trace ids; mapping them
 * to samples in memory avoids one lookup in the (large) traces table per hit, which dominated common words.
 * The index is built first if an import left it behind.
 */
export function searchSampleIds(db: Db, ftsQuery: string): Set<number> {
  buildSearchIndex(db);
  const hits = new Set<number>(db.prepare('SELECT rowid FROM samples_fts WHERE samples_fts MATCH ?').pluck().all(ftsQuery) as number[]);
  const map = traceSamples(db);
  for (const t of db.prepare('SELECT rowid FROM traces_fts WHERE traces_fts MATCH ?').pluck().iterate(ftsQuery) as Iterable<number>) hits.add(map[t]);
  return hits;
}

/** A sample's best full-text match: FTS5's bm25 (lower is better) and where it is, its question or a trace. */
export interface RankedHit { sampleId: number; score: number; traceId: number | null }

/** A snippet as text pieces, the matched words marked: never HTML (the text is untrusted; the panel escapes it). */
export type SnippetPart = { text: string; hit?: true };

/**
 * The samples whose question or any trace matches the words (all of them, the last also as a prefix: `query` is
 * their FTS5 query), that `keep` keeps, ranked by FTS5's bm25 of their best match. One word of lowercase-able ASCII is
 * scored from the index's instance lists (fts-rank.ts, the same scores at a fraction of the cost); others by FTS5.
 */
export function rankSearch(db: Db, words: readonly string[], query: string, keep: (sampleId: number) => boolean, topK = 0): RankedSamples | TopRanked {
  // Rows an import left out of the text index are indexed first (every match is found); impact lists behind the
  // index (new rows, deleted rows, a database from before them) are the index build's: the search ranks exactly meanwhile.
  buildSearchIndex(db, undefined, undefined, SEARCH_REFRESH_ROWS);
  // One word with letters beyond ASCII (théorème, ÜBER): its index form, as FTS5's tokenizer makes it.
  const terms = plainTerms(words) ?? (words.length === 1 ? indexTerms(db, words[0]) : null);
  const exact = () => rankExact(db, terms, query, keep);
  // One plain word (the panel's typing): the first page from the impact lists when they prove it (fts-topk.ts).
  if (topK > 0 && terms?.length === 1) {
    const uptos = { samples_fts: watermark(db, INDEXES[0].key), traces_fts: watermark(db, INDEXES[1].key) };
    const top = impactTopK(db, terms[0], keep, topK, uptos, exact);
    if (top) return top;
  }
  return exact();
}

/**
 * The one term FTS5's tokenizer (unicode61, as the indexes) makes of `word` (case and diacritics folded), or null
 * when it makes none or several: the query `"word"*` then means exactly the prefix `term`.
 */
function indexTerms(db: Db, word: string): string[] | null {
  // A one-row index in this connection's temp schema (the database file is not changed).
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.distillery_query_words USING fts5(x, tokenize='unicode61');
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.distillery_query_terms USING fts5vocab(temp, distillery_query_words, row);`);
  db.prepare('DELETE FROM temp.distillery_query_words').run();
  db.prepare('INSERT INTO temp.distillery_query_words (rowid, x) VALUES (1, ?)').run(word);
  const terms = db.prepare('SELECT term FROM temp.distillery_query_terms').pluck().all() as string[];
  return terms.length === 1 ? terms : null;
}

/**
 * Every hit of the search: one plain word scored by reading its occurrences (fts-rank.ts), several words or others by
 * FTS5's bm25() itself. FTS5 walks only the rows holding every word (its AND skips through the lists), where reading
 * instances reads every occurrence of each word: 2-12x the CPU for two words on the 59K pool (the same scores).
 */
function rankExact(db: Db, terms: string[] | null, query: string, keep: (sampleId: number) => boolean): RankedSamples {
  const scored = (fts: 'samples_fts' | 'traces_fts'): Scored => {
    if (terms?.length === 1) return bm25FromInstances(db, fts, terms);
    const r = db.prepare(`SELECT rowid, bm25(${fts}) FROM ${fts} WHERE ${fts} MATCH ?`).raw().all(query) as [number, number][];
    return { rows: Int32Array.from(r, (x) => x[0]), scores: Float64Array.from(r, (x) => x[1]) };
  };
  const maxSample = db.prepare('SELECT ifnull(max(id), 0) FROM samples').pluck().get() as number;
  return rankSamples(scored('samples_fts'), scored('traces_fts'), traceSamples(db), keep, maxSample);
}

/** Terms of the index starting with `prefix`, at most `max` (null: more than that). */
function prefixTerms(db: Db, fts: 'samples_fts' | 'traces_fts', prefix: string, max: number): string[] | null {
  const vocab = `distillery_${fts}_vocab`;
  try {
    // A view of the index's terms, in this connection's temp schema (the database file is not changed).
    db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.${vocab} USING fts5vocab(main, ${fts}, row)`);
  } catch {
    return null; // the prefix query then, slower but the same snippets
  }
  const terms = db.prepare(`SELECT term FROM temp.${vocab} WHERE term >= ? AND term < ? LIMIT ?`).pluck().all(prefix, `${prefix}\u{10FFFF}`, max + 1) as string[];
  return terms.length > max ? null : terms;
}

/** Terms starting with `prefix`: from the impact lists when they cover the index (fts5vocab reads every term's list). */
function prefixTermsOf(db: Db, fts: 'samples_fts' | 'traces_fts', prefix: string, max: number): string[] | null {
  const ix = INDEXES.find((i) => i.fts === fts)!;
  const stats = impactStats(db, fts, watermark(db, ix.key));
  return stats ? listedPrefixTerms(db, fts, stats.segs, prefix, max) : prefixTerms(db, fts, prefix, max);
}

/**
 * The FTS5 query of `words` (all whole words, the last also as a prefix) with the prefix spelled out as the
 * index's own terms: a prefix query reads every matching term's whole list even for one row (50 ms a snippet for
 * "prime"), whole terms seek to the row. Only for lowercase-able ASCII words, whose index form is known.
 */
function snippetQuery(db: Db, fts: 'samples_fts' | 'traces_fts', words: readonly string[]): string {
  const quoted = words.map((w) => `"${w}"`);
  const last = words[words.length - 1].toLowerCase();
  const terms = /^[a-z0-9]+$/.test(last) ? prefixTermsOf(db, fts, last, 32) : null;
  if (terms === null) quoted[quoted.length - 1] += '*';
  else if (terms.length) quoted[quoted.length - 1] = `(${terms.map((t) => `"${t}"`).join(' OR ')})`;
  return quoted.join(' AND ');
}

/**
 * FTS5 snippets of the hits' best matches (question or trace), about `tokens` words each, matched words marked.
 * The markers are random per call, so no text can forge one.
 */
export function searchSnippets(db: Db, words: readonly string[], hits: readonly RankedHit[], tokens = 12): Map<number, { from: 'question' | 'trace'; parts: SnippetPart[] }> {
  const out = new Map<number, { from: 'question' | 'trace'; parts: SnippetPart[] }>();
  if (!words.length || !hits.length) return out;
  const nonce = Math.random().toString(36).slice(2, 12);
  const open = `\u0002${nonce}[`;
  const close = `]${nonce}\u0003`;
  const queries = { samples_fts: '', traces_fts: '' };
  const stmts = {
    samples_fts: db.prepare('SELECT snippet(samples_fts, 0, ?, ?, \'…\', ?) FROM samples_fts WHERE samples_fts MATCH ? AND rowid = ?').pluck(),
    traces_fts: db.prepare('SELECT snippet(traces_fts, -1, ?, ?, \'…\', ?) FROM traces_fts WHERE traces_fts MATCH ? AND rowid = ?').pluck(),
  };
  for (const h of hits) {
    const fts = h.traceId === null ? 'samples_fts' : 'traces_fts';
    queries[fts] ||= snippetQuery(db, fts, words);
    // A BigInt: FTS5 takes only an integer value as its rowid constraint (a double was ignored: every row matched).
    const s = stmts[fts].get(open, close, tokens, queries[fts], BigInt(h.traceId ?? h.sampleId)) as string | undefined;
    if (s !== undefined) out.set(h.sampleId, { from: h.traceId === null ? 'question' : 'trace', parts: splitMarked(s, open, close) });
  }
  return out;
}

function splitMarked(s: string, open: string, close: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const pieces = s.split(open);
  if (pieces[0]) parts.push({ text: pieces[0] });
  for (const piece of pieces.slice(1)) {
    const end = piece.indexOf(close);
    const hit = end < 0 ? piece : piece.slice(0, end);
    if (hit) parts.push({ text: hit, hit: true });
    const rest = end < 0 ? '' : piece.slice(end + close.length);
    if (rest) parts.push({ text: rest });
  }
  return parts;
}
