// Dedup at scale reads the questions a pass at a time and splits the n-grams into shards by hash (files on disk
// when there are several): whatever the number of shards, the clusters, the kept samples and every drop's
// evidence (matched sample, rule, coverage) must be what one pass over the whole pool in memory gives.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { dedup, dedupFrom, type DedupDoc, type DedupRule } from '../../../src/core/curate/dedup';
import { hashTexts } from '../../../src/core/curate/ngrams';
import { questionsFrom } from '../../../src/core/curate/stages/dedup';
import { POOL_BATCH } from '../../../src/core/curate/pool';
import { openDatabase } from '../../../src/core/store/db';
import { join } from 'node:path';
import { tempDir } from '../helpers';

/** A pool with exact copies, near copies (a word changed, a sentence added, other markup), shared boilerplate and short texts. */
function pool(count: number, seed: number): DedupDoc[] {
  let s = seed;
  const rnd = () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 4294967296; };
  const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
  const vocab = Array.from({ length: 400 }, (_, i) => `w${i.toString(36)}`);
  const sentence = (k: number) => Array.from({ length: k }, () => (rnd() < 0.1 ? `$${int(1, 99)}$` : vocab[int(0, vocab.length - 1)])).join(' ');
  const boiler = ['Find the remainder when the sum is divided by one thousand.', 'Express your answer as a common fraction in lowest terms please.'];
  const docs: DedupDoc[] = [];
  for (let i = 0; i < count; i++) {
    const r = rnd();
    const earlier = docs.length ? docs[int(0, docs.length - 1)].question : '';
    let q: string;
    if (earlier && r < 0.08) q = earlier; // exact copy
    else if (earlier && r < 0.16) q = earlier.toUpperCase().replace(/ /g, '  '); // same after s1's normalisation
    else if (earlier && r < 0.26) { const w = earlier.split(' '); w[int(0, w.length - 1)] = vocab[int(0, vocab.length - 1)]; q = w.join(' '); }
    else if (earlier && r < 0.32) q = `${earlier} ${sentence(int(3, 9))}.`;
    else if (earlier && r < 0.36) q = earlier.replace(/\$(\d+)\$/g, '$\\frac{$1}{1}$');
    else if (r < 0.40) q = sentence(int(1, 6)); // shorter than an n-gram
    else q = `${rnd() < 0.4 ? boiler[int(0, 1)] + ' ' : ''}${sentence(int(10, 40))}. ${rnd() < 0.3 ? sentence(int(5, 15)) + '.' : ''}`;
    docs.push({ id: 1000 + i * 3, question: q, length: int(0, 50), ...(rnd() < 0.03 ? { forceKeep: true } : {}) });
  }
  return docs;
}

describe('dedup in shards', () => {
  const docs = pool(1500, 11);
  for (const rule of ['copy', 'fuzzy'] as DedupRule[]) {
    it(`${rule}: 1, 2, 7 and 40 shards (on disk) and pre-hashed questions give one result`, () => {
      const opts = { rule, maxDf: 6 };
      const whole = dedup(docs, { ...opts, shardQuestions: docs.length });
      assert.ok(whole.dropped.length > 200, `duplicates found: ${whole.dropped.length}`);
      assert.ok(whole.dropped.some((d) => d.coverage !== null && d.coverage < 1), 'near copies, not only exact ones');
      if (rule === 'fuzzy') assert.ok(whole.dropped.some((d) => /markup normalisation/.test(d.match)), 'fuzzy matches');
      const spill = tempDir();
      try {
        for (const shards of [2, 7, 40]) {
          const got = dedup(docs, { ...opts, shardQuestions: Math.ceil(docs.length / shards), spillDir: spill.dir });
          assert.deepEqual(got, whole, `${shards} shards`);
          assert.deepEqual(readdirSync(spill.dir), [], 'the shard files are removed');
        }
      } finally { spill.cleanup(); }
      assert.deepEqual(dedup(docs, opts, hashTexts(docs.map((d) => d.question))), whole, 'pre-hashed');
    });
  }

  it('reads the questions from a source, in two passes, and never holds them', () => {
    const passes: number[] = [];
    const meta = docs.map(({ id, length, forceKeep }) => ({ id, length, forceKeep }));
    const got = dedupFrom(meta, (fn) => { passes.push(0); docs.forEach((d, i) => fn(i, d.question)); }, { rule: 'fuzzy', maxDf: 6, shardQuestions: 200 });
    assert.deepEqual(got, dedup(docs, { rule: 'fuzzy', maxDf: 6 }));
    assert.equal(passes.length, 2, 'two passes over the questions: n-grams and sentences, then normal forms');
    assert.throws(() => dedupFrom(meta, (fn) => fn(1, docs[1].question), { rule: 'copy' }), /out of order/);
  });

  it('the dedup stage reads the questions of the samples still in the pool from the database, in their order, batch after batch', () => {
    const tmp = tempDir();
    const db = openDatabase(join(tmp.dir, 'q.db'));
    try {
      db.prepare("INSERT INTO datasets (name) VALUES ('a'), ('b')").run();
      const ins = db.prepare('INSERT INTO samples (dataset_id, question, hash) VALUES (?, ?, ?)');
      // two datasets interleaved: a range of ids holds the other dataset's samples too
      db.transaction(() => { for (let i = 0; i < 2 * POOL_BATCH + 50; i++) ins.run(1 + (i % 2), `question ${i}`, `h${i}`); })();
      const rows = db.prepare('SELECT id, question FROM samples WHERE dataset_id = 1 ORDER BY id').all() as { id: number; question: string }[];
      const alive = rows.filter((_, k) => k % 3 !== 1);
      const read = (ids: number[]) => { const got: string[] = []; questionsFrom(db, 1, ids)((i, q) => { assert.equal(i, got.length); got.push(q); }); return got; };
      assert.deepEqual(read(alive.map((r) => r.id)), alive.map((r) => r.question));
      const shuffled = [alive[5], alive[2], alive[9]];
      assert.deepEqual(read(shuffled.map((r) => r.id)), shuffled.map((r) => r.question), 'ids out of order are read one by one');
      assert.deepEqual(read([]), []);
    } finally { db.close(); tmp.cleanup(); }
  });
});
