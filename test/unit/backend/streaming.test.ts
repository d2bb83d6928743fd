// Completions are streamed: a request that keeps producing tokens lives however long it runs, silence past the
// limit ends it, and a broken stream is continued from the text it delivered (vLLM drops a request whose client
// left, so a plain retry would generate everything again).
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBackend } from '../../../src/core/backend/client';

type Plan = (res: ServerResponse, body: Record<string, unknown>, call: number) => void;

const chunk = (text: string, tokens: number, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: 'c', object: 'text_completion', model: 'm', choices: [{ index: 0, text, finish_reason: finish }], usage: { prompt_tokens: 5, completion_tokens: tokens, total_tokens: 5 + tokens } })}\n\n`;

describe('backend: streamed completions', function () {
  this.timeout(30_000);
  let server: Server;
  let url: string;
  let plan: Plan;
  const bodies: Record<string, unknown>[] = [];
  before(async () => {
    server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => { raw += c.toString('utf8'); });
      req.on('end', () => {
        const body = JSON.parse(raw) as Record<string, unknown>;
        bodies.push(body);
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        plan(res, body, bodies.length);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  after(() => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }));
  beforeEach(() => { bodies.length = 0; });

  it('asks for a stream with usage, and a slow stream that keeps producing outlives the timeout', async () => {
    // 12 chunks 100 ms apart: 1.2 s in all against a 400 ms timeout of silence
    plan = (res) => {
      let i = 0;
      const tick = setInterval(() => {
        i++;
        res.write(chunk(`w${i} `, i, i === 12 ? 'stop' : null));
        if (i === 12) { clearInterval(tick); res.end('data: [DONE]\n\n'); }
      }, 100);
    };
    const backend = createBackend({ urls: [url], model: 'm', timeoutMs: 400, retry: { baseDelayMs: 5, maxDelayMs: 10 } });
    const r = await backend.complete({ prompt: 'P', max_tokens: 100, temperature: 0 });
    assert.equal(r.text, Array.from({ length: 12 }, (_, i) => `w${i + 1} `).join(''));
    assert.deepEqual([r.completion_tokens, r.finish_reason, backend.stats.retries], [12, 'stop', 0]);
    assert.deepEqual([bodies[0].stream, bodies[0].stream_options], [true, { include_usage: true, continuous_usage_stats: true }]);
  });

  it('a stream that goes silent is retried from the text it delivered, never from scratch', async () => {
    plan = (res, body, call) => {
      if (call === 1) {
        res.write(chunk('Let us think. ', 4));
        res.write(chunk('Two plus three ', 8));
        return; // then silence: the client's timeout must end it
      }
      res.write(chunk('is five.', 3, 'stop'));
      res.end('data: [DONE]\n\n');
    };
    const backend = createBackend({ urls: [url], model: 'm', timeoutMs: 400, retry: { baseDelayMs: 5, maxDelayMs: 10 } });
    const r = await backend.complete({ prompt: 'Q:', max_tokens: 100, min_tokens: 10, temperature: 0 });
    assert.equal(bodies.length, 2);
    // the second request continues the first: the delivered text in the prompt, its tokens off the limits
    assert.deepEqual([bodies[1].prompt, bodies[1].max_tokens, bodies[1].min_tokens], ['Q:Let us think. Two plus three ', 92, 2]);
    assert.deepEqual([r.text, r.completion_tokens, r.finish_reason], ['Let us think. Two plus three is five.', 11, 'stop']);
    assert.deepEqual([backend.stats.retries, backend.stats.resumed], [1, 1]);
  });

  it('a stream cut in the middle of an event is continued from the last whole event', async () => {
    plan = (res, _b, call) => {
      if (call === 1) {
        res.write(chunk('alpha ', 2));
        res.write(chunk('beta ', 4).slice(0, 20)); // half an event, then the connection drops
        setTimeout(() => res.destroy(), 20);
        return;
      }
      res.write(chunk('gamma', 2, 'length'));
      res.end('data: [DONE]\n\n');
    };
    const backend = createBackend({ urls: [url], model: 'm', timeoutMs: 2000, retry: { baseDelayMs: 5, maxDelayMs: 10 } });
    const r = await backend.complete({ prompt: 'Q:', max_tokens: 4, temperature: 0 });
    assert.deepEqual([bodies[1].prompt, bodies[1].max_tokens], ['Q:alpha ', 2]);
    assert.deepEqual([r.text, r.completion_tokens, r.finish_reason], ['alpha gamma', 4, 'length']);
  });
});
