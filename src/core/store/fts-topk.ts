// A search's first page from the impact lists (fts-impact.ts), proven equal to the exact bm25 ranking: every listed
// row is scored exactly (FTS5's formula, its hits and size are in the list); a row left out of a list scores at most
// that list's bound. When the k-th sample's score beats every bound, no row outside the lists can enter the top k, nor
// raise a listed sample's score, so the page is FTS5's own. Otherwise (or for several words, non-ASCII words, stale
// lists) the caller ranks exactly by reading every occurrence. The count of matches is then a lower bound until a
// later page needs the whole ranking.
import type { Db } from './db';
import { impactStats, phraseLists, type Fts } from './fts-impact';
import type { RankedSamples } from './fts-rank';

const K1 = 1.2;
const B = 0.75;

export interface Hit { sampleId: number; score: number; traceId: number | null }

/** The top of a ranking, the whole of it computed only when a page beyond the top (or every id) is asked for. */
export class TopRanked {
  private whole: RankedSamples | null = null;
  private readonly byId: Map<number, Hit>;

  /** `top`: best first; `seen`: matches known; `complete`: the top holds every match. */
  constructor(private readonly top: Hit[], private readonly seen: number, private readonly complete: boolean, private readonly full: () => RankedSamples) {
    this.byId = new Map(top.map((h) => [h.sampleId, h]));
  }

  private all(): RankedSamples {
    return (this.whole ??= this.full());
  }

  get total(): number {
    return this.complete ? this.top.length : this.whole ? this.whole.total : this.seen;
  }

  /** Whether `total` is only a lower bound (the whole ranking not computed yet). */
  get totalAtLeast(): boolean {
    return !this.complete && !this.whole;
  }

  get ids(): Int32Array {
    return this.complete ? Int32Array.from(this.top, (h) => h.sampleId) : this.all().ids;
  }

  hit(id: number): Hit {
    return this.byId.get(id) ?? this.all().hit(id);
  }

  page(offset: number, limit: number): number[] {
    if (this.complete || offset + limit <= this.top.length) return this.top.slice(offset, offset + limit).map((h) => h.sampleId);
    return this.all().page(offset, limit);
  }
}

interface Candidate { score: number; sampleId: number; traceId: number }

/**
 * The k best samples for one plain word (the last word is also a prefix, as the panel types), or null when the lists
 * cannot prove them. `traceSample` maps trace ids to samples (only the listed ones are asked).
 */
export function impactTopK(db: Db, word: string, keep: (sampleId: number) => boolean, k: number,
  uptos: Record<Fts, number>, full: () => RankedSamples): TopRanked | null {
  const cands: Candidate[] = [];
  let bound = 0; // the best score (positive) a row outside the lists may have, over both indexes
  const traceIds: number[] = [];
  for (const fts of ['samples_fts', 'traces_fts'] as const) {
    const stats = impactStats(db, fts, uptos[fts]);
    if (!stats) return null;
    const ph = phraseLists(db, fts, stats.segs, word, true);
    if (!ph) return null;
    const nRow = stats.docs;
    const avgdl = nRow > 0 ? stats.tokens / nRow : 1;
    // As fts-rank.ts and FTS5: idf = ln((N - n + 0.5) / (n + 0.5)), at least 1e-6.
    const v = Math.log((nRow - ph.n + 0.5) / (ph.n + 0.5));
    const idf = v <= 0 ? 1e-6 : v;
    for (let i = 0; i < ph.docs.length; i++) {
      const f = ph.tfs[i];
      const score = idf * ((f * (K1 + 1.0)) / (f + K1 * (1 - B + (B * ph.dls[i]) / avgdl)));
      cands.push({ score: -1.0 * score, sampleId: fts === 'samples_fts' ? ph.docs[i] : 0, traceId: fts === 'samples_fts' ? 0 : ph.docs[i] });
      if (fts === 'traces_fts') traceIds.push(ph.docs[i]);
    }
    for (const b of ph.bounds) bound = Math.max(bound, (idf * (K1 + 1)) / (1 + Math.min(1, b.avgdl / avgdl) * b.rest));
  }
  if (traceIds.length) {
    const owner = new Map<number, number>();
    for (const [t, s] of db.prepare('SELECT id, sample_id FROM traces WHERE id IN (SELECT value FROM json_each(?))').raw().iterate(JSON.stringify(traceIds)) as Iterable<[number, number]>) owner.set(t, s);
    for (const c of cands) if (c.traceId) c.sampleId = owner.get(c.traceId) ?? 0;
  }
  // Best first, ties by sample id; a sample's question before its traces, lower trace ids first (as rankSamples).
  const kept = cands.filter((c) => c.sampleId && keep(c.sampleId));
  kept.sort((a, b) => a.score - b.score || a.sampleId - b.sampleId || a.traceId - b.traceId);
  // One hit per sample, its best match (kept is best first).
  const hits: Hit[] = [];
  const seen = new Set<number>();
  for (const c of kept) {
    if (seen.has(c.sampleId)) continue;
    seen.add(c.sampleId);
    hits.push({ sampleId: c.sampleId, score: c.score, traceId: c.traceId || null });
  }
  if (bound === 0) return new TopRanked(hits, hits.length, true, full);
  // A row outside the lists scores at most `bound`: strictly below the k-th, with room for rounding.
  if (hits.length < k || !(-hits[k - 1].score > bound * (1 + 1e-9))) return null;
  return new TopRanked(hits.slice(0, k), hits.length, false, full);
}
