// The fuzzy pass of dedup's 'fuzzy' rule: the same problem written in other markup. Questions are normalised
// (markup.ts), identical normal forms are one problem, and the rest are compared through MinHash LSH candidates
// (fuzzy.ts) verified by the similarity ratio. Two questions whose numbers differ are never duplicates, however
// similar the wording (a physics question with one quantity changed, an AIME I/II variant). The same check
// verifies the 8-gram copy rule's candidates, so two crossword clues that share s1's long instruction sentence
// (most of their 8-grams) are not duplicates either.
import { markupForm } from './markup';
import { bandKeysInto, lcsLength, BandIndex, DEFAULT_LSH } from './fuzzy';
import type { MatchLinks, UnionFind } from './dedup';

export const DEFAULT_MIN_RATIO = 0.92;

/** An LSH bucket that already holds this many questions is boilerplate (a shared instruction): no more candidates. */
const MAX_BUCKET = 64;

/** A sentence found in this many questions of the pool is boilerplate (an instruction): left out of comparisons. */
export const BOILERPLATE_DF = 20;

/** `key`: the whole normal form; `cmp`: what comparisons read (the key less the pool's boilerplate sentences). */
export interface NormalForm { key: string; cmp: string; numbers: string; ends: number[]; sentences: number[] }

export function normalForm(question: string): NormalForm {
  const f = markupForm(question);
  return { key: f.key, cmp: f.key, numbers: f.numbers, ends: f.ends, sentences: f.sentenceHashes };
}

/** What a comparison reads of a normal form, kept for the whole run (the sentences only until the pool's are counted). */
export type ComparableForm = Pick<NormalForm, 'key' | 'cmp' | 'numbers'>;

/**
 * The normal forms of the questions with `isRep` set, with the sentences that at least BOILERPLATE_DF of them
 * share left out of `cmp` (s1's crossword instruction is most of a crossword question: two clues would otherwise
 * read as 90% the same).
 */
export function normalForms(questions: readonly string[], isRep: Uint8Array): (ComparableForm | undefined)[] {
  const b = new NormalForms();
  for (let i = 0; i < questions.length; i++) if (isRep[i]) b.count(questions[i]);
  return questions.map((q, i) => (isRep[i] ? b.form(q) : undefined));
}

/**
 * normalForms one question at a time (dedup reads the questions in passes): `count` each question in a first
 * pass (only its sentences are kept, counted), then `form` each in a second. Holding every question's sentences
 * and sentence ends until the pool's counts were known took ~0.6 GB at 1.2M questions.
 */
export class NormalForms {
  private df = new Map<number, number>();

  count(question: string): void {
    const df = this.df;
    const s = normalForm(question).sentences;
    s.forEach((h, k) => { if (s.indexOf(h) === k) df.set(h, (df.get(h) ?? 0) + 1); });
  }

  /** The question's form, with its `cmp`, keeping only what comparisons read (every question counted first). */
  form(question: string): ComparableForm {
    const f = normalForm(question);
    const df = this.df;
    if (f.sentences.length >= 2 && f.sentences.some((h) => df.get(h)! >= BOILERPLATE_DF)) {
      let rest = '';
      f.sentences.forEach((h, k) => { if (df.get(h)! < BOILERPLATE_DF) rest += f.key.slice(k === 0 ? 0 : f.ends[k - 1], f.ends[k]); });
      if (rest.length > 0) f.cmp = rest;
    }
    return { key: f.key, cmp: f.cmp, numbers: f.numbers };
  }
}

/** The ratio in the words a funnel shows: "fuzzy 97 after markup normalisation". */
export function fuzzyMatchName(ratio: number): string {
  return ratio >= 1 ? 'same after markup normalisation' : `fuzzy ${Math.floor(ratio * 100)} after markup normalisation`;
}

/** An 8-gram copy holds this share of the shorter question's normal form as a subsequence of the longer one. */
export const MIN_CONTAINMENT = 0.97;

/**
 * Whether two normal forms are one problem: the same numbers, and a ratio of at least `minRatio` (or, with
 * `contained`, the shorter one almost whole inside the longer: a copy with a sentence added). Returns how they
 * matched, in the funnel's words, or null.
 */
