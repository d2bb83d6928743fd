// The evaluation sets' cache (eval-cache.ts) must never change what curation decides: the items and every
// contamination verdict with its evidence are the same with the cache, without it, after a damaged entry (ignored
// and rebuilt) and after the file changed (read again). A second read of an unchanged file comes from the cache.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EvalIndex, type EvalItem } from '../../../src/core/curate/decontaminate';
import { readEvalFile } from '../../../src/core/curate/eval-files';
import { evalIndexCached, readEvalFileCached } from '../../../src/core/curate/eval-cache';
import { sample, tempDir, type TempDir } from '../helpers';

const FILES = [sample('math500.jsonl'), sample('aime24.jsonl')];

describe('evaluation sets cached on disk', () => {
  let tmp: TempDir;
  let saved: string | undefined;
  let plain: EvalItem[];
  // Questions that copy, change or miss evaluation items: the verdicts and evidence all three rules give.
  let questions: string[];
  const cacheFolder = () => join(tmp.dir, 'cache', 'eval-sets');
  const entries = (kind: string) => readdirSync(cacheFolder()).filter((f) => f.startsWith(kind + '-')).map((f) => join(cacheFolder(), f));

  before(async () => {
    plain = (await Promise.all(FILES.map((f) => readEvalFile(f)))).flat();
    questions = plain.filter((_, i) => i % 7 === 0).flatMap((it) => [
      it.text, `Solve this: ${it.text.toUpperCase()} Show your work.`, it.text.split(' ').slice(0, 14).join(' '), it.text.replace(/\d/g, '7'),
    ]).concat(['What is the sum of the first ten positive integers?']);
  });
  beforeEach(() => {
    tmp = tempDir();
    saved = process.env.DISTILLERY_CACHE_DIR;
    process.env.DISTILLERY_CACHE_DIR = join(tmp.dir, 'cache');
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.DISTILLERY_CACHE_DIR; else process.env.DISTILLERY_CACHE_DIR = saved;
    tmp.cleanup();
  });

  const readAll = async () => (await Promise.all(FILES.map((f) => readEvalFileCached(f)))).flat();
  const verdicts = (index: EvalIndex) => (['any', 'copy'] as const).flatMap((rule) => questions.map((q) => index.check(q, { rule }) ?? null));

  it('reads the same items and decontaminates exactly as without the cache, the second time from the cache', async () => {
    const want = verdicts(new EvalIndex(plain));
    assert.ok(want.filter(Boolean).length > 50, 'the questions hit evaluation items');
    const first = await readAll();
    assert.deepEqual(first, plain);
    assert.deepEqual(verdicts(evalIndexCached(first)), want);
    assert.equal(entries('items').length, 2);
    assert.equal(entries('ngrams').length, 1);
    const second = await readAll();
    assert.deepEqual(second, plain);
    const cached = evalIndexCached(second);
    assert.deepEqual(cached.itemNgrams().map((s) => [...s]), new EvalIndex(plain).itemNgrams().map((s) => [...s]));
    assert.deepEqual(verdicts(cached), want);
    // Another n is another entry (its hashes differ).
    assert.notDeepEqual(evalIndexCached(second, 5).itemNgrams()[0], cached.itemNgrams()[0]);
    assert.equal(entries('ngrams').length, 2);

    // Proof that the second read came from the cache: an entry rewritten (with a valid checksum) is what is read.
    const [itemsEntry] = entries('items').filter((p) => readFileSync(p).includes('aime24.jsonl'));
    const payload = JSON.parse(readFileSync(itemsEntry).subarray(32).toString('utf8')) as EvalItem[];
    payload[0].text = 'a question only the cache holds';
    const body = Buffer.from(JSON.stringify(payload));
    const head = readFileSync(itemsEntry).subarray(0, 32);
    createHash('sha1').update(body).digest().copy(head, 8);
    writeFileSync(itemsEntry, Buffer.concat([head, body]));
    assert.equal((await readEvalFileCached(FILES[1]))[0].text, 'a question only the cache holds');
  });

  it('ignores a damaged entry (flipped byte, cut short, garbage, empty) and writes it again', async () => {
    const want = verdicts(new EvalIndex(plain));
    evalIndexCached(await readAll());
    const files = [...entries('items'), ...entries('ngrams')];
    const good = files.map((f) => readFileSync(f));
    const damage = [
      (b: Buffer) => { const c = Buffer.from(b); c[c.length >> 1] ^= 0x20; return c; },
      (b: Buffer) => b.subarray(0, b.length - 9),
      () => Buffer.from('not a cache entry at all, but long enough to have a header'),
      () => Buffer.alloc(0),
    ];
    for (const [k, hurt] of damage.entries()) {
      files.forEach((f, i) => writeFileSync(f, hurt(good[i])));
      const items = await readAll();
      assert.deepEqual(items, plain, `damage ${k}`);
      assert.deepEqual(verdicts(evalIndexCached(items)), want, `damage ${k}`);
      files.forEach((f, i) => assert.ok(readFileSync(f).equals(good[i]), `damage ${k}: ${f} rebuilt`));
    }
  });

  it('reads a changed file again (a stale entry is never used)', async () => {
    const file = join(tmp.dir, 'aime24.jsonl');
    copyFileSync(FILES[1], file);
    const before = await readEvalFileCached(file);
    const lines = readFileSync(file, 'utf8').split('\n');
    const row = JSON.parse(lines[0]) as { problem: string };
    row.problem = 'How many primes are below 100? (a new first question)';
    lines[0] = JSON.stringify(row);
    writeFileSync(file, lines.join('\n'));
    const after = await readEvalFileCached(file);
    assert.equal(after[0].text, row.problem);
    assert.deepEqual(after.slice(1), before.slice(1));
    // The index follows the texts: the new question is found, the old one no more.
    const index = evalIndexCached(after);
    assert.ok(index.check(row.problem, { rule: 'copy' }));
    assert.equal(index.check(before[0].text, { rule: 'copy' }), undefined);
  });

  it('refuses a named pipe as readEvalFile does, and never opens it (a read for the key would wait forever for a writer)', async () => {
    const fifo = join(tmp.dir, 'eval.jsonl');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return; // no mkfifo here: nothing to check
    const plainError = await readEvalFile(fifo).then(() => undefined, (e: Error) => e.message);
    assert.ok(plainError, 'readEvalFile refuses a named pipe');
    // A writer waits in open() until a reader opens the pipe: if the cache read it, the writer would go on and exit.
    const writer = spawn('sh', ['-c', `echo '{"problem": "x", "answer": "1"}' > "$1"`, 'sh', fifo], { stdio: 'ignore' });
    try {
      await assert.rejects(readEvalFileCached(fifo), (e: Error) => e.message === plainError);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(writer.exitCode, null, 'nobody opened the pipe for reading');
    } finally {
      writer.kill('SIGKILL');
    }
  });

  it("writes nothing with DISTILLERY_CACHE_DIR='' and works where the folder cannot be made", async () => {
    process.env.DISTILLERY_CACHE_DIR = '';
    assert.deepEqual(await readAll(), plain);
    assert.deepEqual(readdirSync(tmp.dir), []);
    // A file where the cache folder should be: nothing cached, same answers.
    writeFileSync(join(tmp.dir, 'blocked'), 'x');
    process.env.DISTILLERY_CACHE_DIR = join(tmp.dir, 'blocked');
    const items = await readAll();
    assert.deepEqual(items, plain);
    assert.deepEqual(verdicts(evalIndexCached(items)), verdicts(new EvalIndex(plain)));
    // An unreadable evaluation file is still reported by the reader.
    await assert.rejects(readEvalFileCached(join(tmp.dir, 'missing.jsonl')), /missing\.jsonl|ENOENT/);
  });
});
