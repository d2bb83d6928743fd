// What the review panel reads and writes, through the engine: a filtered, paged sample list, one sample
// with its traces and annotations, and a person's decisions (status, labels), which detectors never overwrite.
import type { Db } from '../store/db';
import { buildSearchIndex } from '../store/fts';
import { gradeAnswer } from '../grade';
import { findSelection, saveSelection } from '../store/selections';
import type { ReviewFilter, ReviewListResult, ReviewSampleDetail, ReviewStatus } from '../../shared/protocol';
import { InvalidInputError, NotFoundError } from '../errors';

const HUMAN = 'human';

/**
 * FTS5 query from free text: every word quoted (operators in the text stay literal), the last one also as a
 * prefix, as people type; whole-word terms are much cheaper than prefixes over 500 MB of traces.
 */
export function ftsQuery(text: string): string | null {
  const words = text.match(/[\p{L}\p{N}_]+/gu)?.slice(0, 16);
  if (!words?.length) return null;
  return words.map((w, i) => (i === words.length - 1 ? `"${w}"*` : `"${w}"`)).join(' ');
}

/**
 * The ids a search filter matches, kept for the next pages of the same list (a search runs the full-text
 * query once, not once per page and again for the count). Any write through the engine clears it.
 */
const searchCache = new Map<string, number[]>();
export function clearReviewCache(): void {
  searchCache.clear();
}

function where(db: Db, f: ReviewFilter): { sql: string; args: unknown[] } {
  const parts: string[] = [];
  const args: unknown[] = [];
  if (f.dataset !== undefined) {
    parts.push('s.dataset_id = (SELECT id FROM datasets WHERE name = ?)');
    args.push(f.dataset);
  }
  if (f.status) { parts.push('s.status = ?'); args.push(f.status); }
  if (f.label || f.origin) {
    const conds = ['a.sample_id = s.id'];
    if (f.label) { conds.push('a.label = ?'); args.push(f.label); }
    if (f.origin === 'human') conds.push("a.origin = 'human'");
    else if (f.origin === 'detector') conds.push("a.origin LIKE 'detector:%'");
    parts.push(`EXISTS (SELECT 1 FROM annotations a WHERE ${conds.join(' AND ')})`);
  }
  if (f.grade) parts.push(`EXISTS (SELECT 1 FROM traces t WHERE t.sample_id = s.id AND t.grade = ${f.grade === 'correct' ? 1 : 0})`);
  if (f.minChars !== undefined || f.maxChars !== undefined) {
    parts.push('(SELECT ifnull(max(length(t.thinking)), 0) FROM traces t WHERE t.sample_id = s.id) BETWEEN ? AND ?');
    args.push(f.minChars ?? 0, f.maxChars ?? Number.MAX_SAFE_INTEGER);
  }
  if (f.selection) {
    const sel = findSelection(db, f.selection);
    parts.push('s.id IN (SELECT sample_id FROM selection_items WHERE selection_id = ?)');
    args.push(sel?.id ?? -1);
  }
  if (f.run || f.method || f.budget !== undefined) {
    // Evaluation results are traces with a run id; their method and budget are in the trace's metadata.
    const conds = ['t.sample_id = s.id', 't.run_id IS NOT NULL'];
    if (f.run) { conds.push('t.run_id IN (SELECT id FROM runs WHERE name = ?)'); args.push(f.run); }
    if (f.method) { conds.push("json_extract(t.metadata, '$.method') = ?"); args.push(f.method); }
    if (f.budget !== undefined) {
      if (f.budget === null) conds.push("json_type(t.metadata, '$.budget') = 'null'");
      else { conds.push("json_extract(t.metadata, '$.budget') = ?"); args.push(f.budget); }
    }
    parts.push(`EXISTS (SELECT 1 FROM traces t WHERE ${conds.join(' AND ')})`);
  }
  if (f.source) { parts.push('s.source = ?'); args.push(f.source); }
  if (f.domain) { parts.push('s.domain = ?'); args.push(f.domain); }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', args };
}

