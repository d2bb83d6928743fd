// The n-gram chains the copy and fuzzy dedup rules find candidates through: built part by part, they must say
// exactly what one table of the whole pool says (the latest earlier question holding each n-gram, repeats
// inside a question, document frequencies), or dedup would drop other questions than before.
import assert from 'node:assert/strict';
import { ngramChains, REPEAT, SKIPPED } from '../../../src/core/curate/ngram-chains';
import { hashTexts } from '../../../src/core/curate/ngrams';

function naive(hashes: Float64Array, offsets: Int32Array, include?: Uint8Array) {
  const prev = new Int32Array(hashes.length).fill(SKIPPED);
  const df = new Int32Array(hashes.length);
  const last = new Map<number, number>();
  const docs = new Map<number, Set<number>>();
  for (let i = 0; i + 1 < offsets.length; i++) {
    if (include && !include[i]) continue;
    for (let k = offsets[i]; k < offsets[i + 1]; k++) (docs.get(hashes[k]) ?? docs.set(hashes[k], new Set()).get(hashes[k])!).add(i);
  }
  for (let i = 0; i + 1 < offsets.length; i++) {
    if (include && !include[i]) continue;
    for (let k = offsets[i]; k < offsets[i + 1]; k++) {
      const h = hashes[k];
      const p = last.get(h);
      if (p !== undefined && p >= offsets[i]) prev[k] = REPEAT;
      else { prev[k] = p ?? -1; last.set(h, k); }
      df[k] = docs.get(h)!.size;
    }
  }
  return { prev, df };
}

describe('n-gram chains', () => {
  it('equal one whole-pool table over many parts: latest earlier question, repeats, document frequency', () => {
    // 3,000 questions from a 40-word vocabulary: ~90K n-grams in ~20 parts, many shared, some repeated inside a question.
    let seed = 7;
    const rnd = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 4294967296; };
    const texts = Array.from({ length: 3000 }, () => Array.from({ length: 8 + Math.floor(rnd() * 50) }, () => `w${Math.floor(rnd() * rnd() * 40)}`).join(' '));
    const { hashes, offsets } = hashTexts(texts, 3);
    assert.ok(hashes.length > 40_000);
    const include = new Uint8Array(texts.length).map((_, i) => (i % 5 === 3 ? 0 : 1));
    for (const inc of [undefined, include]) {
      const got = ngramChains(hashes, offsets, { include: inc, withDf: true });
      const want = naive(hashes, offsets, inc);
      assert.deepEqual(got.prev, want.prev);
      for (let k = 0; k < hashes.length; k++) if (want.prev[k] !== SKIPPED) assert.equal(got.df![k], want.df[k], `df at ${k}`);
    }
    const c = ngramChains(hashes, offsets);
    assert.ok(c.prev.some((p) => p === REPEAT) && c.prev.some((p) => p >= 0));
    for (let k = 0; k < hashes.length; k++) if (c.prev[k] >= 0) assert.ok(c.docOf[c.prev[k]] < c.docOf[k]);
  });
});
