// Decontamination of questions against evaluation sets, with evidence.
//
// Two rules (recipes pick one; `bench/curate.mjs` and the unit tests report both):
// - 'any':  s1's rule: one shared word n-gram with any evaluation question is contamination.
// - 'copy': contamination only when the question holds at least `minCoverage` (default 0.3) of the distinct
//   n-grams of one evaluation item. A verbatim copy covers 100% (also inside a longer question), a copy with a
//   changed number 65–95%, two words changed in a 30-word question about 30%; boilerplate shared with real
//   evaluation questions ("where $m$ and $n$ are relatively prime positive integers. find $m+n$.") covers at
//   most 3% of MATH500/AIME24 items (measured: test/unit/curate/decontaminate.test.ts).
import { DEFAULT_N, ngramHashes, words } from './ngrams';
import { HashFilter, NgramTable } from './ngram-table';

export type MatchRule = 'any' | 'copy';

export interface EvalItem {
  /** Evaluation file (base name) and position in it. */
  file: string;
  index: number;
  id: string | null;
  text: string;
}

export interface DecontamOptions { n?: number; rule?: MatchRule; minCoverage?: number }

export interface ContaminationEvidence {
  rule: MatchRule;
  n: number;
  ngram: string;
  span: string;
  shared: number;
  coverage: number;
  eval: { file: string; index: number; id: string | null; question: string };
}

export const DEFAULT_MIN_COVERAGE = 0.3;

export class EvalIndex {
  readonly n: number;
  private table: NgramTable;
  private filter: HashFilter;
  private sizes: Int32Array;

  constructor(readonly items: readonly EvalItem[], n = DEFAULT_N) {
    this.n = n;
    const sets = items.map((it) => new Set(ngramHashes(it.text, n)));
    const postings = sets.reduce((a, s) => a + s.size, 0);
    this.table = new NgramTable(postings);
    this.filter = new HashFilter(postings);
    this.sizes = new Int32Array(items.length);
    sets.forEach((s, i) => { this.table.add(i, s); this.sizes[i] = s.size; for (const h of s) this.filter.add(h); });
  }

  /** The evaluation item a question is contaminated by under `rule`, with evidence; undefined when clean. */
  check(question: string, opts: DecontamOptions = {}): ContaminationEvidence | undefined {
    return this.checkHashed(question, ngramHashes(question, this.n), opts);
  }

  /** check() with the question's n-gram hashes already computed (hashTexts over a whole pool). */
  checkHashed(question: string, all: Float64Array, opts: DecontamOptions = {}): ContaminationEvidence | undefined {
    const n = this.n;
    const rule = opts.rule ?? 'copy';
    const minCoverage = opts.minCoverage ?? DEFAULT_MIN_COVERAGE;
    // Most questions share nothing: settle them without building sets.
    let any = false;
    for (let i = 0; i < all.length && !any; i++) any = this.filter.mayHave(all[i]) && this.table.has(all[i]);
    if (!any) return undefined;
    const q = new Set(all);
    const shared = new Map<number, number>();
    for (const h of q) {
      if (!this.table.has(h)) continue;
      this.table.forEachDoc(h, (d) => { shared.set(d, (shared.get(d) ?? 0) + 1); });
    }
    if (!shared.size) return undefined;
    let best = -1;
    let bestCov = -1;
    for (const [d, c] of shared) {
      // Share of the evaluation item found in the question: a copy (even inside a longer question) covers
      // most of it; boilerplate covers a few percent of it, however short the pool question is.
      const cov = c / this.sizes[d];
      if (cov > bestCov || (cov === bestCov && d < best)) { best = d; bestCov = cov; }
    }
    if (rule === 'copy' && bestCov < minCoverage) return undefined;
    const item = this.items[best];
    const itemGrams = this.itemSet(best);
    // Evidence from positions: the first shared n-gram and the longest run of shared ones, as words.
    let first = -1;
    let runStart = -1;
    let bestRun: [number, number] = [0, -1];
    for (let i = 0; i <= all.length; i++) {
      const hit = i < all.length && itemGrams.has(all[i]);
      if (hit && first < 0) first = i;
      if (hit) { if (runStart < 0) runStart = i; } else if (runStart >= 0) {
        if (i - runStart > bestRun[1] - bestRun[0] + 1) bestRun = [runStart, i - 1];
        runStart = -1;
      }
    }
    const ws = words(question);
    return {
      rule, n,
      ngram: first < 0 ? '' : ws.slice(first, first + n).join(' '),
      span: bestRun[1] < 0 ? '' : ws.slice(bestRun[0], bestRun[1] + n).join(' '),
      shared: shared.get(best) ?? 0,
      coverage: Math.round(bestCov * 1000) / 1000,
      eval: { file: item.file, index: item.index, id: item.id, question: item.text.length > 400 ? item.text.slice(0, 400) + '…' : item.text },
    };
  }

  private sets = new Map<number, Set<number>>();
  private itemSet(i: number): Set<number> {
    let s = this.sets.get(i);
    if (!s) { s = new Set(ngramHashes(this.items[i].text, this.n)); this.sets.set(i, s); }
    return s;
  }

  /** Evaluation-set document frequency of an n-gram (how many evaluation items hold it). */
  df(h: number): number {
    return this.table.count(h);
  }
}
