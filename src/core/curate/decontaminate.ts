// Decontamination of questions against evaluation sets, with evidence.
//
// Two rules (recipes pick one; `bench/curate.mjs` and the unit tests report both):
// - 'any':  s1's rule: one shared word n-gram with any evaluation question is contamination.
// - 'copy': contamination only when the question holds at least `minCoverage` (default 0.3) of the distinct
//   n-grams of one evaluation item. A verbatim copy covers 100% (also inside a longer question), a copy with a
//   changed number 65–95%, two words changed in a 30-word question about 30%; boilerplate shared with real
//   evaluation questions ("where $m$ and $n$ are relatively prime positive integers. find $m+n$.") covers at
//   most 3% of MATH500/AIME24 items (measured: test/unit/curate/decontaminate.test.ts).
import { DEFAULT_N, ngramHashes, wordSpan } from './ngrams';
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

// checkHashed's answer when only the verdict was asked for (isContaminated).
const VERDICT = {} as ContaminationEvidence;

export class EvalIndex {
  readonly n: number;
  private table: NgramTable;
  private filter: HashFilter;
  private sizes: Int32Array;
  private distinct: Float64Array[];

  /** `distinct`: each item's distinct n-gram hashes, sorted, as itemNgrams() gave them (eval-cache.ts keeps them on disk). */
  constructor(readonly items: readonly EvalItem[], n = DEFAULT_N, distinct?: readonly Float64Array[]) {
    this.n = n;
    if (distinct && distinct.length !== items.length) throw new Error(`EvalIndex: ${distinct.length} n-gram sets for ${items.length} items`);
    // Each item's distinct n-grams as a sorted typed array (a Set of 53-bit numbers boxes every one of them).
    this.distinct = distinct ? distinct.slice() : items.map((it) => distinctSorted(ngramHashes(it.text, n)));
    const postings = this.distinct.reduce((a, s) => a + s.length, 0);
    this.table = new NgramTable(postings);
    this.filter = new HashFilter(postings);
    this.sizes = new Int32Array(items.length);
    this.distinct.forEach((s, i) => { this.table.add(i, s); this.sizes[i] = s.length; for (let k = 0; k < s.length; k++) this.filter.add(s[k]); });
  }

  /** The evaluation item a question is contaminated by under `rule`, with evidence; undefined when clean. */
  check(question: string, opts: DecontamOptions = {}): ContaminationEvidence | undefined {
    return this.checkHashed(question, ngramHashes(question, this.n), opts);
  }

  /**
   * Whether a question (its n-gram hashes) is contaminated under `rule`, without the evidence: what s1's util
   * and the bench's Python port compute. Equal to `!!checkHashed(...)`.
   */
  isContaminated(all: Float64Array, opts: DecontamOptions = {}): boolean {
    if ((opts.rule ?? 'copy') !== 'any') return this.checkHashed('', all, { ...opts, verdictOnly: true }) !== undefined;
    for (let i = 0; i < all.length; i++) if (this.filter.mayHave(all[i]) && this.table.has(all[i])) return true;
    return false;
  }

  /** check() with the question's n-gram hashes already computed (hashTexts over a whole pool). */
  checkHashed(question: string, all: Float64Array, opts: DecontamOptions & { verdictOnly?: boolean } = {}): ContaminationEvidence | undefined {
    const n = this.n;
    const rule = opts.rule ?? 'copy';
    const minCoverage = opts.minCoverage ?? DEFAULT_MIN_COVERAGE;
    // Most questions share nothing: settle them without building sets. The positions whose n-gram is in an
    // evaluation item are kept for the evidence (a question shares a few n-grams at most).
    let nFound = 0;
    for (let i = 0; i < all.length; i++) {
      if (!this.filter.mayHave(all[i]) || !this.table.has(all[i])) continue;
      this.found[nFound++] = i;
      if (nFound === this.found.length) this.found = growInt32(this.found);
    }
    if (nFound === 0) return undefined;
    // Each evaluation item's count of the question's distinct n-grams it holds.
    const hs = new Float64Array(nFound);
    for (let k = 0; k < nFound; k++) hs[k] = all[this.found[k]];
    const q = distinctSorted(hs);
    const shared = new Map<number, number>();
    for (const h of q) this.table.forEachDoc(h, (d) => { shared.set(d, (shared.get(d) ?? 0) + 1); });
    let best = -1;
    let bestCov = -1;
    for (const [d, c] of shared) {
      // Share of the evaluation item found in the question: a copy (even inside a longer question) covers
      // most of it; boilerplate covers a few percent of it, however short the pool question is.
      const cov = c / this.sizes[d];
      if (cov > bestCov || (cov === bestCov && d < best)) { best = d; bestCov = cov; }
    }
    if (rule === 'copy' && bestCov < minCoverage) return undefined;
    if (opts.verdictOnly) return VERDICT;
    const itemGrams = this.distinct[best];
    // Evidence from positions: the first shared n-gram and the longest run of shared ones, as words. Only the
    // found positions can hold one of the item's n-grams.
    let first = -1;
    let runStart = -1;
    let last = -2;
    let bestRun: [number, number] = [0, -1];
    for (let k = 0; k < nFound; k++) {
      const i = this.found[k];
      if (!sortedHas(itemGrams, all[i])) continue;
      if (first < 0) first = i;
      if (i !== last + 1) {
        if (runStart >= 0 && last - runStart > bestRun[1] - bestRun[0]) bestRun = [runStart, last];
        runStart = i;
      }
      last = i;
    }
    if (runStart >= 0 && last - runStart > bestRun[1] - bestRun[0]) bestRun = [runStart, last];
    return {
      rule, n,
      ngram: first < 0 ? '' : wordSpan(question, first, first + n),
      span: bestRun[1] < 0 ? '' : wordSpan(question, bestRun[0], bestRun[1] + n),
      shared: shared.get(best) ?? 0,
      coverage: Math.round(bestCov * 1000) / 1000,
      eval: this.evalOf(best),
    };
  }

  private found: Int32Array = new Int32Array(64);

  private evalOf(d: number): ContaminationEvidence['eval'] {
    const item = this.items[d];
    return { file: item.file, index: item.index, id: item.id, question: item.text.length > 400 ? item.text.slice(0, 400) + '…' : item.text };
  }

  /** Each item's distinct n-gram hashes, sorted (what the constructor takes back as `distinct`). */
  itemNgrams(): readonly Float64Array[] {
    return this.distinct;
  }

  /** Evaluation-set document frequency of an n-gram (how many evaluation items hold it). */
  df(h: number): number {
    return this.table.count(h);
  }
}

/** The distinct values of `a`, sorted (a new array). */
function distinctSorted(a: Float64Array): Float64Array {
  const s = Float64Array.from(a).sort();
  let k = 0;
  for (let i = 0; i < s.length; i++) if (i === 0 || s[i] !== s[k - 1]) s[k++] = s[i];
  return s.subarray(0, k);
}

function sortedHas(a: Float64Array, x: number): boolean {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (a[mid] < x) lo = mid + 1; else hi = mid; }
  return lo < a.length && a[lo] === x;
}

function growInt32(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
