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
import { DEFAULT_N, hashTexts, normalizeText, type HashedTexts } from './ngrams';
import { ngramChains, REPEAT } from './ngram-chains';
import { LatestDocTable } from './ngram-table';
import type { MatchRule } from './decontaminate';
import { fuzzyPass, normalForms, sameProblem, DEFAULT_MIN_RATIO, type NormalForm } from './dedup-fuzzy';

export const DEDUP_MIN_COVERAGE = 0.5;

export type DedupRule = MatchRule | 'fuzzy';

export interface DedupDoc { id: number; question: string; length: number; forceKeep?: boolean }

export interface DedupOptions { n?: number; rule?: DedupRule; minCoverage?: number; maxDf?: number; minRatio?: number }

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
  let forms: (NormalForm | undefined)[] | undefined;
  const verify = (a: number, b: number): string | null => !forms ? `${n}-gram copy` : sameProblem(forms[a]!, forms[b]!, minRatio, true);
  // The copy rule lets go of the hashes once its chains are built (hashes and chains are most of its memory).
  let all: HashedTexts | undefined = hashed ?? hashTexts(docs.map((d) => d.question), n);
  let hashes = all.hashes;
  const offsets = all.offsets;
  all = hashed = undefined;

  if (rule === 'any') {
    // s1: one shared n-gram makes two questions duplicates; clusters are the connected groups. (A table of the
    // latest question per n-gram: faster here than the chains, which the 'copy' rule uses for their memory.)
    const latest = new LatestDocTable(hashes.length);
    for (let i = 0; i < docs.length; i++) {
      for (let k = offsets[i]; k < offsets[i + 1]; k++) {
        const prev = latest.put(hashes[k], i);
        if (prev >= 0 && prev !== i) { if (uf.find(prev) !== uf.find(i)) links.link(prev, i, `shared ${n}-gram`); uf.union(prev, i); }
      }
    }
  } else {
    // 1. exact copies after s1's normalisation: the same n-gram sequence (short texts: the same words).
    const exact = new Map<string | number, number>();
    const isRep = new Uint8Array(docs.length);
    for (let i = 0; i < docs.length; i++) {
      let key: string | number;
      if (offsets[i + 1] === offsets[i]) key = normalizeText(docs[i].question);
      else {
        let a = offsets[i + 1] - offsets[i];
        let b = a;
        for (let k = offsets[i]; k < offsets[i + 1]; k++) { const h = hashes[k]; a = (Math.imul(a, 0x9e3779b1) + (h % 4294967296)) | 0; b = (Math.imul(b, 0x85ebca77) + ((h / 4294967296) | 0)) | 0; }
        key = (a >>> 0) * 2097152 + ((b >>> 0) & 0x1fffff);
      }
      const first = exact.get(key);
      if (first === undefined) { exact.set(key, i); isRep[i] = 1; } else { uf.union(first, i); coverageOf.set(i, 1); links.link(first, i, 'exact copy'); }
    }
    // 2. near copies among the distinct texts; boilerplate n-grams (in more than maxDf questions) find no candidates.
    // Each question's distinct n-grams lead, through their chains, to the earlier questions holding them, latest first.
    const { prev, docOf, df } = ngramChains(hashes, offsets, { include: isRep, withDf: true });
    hashes = new Float64Array(0);
    // Normal forms after the chains: the hashes are garbage by then, so the two never share memory at their peak.
    if (rule === 'fuzzy') forms = normalForms(docs.map((d) => d.question), isRep);
    const size = new Int32Array(docs.length);
    for (let i = 0; i < docs.length; i++) {
      if (!isRep[i]) continue;
      for (let k = offsets[i]; k < offsets[i + 1]; k++) if (prev[k] !== REPEAT) size[i]++;
    }
    const counts = new Int32Array(docs.length);
    const touched: number[] = [];
    for (let i = 0; i < docs.length; i++) {
      if (!isRep[i]) continue;
      touched.length = 0;
      for (let k = offsets[i]; k < offsets[i + 1]; k++) {
        const f = df![k];
        if (prev[k] === REPEAT || f > maxDf || f < 2) continue; // repeated within i, boilerplate, or unique
        for (let q = prev[k]; q >= 0; q = prev[q]) {
          const d = docOf[q];
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

  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < docs.length; i++) {
    const r = uf.find(i);
    const c = byRoot.get(r);
    if (c) c.push(i); else byRoot.set(r, [i]);
  }
  const clusters: number[][] = [];
  const dropped: DuplicateOf[] = [];
  for (const members of byRoot.values()) {
    if (members.length < 2) continue;
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

function better(a: DedupDoc, b: DedupDoc): boolean {
  if (!!a.forceKeep !== !!b.forceKeep) return !!a.forceKeep;
  if (a.length !== b.length) return a.length > b.length;
  return a.id < b.id;
}