/** Trace id → sample id, read once from the covering (sample_id, hash) index and kept until traces change. */
let traceSampleCache: { db: string; maxId: number; count: number; map: Int32Array } | null = null;
function traceSamples(db: Db): Int32Array {
  const { maxId, count } = db.prepare('SELECT ifnull(max(id), 0) AS maxId, count(*) AS count FROM traces').get() as { maxId: number; count: number };
  const c = traceSampleCache;
  if (c && c.db === db.name && c.maxId === maxId && c.count === count) return c.map;
  const map = new Int32Array(maxId + 1);
  for (const [id, sampleId] of db.prepare('SELECT id, sample_id FROM traces').raw().iterate() as Iterable<[number, number]>) map[id] = sampleId;
  traceSampleCache = { db: db.name, maxId, count, map };
  return map;
}

/**
 * Samples whose question or any trace matches the full-text query. The trace index gives trace ids; mapping them
 * to samples in memory avoids one lookup in the (large) traces table per hit, which dominated common words.
 */
function searchHits(db: Db, q: string): Set<number> {
  // The index is built on first search if an import left it behind.
  buildSearchIndex(db);
  const hits = new Set<number>(db.prepare('SELECT rowid FROM samples_fts WHERE samples_fts MATCH ?').pluck().all(q) as number[]);
  const map = traceSamples(db);
  for (const t of db.prepare('SELECT rowid FROM traces_fts WHERE traces_fts MATCH ?').pluck().iterate(q) as Iterable<number>) hits.add(map[t]);
  return hits;
}

/** Every sample id the filter shows, in list order. */
function matchingIds(db: Db, f: ReviewFilter): number[] {
  const w = where(db, f);
  const ids = db.prepare(`SELECT s.id FROM samples s ${w.sql} ORDER BY s.id`).pluck().all(...w.args) as number[];
  const q = f.search ? ftsQuery(f.search) : null;
  if (!q) return ids;
  const hits = searchHits(db, q);
  return ids.filter((id) => hits.has(id));
}

const ROW_COLUMNS = `s.id, s.status, s.source, s.domain, substr(s.question, 1, 160) AS preview,
      (SELECT max(length(t.thinking)) FROM traces t WHERE t.sample_id = s.id) AS traceChars,
      (SELECT group_concat(DISTINCT a.label) FROM annotations a WHERE a.sample_id = s.id) AS labels`;

type RawRow = { id: number; status: ReviewStatus; source: string | null; domain: string | null; preview: string; traceChars: number | null; labels: string | null };

export function listSamples(db: Db, f: ReviewFilter, offset = 0, limit = 200): ReviewListResult {
  let total: number;
  let rows: RawRow[];
  if (f.search) {
    const key = JSON.stringify(f);
    let ids = searchCache.get(key);
    if (!ids) {
      ids = matchingIds(db, f);
      if (searchCache.size > 20) searchCache.clear();
      searchCache.set(key, ids);
    }
    total = ids.length;
    const page = ids.slice(offset, offset + limit);
    rows = page.length ? db.prepare(`SELECT ${ROW_COLUMNS} FROM samples s WHERE s.id IN (${page.map(() => '?').join(',')}) ORDER BY s.id`).all(...page) as RawRow[] : [];
  } else {
    const w = where(db, f);
    total = db.prepare(`SELECT count(*) FROM samples s ${w.sql}`).pluck().get(...w.args) as number;
    rows = db.prepare(`SELECT ${ROW_COLUMNS} FROM samples s ${w.sql} ORDER BY s.id LIMIT ? OFFSET ?`).all(...w.args, limit, offset) as RawRow[];
  }
  return { total, offset, rows: rows.map((r) => ({ ...r, traceChars: r.traceChars ?? 0, labels: r.labels ? r.labels.split(',') : [] })) };
}

