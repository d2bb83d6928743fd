// The fast paths of decontamination and s1's 'any' dedup rule must answer exactly what the plain definitions
// answer, or curation would drop other questions (or name other evidence) than before:
// - the one-pass n-gram hashes equal the hashes of s1's word list combined window by window;
// - the grouped "latest earlier question per n-gram" equals one whole-pool Map filled in order;
// - an evidence span cut from the text equals the slice of s1's word list.
import assert from 'node:assert/strict';
import { hashTexts, ngramHashes, wordSpan, words } from '../../../src/core/curate/ngrams';
import { earlierHolders } from '../../../src/core/curate/ngram-latest';
import { EvalIndex } from '../../../src/core/curate/decontaminate';
import { readEvalFile } from '../../../src/core/curate/eval-files';
import { sample } from '../helpers';

let seed = 11;
const rnd = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 4294967296; };
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];

// Words with capitals, accents, Greek sigma, astral letters, İ (two units in lowercase) and U+FEFF (not
// whitespace to Python); separators from Python's whitespace set, runs of them included.
const VOCAB = ['Find', 'the', 'VALUE', 'of', '$x$.', 'ÉCOLE', 'Straße', 'ΟΔΟΣ', 'ΣΑΣ', 'aΣb', 'Σ', '𝐀𝐁', 'İstanbul', 'a\ufeffb', 'x^2+1', '1000.', 'prime', 'Ω'];
const SEPS = [' ', ' ', ' ', '  ', '\t', '\n', '\u00a0', '\u3000', '\u2003', '\u001f', ' \n '];
function randomText(maxWords: number): string {
  let t = rnd() < 0.2 ? pick(SEPS) : '';
  const n = Math.floor(rnd() * maxWords);
  for (let i = 0; i < n; i++) t += (i ? pick(SEPS) : '') + pick(VOCAB);
  return t + (rnd() < 0.2 ? pick(SEPS) : '');
}

/** The definition: FNV-1a-style hashes of each lowercased word's code units, a polynomial over each window of n. */
function referenceHashes(text: string, n: number): number[] {
  const ws = words(text).map((w) => {
    let a = 0x811c9dc5 | 0;
    let b = 0x5bd1e995 ^ 0x01000193;
    for (let k = 0; k < w.length; k++) { const u = w.charCodeAt(k); a = Math.imul(a ^ u, 0x01000193); b = Math.imul(b ^ u, 0x5bd1e995); b ^= b >>> 15; }
    return [a, b];
  });
  const out: number[] = [];
  for (let i = 0; i + n <= ws.length; i++) {
    let x = 0;
    let y = 0;
    for (let j = i; j < i + n; j++) { x = (Math.imul(x, 0x9e3779b1) + ws[j][0]) | 0; y = (Math.imul(y, 0x85ebca77) + ws[j][1]) | 0; }
    out.push((x >>> 0) * 2097152 + ((y >>> 0) & 0x1fffff));
  }
  return out;
}

describe('n-gram fast paths', () => {
  it('hashes each window of s1 words in one pass exactly as the word-list definition does, for n from 1 to 20', () => {
    for (let t = 0; t < 400; t++) {
      const text = randomText(40);
      for (const n of [1, 2, 3, 8, 17, 20]) assert.deepEqual([...ngramHashes(text, n)], referenceHashes(text, n), `n=${n}: ${JSON.stringify(text)}`);
    }
    // A pool hashed at once equals its texts hashed one by one.
    const texts = Array.from({ length: 300 }, () => randomText(30));
    const all = hashTexts(texts);
    texts.forEach((text, i) => assert.deepEqual([...all.hashes.subarray(all.offsets[i], all.offsets[i + 1])], referenceHashes(text, 8)));
  });

  /** earlierHolders spread over every position: the holder, or -1 for a first occurrence. */
  const latestEarlierDoc = (hashes: Float64Array, offsets: Int32Array): Int32Array => {
    const out = new Int32Array(hashes.length).fill(-1);
    const { pos, prev } = earlierHolders(hashes, offsets);
    for (let x = 0; x < pos.length; x++) out[pos[x]] = prev[x];
    return out;
  };

  it('finds, for every n-gram position, the latest earlier question holding it, as one whole-pool map does', () => {
    // 4,000 questions from a small vocabulary (many shared and repeated n-grams, more positions than groups).
    const vocab = Array.from({ length: 30 }, (_, i) => `w${i}`);
    const texts = Array.from({ length: 4000 }, () => Array.from({ length: Math.floor(rnd() * 30) }, () => vocab[Math.floor(rnd() * rnd() * vocab.length)]).join(' '));
    const { hashes, offsets } = hashTexts(texts, 3);
    assert.ok(hashes.length > 50_000);
    const want = new Int32Array(hashes.length).fill(-1);
    const latest = new Map<number, number>();
    for (let i = 0; i < texts.length; i++) {
      for (let k = offsets[i]; k < offsets[i + 1]; k++) { want[k] = latest.get(hashes[k]) ?? -1; latest.set(hashes[k], i); }
    }
    const got = latestEarlierDoc(hashes, offsets);
    assert.deepEqual(got, want);
    // The hits alone, in pool order, each with the question that owns its position.
    const h = earlierHolders(hashes, offsets);
    const hitAt = [...want.keys()].filter((k) => want[k] >= 0);
    assert.deepEqual([...h.pos], hitAt);
    assert.deepEqual([...h.prev], hitAt.map((k) => want[k]));
    assert.deepEqual([...h.doc], hitAt.map((k) => offsets.findIndex((o, i) => i < texts.length && o <= k && k < offsets[i + 1])));
    assert.ok(got.some((d, k) => d >= 0 && d < texts.length && d !== want[k - 1]));
    assert.deepEqual(latestEarlierDoc(new Float64Array(0), new Int32Array([0, 0])), new Int32Array(0));
  });

  it("cuts an evidence span that equals s1's word list sliced and joined, whatever the whitespace around it", () => {
    for (let t = 0; t < 500; t++) {
      const text = randomText(25);
      const ws = words(text);
      const from = Math.floor(rnd() * (ws.length + 2));
      const to = from + 1 + Math.floor(rnd() * 10);
      assert.equal(wordSpan(text, from, to), ws.slice(from, to).join(' '), `${from}-${to}: ${JSON.stringify(text)}`);
    }
    assert.equal(wordSpan('  Find THE\tvalue  of x ', 1, 3), 'the value');
  });

  it('gives the verdict alone exactly when the full check finds contamination, under both rules', async () => {
    const items = [...(await readEvalFile(sample('math500.jsonl'))), ...(await readEvalFile(sample('aime24.jsonl')))];
    const index = new EvalIndex(items);
    // Copies, copies inside longer text, half copies, boilerplate-only overlaps and unrelated text.
    const questions = items.slice(0, 200).flatMap((it, i) => {
      const w = it.text.split(' ');
      return [it.text, `Intro words here. ${it.text} And more.`, w.slice(0, Math.ceil(w.length / 3)).join(' '), randomText(40), i % 2 ? 'Find the remainder when the sum is divided by 1000.' : w.reverse().join(' ')];
    });
    const seen = { any: 0, copy: 0 };
    for (const rule of ['any', 'copy'] as const) {
      for (const q of questions) {
        const full = index.check(q, { rule });
        assert.equal(index.isContaminated(ngramHashes(q), { rule }), full !== undefined, `${rule}: ${q.slice(0, 80)}`);
        if (full) seen[rule]++;
      }
    }
    assert.ok(seen.copy >= 300 && seen.any > seen.copy && seen.any < questions.length, JSON.stringify(seen));
  });
});
