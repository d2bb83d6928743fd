// The replay server speaks the part of vLLM's OpenAI-compatible API that evaluation uses, with the real
// tokenizer: what a client sees (text, usage, finish_reason, stops) must follow vLLM's rules.
import assert from 'node:assert/strict';
import { startReplayServer, type ReplayServer } from '../../../src/core/replay/server';
import { qwenTokenizer } from '../../../src/core/tokenize';
import { fixture } from '../helpers';

const Q = 'What is 2 + 3?';
const THINKING = 'Two plus three: count up from two by three, giving five. Check: 5 - 3 = 2, so it is right.';
const chat = (q: string) => `<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n<|im_start|>user\n${q}<|im_end|>\n<|im_start|>assistant\n`;

describe('replay server', () => {
  let server: ReplayServer;
  const bodies: unknown[] = [];
  before(async () => { server = await startReplayServer({ traces: fixture('eval', 'traces.jsonl'), onRequest: (_p, b) => bodies.push(b) }); });
  after(() => server.close());

  const post = async (path: string, body: unknown) => {
    const r = await fetch(server.url.replace(/\/v1$/, '') + path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    return { status: r.status, body: await r.json() as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const complete = (body: Record<string, unknown>) => post('/v1/completions', { model: server.model, ...body });

  it('labels itself as a replay in the model list and in every response', async () => {
    const models = await (await fetch(`${server.url}/models`)).json() as { data: { id: string; replay: boolean }[] };
    assert.equal(models.data[0].id, 'replay:traces');
    assert.equal(models.data[0].replay, true);
    const r = await complete({ prompt: chat(Q) + '<|im_start|>think\n', max_tokens: 5 });
    assert.equal(r.body.model, 'replay:traces');
    assert.equal(r.body.system_fingerprint, 'distillery-replay');
    assert.equal(r.body.replay, true);
  });

  it('continues the question\'s own trace; max_tokens gives finish_reason length and true usage', async () => {
    const prompt = chat(Q) + '<|im_start|>think\n';
    const r = await complete({ prompt, max_tokens: 7 });
    const tok = qwenTokenizer();
    assert.equal(r.body.choices[0].finish_reason, 'length');
    assert.equal(r.body.usage.completion_tokens, 7);
    assert.equal(r.body.usage.prompt_tokens, tok.count(prompt));
    assert.equal(r.body.choices[0].text, tok.decode(tok.encode(THINKING).slice(0, 7)));
  });

  it('stops on stop_token_ids: the stop token counts in usage, its text is left out (vLLM)', async () => {
    const tok = qwenTokenizer();
    const imStart = tok.specialId('<|im_start|>')!;
    const r = await complete({ prompt: chat(Q) + '<|im_start|>think\n', max_tokens: 1000, stop_token_ids: [imStart, tok.specialId('<|im_end|>')], skip_special_tokens: false });
    const c = r.body.choices[0];
    assert.equal(c.finish_reason, 'stop');
    assert.equal(c.stop_reason, imStart);
    assert.equal(c.text, THINKING + '\n');
    assert.equal(r.body.usage.completion_tokens, tok.count(THINKING + '\n') + 1);
  });

  it('after an appended continuation word it thinks a little more, then ends thinking; the answer follows the recorded one', async () => {
    const tok = qwenTokenizer();
    const stops = [tok.specialId('<|im_start|>')!, tok.specialId('<|im_end|>')!];
    const prompt = chat(Q) + '<|im_start|>think\n' + THINKING + '\nWait';
    const r = await complete({ prompt, max_tokens: 1000, min_tokens: 1, stop_token_ids: stops, skip_special_tokens: false });
    assert.equal(r.body.choices[0].finish_reason, 'stop');
    assert.ok(r.body.choices[0].text.length > 10);
    const answer = await complete({ prompt: prompt + r.body.choices[0].text + '<|im_start|>answer\n', max_tokens: 200, stop_token_ids: [stops[1]], skip_special_tokens: false });
    assert.equal(answer.body.choices[0].text, 'The answer is $\\boxed{5}$.');
  });

  it('a forced "Final Answer:" after truncated thinking gets "unknown": the replay never knows more than it read', async () => {
    const tok = qwenTokenizer();
    const cut = tok.decode(tok.encode(THINKING).slice(0, 5));
    const r = await complete({ prompt: chat(Q) + '<|im_start|>think\n' + cut + '\n<|im_start|>answer\nFinal Answer:', max_tokens: 50, stop_token_ids: [tok.specialId('<|im_end|>')] });
    assert.equal(r.body.choices[0].text.trim(), 'unknown');
    const full = await complete({ prompt: chat(Q) + '<|im_start|>think\n' + THINKING + '\n<|im_start|>answer\nFinal Answer:', max_tokens: 50 });
    assert.equal(full.body.choices[0].text.trim(), '$\\boxed{5}$');
  });

  it('min_tokens suppresses an early stop token; stop strings cut the text; n gives n choices', async () => {
    const tok = qwenTokenizer();
    const im = tok.specialId('<|im_start|>')!;
    const done = chat(Q) + '<|im_start|>think\n' + THINKING + '\n';
    const early = await complete({ prompt: done, max_tokens: 5, stop_token_ids: [im] });
    assert.equal(early.body.usage.completion_tokens, 1);
    const suppressed = await complete({ prompt: done, max_tokens: 5, min_tokens: 3, stop_token_ids: [im] });
    // The stop token may not end it before 3 tokens: the replay goes on past it, here to max_tokens.
    assert.equal(suppressed.body.usage.completion_tokens, 5);
    assert.equal(suppressed.body.choices[0].finish_reason, 'length');
    const stopped = await complete({ prompt: chat(Q) + '<|im_start|>think\n', max_tokens: 200, stop: ['giving'] });
    assert.equal(stopped.body.choices[0].text, 'Two plus three: count up from two by three, ');
    assert.equal(stopped.body.choices[0].stop_reason, 'giving');
    // With min_tokens, a stop string counts only where it ends after them (vLLM).
    const late = await complete({ prompt: chat(Q) + '<|im_start|>think\n', max_tokens: 200, stop: ['t'], min_tokens: 6 });
    // 6 tokens are "Two plus three: count up"; the first 't' after them is in "two".
    assert.equal(late.body.choices[0].text, 'Two plus three: count up from ');
    const many = await complete({ prompt: chat(Q) + '<|im_start|>think\n', max_tokens: 4, n: 3 });
    assert.equal(many.body.choices.length, 3);
    assert.equal(many.body.usage.completion_tokens, 12);
  });

  it('skip_special_tokens (default true) drops special tokens from the text, as vLLM does', async () => {
    const prompt = chat(Q);
    const raw = await complete({ prompt, max_tokens: 6, skip_special_tokens: false });
    assert.match(raw.body.choices[0].text, /^<\|im_start\|>think/);
    const clean = await complete({ prompt, max_tokens: 6 });
    assert.doesNotMatch(clean.body.choices[0].text, /<\|im_start\|>/);
  });

  it('serves chat completions and /tokenize; an unknown question gets a deterministic trace by seed', async () => {
    const c = await post('/v1/chat/completions', { model: 'x', messages: [{ role: 'user', content: 'What is 6 times 7?' }], max_tokens: 4000 });
    assert.match(c.body.choices[0].message.content, /\\boxed\{42\}/);
    assert.equal(c.body.object, 'chat.completion');
    const t = await post('/tokenize', { prompt: 'Hello world' });
    assert.deepEqual(t.body.tokens, qwenTokenizer().encode('Hello world'));
    const a = await complete({ prompt: chat('Unseen question?'), max_tokens: 30, seed: 7 });
    const b = await complete({ prompt: chat('Unseen question?'), max_tokens: 30, seed: 7 });
    assert.equal(a.body.choices[0].text, b.body.choices[0].text);
  });

  it('rejects malformed requests with OpenAI-style errors', async () => {
    const r = await post('/v1/completions', { model: 'x' });
    assert.equal(r.status, 400);
    assert.match(r.body.error.message, /prompt is required/);
    assert.equal((await post('/v1/nothing', {})).status, 404);
  });

  it('refuses bodies of the wrong shape with a 400 naming the field, never a 500', async () => {
    const cases: [string, unknown, RegExp][] = [
      ['/v1/completions', null, /body must be a JSON object/],
      ['/v1/completions', [1, 2], /body must be a JSON object/],
      ['/v1/chat/completions', { messages: [null] }, /messages\[0\]: each message must be an object/],
      ['/v1/chat/completions', { messages: [{ role: 'user', content: 7 }] }, /messages\[0\]: content must be a string/],
      ['/v1/chat/completions', { messages: 'hi' }, /messages must be a list/],
      ['/v1/completions', { prompt: chat(Q), stop: 5 }, /stop must be a string or a list of strings/],
      ['/v1/completions', { prompt: chat(Q), stop: ['x', {}] }, /stop must be a string or a list of strings/],
      ['/v1/completions', { prompt: chat(Q), n: 'x' }, /n must be a number/],
      ['/v1/completions', { prompt: chat(Q), max_tokens: 'abc' }, /max_tokens must be a number/],
      ['/v1/completions', { prompt: chat(Q), stream: 'yes' }, /stream must be a boolean/],
      ['/v1/completions', { prompt: chat(Q), stop_token_ids: ['a'] }, /stop_token_ids must be a list of integers/],
      ['/tokenize', { messages: [null] }, /messages\[0\]/],
    ];
    for (const [path, body, message] of cases) {
      const r = await post(path, body);
      assert.equal(r.status, 400, `${path} ${JSON.stringify(body)}`);
      assert.match(r.body.error.message, message);
      assert.doesNotMatch(r.body.error.message, /TypeError|Cannot read|undefined/);
    }
  });

  it('answers 413 to a body over the cap (the client reads the reply, no reset) and stays up', async () => {
    const big = JSON.stringify({ model: 'x', prompt: 'a'.repeat(40 << 20) });
    const r = await fetch(server.url.replace(/\/v1$/, '') + '/v1/completions', { method: 'POST', body: big, headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, 413);
    assert.match((await r.json() as { error: { message: string } }).error.message, /at most/);
    assert.equal((await complete({ prompt: chat(Q), max_tokens: 3 })).status, 200);
  });

  it('refuses a prompt that cannot fit the context without tokenizing it', async () => {
    const r = await complete({ prompt: 'word '.repeat(1_000_000), max_tokens: 3 });
    assert.equal(r.status, 400);
    assert.match(r.body.error.message, /maximum context length is 32768 tokens.*5000000 characters/);
    const t = await post('/tokenize', { prompt: ' '.repeat(5_000_000) });
    assert.equal(t.status, 400);
  });
});
