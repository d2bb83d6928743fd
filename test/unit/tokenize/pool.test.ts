// The count pool that `distillery tokens` runs (parallel.ts with the calling thread as one of the threads): whatever
// share of the text the workers take, its counts are the single-thread fast path's, in order, for each model.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { referenceTokenizer } from '../../../src/core/tokenize/index';
import { fastTokenizer } from '../../../src/core/tokenize/fast';
import { startCountPool } from '../../../src/core/tokenize/parallel';
import { sample, tempDir } from '../helpers';

const jsonl = (f: string) => readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

/** Real text of every kind the repository carries (s1K traces and attempts, MATH500 and AIME24 solutions, Sky-T1 responses, Codeforces statements) and edge cases. */
function mixedRealText(): string[] {
  const texts: string[] = [];
  const add = (t: unknown) => { if (typeof t === 'string') texts.push(t); };
  for (const r of jsonl(sample('s1k-sample-5.jsonl'))) for (const k of ['question', 'gemini_thinking_trajectory', 'gemini_attempt', 'deepseek_thinking_trajectory', 'deepseek_attempt', 'solution']) add(r[k]);
  for (const f of ['aime24.jsonl', 'math500.jsonl']) for (const r of jsonl(sample(f))) add(r.solution);
  for (const r of jsonl('test/fixtures/grade/real-unfinished.jsonl')) add(r.response);
  for (const r of jsonl('test/fixtures/curate/formatting-codeforces.jsonl')) add(r.text);
  // Between the real texts: added tokens, the whitespace class (U+0085 is whitespace to the tokenizer, U+FEFF is not),
  // empty texts, long chunks the cache never keeps.
  const edge = ['', '<think>\nhi\n</think>', 'a\u0085b\uFEFFc \u0085\u0085x', '<|im_start|>user\n2+2?<|im_end|>', ' ', '中文数学题目'.repeat(60), '🙂'.repeat(150), 'a'.repeat(1000)];
  return texts.flatMap((t, i) => [t, edge[i % edge.length]]);
}

