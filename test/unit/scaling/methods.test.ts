// The exact request sequence of each test-time scaling method, as s1 sends it to vLLM.
import assert from 'node:assert/strict';
import { createBackend } from '../../../src/core/backend/client';
import { generationSettings } from '../../../src/core/evaluate/plan';
import { generate, type MethodSpec } from '../../../src/core/scaling/methods';
import { CLASS_PROMPTS } from '../../../src/core/prompt/formats';
import { qwenTokenizer } from '../../../src/core/tokenize';
import { recordingServer, type ScriptedReply } from './recording-server';

const Q = 'What is 2 + 3?';
const CHAT = `<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n<|im_start|>user\n${Q}<|im_end|>\n<|im_start|>assistant\n`;
const IM_START = 151644, IM_END = 151645;

async function run(spec: Partial<MethodSpec> & Pick<MethodSpec, 'method'>, replies: ScriptedReply[], settings: Parameters<typeof generationSettings>[0] = {}) {
  const server = await recordingServer((_b, i) => replies[i]);
  try {
    const backend = createBackend({ urls: [server.url], model: 'm' });
    const g = await generate(backend, Q, { budget: null, wait: 0, waitWord: 'Wait', ...spec }, generationSettings(settings));
    return { g, requests: server.requests };
  } finally {
    await server.close();
  }
}

