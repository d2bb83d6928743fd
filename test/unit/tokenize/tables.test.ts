// The compact tables (tables.ts) behind the fast path: built from each model's tokenizer.json (Qwen3, Qwen2.5, an R1
// distill), kept in the disk cache and shared with the count threads, they give the reference's ids, including for
// every kind of chunk the tables answer without the BPE (vocabulary entries) and the chunks they do not cache.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { referenceTokenizer } from '../../../src/core/tokenize/index';
import { fastTokenizer } from '../../../src/core/tokenize/fast';
import { bundledTokenizersDir, loadTokenizer } from '../../../src/core/tokenize/model';
import { BYTE_CHARS, buildTables, cacheFile, CACHE_DIR_ENV, tablesFromBuffer, tokenizerTables } from '../../../src/core/tokenize/tables';
import { scanQwen, scanQwenInto } from '../../../src/core/tokenize/scan';
import { startCountPool } from '../../../src/core/tokenize/parallel';
import { sample, tempDir, type TempDir } from '../helpers';

const MODELS = ['qwen3', 'qwen2.5', 'deepseek-r1-distill-qwen'] as const;

/** Every `step`th vocabulary entry that is whole UTF-8 text, as text. */
function vocabularyTexts(model: string, step: number): string[] {
  const byteOf = new Map(BYTE_CHARS.map((c, b) => [c, b]));
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const out: string[] = [];
  Object.keys(loadTokenizer(model).json.model.vocab).forEach((tok, i) => {
    if (i % step) return;
    const bytes = [...tok].map((c) => byteOf.get(c));
    if (bytes.some((b) => b === undefined)) return;
    try { out.push(utf8.decode(Uint8Array.from(bytes as number[]))); } catch { /* part of a character */ }
  });
  return out;
}

/** Chunks the cache never keeps (over 256 characters) and chunks of several tokens. */
const LONG = ['a'.repeat(1000), 'x' + '='.repeat(300) + '\n', '中文数学题目'.repeat(60), ' ' + 'ab'.repeat(200), '1'.repeat(300), '\u00e9'.repeat(400), '🙂'.repeat(150), 'Antidisestablishmentarianism floccinaucinihilipilification'];

