// The review panel's sample list in SQL: a filter (dataset, status, labels, grade, length, selection, run,
// source, domain, sample ids) as a WHERE clause, the ids it matches, and pages of list rows.
import type { Db } from './db';
import type { SampleTraceRow } from './samples';
import { findSelection } from './selections';
import { cachedByState } from './state-cache';
import type { ReviewFilter, ReviewListRow } from '../../shared/protocol';

/**
 * Which curations' labels (`dropped`, `kept-by-person`) a list shows: within a curated selection only its own curation's
 * (a sample another recipe dropped is kept here, and a `dropped` badge on it would say the opposite), within a mix its
 * sources' curations'. Within a data set, or a selection saved from the panel or generated, every curation's.
 * An SQL condition on the annotation `a`, with its argument, or null for every label.
 */
function curationLabels(db: Db, f: ReviewFilter): { sql: string; arg: string } | null {
  if (!f.selection) return null;
  const sel = findSelection(db, f.selection);
  const recipe = sel?.recipe as { stages?: unknown; kind?: unknown; sources?: { selection?: unknown }[] } | null | undefined;
  let refs: string[];
  if (sel && Array.isArray(recipe?.stages)) refs = [`${sel.name}@${sel.version}`];
  else if (recipe?.kind === 'mix' && Array.isArray(recipe.sources)) refs = recipe.sources.map((x) => String(x.selection));
  else return null;
  return { sql: "(a.origin NOT LIKE 'detector:curate:%' OR json_extract(a.evidence, '$.selection') IN (SELECT value FROM json_each(?)))", arg: JSON.stringify(refs) };
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
    else if (f.origin === 'verifier') conds.push("a.origin LIKE 'verifier:%'");
    // The labels a row shows are the labels it can be filtered by.
    const own = curationLabels(db, f);
    if (own) { conds.push(own.sql); args.push(own.arg); }
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
  if (f.ids) { parts.push('s.id IN (SELECT value FROM json_each(?))'); args.push(JSON.stringify(f.ids)); }
  if (f.source) { parts.push('s.source = ?'); args.push(f.source); }
  if (f.domain) { parts.push('s.domain = ?'); args.push(f.domain); }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', args };
}

/** Every sample id the filter's fields (all but the search text) match, in list order. */
export function filteredSampleIds(db: Db, f: ReviewFilter): number[] {
  const w = where(db, f);
  return db.prepare(`SELECT s.id FROM samples s ${w.sql} ORDER BY s.id`).pluck().all(...w.args) as number[];
}

/** Sample id → data set id, read once (from the (dataset_id, id) index) and kept until samples are added or removed. */
function datasetOf(db: Db): Int32Array {
  const key = () => JSON.stringify(db.prepare('SELECT count(*), ifnull(max(id), 0) FROM samples').raw().get());
  return cachedByState(db, 'sample-datasets', key, () => {
    const map = new Int32Array((db.prepare('SELECT ifnull(max(id), 0) FROM samples').pluck().get() as number) + 1);
    for (const [id, ds] of db.prepare('SELECT id, dataset_id FROM samples').raw().iterate() as Iterable<[number, number]>) map[id] = ds;
    return map;
  });
}

/**
 * The data set's sample ids when they are one unbroken run (an import numbers its rows in a row: the usual case), from
 * the (dataset_id, id) index without reading a row: a search's first test then needs no map of every sample (reading
 * it was most of the first search's CPU, ~60 ms on the 59K pool). Null when the ids interleave with another set's.
 */
function datasetRange(db: Db, datasetId: number): { lo: number; hi: number } | null {
  // Kept as the map is (the count reads the data set's whole index range: 1.2M entries at scale, not once per search).
  const key = () => JSON.stringify(db.prepare('SELECT count(*), ifnull(max(id), 0) FROM samples').raw().get());
  return cachedByState(db, `dataset-range-${datasetId}`, key, () => {
    const [lo, hi, n] = db.prepare('SELECT min(id), max(id), count(*) FROM samples WHERE dataset_id = ?').raw().get(datasetId) as [number | null, number | null, number];
    if (lo === null || hi === null) return { lo: 1, hi: 0 }; // no samples: nothing passes
    return hi - lo + 1 === n ? { lo, hi } : null;
  });
}

/**
 * Whether the filter's fields (all but the search text) keep a sample: a search tests tens of thousands of hits, so
 * a data set alone is a look-up in memory rather than a list of the data set's ids read for every search.
 */
