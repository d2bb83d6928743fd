// `distillery tokens --tokenizer`: the counts stored are the chosen model's (the text <think> is 1 token in Qwen3,
// 3 in Qwen2.5), and a bad path is an error that names it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDatabase } from '../../../src/core/store/db';
import { referenceTokenizer } from '../../../src/core/tokenize/index';
import { tempDir } from '../helpers';

const CLI = resolve('out', 'cli.js');
const run = (args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('distillery tokens --tokenizer', function () {
  this.timeout(120_000);

  it("stores the chosen model's counts and says what is wrong with a bad tokenizer path", () => {
    const tmp = tempDir();
    try {
      const file = join(tmp.dir, 'pool.jsonl');
      const rows = [
        { question: 'What is 2+2?', thinking_trajectories: ['I recall the tag <think> from the template.\nSo 2+2=4.'], attempt: '\\boxed{4}' },
        { question: 'What is 3+3?', thinking_trajectories: ['<think>\nsix\n</think>'], attempt: '\\boxed{6}' },
      ];
      writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
      const db = join(tmp.dir, 'x.db');
      assert.equal(run(['--db', db, 'import', file, '--dataset', 's']).code, 0);
      const q3 = JSON.parse(run(['--db', db, 'tokens', '--dataset', 's', '--workers', '1', '--tokenizer', 'qwen3', '--json']).stdout) as { tokens: number; filled: number };
      const q25 = JSON.parse(run(['--db', db, 'tokens', '--dataset', 's', '--all', '--workers', '1', '--tokenizer', 'qwen2.5', '--json']).stdout) as { tokens: number; filled: number };
      assert.equal(q3.filled, 2);
      // The stored thinking still holds tag text: 1 token each in Qwen3, 3 ('<', 'think', '>') or more in Qwen2.5.
      const conn = openDatabase(db);
      const thinking = conn.prepare('SELECT thinking FROM traces ORDER BY id').pluck().all() as string[];
      conn.close();
      assert.ok(thinking.some((t) => t.includes('<think>')));
      assert.equal(q3.tokens, thinking.reduce((a, t) => a + referenceTokenizer('qwen3').count(t), 0));
      assert.equal(q25.tokens, thinking.reduce((a, t) => a + referenceTokenizer('qwen2.5').count(t), 0));
      assert.ok(q25.tokens > q3.tokens, `${q25.tokens} vs ${q3.tokens}`);
      // $DISTILLERY_TOKENIZER is the default of --tokenizer.
      const env = JSON.parse(run(['--db', db, 'tokens', '--dataset', 's', '--all', '--workers', '1', '--json'], { DISTILLERY_TOKENIZER: 'qwen2.5' }).stdout) as { tokens: number };
      assert.equal(env.tokens, q25.tokens);
      const bad = run(['--db', db, 'tokens', '--dataset', 's', '--all', '--tokenizer', join(tmp.dir, 'nope')]);
      assert.notEqual(bad.code, 0);
      assert.match(bad.stderr, /nope': no such file or folder/);
    } finally {
      tmp.cleanup();
    }
  });
});
