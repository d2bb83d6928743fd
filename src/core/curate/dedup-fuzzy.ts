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

/**
 * The normal forms of the questions with `isRep` set, with the sentences that at least BOILERPLATE_DF of them
 * share left out of `cmp` (s1's crossword instruction is most of a crossword question: two clues would otherwise
 * read as 90% the same).
 */
export function normalForms(questions: readonly string[], isRep: Uint8Array): (NormalForm | undefined)[] {
  const forms = new Array<NormalForm | undefined>(questions.length);
  const df = new Map<number, number>();
  for (let i = 0; i < questions.length; i++) {
    if (!isRep[i]) continue;
    const f = (forms[i] = normalForm(questions[i]));
    f.sentences.forEach((h, k) => { if (f.sentences.indexOf(h) === k) df.set(h, (df.get(h) ?? 0) + 1); });
  }
  for (const f of forms) {
    if (!f || f.sentences.length < 2 || !f.sentences.some((h) => df.get(h)! >= BOILERPLATE_DF)) continue;
    let rest = '';
    f.sentences.forEach((h, k) => { if (df.get(h)! < BOILERPLATE_DF) rest += f.key.slice(k === 0 ? 0 : f.ends[k - 1], f.ends[k]); });
    if (rest.length > 0) f.cmp = rest;
  }
  return forms;
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
export function sameProblem(a: NormalForm, b: NormalForm, minRatio: number, contained = false): string | null {
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

/** Joins, among the questions with a normal form (normalForms), those that are one problem under the fuzzy rule. */
export function fuzzyPass(form: readonly (NormalForm | undefined)[], uf: UnionFind, links: MatchLinks, minRatio: number): void {
  const reps: number[] = [];
  const byKey = new Map<string, number>();
  for (let i = 0; i < form.length; i++) {
    const f = form[i];
    if (!f) continue;
    const first = byKey.get(f.key);
    if (first !== undefined && form[first]!.numbers === f.numbers) {
      if (uf.find(first) !== uf.find(i)) { links.link(first, i, fuzzyMatchName(1)); uf.union(first, i); }
      continue;
    }
    if (first === undefined) byKey.set(f.key, i);
    reps.push(i);
  }
  // LSH over the distinct normal forms: a pair is a candidate when one band of their signatures agrees.
  const nb = DEFAULT_LSH.bands;
  const keys = new Float64Array(nb);
  const index = new BandIndex(reps.length * nb, MAX_BUCKET);
  const seen = new Int32Array(reps.length).fill(-1);
  for (let r = 0; r < reps.length; r++) {
    const i = reps[r];
    if (!bandKeysInto(form[i]!.cmp, keys, 0)) continue;
    const visit = (o: number) => {
      if (seen[o] === r) return;
      seen[o] = r;
      const d = reps[o];
      if (uf.find(d) === uf.find(i)) return;
      const how = sameProblem(form[d]!, form[i]!, minRatio);
      if (how !== null) { links.link(d, i, how); uf.union(d, i); }
    };
    for (let k = 0; k < nb; k++) index.add(r, keys[k], visit);
  }
}
