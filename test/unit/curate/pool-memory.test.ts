// What keeps curation's memory bounded at 1.2M rows: the streamed pass reads a batch sized by its text, a pool entry
// keeps only what the stages read (worked out once), and kept evidence holds no slice of a sample's text.
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { importFiles } from '../../../src/core/ingest/importer';
import { entryOf, forEachPoolBatch, lengthOf, POOL_BATCH_CHARS, type PoolSample } from '../../../src/core/curate/pool';
import { dataLabel, dataLabelOf } from '../../../src/core/curate/detectors/wrong-answer';
import { detached, ownString } from '../../../src/core/curate/detach';
import { freshDatabase, jsonlFiles, s1Row } from '../helpers';
import type { Db } from '../../../src/core/store/db';

describe('curation memory at scale', () => {
  let db: Db;
  let dir = '';
  freshDatabase((d, tmp) => { db = d; dir = tmp.dir; });
  const file = jsonlFiles(() => dir);

  it('the streamed pass reads long traces in batches of about POOL_BATCH_CHARS of text, every sample once, in id order', async () => {
    // 300 samples with 40,000-character traces: 12M characters, far past one batch's worth
    const lines = Array.from({ length: 300 }, (_, i) => s1Row(`Question ${i}?`, `${i}`, `${'think '.repeat(6666)}${i}`));
    await importFiles(db, { files: [file(lines)], dataset: 'pool', preset: 's1' });
    const sizes: number[] = [];
    const seen: number[] = [];
    let most = 0;
    forEachPoolBatch(db, 1, (b) => {
      sizes.push(b.length);
      seen.push(...b.map((s) => s.id));
      most = Math.max(most, b.reduce((a, s) => a + s.question.length + (s.solution?.length ?? 0) + (s.answer?.length ?? 0) + (s.trace ? s.trace.thinking.length + s.trace.answer.length : 0), 0));
    });
    const ids = db.prepare('SELECT id FROM samples ORDER BY id').pluck().all() as number[];
    assert.deepEqual(seen, ids);
    assert.ok(sizes.length > 5, `${sizes.length} batches`);
    assert.ok(sizes.slice(1).every((n) => n < 64), sizes.join(','));
    assert.ok(most < 2.5 * POOL_BATCH_CHARS, `${most} characters in one batch`);
    // a fixed size is kept as asked
    const fixed: number[] = [];
    forEachPoolBatch(db, 1, (b) => fixed.push(b.length), 37);
    assert.deepEqual(fixed, [...Array(8).fill(37), 4]);
  });

  it('a pool entry keeps the trace length and grade the stages read, worked out as s1\'s rule does from the whole sample', () => {
    const base = { question: 'q', solution: null, answer: null, source: 's', domain: 'd', cotType: null, status: 'unreviewed' };
    const trace = (thinking: string, thinkingTokens: number | null, grade: number | null) =>
      ({ id: 9, producer: 'p', thinking, answer: 'a', thinkingTokens, finishReason: null, grade });
    const samples: PoolSample[] = [
      { ...base, id: 1, features: { gemini_length: 1234, isgeminicorrect: false }, trace: trace('x'.repeat(100), 50, 1) },
      { ...base, id: 2, features: {}, trace: trace('x'.repeat(100), 77, 0) },
      { ...base, id: 3, features: { gemini_length: 'long' }, trace: trace('𝑥'.repeat(35), null, 1) }, // 70 UTF-16 units: 20
      { ...base, id: 4, features: {}, trace: null },
      { ...base, id: 5, features: { isgeminicorrect: true }, trace: trace('', null, null) },
    ];
    const got = samples.map((s) => { const e = entryOf(s); return [e.id, e.length, dataLabelOf(e.features, e.grade)]; });
    const want = samples.map((s) => {
      const g = s.features.gemini_length;
      return [s.id, lengthOf(typeof g === 'number' ? g : null, s.trace?.thinkingTokens ?? null, s.trace ? s.trace.thinking.length : null), dataLabel(s)];
    });
    assert.deepEqual(got, want);
    assert.deepEqual(got.map((r) => r[1]), [1234, 77, 20, 0, 0]);
    assert.deepEqual(got.map((r) => r[2]), [false, false, true, null, true]);
  });

  it('detached evidence has the same values and lets the text it was cut from go', () => {
    class Kept { constructor(readonly x: number) {} }
    const k = new Kept(1);
    const ev = { span: 'a long enough span \ud800 with a lone surrogate', short: 'ab', n: 3, none: null, list: ['one long string here', 2], inner: { gold: 'the gold answer, at length' }, k };
    const d = detached(ev);
    assert.deepEqual(d, ev);
    assert.equal(JSON.stringify(d), JSON.stringify(ev));
    assert.equal(d.k, k);
    assert.notEqual(d, ev);

    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heldAfter = (keep: (slice: string) => string): number => {
      let text: string | undefined = `${'solution text '.repeat(1 << 20)}${Math.random()}`; // ~14 MB, flat once sliced
      const kept = keep(text.slice(1000, 1200));
      gc();
      const before = process.memoryUsage().heapUsed;
      text = undefined;
      gc();
      const freed = before - process.memoryUsage().heapUsed;
      assert.equal(kept.length, 200);
      return freed;
    };
    assert.ok(heldAfter((s) => s) < 4e6, 'a plain slice holds its text (the case detached exists for)');
    assert.ok(heldAfter(ownString) > 10e6, 'ownString lets the text go');
  });
});
