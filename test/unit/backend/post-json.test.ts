// Non-streamed chat completions go around the openai package (post-json.ts): the same replies as through it,
// and through injected 5xx, resets, 429 (Retry-After), cut bodies and silence the same recovery.
import assert from 'node:assert/strict';
import { createBackend, type ChatRequest } from '../../../src/core/backend/client';
import { nodeFetch } from '../../../src/core/backend/http-fetch';
import { startReplayServer, type ReplayServer } from '../../../src/core/replay/server';
import { faultyProxy, type Fault } from './fault-proxy';

const ROTATION: Fault[] = ['500', 'reset', '429', 'cut', '503', 'slow', 'html'];

const ask = (i: number): ChatRequest => ({ messages: [{ role: 'user', content: `What is ${i} + ${i}?` }], temperature: 0.7, seed: i, max_tokens: 40, stream: false });

describe('backend client: non-streamed chat without the openai package', function () {
  this.timeout(120_000);
  let replay: ReplayServer;
  before(async () => { replay = await startReplayServer({ traces: 'samples/math500.jsonl' }); });
  after(() => replay.close());

  it('gives the same replies as the openai package does', async () => {
    const lean = createBackend({ urls: [replay.url], model: 'replay', concurrency: 4 });
    const sdk = createBackend({ urls: [replay.url], model: 'replay', concurrency: 4, fetch: nodeFetch });
    for (let i = 0; i < 6; i++) {
      const [a, b] = await Promise.all([lean.chat!(ask(i)), sdk.chat!(ask(i))]);
      assert.deepEqual(a, b);
      assert.ok(a.text.length > 0 && a.completion_tokens > 0 && a.replay);
    }
  });

  it('recovers from 5xx, resets, 429, cut bodies, a non-JSON page and silence with the replies of a clean run', async () => {
    const proxy = await faultyProxy(replay.url.replace(/\/v1$/, ''), ROTATION);
    try {
      const clean = createBackend({ urls: [replay.url], model: 'replay', concurrency: 8 });
      const faulty = createBackend({ urls: [proxy.url], model: 'replay', concurrency: 8, timeoutMs: 400, retry: { baseDelayMs: 5, maxDelayMs: 50 } });
      const n = 14;
      const want = await Promise.all(Array.from({ length: n }, (_, i) => clean.chat!(ask(i))));
      const got = await Promise.all(Array.from({ length: n }, (_, i) => faulty.chat!(ask(i))));
      for (const f of ROTATION) assert.ok((proxy.injected[f] ?? 0) > 0, `fault ${f} was injected`);
      assert.deepEqual(got, want);
      assert.equal(faulty.stats.failures, 0);
      assert.ok(faulty.stats.retries >= n, `every request was retried at least once (${faulty.stats.retries})`);
    } finally {
      await proxy.close();
    }
  });

  it('gives up on a 400 at once with the server\'s message, and a cancelled request rejects at once', async () => {
    const backend = createBackend({ urls: [replay.url], model: 'replay', concurrency: 2 });
    await assert.rejects(backend.chat!({ ...ask(1), max_tokens: 0 }), (e: Error & { status?: number }) => e.status === 400 && /max_tokens/.test(e.message));
    assert.equal(backend.stats.retries, 0);
    const slow = await startReplayServer({ traces: 'samples/math500.jsonl', delayMsPerToken: 100 });
    try {
      const b = createBackend({ urls: [slow.url], model: 'replay' });
      const abort = new AbortController();
      const p = b.chat!({ ...ask(2), max_tokens: 1000 }, abort.signal);
      setTimeout(() => abort.abort(new Error('stop')), 20);
      await assert.rejects(p, /stop/);
      // At once: before the server's reply (its delay is seconds of 100 ms tokens), not when it comes.
      assert.equal(slow.counts['/v1/chat/completions'] ?? 0, 0, 'rejected before the reply was sent');
    } finally {
      await slow.close();
    }
  });
});
