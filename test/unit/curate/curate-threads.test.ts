// Curation on two threads must select exactly what one thread selects: the same n-gram hashes, the same duplicates
// and clusters. The thresholds are forced low here so
// that a test-sized pool takes the worker (out/curate-worker.js, built by npm run build); a worker that fails or
// cannot be found must leave the answer unchanged (this thread does its share).
import assert from 'node:assert/strict';
import { hashRoom, hashTexts } from '../../../src/core/curate/ngrams';
import { dedup } from '../../../src/core/curate/dedup';
import {
  DEFAULT_THREAD_SETTINGS, hashTextsThreaded, lastThreadRun, setThreadSettings, stopCurateThread, ThreadedHasher,
} from '../../../src/core/curate/curate-threads';

let seed = 7;
const rnd = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 4294967296; };
// A small vocabulary: many shared n-grams (duplicates for the 'any' rule), some questions copied whole, a few
// shorter than 8 words, and non-ASCII words.
const VOCAB = ['find', 'the', 'Value', 'of', '$x$', 'if', 'prime', 'ΣΑΣ', 'İstanbul', '𝐀𝐁', 'sum', 'integers', 'n', 'm', 'is', 'a'];
function pool(count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i > 10 && rnd() < 0.05) { out.push(out[Math.floor(rnd() * i)]); continue; }
    const words = Math.floor(rnd() * 40);
    out.push(Array.from({ length: words }, () => VOCAB[Math.floor(rnd() * rnd() * VOCAB.length)]).join(rnd() < 0.9 ? ' ' : '\n'));
  }
  return out;
}

const same = (a: { hashes: Float64Array; offsets: Int32Array }, b: { hashes: Float64Array; offsets: Int32Array }) => {
  assert.deepEqual([...a.offsets], [...b.offsets]);
  assert.deepEqual([...a.hashes], [...b.hashes]);
};

describe('curation on two threads', () => {
  const texts = pool(3000);
  const forced = { minChars: 0 };
  afterEach(async () => {
    setThreadSettings({ ...DEFAULT_THREAD_SETTINGS, script: undefined, failNext: undefined });
    await stopCurateThread();
  });

  it('hashes a pool on two threads into exactly the hashes and offsets of one thread', () => {
    setThreadSettings(forced);
    const one = hashTexts(texts);
    assert.ok(one.hashes.length > 10_000);
    same(hashTextsThreaded(texts), one);
    assert.equal(lastThreadRun(), 'two threads');
    // The share given to the worker first, the rest hashed here while it works, at any split.
    // With room reserved for the rest (hashed beside the worker's share, then moved down), too little room (a new
    // array) and none.
    const roomOf = (xs: string[]) => xs.reduce((a, x) => a + hashRoom(x), 0);
    for (const split of [0, 1, 1500, 2999, 3000]) {
      for (const reserve of [roomOf(texts.slice(split)), roomOf(texts.slice(split)) - 1, 0]) {
        const h = new ThreadedHasher();
        h.give(texts.slice(0, split), reserve);
        let ran = 0;
        same(h.finish(texts.slice(split), () => { ran++; }), one);
        assert.equal(ran, 1, `meanwhile runs once (split ${split})`);
        if (split > 0) assert.equal(lastThreadRun(), 'two threads');
      }
    }
  });

  it('hashes a share posted in many small batches into exactly the hashes of one thread, and falls back when a batch fails', () => {
    // ~40 characters a batch: every share of the splits below goes out in tens of messages, each continuing the last.
    setThreadSettings({ ...forced, batchChars: 40 });
    const one = hashTexts(texts);
    for (const split of [1, 2, 700, 2999]) {
      const h = new ThreadedHasher();
      h.give(texts.slice(0, split), split % 2 ? 0 : texts.slice(split).reduce((a, x) => a + hashRoom(x), 0));
      same(h.finish(texts.slice(split)), one);
      assert.equal(lastThreadRun(), 'two threads');
    }
    // The first batch fails: the later ones must not write after it, and this thread does the share.
    setThreadSettings({ failNext: 'batch lost' });
    same(hashTextsThreaded(texts), one);
    assert.match(lastThreadRun(), /^one thread: the worker failed: batch lost$/);
    same(hashTextsThreaded(texts), one);
    assert.equal(lastThreadRun(), 'two threads');
  });

  it("finds the same 'any' dedup with the pool hashed on two threads as on one", () => {
    setThreadSettings(forced);
    // The whole rule: hashed inside dedup (two threads) against one thread (threshold out of reach).
    const docs = texts.map((question, i) => ({ id: 100 + i, question, length: question.length % 7 }));
    const two = dedup(docs, { rule: 'any' });
    assert.equal(lastThreadRun(), 'two threads');
    setThreadSettings({ minChars: Infinity });
    const one = dedup(docs, { rule: 'any' });
    assert.equal(lastThreadRun(), 'one thread');
    assert.ok(one.dropped.length > 100, `${one.dropped.length} duplicates`);
    assert.deepEqual(two, one);
  });

  it('does the failed share on this thread when the worker fails, with the same answer, and says why', () => {
    setThreadSettings({ ...forced, failNext: 'disk on fire' });
    same(hashTextsThreaded(texts), hashTexts(texts));
    assert.match(lastThreadRun(), /^one thread: the worker failed: disk on fire$/);
    // The next call starts a new worker.
    same(hashTextsThreaded(texts), hashTexts(texts));
    assert.equal(lastThreadRun(), 'two threads');
  });

  it('stays on one thread without a worker script, and for a pool below the thresholds', () => {
    setThreadSettings({ ...forced, script: '/nonexistent/curate-worker.js' });
    same(hashTextsThreaded(texts), hashTexts(texts));
    assert.equal(lastThreadRun(), 'one thread');
    setThreadSettings({ ...DEFAULT_THREAD_SETTINGS, script: undefined });
    // A few hundred questions (a test, a small dataset) never start a worker.
    const small = texts.slice(0, 300);
    same(hashTextsThreaded(small), hashTexts(small));
    assert.equal(lastThreadRun(), 'one thread');
  });
});
