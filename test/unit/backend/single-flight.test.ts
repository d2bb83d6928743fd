// Identical requests in flight at once are sent once: an evaluation's "from cache" count is the same on every run,
// and nothing is paid for twice because two budgets asked the same first question at the same moment.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBackend } from '../../../src/core/backend/client';
import { memoryRequestCache } from '../../../src/core/backend/cache';

describe('backend: single flight for identical requests', () => {
  let server: Server;
  let url: string;
  const prompts: string[] = [];
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
      req.on('end', () => {
        const prompt = (JSON.parse(body) as { prompt: string }).prompt;
        prompts.push(prompt);
        // slow enough that every copy of a request is in flight before the first answer comes back
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: 'x', object: 'text_completion', created: 0, model: 'm',
            choices: [{ index: 0, text: `answer to ${prompt}`, finish_reason: 'stop', logprobs: null }],
            usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } }));
        }, 150);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('sends one request for several identical ones in flight, and counts the others as cached', async () => {
    const backend = createBackend({ urls: [url], model: 'm', concurrency: 8, cache: memoryRequestCache() });
    const ask = (prompt: string) => backend.complete({ prompt, max_tokens: 10, temperature: 0 });
    const answers = await Promise.all([ask('a'), ask('a'), ask('b'), ask('a')]);
    assert.deepEqual(prompts.sort(), ['a', 'b']);
    assert.deepEqual(answers.map((x) => [x.text, x.cached]), [['answer to a', false], ['answer to a', true], ['answer to b', false], ['answer to a', true]]);
    assert.deepEqual([backend.stats.sent, backend.stats.cached], [2, 2]);
    // later, the same request comes from the cache without a call
    assert.equal((await ask('b')).cached, true);
    assert.equal(prompts.length, 2);
  });
});
