// What the review panel reads and writes, through the engine: a filtered, paged sample list, one sample
// with its traces and annotations, and a person's decisions (status, labels), which detectors never overwrite.
// The SQL is in store/ (review-list.ts, samples.ts, annotations.ts, fts.ts); this adds search, caching and checks.
import type { Db } from '../store/db';
import { rankSearch, searchSnippets, type RankedSamples, type TopRanked } from '../store/fts';
import { sampleAnnotations, toggleHumanLabel } from '../store/annotations';
import { findDatasetId } from '../store/datasets';
import { filteredSampleIds, filterTest, labelsInUse, listRowsOf, listRowsPage, reviewTraces } from '../store/review-list';
import { getSampleRow, getTraceText, setSampleStatus, type TraceText } from '../store/samples';
import { findSelection, saveSelection } from '../store/selections';
import { gradeAnswer } from '../grade';
import type { ReviewFilter, ReviewListResult, ReviewSampleDetail, ReviewStatus } from '../../shared/protocol';
import { InvalidInputError, NotFoundError } from '../errors';

/** The words of a search text that FTS5 sees (at most 16). */
export function ftsWords(text: string): string[] {
  return text.match(/[\p{L}\p{N}_]+/gu)?.slice(0, 16) ?? [];
}

/**
 * FTS5 query from free text: every word quoted (operators in the text stay literal), the last one also as a
 * prefix, as people type; whole-word terms are much cheaper than prefixes over 500 MB of traces.
 */
export function ftsQuery(text: string): string | null {
  const words = ftsWords(text);
  if (!words.length) return null;
  return words.map((w, i) => (i === words.length - 1 ? `"${w}"*` : `"${w}"`)).join(' ');
}

/** The rows a search's first page may take from the impact lists (the panel's page is 30). */
const TOP_K = 30;

/** A search's hits that the rest of the filter keeps, best first, and the words searched (for snippets). */
interface Ranked { hits: RankedSamples | TopRanked; words: string[] }

/**
 * The ranked hits of a search filter, kept for the next pages of the same list (a search runs the full-text
 * query once, not once per page and again for the count). Any write through the engine clears it.
 */
const searchCache = new Map<string, Ranked>();
export function clearReviewCache(): void {
  searchCache.clear();
}

/** The filter's search ranked (FTS5 bm25, best first) among the samples its other fields keep; null without search words. */
function rankedMatches(db: Db, f: ReviewFilter, firstPage = 0): Ranked | null {
  const q = f.search ? ftsQuery(f.search) : null;
  if (!q) return null;
  const key = `${db.name}\n${JSON.stringify(f)}`;
  let r = searchCache.get(key);
  if (!r) {
    const words = ftsWords(f.search!);
    r = { hits: rankSearch(db, words, q, filterTest(db, f), firstPage), words };
    if (searchCache.size > 20) searchCache.clear();
    searchCache.set(key, r);
  }
  return r;
}

/** Every sample id the filter shows, in id order. */
function matchingIds(db: Db, f: ReviewFilter): number[] {
  const r = rankedMatches(db, f);
  return r ? Array.from(r.hits.ids).sort((a, b) => a - b) : filteredSampleIds(db, f);
}

/**
 * One page of the list. A search lists its hits best first (bm25), each row with an FTS5 snippet of its best
 * match, the matched words marked; without search text, samples in id order.
 */
export function listSamples(db: Db, f: ReviewFilter, offset = 0, limit = 200): ReviewListResult {
  // A first page (up to TOP_K rows) may come from the impact lists; later pages rank every hit once.
  const r = rankedMatches(db, f, offset + limit <= TOP_K ? TOP_K : 0);
  if (!r) {
    // No search words (none, or punctuation only): the filter's other fields decide.
    const page = listRowsPage(db, f, offset, limit);
    return { total: page.total, offset, rows: page.rows };
  }
  // The first page ranks the top k only; a later page sorts the whole list once (kept with the search).
  const hits = r.hits.page(offset, limit).map((id) => r.hits.hit(id));
  const byId = new Map(listRowsOf(db, hits.map((h) => h.sampleId), f).map((row) => [row.id, row]));
  const snippets = searchSnippets(db, r.words, hits);
  const rows = hits.flatMap((h) => {
    const row = byId.get(h.sampleId);
    const snippet = snippets.get(h.sampleId);
    return row ? [snippet ? { ...row, snippet } : row] : [];
  });
  return { total: r.hits.total, offset, rows, ...('totalAtLeast' in r.hits && r.hits.totalAtLeast ? { totalAtLeast: true } : {}) };
}

export function getSample(db: Db, id: number): ReviewSampleDetail | null {
  const s = getSampleRow(db, id);
  if (!s) return null;
  // The gold answer if there is one; else a solution that is an answer (s1 keeps AIME/GPQA answers there) or
  // that boxes one. A long proof has nothing to compare with.
  const sol = s.solution?.trim();
  const gold = s.answer ?? (sol && ((sol.length <= 80 && !sol.includes('\n')) || /\\boxed\s*\{/.test(sol)) ? sol : null);
  const traces = reviewTraces(db, id).map((t) => {
    if (!gold) return { ...t, check: null };
    const g = gradeAnswer(gold, t.answer.trim() ? t.answer : t.thinking.slice(-4000), { finishReason: t.finishReason });
    return { ...t, check: { extracted: g.pred, equal: g.equal, reason: g.reason } };
  });
  return { ...s, traces, annotations: sampleAnnotations(db, id) };
}

/** A person's review decision; returns the previous status (for undo). */
export function setStatus(db: Db, id: number, status: ReviewStatus): ReviewStatus {
  clearReviewCache();
  return setSampleStatus(db, id, status);
}

/** Adds or removes a person's label on a sample (or one of its traces); returns whether it is now set. */
export function toggleLabel(db: Db, sampleId: number, label: string, traceId: number | null = null, note?: string): boolean {
  clearReviewCache();
  return toggleHumanLabel(db, sampleId, label, traceId, note);
}

/** The labels the filter offers beyond the configured ones: every label in the data set, detectors' included (api-error…). */
export function datasetLabels(db: Db, dataset?: string): string[] {
  return labelsInUse(db, dataset);
}

export function getTrace(db: Db, id: number): TraceText | null {
  return getTraceText(db, id);
}

/** Keeps what a filter shows as a named, versioned selection (its recipe records the filter). */
export function saveFilterAsSelection(db: Db, name: string, f: ReviewFilter): { name: string; version: number; count: number } {
  if (!name.trim()) throw new InvalidInputError('a selection needs a name');
  // A filter inside a selection may span data sets (a mix); otherwise it needs one data set.
  if (!f.dataset && !f.selection) throw new InvalidInputError('choose a data set (or a selection) first: a selection is drawn from one');
  const datasetId = f.dataset ? findDatasetId(db, f.dataset) : null;
  if (datasetId === undefined) throw new NotFoundError(`no data set named '${f.dataset}'`);
  if (!f.dataset && !findSelection(db, f.selection!)) throw new NotFoundError(`no selection named '${f.selection}'`);
  const ids = matchingIds(db, f);
  const saved = saveSelection(db, { name: name.trim(), datasetId, recipe: { kind: 'review-filter', filter: f }, seed: 0, funnel: [{ stage: 'review filter', kept: ids.length }], sampleIds: ids });
  clearReviewCache();
  return { name: name.trim(), version: saved.version, count: ids.length };
}