export function filterTest(db: Db, f: ReviewFilter): (sampleId: number) => boolean {
  const fields = Object.entries(f).filter(([k, v]) => k !== 'search' && v !== undefined).map(([k]) => k);
  if (!fields.length) return () => true;
  if (fields.length === 1 && fields[0] === 'dataset') {
    const id = (db.prepare('SELECT id FROM datasets WHERE name = ?').pluck().get(f.dataset) as number | undefined) ?? -1;
    const range = datasetRange(db, id);
    if (range) return (sampleId) => sampleId >= range.lo && sampleId <= range.hi;
    const map = datasetOf(db);
    return (sampleId) => map[sampleId] === id;
  }
  const kept = new Set(filteredSampleIds(db, f));
  return (sampleId) => kept.has(sampleId);
}

/** A list row's columns; its labels those the filter's selection shows (see curationLabels). */
function rowColumns(db: Db, f: ReviewFilter | undefined): { sql: string; args: unknown[] } {
  const own = f ? curationLabels(db, f) : null;
  return {
    sql: `s.id, s.status, s.source, s.domain, substr(s.question, 1, 160) AS preview,
      (SELECT max(length(t.thinking)) FROM traces t WHERE t.sample_id = s.id) AS traceChars,
      (SELECT group_concat(DISTINCT a.label) FROM annotations a WHERE a.sample_id = s.id${own ? ` AND ${own.sql}` : ''}) AS labels`,
    args: own ? [own.arg] : [],
  };
}

type RawRow = Omit<ReviewListRow, 'traceChars' | 'labels'> & { traceChars: number | null; labels: string | null };

const toRow = (r: RawRow): ReviewListRow => ({ ...r, traceChars: r.traceChars ?? 0, labels: r.labels ? r.labels.split(',') : [] });

/** The list rows of these samples, in id order, with the labels the filter shows. */
export function listRowsOf(db: Db, ids: readonly number[], f?: ReviewFilter): ReviewListRow[] {
  if (!ids.length) return [];
  const c = rowColumns(db, f);
  return (db.prepare(`SELECT ${c.sql} FROM samples s WHERE s.id IN (${ids.map(() => '?').join(',')}) ORDER BY s.id`).all(...c.args, ...ids) as RawRow[]).map(toRow);
}

/** One page of the rows a filter (without search text) matches, and how many it matches in all. */
export function listRowsPage(db: Db, f: ReviewFilter, offset: number, limit: number): { total: number; rows: ReviewListRow[] } {
  const w = where(db, f);
  const total = db.prepare(`SELECT count(*) FROM samples s ${w.sql}`).pluck().get(...w.args) as number;
  const c = rowColumns(db, f);
  const rows = db.prepare(`SELECT ${c.sql} FROM samples s ${w.sql} ORDER BY s.id LIMIT ? OFFSET ?`).all(...c.args, ...w.args, limit, offset) as RawRow[];
  return { total, rows: rows.map(toRow) };
}

/**
 * A sample's traces as the panel shows them: a teacher's first, in id order, then evaluation results by run,
 * method and budget, ascending with the unlimited budget last (stored in the order they finished: inf, 2000, 500…).
 * Curation still reads samples.ts's id order.
 */
export function reviewTraces(db: Db, sampleId: number): SampleTraceRow[] {
  return db.prepare(`SELECT id, producer, thinking, answer, thinking_tokens AS thinkingTokens, finish_reason AS finishReason, grade
    FROM traces WHERE sample_id = ?
    ORDER BY run_id IS NOT NULL, CASE WHEN run_id IS NULL THEN id END, run_id, json_extract(metadata, '$.method'),
      json_extract(metadata, '$.budget') IS NULL, json_extract(metadata, '$.budget'), json_extract(metadata, '$.repeat'), id`).all(sampleId) as SampleTraceRow[];
}

/** Every label on the samples of a data set (of all data sets without one), a person's or a detector's, by name. */
export function labelsInUse(db: Db, dataset?: string): string[] {
  return (dataset === undefined
    ? db.prepare('SELECT DISTINCT label FROM annotations ORDER BY label').pluck().all()
    : db.prepare(`SELECT DISTINCT a.label FROM annotations a JOIN samples s ON s.id = a.sample_id
        WHERE s.dataset_id = (SELECT id FROM datasets WHERE name = ?) ORDER BY a.label`).pluck().all(dataset)) as string[];
}
