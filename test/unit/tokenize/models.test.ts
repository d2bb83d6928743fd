// Per-model token counts: Qwen3, Qwen2.5 and DeepSeek-R1-Distill-Qwen, each from its own tokenizer.json, give the ids
// of the reference (@huggingface/tokenizers) on real traces and on strings where models and regex engines differ.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { referenceTokenizer } from '../../../src/core/tokenize/index';
import { fastTokenizer } from '../../../src/core/tokenize/fast';
import { bundledTokenizersDir, hfTokenizer, resolveTokenizer, TOKENIZER_ENV } from '../../../src/core/tokenize/model';
import { QWEN_SPLIT, scanQwen } from '../../../src/core/tokenize/scan';
import { startCountPool } from '../../../src/core/tokenize/parallel';
import { sample, tempDir } from '../helpers';

const MODELS = ['qwen3', 'qwen2.5', 'deepseek-r1-distill-qwen'] as const;

/** Strings where a tokenizer is easy to get wrong. */
const ADVERSARIAL = [
  '<think>\nLet me think.\n</think>\n\nThe answer is 4.', 'a<think>b</think>c<think></think>', '<thin', '<|im_start|>user\nhi<|im_end|>',
  '<｜User｜>What is 2+2?<｜Assistant｜><think>\n', '<｜begin▁of▁sentence｜><|EOT|>', '<tool_call><tool_response>',
  'a\u0085b', 'x \u0085 y', '\u0085\u0085\n\u0085', 'line\u0085\n  next', 'a\uFEFFb', '\uFEFF x', ' \uFEFF\uFEFF\n', 'x\u00a0\u00a0y \u3000z \u2028 w',
  'e\u0301 a\u0308 \u1e0b\u0323 n\u0303\u0303 Å Ω ﬁ', '\u0915\u093c \u0958', '가각 \u1100\u1161\u11a8', 'o\u0301\u0301\u0301x',
  '🙂🙂 👩‍👩‍👧‍👦 🏳️‍🌈 1️⃣ 🇫🇷', '𝐀𝐁𝐂 𝟎𝟏𝟐 𝔘𝔫𝔦', '\ud83d', 'x\udc00y',
  '12345678901234567890123456789', '3.14159265358979323846264338327950288419716939937510', '1,000,000 + 2,000,000 = 3,000,000', '٣٤٥ ۱۲۳ ௧௨',
  '中文，标点。数学题：求解 x² + 1 = 0。 日本語のテキスト、カタカナ。 한국어 문장입니다.', '「引号」『书名』【括号】',
  "I'm he's they're we've you'll I'd IT'S DON'T 'S 'sa", "'''", ' \'s', '\t\tindent\n\n\n   \n\r\n\r\n  x', '   ', '\n', '', ' ', '  a  ', 'a  ',
  '\\frac{1}{2} \\sqrt{x^2+y^2} $$\\sum_{k=1}^{n} k$$ \\boxed{42}', 'ſ\'ſ K Ǆ ǅ ǆ',
  '\u{11390}\u{113C9} \u{16121} \u{16D63}\u{16D67}', // Unicode 16 scripts with compositions (Tulu-Tigalari, Gurung Khema, Kirat Rai)
];