describe('test-time scaling methods: request sequences', () => {
  it('truncation: thinking stops on <|im_start|>/<|im_end|> ids at the budget, then "Final Answer:" is forced', async () => {
    const { g, requests } = await run({ method: 'truncation', budget: 500 }, [
      { text: 'Two plus three', tokens: 500, finish: 'length' },
      { text: ' $\\boxed{5}$', tokens: 8, finish: 'stop' },
    ], { maxAnswerTokens: 2048 });
    assert.equal(requests.length, 2);
    assert.deepEqual(requests[0], { model: 'm', prompt: CHAT + '<|im_start|>think\n', max_tokens: 500, stop_token_ids: [IM_START, IM_END], skip_special_tokens: false, temperature: 0, top_p: 1, top_k: -1, min_p: 0, repetition_penalty: 1, presence_penalty: 0, frequency_penalty: 0, spaces_between_special_tokens: false });
    assert.deepEqual(requests[1], { model: 'm', prompt: CHAT + '<|im_start|>think\nTwo plus three\n<|im_start|>answer\nFinal Answer:', max_tokens: 2048, stop_token_ids: [IM_END], skip_special_tokens: false, temperature: 0, top_p: 1, top_k: -1, min_p: 0, repetition_penalty: 1, presence_penalty: 0, frequency_penalty: 0, spaces_between_special_tokens: false });
    assert.equal(g.thinkingTokens, 500);
    assert.equal(g.thinking, 'Two plus three');
    assert.equal(g.answer, 'Final Answer: $\\boxed{5}$');
    assert.deepEqual(g.finishReasons, ['length', 'stop']);
  });

  it('truncation: thinking that ends before the budget gets <|im_start|>answer back, and no continuation', async () => {
    const { g, requests } = await run({ method: 'truncation', budget: 1000 }, [
      { text: 'Five.\n', tokens: 4, finish: 'stop' },
      { text: 'The answer is 5.', tokens: 6, finish: 'stop' },
    ]);
    assert.equal(requests.length, 2);
    assert.equal(requests[1].prompt, CHAT + '<|im_start|>think\nFive.\n<|im_start|>answer\n');
    assert.equal(g.continuations, 0);
    assert.equal(g.thinkingTokens, 4);
  });

  it('budget forcing: an early stop appends "Wait" and continues with budget minus the tokens used, up to N times', async () => {
    const { g, requests } = await run({ method: 'budget-forcing', budget: 1000, wait: 2 }, [
      { text: 'A', tokens: 300, finish: 'stop' },
      { text: ' B', tokens: 200, finish: 'stop' },
      { text: ' C', tokens: 100, finish: 'stop' },
      { text: 'It is 5.', tokens: 5, finish: 'stop' },
    ], { maxAnswerTokens: 2048 });
    const think = CHAT + '<|im_start|>think\n';
    assert.deepEqual(requests.map((r) => [r.prompt, r.max_tokens, r.min_tokens, r.stop_token_ids]), [
      [think, 1000, undefined, [IM_START, IM_END]],
      [think + 'AWait', 700, 1, [IM_START, IM_END]],
      [think + 'AWait BWait', 500, 1, [IM_START, IM_END]],
      [think + 'AWait BWait C<|im_start|>answer\n', 2048, undefined, [IM_END]],
    ]);
    assert.equal(g.continuations, 2);
    assert.equal(g.thinkingTokens, 600 + 2 * qwenTokenizer().count('Wait'));
    assert.equal(g.thinking, 'AWait BWait C');
  });

  it('budget forcing: a spent budget ends the continuations and forces the answer; another word can be chosen', async () => {
    const { requests, g } = await run({ method: 'budget-forcing', budget: 500, wait: 4, waitWord: 'Hmm' }, [
      { text: 'A', tokens: 300, finish: 'stop' },
      { text: ' B', tokens: 200, finish: 'length' },
      { text: ' 5', tokens: 2, finish: 'stop' },
    ], { maxAnswerTokens: 2048 });
    assert.deepEqual(requests.map((r) => r.max_tokens), [500, 200, 2048]);
    assert.equal(requests[2].prompt, CHAT + '<|im_start|>think\nAHmm B\n<|im_start|>answer\nFinal Answer:');
    assert.equal(g.continuations, 1);
  });

  it('later calls are capped to the context the server has left (prompt + completion so far, from usage)', async () => {
    const { requests } = await run({ method: 'budget-forcing', budget: 2000, wait: 1 }, [
      { text: 'A', tokens: 300, finish: 'stop', promptTokens: 100 },
      { text: ' B', tokens: 500, finish: 'length', promptTokens: 402 },
      { text: '5', tokens: 1, finish: 'stop' },
    ], { maxModelTokens: 1000 });
    // The first call: 1000 - the prompt's tokens - 32 - 128 kept for the answer; later calls from usage:
    // 1000 - 100 - 300 - 32 - 128 = 440 for the continuation; 1000 - 402 - 500 - 32 = 66 for the answer.
    const first = 1000 - qwenTokenizer().count(CHAT + '<|im_start|>think\n') - 32 - 128;
    assert.deepEqual(requests.map((r) => r.max_tokens), [first, 440, 66]);
  });

  it('class-conditional: the short/long instruction goes in the user turn and nothing is truncated', async () => {
    const { requests } = await run({ method: 'class-conditional', prompt: 'long' }, [
      { text: 'think', tokens: 3, finish: 'stop' },
      { text: '5', tokens: 1, finish: 'stop' },
    ], { maxThinkingTokens: 30000 });
    assert.ok(requests[0].prompt.includes(`${Q}\n\n${CLASS_PROMPTS.long}<|im_end|>`));
    assert.equal(requests[0].max_tokens, 30000);
    assert.equal(requests.length, 2);
  });

  it('plain decoding is one request for the whole turn; sampling sends seed 42', async () => {
    const { requests, g } = await run({ method: 'none' }, [{ text: '<|im_start|>think\nhm\n<|im_start|>answer\n5', tokens: 9, finish: 'stop' }], { temperature: 0.7 });
    assert.deepEqual(requests[0], { model: 'm', prompt: CHAT, max_tokens: 32000, stop_token_ids: [IM_END], skip_special_tokens: false, temperature: 0.7, seed: 42, top_p: 1, top_k: -1, min_p: 0, repetition_penalty: 1, presence_penalty: 0, frequency_penalty: 0, spaces_between_special_tokens: false });
    assert.equal(g.thinking, 'hm');
    assert.equal(g.answer, '5');
  });

  it('think-tags use the </think> id; sky uses a stop string since its delimiter is several tokens', async () => {
    const tags = await run({ method: 'truncation', budget: 100 }, [{ text: 'x', tokens: 100, finish: 'length' }, { text: '5', tokens: 1, finish: 'stop' }], { format: 'think-tags' });
    assert.equal(tags.requests[0].prompt, CHAT + '<think>\n');
    assert.deepEqual(tags.requests[0].stop_token_ids, [qwenTokenizer().specialId('</think>'), IM_END]);
    assert.equal(tags.requests[1].prompt, CHAT + '<think>\nx\n</think>\n\nFinal Answer:');
    const sky = await run({ method: 'truncation', budget: 100 }, [{ text: 'x', tokens: 3, finish: 'stop' }, { text: '5', tokens: 1, finish: 'stop' }], { format: 'sky' });
    assert.deepEqual([sky.requests[0].stop, sky.requests[0].stop_token_ids], [['<|end_of_thought|>'], [IM_END]]);
    assert.equal(sky.requests[1].prompt, CHAT + '<|begin_of_thought|>\n\nx<|end_of_thought|>\n\n<|begin_of_solution|>\n\n');
  });
});

describe('Qwen special-token ids', () => {
  it('the constants the client sends as stop_token_ids are the tokenizer\'s ids', async () => {
    const { QWEN_SPECIAL_IDS } = await import('../../../src/core/evaluate/plan');
    for (const [token, id] of Object.entries(QWEN_SPECIAL_IDS)) assert.equal(qwenTokenizer().specialId(token), id, token);
  });
});
