// The fast tokenizer (chunk cache) and the parallel counter give the reference tokenizer's ids and counts
// on the real sample rows and on generated traces (LaTeX, Unicode maths, CJK, emoji, long lines).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { qwenTokenizer } from '../../../src/core/tokenize/index';
import { fastQwenTokenizer } from '../../../src/core/tokenize/fast';
import { startCountPool } from '../../../src/core/tokenize/parallel';
import { sample, tempDir } from '../helpers';

describe('fast Qwen tokenizer', function () {
  // The reference (@huggingface/tokenizers) encodes thousands of texts here: minutes on a loaded machine.
  this.timeout(600_000);
  const texts: string[] = [];
  let tmp: ReturnType<typeof tempDir>;

  before(() => {
    for (const l of readFileSync(sample('s1k-sample-5.jsonl'), 'utf8').split('\n').filter(Boolean)) {
      const r = JSON.parse(l) as Record<string, string>;
      for (const k of ['question', 'solution', 'gemini_thinking_trajectory', 'gemini_attempt', 'deepseek_thinking_trajectory', 'deepseek_attempt']) if (r[k]) texts.push(r[k]);
    }
    for (const f of ['math500.jsonl', 'aime24.jsonl']) for (const l of readFileSync(sample(f), 'utf8').split('\n').filter(Boolean)) texts.push((JSON.parse(l) as { problem: string }).problem);
    tmp = tempDir();
    const file = join(tmp.dir, 'pool.jsonl');
    execFileSync(process.execPath, ['bench/gen-s1-pool.mjs', '--rows', '1200', '--out', file, '--quiet'], { stdio: 'ignore' });
    for (const l of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
      const r = JSON.parse(l) as { question: string; thinking_trajectories: string[] | null; attempt: string | null };
      texts.push(r.question);
      if (r.thinking_trajectories?.[0]) texts.push(r.thinking_trajectories[0]);
      if (r.attempt) texts.push(r.attempt);
    }
    texts.push('<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n<think>\nfour\n</think>\n\\boxed{4}<|im_end|>',
      'a\u0301 e\u0301 \u00a0 \r\n\r\n  tabs\t\there \'S \'ll 𝐀𝐁 🙂🙂 中文，标点。 ﬁ Ω Ω', '', ' ', '\n\n\n', '12345678901234567890');
  });
  after(() => tmp.cleanup());

  it('gives the reference ids on every sample, evaluation and generated text (thousands of texts)', () => {
    assert.ok(texts.length > 3000);
    const ref = qwenTokenizer();
    const fast = fastQwenTokenizer();
    const bad: number[] = [];
    texts.forEach((t, i) => { if (JSON.stringify(ref.encode(t)) !== JSON.stringify(fast.encode(t))) bad.push(i); });
    assert.deepEqual(bad, []);
    assert.ok(fast.stats().hits > 10 * fast.stats().misses, 'the cache serves most chunks');
  });

  it('the parallel counter gives the reference counts, in order', async () => {
    const ref = qwenTokenizer();
    const sample = texts.filter((_, i) => i % 7 === 0);
    const pool = startCountPool(2);
    try {
      assert.deepEqual(await pool.count(sample), sample.map((t) => ref.count(t)));
    } finally {
      await pool.close();
    }
  });
});

describe('distillery tokens (fill thinking_tokens)', function () {
  this.timeout(60_000);
  it('fills the missing counts with the reference counts and leaves existing ones', async () => {
    const { openDatabase } = await import('../../../src/core/store/db');
    const { importFiles } = await import('../../../src/core/ingest/importer');
    const { fillThinkingTokens } = await import('../../../src/core/tokenize/fill');
    const tmp = tempDir();
    const db = openDatabase(join(tmp.dir, 'd.db'));
    try {
      await importFiles(db, { files: [sample('s1k-sample-5.jsonl')], dataset: 's' });
      db.prepare('UPDATE traces SET thinking_tokens = 7 WHERE id = (SELECT min(id) FROM traces)').run();
      const r = await fillThinkingTokens(db, 1, { workers: 1 });
      const rows = db.prepare('SELECT thinking, thinking_tokens FROM traces ORDER BY id').all() as { thinking: string; thinking_tokens: number }[];
      assert.equal(r.filled, rows.length - 1);
      assert.equal(rows[0].thinking_tokens, 7);
      const ref = qwenTokenizer();
      for (const row of rows.slice(1)) assert.equal(row.thinking_tokens, ref.count(row.thinking));
    } finally {
      db.close();
      tmp.cleanup();
    }
  });
});
