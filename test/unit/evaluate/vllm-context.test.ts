// Against a server that refuses what vLLM refuses (the replay server applies vLLM's request checks): every method
// runs long questions in a small context without a 400, a question that cannot fit is a failed item with its
// reason (the run goes on), and every request pins its sampling so the model's generation_config.json never applies.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src/core/store/db';
import { startReplayServer, type ReplayServer } from '../../../src/core/replay/server';
import { vllmRequestError } from '../../../src/core/replay/vllm-checks';
import { qwenTokenizer } from '../../../src/core/tokenize';
import { tempDir } from '../helpers';
import { evalAgainst, resultsOf } from './eval-helpers';

const CONTEXT = 1536;
const words = (n: number, w: string) => Array.from({ length: n }, (_, i) => `${w}${i % 10}`).join(' ');

describe('evaluation against vLLM\'s request checks with a small context', function () {
  this.timeout(180_000);
  let tmp: ReturnType<typeof tempDir>;
  let db: Db;
  let server: ReplayServer;
  let bench: string;
  const bodies: Record<string, unknown>[] = [];
  const questions = {
    short: 'What is 6 times 7? Think it over.',
    long: `Read this and answer: what is 6 times 7? ${words(500, 'context')}`,
    huge: `This question cannot fit: ${words(1600, 'filler')} What is 6 times 7?`,
  };
  before(async () => {
    tmp = tempDir();
    bench = join(tmp.dir, 'bench.jsonl');
    writeFileSync(bench, Object.values(questions).map((q) => JSON.stringify({ question: q, answer: '42' })).join('\n'));
    // Long recorded thinking: every method would run past the context if its calls were not capped.
    const traces = Object.values(questions).map((question) => ({ question, thinking: `${words(2500, 'step')} So 6 times 7 is 42.`, answer: 'The final answer is $\\boxed{42}$.' }));
    server = await startReplayServer({ traces, maxModelTokens: CONTEXT, onRequest: (_p, b) => bodies.push(b as Record<string, unknown>) });
  });
  after(async () => { await server.close(); tmp.cleanup(); });
  beforeEach(() => { db = openDatabase(join(tmp.dir, `e-${Math.random()}.db`)); bodies.length = 0; });
  afterEach(() => db.close());

  it('the checks refuse what vLLM refuses', () => {
    assert.match(vllmRequestError({ max_tokens: 1000 }, 600, 1536) ?? '', /maximum context length is 1536 tokens\. However, you requested 1600 tokens/);
    assert.match(vllmRequestError({ max_tokens: 5, min_tokens: 6 }, 10, 100) ?? '', /min_tokens must be less than or equal to max_tokens/);
    assert.match(vllmRequestError({ max_tokens: 0 }, 10, 100) ?? '', /max_tokens must be at least 1/);
    assert.match(vllmRequestError({ max_tokens: 5, n: 2, temperature: 0 }, 10, 100) ?? '', /n must be 1 when using greedy sampling/);
    assert.equal(vllmRequestError({ max_tokens: 5, n: 2, temperature: 0.7, top_k: -1, top_p: 1, min_p: 0, repetition_penalty: 1 }, 10, 100), undefined);
    // a field of the wrong type is refused by name, never ignored
    assert.match(vllmRequestError({ max_tokens: 'abc' } as never, 10, 100) ?? '', /^max_tokens must be a number, got "abc"/);
    assert.match(vllmRequestError({ max_tokens: 5, n: 'x' } as never, 10, 100) ?? '', /^n must be a number/);
    assert.match(vllmRequestError({ max_tokens: 2.5 }, 10, 100) ?? '', /^max_tokens must be an integer/);
  });

  for (const method of ['none', 'truncation', 'budget-forcing', 'class-conditional'] as const) {
    it(`${method}: long prompts fit, the question that cannot fit fails alone with its reason`, async () => {
      const r = await evalAgainst(db, server.url, { benchmark: bench, method, run: method, budgets: [300, null], wait: [1], maxModelTokens: CONTEXT });
      const rows = resultsOf(db, method);
      const specs = method === 'none' ? 1 : method === 'class-conditional' ? 2 : 2;
      assert.equal(rows.length, 3 * specs);
      assert.equal(r.failed, specs, 'only the huge question fails');
      for (const row of rows) {
        const reasons = JSON.parse(row.finish_reasons) as string[];
        if (row.question === questions.huge) {
          assert.match(reasons[0], /^error: the prompt has \d+ tokens; .* does not fit the server's context of 1536 tokens/);
          assert.equal(row.grade, 0);
        } else {
          assert.ok(!reasons.some((x) => x.startsWith('error')), `${row.question.slice(0, 20)}: ${reasons}`);
          // plain decoding of a trace longer than the context ends on 'length' without an answer; the others answer
          if (method !== 'none') assert.ok(row.answer.length > 0);
        }
      }
      assert.ok(bodies.length > 0);
      const tok = qwenTokenizer();
      for (const b of bodies) {
        // the pinned sampling of s1: nothing left for the server's generation_config.json to fill in
        assert.deepEqual([b.top_p, b.top_k, b.min_p, b.repetition_penalty, b.presence_penalty, b.frequency_penalty, b.spaces_between_special_tokens], [1, -1, 0, 1, 0, 0, false]);
        assert.ok(tok.count(String(b.prompt)) + Number(b.max_tokens) <= CONTEXT, 'each call fits the context');
      }
    });
  }

  it('the answer phase gets what the context has left (s1), not a fixed 2,048', async () => {
    await evalAgainst(db, server.url, { benchmark: bench, method: 'truncation', run: 'a', budgets: [300], maxModelTokens: CONTEXT });
    const answerCalls = bodies.filter((b) => String(b.prompt).endsWith('Final Answer:'));
    assert.ok(answerCalls.length >= 2);
    const tok = qwenTokenizer();
    for (const b of answerCalls) {
      const used = tok.count(String(b.prompt)) + Number(b.max_tokens);
      assert.ok(used <= CONTEXT && used >= CONTEXT - 64, `prompt + answer max_tokens = ${used} of ${CONTEXT}`);
    }
  });
});
