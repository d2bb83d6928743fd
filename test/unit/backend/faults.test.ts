// Through a proxy that injects 5xx, connection resets, 429 (with Retry-After), cut-off bodies and responses
// slower than the client's timeout, an evaluation ends with exactly the results of a clean run.
import assert from 'node:assert/strict';
import { APIError } from 'openai';
import { join } from 'node:path';
import { openDatabase } from '../../../src/core/store/db';
import { createBackend, normalizeBaseUrls } from '../../../src/core/backend/client';
import { dbRequestCache } from '../../../src/core/backend/cache';
import { backoffMs, retryAfterMs } from '../../../src/core/backend/retry';
import { startReplayServer, type ReplayServer } from '../../../src/core/replay/server';
import { tempDir } from '../helpers';
import { evalAgainst, resultsOf } from '../evaluate/eval-helpers';
import { faultyProxy, type Fault } from './fault-proxy';

const ROTATION: Fault[] = ['500', 'reset', '429', 'cut', '503', 'slow'];

describe('backend client', function () {
  this.timeout(120_000);
  let replay: ReplayServer;
  before(async () => { replay = await startReplayServer({ traces: 'samples/math500.jsonl' }); });
  after(() => replay.close());

  it('through injected 5xx, resets, 429, cut bodies and timeouts, the results equal a clean run\'s', async () => {
    const tmp = tempDir();
    const proxy = await faultyProxy(replay.url.replace(/\/v1$/, ''), ROTATION);
    const clean = openDatabase(join(tmp.dir, 'clean.db'));
    const faulty = openDatabase(join(tmp.dir, 'faulty.db'));
    try {
      const run = { benchmark: 'math500:8', method: 'budget-forcing' as const, run: 'f', budgets: [500, null], wait: [1] };
      await evalAgainst(clean, replay.url, run);
      const backend = createBackend({ urls: [proxy.url], model: 'replay', concurrency: 8, timeoutMs: 400, retry: { baseDelayMs: 5, maxDelayMs: 50 }, cache: dbRequestCache(faulty) });
      const r = await evalAgainst(faulty, proxy.url, run, backend);
      for (const f of ROTATION) assert.ok((proxy.injected[f] ?? 0) > 0, `fault ${f} was injected`);
      assert.ok(r.stats.retries >= Object.values(proxy.injected).length - (proxy.injected.none ?? 0));
      assert.equal(r.stats.failures, 0);
      assert.deepEqual(resultsOf(faulty, 'f'), resultsOf(clean, 'f'));
    } finally {
      clean.close();
      faulty.close();
      await proxy.close();
      tmp.cleanup();
    }
  });

  it('spreads requests over replicas and gives up on a 400 without retrying', async () => {
    const second = await startReplayServer({ traces: 'samples/math500.jsonl' });
    try {
      const backend = createBackend({ urls: [replay.url, second.url], model: 'replay', concurrency: 4 });
      await Promise.all(Array.from({ length: 12 }, (_, i) => backend.complete({ prompt: `q${i}`, max_tokens: 3, temperature: 0 })));
      assert.ok(backend.stats.perUrl.every((n) => n >= 3), `per replica: ${backend.stats.perUrl}`);
      await assert.rejects(backend.complete({ prompt: 'x', max_tokens: 0, temperature: 0 }), /max_tokens/);
      assert.equal(backend.stats.retries, 0);
    } finally {
      await second.close();
    }
  });

  it('a cancelled request rejects at once', async () => {
    const slow = await startReplayServer({ traces: 'samples/math500.jsonl', delayMsPerToken: 100 });
    try {
      const backend = createBackend({ urls: [slow.url], model: 'replay' });
      const abort = new AbortController();
      const p = backend.complete({ prompt: 'x', max_tokens: 1000, temperature: 0 }, abort.signal);
      setTimeout(() => abort.abort(new Error('stop')), 20);
      await assert.rejects(p, /stop/);
    } finally {
      await slow.close();
    }
  });

  it('reads Retry-After as seconds or a date; backoff doubles with jitter and a cap; URLs get /v1', () => {
    const e = (v: string) => APIError.generate(429, {}, 'x', new Headers({ 'retry-after': v }));
    assert.equal(retryAfterMs(e('2')), 2000);
    assert.equal(retryAfterMs(e(new Date(10_000).toUTCString()), 4_000), 6_000);
    assert.equal(retryAfterMs(e('soon')), null);
    const p = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1000 };
    assert.deepEqual([0, 1, 2, 3, 9].map((a) => backoffMs(a, p, () => 1)), [100, 200, 400, 800, 1000]);
    assert.equal(backoffMs(2, p, () => 0), 200);
    assert.deepEqual(normalizeBaseUrls('http://a:8000, http://b:8000/v1/'), ['http://a:8000/v1', 'http://b:8000/v1']);
  });
});
