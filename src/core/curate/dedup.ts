// Deduplication inside a pool: clusters of questions that are copies of each other, one kept per cluster.
//
// Rules as in decontaminate.ts: 'any' (s1: two questions sharing one word n-gram are duplicates) or 'copy'
// (they share at least `minCoverage` of the n-grams of the shorter one). Exact copies after normalisation are
// grouped first, so a question copied 100 times costs one entry. Under 'copy', n-grams held by more than
// `maxDf` questions (boilerplate) are not used to find candidates: alone they can never reach the coverage.
// 'fuzzy' adds to 'copy' the same problem written in other markup (dedup-fuzzy.ts): after markup normalisation
// (markup.ts) two questions with a similarity ratio of at least `minRatio` and the same numbers are duplicates.
// Keep rule: inside a cluster the question with a forced keep wins, then the longest trace (s1's length bias),
// then the lowest sample id.
//
// At scale (a 1.2M-question pool) the questions are read a pass at a time (`dedupFrom`, a QuestionSource: the
// curate stage reads them from the database in batches) and the n-grams are split into shards by hash
// (ngram-shards.ts), so memory holds one shard's chains at a time, never all the pool's n-grams. The result is
// the same for any number of shards.
import { DEFAULT_N, ngramHashesInto, normalizeText, type HashedTexts } from './ngrams';
import { KeyIndexTable } from './ngram-table';
import { ShardSink } from './ngram-shards';
import { hashTextsThreaded } from './curate-threads';
import { earlierHolders } from './ngram-latest';
import { CandidateEntries } from './dedup-copy';
import type { MatchRule } from './decontaminate';
import { fuzzyPass, sameProblem, NormalForms, DEFAULT_MIN_RATIO, type ComparableForm } from './dedup-fuzzy';

export const DEDUP_MIN_COVERAGE = 0.5;

export type DedupRule = MatchRule | 'fuzzy';

/** What dedup keeps of a question for the whole run: its sample, its trace's length and whether a person kept it. */
export interface DedupMeta { id: number; length: number; forceKeep?: boolean }

export interface DedupDoc extends DedupMeta { question: string }

/**
 * The questions of a dedup run, read in order: `fn(i, question)` for i = 0, 1, ... (the i-th DedupMeta's question).
 * Each call is one pass over them; dedup may ask for more than one.
 */
export type QuestionSource = (fn: (i: number, question: string) => void) => void;

export interface DedupOptions {
  n?: number; rule?: DedupRule; minCoverage?: number; maxDf?: number; minRatio?: number;
  /** Questions per n-gram shard of the copy and fuzzy rules (default SHARD_QUESTIONS; any value gives the same result). */
  shardQuestions?: number;
  /** Where the shards are written while dedup runs, when there are several (default: the OS temporary directory). */
  spillDir?: string;
}

/**
 * Questions per n-gram shard: ~2.3M n-grams of s1-length questions, ~75 MB for one shard's chains (100,000 took
 * ~200 MB, and the memory a shard's arrays free stays with the process: dedup's peak at 300K+ questions).
 */
export const SHARD_QUESTIONS = 50_000;

export interface DuplicateOf {
  id: number; keptId: number; cluster: number; size: number; coverage: number | null;
  /** The question this one was matched to (not always the kept one: clusters chain), and by which rule. */
  matchedId: number;
  match: string;
}

export interface DedupResult {
  clusters: number[][];
  /** Every dropped question and the one kept in its place. */
  dropped: DuplicateOf[];
}

/** The first match that joined each question to its cluster: the other question and the rule, in words. */
export class MatchLinks {
  other: Int32Array;
  how: string[];
  constructor(n: number) { this.other = new Int32Array(n).fill(-1); this.how = new Array<string>(n); }
  link(a: number, b: number, how: string): void {
    if (this.other[b] < 0) { this.other[b] = a; this.how[b] = how; }
    if (this.other[a] < 0) { this.other[a] = b; this.how[a] = how; }
  }
}