describe('tokenizer tables (compact, cached on disk, shared with threads)', function () {
  this.timeout(600_000);
  let tmp: TempDir;
  let before: string | undefined;
  const real: string[] = [];

  beforeEach(() => {
    tmp = tempDir();
    before = process.env[CACHE_DIR_ENV];
    process.env[CACHE_DIR_ENV] = join(tmp.dir, 'cache');
  });
  afterEach(() => {
    if (before === undefined) delete process.env[CACHE_DIR_ENV]; else process.env[CACHE_DIR_ENV] = before;
    tmp.cleanup();
  });
  // Real traces of the samples, cut to keep the reference's time down.
  for (const l of readFileSync(sample('s1k-sample-5.jsonl'), 'utf8').split('\n').filter(Boolean)) {
    const r = JSON.parse(l) as Record<string, string>;
    for (const k of ['deepseek_thinking_trajectory', 'gemini_attempt']) if (r[k]) real.push(r[k].slice(0, 20_000));
  }

  for (const model of MODELS) {
    it(`${model}: the tables read back from the disk cache are the ones built from tokenizer.json, and count the same`, () => {
      const built = buildTables(loadTokenizer(model).json);
      const file = cacheFile(model) as string;
      assert.ok(file.startsWith(join(tmp.dir, 'cache')), file);
      tokenizerTables(model); // in this process the tables may already be in memory: write the file directly then
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, new Uint8Array(built.buffer));
      const read = tablesFromBuffer(new Uint8Array(readFileSync(file)).buffer);
      assert.ok(read, 'the file reads back');
      assert.deepEqual(Buffer.from(read.buffer as ArrayBuffer), Buffer.from(new Uint8Array(built.buffer)));
      assert.equal(read.meta.unsupported, null);
      assert.ok(read.vocabulary && read.vocabulary.ids.length > 250_000, 'the vocabulary chunks are in');
      // A truncated or foreign file is not taken for tables.
      assert.equal(tablesFromBuffer(new Uint8Array(readFileSync(file)).subarray(0, 5000).slice().buffer), undefined);
      assert.equal(tablesFromBuffer(new ArrayBuffer(64)), undefined);
    });

    it(`${model}: vocabulary entries (answered from the tables without the BPE), long chunks and real traces give the reference ids`, () => {
      const ref = referenceTokenizer(model);
      const fast = fastTokenizer(model);
      const texts = [...vocabularyTexts(model, 9), ...LONG, ...LONG.map((t) => `${t} ${t}`), ...real.slice(0, 6)];
      assert.ok(texts.length > 15_000);
      const bad = texts.filter((t) => JSON.stringify(fast.encode(t)) !== JSON.stringify(ref.encode(t)) || fast.count(t) !== ref.count(t));
      assert.deepEqual(bad.map((t) => JSON.stringify(t.slice(0, 40))), []);
    });
  }

  it('count threads, given the shared tables, give the reference counts for each model', async () => {
    const texts = [...real.slice(0, 4), ...LONG, '<think>\nhi\n</think>', '<｜Assistant｜>a\u0085b\uFEFFc'];
    for (const model of MODELS) {
      const pool = startCountPool(2, model);
      try {
        assert.deepEqual(await pool.count(texts), texts.map((t) => referenceTokenizer(model).count(t)), model);
      } finally {
        await pool.close();
      }
    }
  });

  it("a user's tokenizer.json gets its own cache file, a changed file a new one, and at most 8 are kept", () => {
    const json = JSON.parse(gunzipSync(readFileSync(join(bundledTokenizersDir(), 'qwen3', 'tokenizer.json.gz'))).toString());
    const all = json.added_tokens;
    const files: string[] = [];
    for (let i = 0; i < 9; i++) {
      const dir = join(tmp.dir, `model-${i}`);
      mkdirSync(dir);
      // Each keeps Qwen3's first i added tokens (<|endoftext|>, <|im_start|>, <|im_end|>, ...): the counts follow them.
      json.added_tokens = all.slice(0, i);
      writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(json));
      const n = fastTokenizer(dir).count('<|im_start|><|im_end|>');
      if (i >= 3) assert.equal(n, 2, `model-${i}`); else assert.ok(n > 2, `model-${i}: ${n}`);
      files.push(cacheFile(join(dir, 'tokenizer.json')) as string);
    }
    assert.equal(new Set(files).size, 9);
    const kept = readdirSync(join(tmp.dir, 'cache', 'tokenizers')).filter((f) => f.endsWith('.bin'));
    assert.equal(kept.length, 8);
    // The last written is kept.
    assert.ok(kept.includes(files[8].split('/').pop() as string));
  });

  it('with the disk cache off ($DISTILLERY_CACHE_DIR empty) nothing is written and counts are unchanged', () => {
    process.env[CACHE_DIR_ENV] = '';
    const dir = join(tmp.dir, 'm');
    mkdirSync(dir);
    writeFileSync(join(dir, 'tokenizer.json'), gunzipSync(readFileSync(join(bundledTokenizersDir(), 'qwen3', 'tokenizer.json.gz'))));
    assert.equal(cacheFile(join(dir, 'tokenizer.json')), undefined);
    assert.equal(fastTokenizer(dir).count('<think>x</think>'), referenceTokenizer(dir).count('<think>x</think>'));
    assert.deepEqual(readdirSync(tmp.dir).sort(), ['m']);
  });

  it('the scanner resumes where a small ends buffer stopped, with the same chunks as in one call', () => {
    for (const s of [...real.slice(0, 2), ...LONG, 'a\u0085\u0085b x \uFEFFy \r\n\r\n  z\t\t\n 🙂🙂 𝐀𝐁 12 \'ll\'S']) {
      const whole: number[] = [];
      scanQwen(s, (_, b) => whole.push(b));
      for (const cap of [1, 2, 3, 64]) {
        const ends = new Int32Array(cap);
        const got: number[] = [];
        for (let a = 0; a < s.length;) {
          const k = scanQwenInto(s, a, ends);
          assert.ok(k > 0);
          for (let i = 0; i < k; i++) got.push(ends[i]);
          a = ends[k - 1];
        }
        assert.deepEqual(got, whole, `cap ${cap}`);
      }
    }
  });

  it('another Split pattern runs through the reference regex, text between matches included, with the reference ids', () => {
    const json = JSON.parse(gunzipSync(readFileSync(join(bundledTokenizersDir(), 'qwen3', 'tokenizer.json.gz'))).toString());
    // Letters only: digits, spaces and punctuation fall between the matches.
    json.pre_tokenizer.pretokenizers[0].pattern.Regex = '\\p{L}+';
    const dir = join(tmp.dir, 'letters');
    mkdirSync(dir);
    writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(json));
    const ref = referenceTokenizer(dir);
    const fast = fastTokenizer(dir);
    for (const t of ['12 apples, 3 pears!', '  x  ', 'abc', '', '1', ...real.slice(0, 2)]) assert.deepEqual(fast.encode(t), ref.encode(t), JSON.stringify(t.slice(0, 30)));
  });
});