describe('count pool with the calling thread (distillery tokens)', function () {
  this.timeout(600_000);
  const texts = mixedRealText();

  it('gives the single thread\'s counts on mixed real text when the workers take part, in order', async () => {
    const chars = texts.reduce((a, t) => a + t.length, 0);
    assert.ok(texts.length > 500 && chars > 1_000_000, `${texts.length} texts, ${chars} characters`);
    const single = texts.map((t) => fastTokenizer('qwen3').count(t));
    // Small thresholds and batches, so that this input is far above them and every thread takes many batches.
    const pool = startCountPool(3, 'qwen3', { caller: true, parallelChars: 100_000, batchChars: 8192 });
    try {
      assert.deepEqual(await pool.count(texts), single, 'first call: the caller counts while the workers start');
      await pool.ready(); // the workers are loaded now: the next call hands them batches before the caller takes any
      const before = pool.shares();
      const [a, b] = await Promise.all([pool.count(texts), pool.count(texts.slice().reverse())]);
      assert.deepEqual(a, single, 'second call');
      assert.deepEqual(b, single.slice().reverse(), 'a call beside it');
      const after = pool.shares();
      assert.ok(after.workers > before.workers, 'the workers counted part of it');
      assert.ok(after.caller > before.caller, 'the calling thread counted part of it');
      assert.equal(after.caller + after.workers, 3 * chars);
    } finally {
      await pool.close();
    }
  });

  it('counts below the threshold on the calling thread alone, and the workers follow the pool\'s model', async () => {
    const small = texts.slice(0, 40);
    const pool = startCountPool(2, 'qwen3', { caller: true });
    try {
      assert.deepEqual(await pool.count(small), small.map((t) => fastTokenizer('qwen3').count(t)));
      assert.equal(pool.shares().workers, 0, 'no worker for a few texts');
    } finally {
      await pool.close();
    }
    // Qwen2.5 has no <think> token: 3 tokens wherever it is counted; U+0085 is whitespace, U+FEFF is not.
    const odd = Array.from({ length: 400 }, (_, i) => (i % 2 ? '<think>' : 'a\u0085b\uFEFFc'));
    const q25 = startCountPool(2, 'qwen2.5', { caller: true, parallelChars: 1, batchChars: 64 });
    try {
      await q25.count(odd);
      await q25.ready();
      const counts = await q25.count(odd);
      assert.deepEqual(counts, odd.map((t) => referenceTokenizer('qwen2.5').count(t)));
      assert.equal(counts[1], 3);
      assert.ok(q25.shares().workers > 0, 'the worker counted part of it');
    } finally {
      await q25.close();
    }
  });

  it('says what is wrong with a bad tokenizer.json, on this call and the next, instead of a count', async () => {
    const tmp = tempDir();
    try {
      const broken = join(tmp.dir, 'broken');
      mkdirSync(broken);
      writeFileSync(join(broken, 'tokenizer.json'), '{"model": {}}');
      const pool = startCountPool(2, broken, { caller: true, parallelChars: 1 });
      try {
        await assert.rejects(pool.count(texts.slice(0, 50)), /is not a tokenizer.json/);
        await assert.rejects(pool.count(['x']), /is not a tokenizer.json/);
      } finally {
        await pool.close();
      }
    } finally {
      tmp.cleanup();
    }
  });

  /** A worker script that stops (exit code 7) on its `at`-th batch; with `once`, only the first worker started does. */
  function stoppingWorker(dir: string, at: number, once: boolean): string {
    const script = join(dir, `stops-at-${at}${once ? '-once' : ''}.js`);
    const marker = join(dir, `stopped-${at}`);
    writeFileSync(script, [
      "const { parentPort } = require('node:worker_threads');",
      "const fs = require('node:fs');",
      `const stops = !${once} || !fs.existsSync(${JSON.stringify(marker)});`,
      `if (${once} && stops) fs.writeFileSync(${JSON.stringify(marker)}, '');`,
      'let n = 0;',
      `parentPort.on('message', () => { if (stops && ++n === ${at}) process.exit(7); });`,
      `require(${JSON.stringify(join(process.cwd(), 'out', 'tokenize-worker.js'))});`,
    ].join('\n'));
    return script;
  }

  it('loses no count when a worker stops part way: its batches go back to the queue and a replacement starts', async () => {
    const tmp = tempDir();
    const some = texts.slice(0, 400);
    const single = some.map((t) => fastTokenizer('qwen3').count(t));
    try {
      // No calling thread, one worker that stops on its second batch: the replacement counts everything.
      const once = startCountPool(1, 'qwen3', { batchChars: 4096, workerScript: stoppingWorker(tmp.dir, 2, true) });
      try {
        assert.deepEqual(await once.count(some), single);
      } finally {
        await once.close();
      }
      // With the calling thread: every worker stops on its third batch (replacements too); the caller counts the rest.
      const pool = startCountPool(3, 'qwen3', { caller: true, parallelChars: 1, batchChars: 4096, workerScript: stoppingWorker(tmp.dir, 3, false) });
      try {
        assert.deepEqual(await pool.count(some), single);
        assert.deepEqual(await pool.count(some.slice(0, 50)), single.slice(0, 50), 'the pool still counts after its workers stopped');
      } finally {
        await pool.close();
      }
      // No calling thread and every worker stops: after two replacements the count fails and says why.
      const dying = startCountPool(1, 'qwen3', { batchChars: 4096, workerScript: stoppingWorker(tmp.dir, 2, false) });
      try {
        await assert.rejects(dying.count(some), /tokenizer worker stopped \(exit code 7\) and was restarted 2 times/);
      } finally {
        await dying.close();
      }
    } finally {
      tmp.cleanup();
    }
  });
});
