// Hosted APIs: a cost estimate before a large run, refused without --yes when there is no terminal to ask on
// (exit 2, nothing sent); pacing by the x-ratelimit-* headers, so that a server allowing a few requests per window
// never has to refuse one.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createBackend } from '../../../src/core/backend/client';
import { estimateRequestTokens, pacedFetch, parseReset, RateLimiter } from '../../../src/core/generate/rate-limit';
import { estimateCost, knownPrices } from '../../../src/core/generate/cost';
import { openDatabase } from '../../../src/core/store/db';
import { startReplayServer } from '../../../src/core/replay/server';
import { tempDir } from '../helpers';
import { cli, seedSelection } from './gen-helpers';

describe('generate: cost estimate', function () {
  this.timeout(60_000);

  it('refuses a run above the threshold without --yes when it cannot ask, and sends nothing', async () => {
    const tmp = tempDir();
    const dbPath = join(tmp.dir, 'c.db');
    const db = openDatabase(dbPath);
    seedSelection(db, 2);
    db.close();
    let sent = 0;
    const server = await startReplayServer({ traces: 'samples/math500.jsonl', onRequest: (p) => { if (p === '/v1/chat/completions') sent++; } });
    try {
      const args = ['--db', dbPath, 'generate', '--backend', server.url, '--model', 'm', '--selection', 'qs', '--run', 'c', '--samples', '16', '--max-tokens', '2000', '--price-in', '3', '--price-out', '60'];
      const r = await cli(args);
      assert.equal(r.code, 2);
      // 32 samples × 2,000 tokens × $60/1M = $3.84 of output, plus the prompts.
      assert.match(r.err, /estimated cost: \$3\.8\d for 32 requests/);
      assert.match(r.err, /not started: pass --yes to go on/);
      assert.equal(sent, 0);
      const ok = await cli([...args, '--yes', '--json']);
      assert.equal(ok.code, 0, ok.err);
      assert.equal(sent, 32);
      assert.ok((JSON.parse(ok.out) as { cost_estimate_usd: number }).cost_estimate_usd > 3.8);
    } finally {
      await server.close();
      tmp.cleanup();
    }
  });

  it('knows list prices of hosted models by name, and counts output at --max-tokens', () => {
    assert.deepEqual(knownPrices('deepseek-reasoner'), { in: 0.55, out: 2.19 });
    assert.deepEqual(knownPrices('openai/o1-2024-12-17'), { in: 15, out: 60 });
    assert.equal(knownPrices('Qwen/QwQ-32B'), undefined);
    const e = estimateCost({ promptTokens: [100, 300], samples: 16, maxTokens: 1000, priceIn: 1, priceOut: 2, prices: 'flags' });
    assert.deepEqual([e.requests, e.inputTokens, e.outputTokens], [32, 6400, 32000]);
    assert.equal(e.usd, (6400 * 1 + 32000 * 2) / 1e6);
  });
});

describe('generate: rate-limit headers', function () {
  this.timeout(60_000);

  it('reads reset times as providers write them', () => {
    assert.equal(parseReset('1s'), 1000);
    assert.equal(parseReset('6m0s'), 360_000);
    assert.equal(parseReset('20ms'), 20);
    assert.equal(parseReset('1h2m3.5s'), 3_723_500);
    assert.equal(parseReset('0.5'), 500);
    assert.equal(parseReset('1700000010', 1_700_000_000_000), 10_000);
    assert.equal(parseReset('soon'), null);
  });

  it('waits for the window to reset when requests or tokens are spent (a fake clock)', async () => {
    let now = 0;
    const waits: number[] = [];
    const limiter = new RateLimiter(() => now, async (ms) => { waits.push(ms); now += ms; });
    const h = (o: Record<string, string>) => new Headers(o);
    await limiter.before(10);
    limiter.update(h({ 'x-ratelimit-limit-requests': '3', 'x-ratelimit-remaining-requests': '1', 'x-ratelimit-reset-requests': '2s' }));
    await limiter.before(10); // the one left
    assert.deepEqual(waits, []);
    await limiter.before(10); // none left: waits for the reset, then the window is full again
    assert.deepEqual(waits, [2000]);
    limiter.update(h({ 'x-ratelimit-limit-tokens': '1000', 'x-ratelimit-remaining-tokens': '500', 'x-ratelimit-reset-tokens': '30s' }));
    await limiter.before(400);
    await limiter.before(400); // 100 tokens left of the window: waits 30 s
    assert.deepEqual(waits, [2000, 30_000]);
    assert.equal(limiter.stats.waits, 2);
    assert.equal(estimateRequestTokens('{"messages":[],"max_tokens":1000}'), 9 + 1000);
  });

  it('paces requests so that a server allowing 2 per window never refuses one', async () => {
    // A stub API: 2 requests per 300 ms window, said in OpenAI's headers; a request over the limit gets a 429.
    const WINDOW = 300;
    let windowStart = Date.now();
    let used = 0;
    let refused = 0;
    let served = 0;
    const server: Server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const now = Date.now();
        if (now - windowStart >= WINDOW) { windowStart = now; used = 0; }
        const reset = `${WINDOW - (now - windowStart) + 20}ms`;
        const headers = { 'content-type': 'application/json', 'x-ratelimit-limit-requests': '2', 'x-ratelimit-reset-requests': reset };
        if (used >= 2) {
          refused++;
          res.writeHead(429, { ...headers, 'x-ratelimit-remaining-requests': '0', 'retry-after-ms': '50' });
          res.end(JSON.stringify({ error: { message: 'rate limited' } }));
          return;
        }
        used++;
        served++;
        res.writeHead(200, { ...headers, 'x-ratelimit-remaining-requests': String(2 - used) });
        res.end(JSON.stringify({ id: 'c', object: 'chat.completion', model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 } }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    try {
      const limiter = new RateLimiter();
      const backend = createBackend({ urls: [url], model: 'm', concurrency: 1, fetch: pacedFetch(limiter) });
      for (let i = 0; i < 7; i++) await backend.chat!({ messages: [{ role: 'user', content: `q${i}` }], temperature: 0, stream: false });
      assert.equal(served, 7);
      assert.equal(refused, 0, 'paced by the headers, no request was refused');
      assert.ok(limiter.stats.waits >= 2, `waited for the window (${limiter.stats.waits} waits)`);
    } finally {
      await new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); });
    }
  });
});