export function sameProblem(a: ComparableForm, b: ComparableForm, minRatio: number, contained = false): string | null {
  if (a.numbers !== b.numbers) return null;
  const ka = a.cmp, kb = b.cmp;
  const la = ka.length, lb = kb.length;
  if (la + lb === 0) return fuzzyMatchName(1);
  if (!contained && (2 * Math.min(la, lb)) / (la + lb) < minRatio) return null; // the length gap alone rules it out
  const lcs = lcsLength(la >= lb ? ka : kb, la >= lb ? kb : ka);
  const r = (2 * lcs) / (la + lb);
  if (r >= minRatio) return fuzzyMatchName(r);
  return contained && lcs >= MIN_CONTAINMENT * Math.min(la, lb) ? 'copy inside a longer question' : null;
}

/**
 * Joins, among the questions with a normal form (normalForms), those that are one problem under the fuzzy rule:
 * in question order, a question whose normal form an earlier one has (with the same numbers) joins it; any other
 * is compared with the earlier ones that share an LSH band bucket with it (latest first, band by band).
 * The buckets are found one band at a time (a table of every band at once was 16 postings a question, ~0.6 GB at
 * 1.2M questions), then the comparisons run in that order.
 */
export function fuzzyPass(form: readonly (ComparableForm | undefined)[], uf: UnionFind, links: MatchLinks, minRatio: number): void {
  const reps: number[] = [];
  const sameAs = new Int32Array(form.length).fill(-1);
  const byKey = new Map<string, number>();
  for (let i = 0; i < form.length; i++) {
    const f = form[i];
    if (!f) continue;
    const first = byKey.get(f.key);
    if (first !== undefined && form[first]!.numbers === f.numbers) { sameAs[i] = first; continue; }
    if (first === undefined) byKey.set(f.key, i);
    reps.push(i);
  }
  byKey.clear();
  const cand = bandCandidates(reps.map((i) => form[i]!.cmp));
  const seen = new Int32Array(reps.length).fill(-1);
  for (let i = 0, r = 0; i < form.length; i++) {
    if (!form[i]) continue;
    const first = sameAs[i];
    if (first >= 0) {
      if (uf.find(first) !== uf.find(i)) { links.link(first, i, fuzzyMatchName(1)); uf.union(first, i); }
      continue;
    }
    for (let c = cand.start[r]; c < cand.start[r + 1]; c++) {
      const o = cand.other[c];
      if (seen[o] === r) continue;
      seen[o] = r;
      const d = reps[o];
      if (uf.find(d) === uf.find(i)) continue;
      const how = sameProblem(form[d]!, form[i]!, minRatio);
      if (how !== null) { links.link(d, i, how); uf.union(d, i); }
    }
    r++;
  }
}

/**
 * For each text r, the earlier texts sharing one of its LSH band buckets: other[start[r] .. start[r+1]), band by
 * band, each bucket latest first; a bucket that already held MAX_BUCKET texts when r joined it gives none.
 * Texts shorter than one shingle have no bands.
 */
export function bandCandidates(texts: readonly string[]): { start: Int32Array; other: Int32Array } {
  const nb = DEFAULT_LSH.bands;
  const n = texts.length;
  const keys = new Float64Array(n * nb);
  const has = new Uint8Array(n);
  for (let r = 0; r < n; r++) has[r] = bandKeysInto(texts[r], keys, r * nb) ? 1 : 0;
  let from = new Int32Array(1024), other = new Int32Array(1024), m = 0;
  const index = new BandIndex(n, MAX_BUCKET);
  for (let b = 0; b < nb; b++) {
    index.clear();
    for (let r = 0; r < n; r++) {
      if (!has[r]) continue;
      index.add(r, keys[r * nb + b], (o) => {
        if (m === from.length) { const f = new Int32Array(m * 2); f.set(from); from = f; const t = new Int32Array(m * 2); t.set(other); other = t; }
        from[m] = r; other[m++] = o;
      });
    }
  }
  // stable by text: band order, and bucket order within a band, kept
  const start = new Int32Array(n + 1);
  for (let c = 0; c < m; c++) start[from[c] + 1]++;
  for (let r = 1; r <= n; r++) start[r] += start[r - 1];
  const fill = start.slice(0, n);
  const sorted = new Int32Array(m);
  for (let c = 0; c < m; c++) sorted[fill[from[c]]++] = other[c];
  return { start, other: sorted };
}
