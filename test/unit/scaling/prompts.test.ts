// Chat prompts for /v1/completions: the built-in Qwen2.5 template and a model's own template (jinja) agree.
import assert from 'node:assert/strict';
import { chatRenderer, qwenChat, templateRenderer } from '../../../src/core/prompt/chat';
import { loadBenchmark } from '../../../src/core/evaluate/benchmarks';
import { fixture } from '../helpers';

describe('chat prompts', () => {
  it('the built-in Qwen2.5 template adds the default system turn and opens the assistant turn', () => {
    assert.equal(qwenChat([{ role: 'user', content: 'Hi' }]),
      '<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n');
    assert.equal(qwenChat([{ role: 'system', content: 'S' }, { role: 'user', content: 'Hi' }]), '<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n');
  });

  it("a tokenizer_config.json's chat template (Qwen2.5's) renders the same text through @huggingface/jinja", () => {
    const own = templateRenderer(fixture('eval', 'tokenizer_config.json'));
    for (const messages of [[{ role: 'user' as const, content: 'What is $2+3$?' }], [{ role: 'system' as const, content: 'Be brief.' }, { role: 'user' as const, content: 'Q' }]]) {
      assert.equal(own(messages), qwenChat(messages));
    }
    assert.equal(chatRenderer(fixture('eval'))([{ role: 'user', content: 'x' }]), qwenChat([{ role: 'user', content: 'x' }]));
    assert.throws(() => templateRenderer(fixture('eval', 'gpqa-madeup.csv')));
  });

  it('any JSONL with a question and an answer is a benchmark', async () => {
    const b = await loadBenchmark(fixture('eval', 'traces.jsonl'));
    assert.equal(b.name, 'traces');
    assert.deepEqual(b.items.map((i) => i.question), ['What is 2 + 3?', 'What is 6 times 7?']);
    await assert.rejects(loadBenchmark('nonsense'), /unknown benchmark/);
  });
});