export function getSample(db: Db, id: number): ReviewSampleDetail | null {
  const s = db.prepare(`SELECT s.id, d.name AS dataset, s.question, s.solution, s.answer, s.source, s.domain, s.status, s.metadata
    FROM samples s JOIN datasets d ON d.id = s.dataset_id WHERE s.id = ?`).get(id) as Omit<ReviewSampleDetail, 'traces' | 'annotations'> | undefined;
  if (!s) return null;
  const rows = db.prepare(`SELECT id, producer, thinking, answer, thinking_tokens AS thinkingTokens, finish_reason AS finishReason, grade
    FROM traces WHERE sample_id = ? ORDER BY id`).all(id) as Omit<ReviewSampleDetail['traces'][number], 'check'>[];
  // The gold answer if there is one; else a solution that is an answer (s1 keeps AIME/GPQA answers there) or
  // that boxes one. A long proof has nothing to compare with.
  const sol = s.solution?.trim();
  const gold = s.answer ?? (sol && ((sol.length <= 80 && !sol.includes('\n')) || /\\boxed\s*\{/.test(sol)) ? sol : null);
  const traces = rows.map((t) => {
    if (!gold) return { ...t, check: null };
    const g = gradeAnswer(gold, t.answer.trim() ? t.answer : t.thinking.slice(-4000));
    return { ...t, check: { extracted: g.pred, equal: g.equal, reason: g.reason } };
  });
  const annotations = db.prepare(`SELECT id, trace_id AS traceId, label, origin, evidence, note, updated_at AS updatedAt
    FROM annotations WHERE sample_id = ? ORDER BY origin = 'human' DESC, id`).all(id) as (Omit<ReviewSampleDetail['annotations'][number], 'evidence'> & { evidence: string | null })[];
  return { ...s, traces, annotations: annotations.map((a) => ({ ...a, evidence: a.evidence ? JSON.parse(a.evidence) : null })) };
}

/** A person's review decision; returns the previous status (for undo). */
export function setStatus(db: Db, id: number, status: ReviewStatus): ReviewStatus {
  clearReviewCache();
  return db.transaction(() => {
    const prev = db.prepare('SELECT status FROM samples WHERE id = ?').pluck().get(id) as ReviewStatus | undefined;
    if (prev === undefined) throw new NotFoundError(`no sample ${id}`);
    db.prepare("UPDATE samples SET status = ?, status_at = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE id = ?").run(status, id);
    return prev;
  }).immediate();
}

/** Adds or removes a person's label on a sample (or one of its traces); returns whether it is now set. */
export function toggleLabel(db: Db, sampleId: number, label: string, traceId: number | null = null, note?: string): boolean {
  clearReviewCache();
  return db.transaction(() => {
    const existing = db.prepare('SELECT id FROM annotations WHERE sample_id = ? AND ifnull(trace_id, 0) = ifnull(?, 0) AND label = ? AND origin = ?')
      .pluck().get(sampleId, traceId, label, HUMAN) as number | undefined;
    if (existing !== undefined && note === undefined) {
      db.prepare('DELETE FROM annotations WHERE id = ?').run(existing);
      return false;
    }
    db.prepare(`INSERT INTO annotations (sample_id, trace_id, label, origin, note) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (sample_id, ifnull(trace_id, 0), label, origin)
      DO UPDATE SET note = excluded.note, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')`).run(sampleId, traceId, label, HUMAN, note ?? null);
    return true;
  }).immediate();
}

export function getTrace(db: Db, id: number): { id: number; sampleId: number; producer: string; thinking: string; answer: string } | null {
  return (db.prepare('SELECT id, sample_id AS sampleId, producer, thinking, answer FROM traces WHERE id = ?').get(id) as
    { id: number; sampleId: number; producer: string; thinking: string; answer: string } | undefined) ?? null;
}

/** Keeps what a filter shows as a named, versioned selection (its recipe records the filter). */
export function saveFilterAsSelection(db: Db, name: string, f: ReviewFilter): { name: string; version: number; count: number } {
  if (!name.trim()) throw new InvalidInputError('a selection needs a name');
  if (!f.dataset) throw new InvalidInputError('choose a data set first: a selection belongs to one');
  const datasetId = db.prepare('SELECT id FROM datasets WHERE name = ?').pluck().get(f.dataset) as number | undefined;
  if (datasetId === undefined) throw new NotFoundError(`no data set named '${f.dataset}'`);
  const ids = matchingIds(db, f);
  const saved = saveSelection(db, { name: name.trim(), datasetId, recipe: { kind: 'review-filter', filter: f }, seed: 0, funnel: [{ stage: 'review filter', kept: ids.length }], sampleIds: ids });
  clearReviewCache();
  return { name: name.trim(), version: saved.version, count: ids.length };
}