function realTexts(maxBytes: number): string[] {
  const out: string[] = [];
  let bytes = 0;
  for (const l of readFileSync(sample('s1k-sample-5.jsonl'), 'utf8').split('\n').filter(Boolean)) {
    const r = JSON.parse(l) as Record<string, string>;
    for (const k of ['question', 'deepseek_thinking_trajectory', 'gemini_thinking_trajectory', 'deepseek_attempt']) {
      if (!r[k] || bytes > maxBytes) continue;
      out.push(r[k].slice(0, 40_000));
      bytes += Math.min(r[k].length, 40_000);
    }
  }
  for (const l of readFileSync(sample('aime24.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, 10)) out.push((JSON.parse(l) as { solution: string }).solution);
  return out;
}

describe('per-model tokenizers (tokenizer.json)', function () {
  this.timeout(300_000);
  const real = realTexts(150_000);

  for (const model of MODELS) {
    it(`${model}: the fast path gives the reference ids on real traces and adversarial strings`, () => {
      const ref = referenceTokenizer(model);
      const fast = fastTokenizer(model);
      const bad: string[] = [];
      for (const t of [...ADVERSARIAL, ...real, ...ADVERSARIAL.map((a) => `${a} ${a}\n${a}`)]) {
        const want = ref.encode(t);
        if (JSON.stringify(fast.encode(t)) !== JSON.stringify(want) || fast.count(t) !== want.length) bad.push(JSON.stringify(t.slice(0, 60)));
      }
      assert.deepEqual(bad, []);
    });
  }

  it("counts the text <think> with each model's own added tokens: 1 token in Qwen3 and R1 distills, 3 in Qwen2.5", () => {
    assert.deepEqual(fastTokenizer('qwen3').encode('<think>'), [151667]);
    assert.deepEqual(fastTokenizer('deepseek-r1-distill-qwen').encode('<think>'), [151648]);
    assert.equal(fastTokenizer('qwen2.5').count('<think>'), 3);
    assert.equal(fastTokenizer('qwen2.5').count('<think>\nhi\n</think>'), referenceTokenizer('qwen2.5').count('<think>\nhi\n</think>'));
    assert.equal(fastTokenizer('deepseek-r1-distill-qwen').specialId('<｜Assistant｜>'), 151645);
    assert.equal(fastTokenizer('qwen3').specialId('<｜Assistant｜>'), undefined);
  });

  it("splits on the tokenizer's whitespace class: U+0085 is whitespace, U+FEFF is not (unlike JavaScript's \\s)", () => {
    const chunks = (s: string) => { const out: string[] = []; scanQwen(s, (a, b) => out.push(s.slice(a, b))); return out; };
    assert.deepEqual(chunks('a\u0085\u0085b'), ['a', '\u0085', '\u0085b']);
    // (with JavaScript's \s the BOM would join the space's run: ' ', '\uFEFFy')
    assert.deepEqual(chunks('x \uFEFFy'), ['x', ' \uFEFF', 'y']);
    // The scanner reproduces the reference's own regex on every adversarial string and real trace.
    const re = (hfTokenizer('qwen3') as unknown as { pre_tokenizer: { tokenizers: { pattern: RegExp }[] } }).pre_tokenizer.tokenizers[0].pattern;
    for (const s of [...ADVERSARIAL, ...real]) assert.deepEqual(chunks(s), s.match(new RegExp(re.source, 'gu')) ?? [], JSON.stringify(s.slice(0, 40)));
    assert.equal(JSON.parse(gunzipSync(readFileSync(join(bundledTokenizersDir(), 'qwen3', 'tokenizer.json.gz'))).toString()).pre_tokenizer.pretokenizers[0].pattern.Regex, QWEN_SPLIT);
  });

  it("reads a user's model folder, its tokenizer.json or $DISTILLERY_TOKENIZER, and says what is wrong with a bad path", async () => {
    const tmp = tempDir();
    try {
      const dir = join(tmp.dir, 'Qwen2.5-7B-Instruct');
      mkdirSync(dir);
      const json = JSON.parse(gunzipSync(readFileSync(join(bundledTokenizersDir(), 'qwen3', 'tokenizer.json.gz'))).toString());
      json.added_tokens = json.added_tokens.filter((a: { id: number }) => a.id <= 151664);
      writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(json));
      assert.equal(resolveTokenizer(dir), join(dir, 'tokenizer.json'));
      assert.equal(fastTokenizer(dir).count('<think>'), 3);
      assert.equal(fastTokenizer(join(dir, 'tokenizer.json')).count('<|im_end|>'), 1);
      assert.throws(() => resolveTokenizer(tmp.dir), /the folder has no tokenizer.json/);
      const broken = join(tmp.dir, 'broken');
      mkdirSync(broken);
      writeFileSync(join(broken, 'tokenizer.json'), '{"model": {}}');
      assert.throws(() => fastTokenizer(broken), /is not a tokenizer.json/);
      const failing = startCountPool(1, broken);
      try {
        await assert.rejects(failing.count(['x']), /is not a tokenizer.json/);
      } finally {
        await failing.close();
      }
      assert.throws(() => resolveTokenizer(join(tmp.dir, 'nope')), /no such file or folder/);
      const before = process.env[TOKENIZER_ENV];
      process.env[TOKENIZER_ENV] = dir;
      try {
        assert.equal(resolveTokenizer(), join(dir, 'tokenizer.json'));
        // Worker threads take the model from the pool's spec.
        const pool = startCountPool(2);
        try {
          assert.deepEqual(await pool.count(['<think>', 'a\u0085b', ...real.slice(0, 4)]), [3, referenceTokenizer('qwen2.5').count('a\u0085b'), ...real.slice(0, 4).map((t) => referenceTokenizer('qwen2.5').count(t))]);
        } finally {
          await pool.close();
        }
      } finally {
        if (before === undefined) delete process.env[TOKENIZER_ENV]; else process.env[TOKENIZER_ENV] = before;
      }
    } finally {
      tmp.cleanup();
    }
  });
});