export class UnionFind {
  private p: Int32Array;
  constructor(n: number) { this.p = new Int32Array(n).map((_, i) => i); }
  find(x: number): number {
    while (this.p[x] !== x) { this.p[x] = this.p[this.p[x]]; x = this.p[x]; }
    return x;
  }
  union(a: number, b: number): void {
    const ra = this.find(a), rb = this.find(b);
    if (ra !== rb) this.p[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

/** `hashed`: the questions' n-gram hashes when the caller has them already (hashTexts with the same n). */
export function dedup(docs: readonly DedupDoc[], opts: DedupOptions = {}, hashed?: HashedTexts): DedupResult {
  return dedupFrom(docs, (fn) => { for (let i = 0; i < docs.length; i++) fn(i, docs[i].question); }, opts, hashed);
}

/** dedup of questions read from `source` (in batches, from a database) rather than held in memory. */
export function dedupFrom(docs: readonly DedupMeta[], source: QuestionSource, opts: DedupOptions = {}, hashed?: HashedTexts): DedupResult {
  const n = opts.n ?? DEFAULT_N;
  const rule = opts.rule ?? 'copy';
  const minCoverage = opts.minCoverage ?? DEDUP_MIN_COVERAGE;
  const maxDf = opts.maxDf ?? 50;
  const uf = new UnionFind(docs.length);
  const links = new MatchLinks(docs.length);
  const coverageOf = new Map<number, number>();
  // Under 'fuzzy' an 8-gram copy is verified after markup normalisation: the same numbers (a changed quantity is
  // another problem) and the ratio, or the shorter question whole inside the longer (not a shared instruction).
  const minRatio = opts.minRatio ?? DEFAULT_MIN_RATIO;
  let forms: (ComparableForm | undefined)[] | undefined;
  const verify = (a: number, b: number): string | null => !forms ? `${n}-gram copy` : sameProblem(forms[a]!, forms[b]!, minRatio, true);

  if (rule === 'any') {
    // s1: one shared n-gram makes two questions duplicates; clusters are the connected groups. Each position is
    // joined to the latest earlier question holding its n-gram, in pool order (ngram-latest.ts).
    let all = hashed;
    if (!all) {
      const questions: string[] = [];
      source((i, q) => { questions[i] = q; });
      all = hashTextsThreaded(questions, n);
    }
    // Only the positions whose n-gram an earlier one held, in pool order (ngram-latest.ts).
    const { doc, prev } = earlierHolders(all.hashes, all.offsets);
    const how = `shared ${n}-gram`;
    for (let x = 0; x < doc.length; x++) {
      const i = doc[x];
      const p = prev[x];
      if (p !== i) { if (uf.find(p) !== uf.find(i)) links.link(p, i, how); uf.union(p, i); }
    }
  } else {
    // 1. exact copies after s1's normalisation: the same n-gram sequence (short texts: the same words). The other
    // questions' n-grams go to the shards, and under 'fuzzy' their sentences are counted in the same pass.
    const isRep = new Uint8Array(docs.length);
    const exact = new KeyIndexTable(docs.length);
    const exactText = new Map<string, number>();
    const shards = hashed ? 1 : Math.max(1, Math.ceil(docs.length / Math.max(1, opts.shardQuestions ?? SHARD_QUESTIONS)));
    const sink = hashed ? undefined : new ShardSink(docs.length, shards, opts.spillDir);
    const normal = rule === 'fuzzy' ? new NormalForms() : undefined;
    let buf = new Float64Array(1024);
    const entries = new CandidateEntries(docs.length, maxDf);
    try {
      let seen = 0;
      source((i, question) => {
        if (i !== seen++) throw new Error(`dedup: question ${i} read out of order`);
        let h: Float64Array = buf, count: number, at = 0;
        if (hashed) { h = hashed.hashes; at = hashed.offsets[i]; count = hashed.offsets[i + 1] - at; } else {
          if (buf.length < (question.length >> 1) + 1) buf = h = new Float64Array((question.length >> 1) + 1025);
          count = ngramHashesInto(question, n, buf, 0);
        }
        let first: number;
        if (count === 0) {
          const key = normalizeText(question);
          const f = exactText.get(key);
          first = f ?? -1;
          if (f === undefined) exactText.set(key, i);
        } else {
          let a = count;
          let b = a;
          for (let k = at; k < at + count; k++) { const x = h[k]; a = (Math.imul(a, 0x9e3779b1) + (x % 4294967296)) | 0; b = (Math.imul(b, 0x85ebca77) + ((x / 4294967296) | 0)) | 0; }
          first = exact.firstOr((a >>> 0) * 2097152 + ((b >>> 0) & 0x1fffff), i);
        }
        if (first < 0) {
          isRep[i] = 1;
          sink?.add(i, h, count);
          normal?.count(question);
        } else { uf.union(first, i); coverageOf.set(i, 1); links.link(first, i, 'exact copy'); }
      });
      if (seen !== docs.length) throw new Error(`dedup: ${seen} questions read, ${docs.length} expected`);
      // 2. near copies among the distinct texts; boilerplate n-grams (in more than maxDf questions) find no candidates.
      // Each question's distinct n-grams lead, through their chains, to the earlier questions holding them, latest first.
      if (hashed) entries.addShard({ hashes: hashed.hashes, offsets: hashed.offsets }, isRep);
      else sink!.forEachShard((sh) => entries.addShard(sh));
    } finally {
      sink?.close();
    }
    // Under 'fuzzy' a second pass makes the normal forms (the first counted the pool's sentences).
    if (normal) {
      const f = (forms = new Array<ComparableForm | undefined>(docs.length));
      source((i, question) => { if (isRep[i]) f[i] = normal.form(question); });
    }
    entries.seal();
    const { size, start, byDoc, doc: eDoc, prev: ePrev } = entries;
    const counts = new Int32Array(docs.length);
    const touched: number[] = [];
    for (let i = 0; i < docs.length; i++) {
      if (!isRep[i]) continue;
      touched.length = 0;
      for (let x = start![i]; x < start![i + 1]; x++) {
        for (let q = ePrev[byDoc![x]]; q >= 0; q = ePrev[q]) {
          const d = eDoc[q];
          if (counts[d] === 0) touched.push(d);
          counts[d]++;
        }
      }
      for (const d of touched) {
        const cov = counts[d] / Math.min(size[i], size[d]);
        counts[d] = 0;
        if (cov < minCoverage) continue;
        if (uf.find(d) !== uf.find(i)) {
          const how = verify(d, i);
          if (how === null) continue;
          links.link(d, i, how);
          uf.union(d, i);
        }
        coverageOf.set(i, Math.max(coverageOf.get(i) ?? 0, Math.min(1, cov)));
      }
    }
    if (rule === 'fuzzy') fuzzyPass(forms!, uf, links, minRatio);
  }

  // Each cluster's members in order, clusters in the order of their first member (a set's root is its smallest
  // member); no list for the singletons, most of a pool.
  const root = new Int32Array(docs.length);
  const size = new Int32Array(docs.length);
  for (let i = 0; i < docs.length; i++) { const r = uf.find(i); root[i] = r; size[r]++; }
  const lists: number[][] = [];
  const listOf = new Map<number, number[]>();
  for (let i = 0; i < docs.length; i++) {
    const r = root[i];
    if (size[r] < 2) continue;
    if (r === i) { const l = [i]; lists.push(l); listOf.set(r, l); } else listOf.get(r)!.push(i);
  }
  const clusters: number[][] = [];
  const dropped: DuplicateOf[] = [];
  for (const members of lists) {
    const keep = members.reduce((a, b) => better(docs[b], docs[a]) ? b : a);
    const cluster = clusters.length;
    clusters.push(members.map((m) => docs[m].id));
    for (const m of members) {
      if (m === keep || docs[m].forceKeep) continue;
      const cov = coverageOf.get(m);
      const other = links.other[m] >= 0 ? links.other[m] : keep;
      dropped.push({ id: docs[m].id, keptId: docs[keep].id, cluster, size: members.length, coverage: cov === undefined ? null : Math.round(cov * 1000) / 1000, matchedId: docs[other].id, match: links.how[m] ?? 'duplicate' });
    }
  }
  return { clusters, dropped };
}

function better(a: DedupMeta, b: DedupMeta): boolean {
  if (!!a.forceKeep !== !!b.forceKeep) return !!a.forceKeep;
  if (a.length !== b.length) return a.length > b.length;
  return a.id < b.id;
}
