// Through a proxy that injects 5xx, connection resets, 429 (with Retry-After), cut-off bodies and responses
// slower than the client's timeout, an evaluation ends with exactly the results of a clean run.
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { APIError } from 'openai';
import { join } from 'node:path';
import { openDatabase } from '../../../src/core/store/db';
import { createBackend, normalizeBaseUrls } from '../../../src/core/backend/client';
import { dbRequestCache } from '../../../src/core/backend/cache';
import { backoffMs, retryAfterMs } from '../../../src/core/backend/retry';
import { startReplayServer, type ReplayServer } from '../../../src/core/replay/server';
import { tempDir } from '../helpers';
import { evalAgainst, resultsOf } from '../evaluate/eval-helpers';

type Fault = 'none' | '500' | '503' | 'reset' | '429' | 'cut' | 'slow';
const ROTATION: Fault[] = ['500', 'reset', '429', 'cut', '503', 'slow'];

/** Forwards to target; the first time it sees a request body, it may answer with a fault instead. */
async function faultyProxy(target: string) {
  const seen = new Set<string>();
  const injected: Record<string, number> = {};
  let next = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const key = body.toString('utf8');
      let fault: Fault = 'none';
      if (!seen.has(key)) {
        seen.add(key);
        fault = ROTATION[next++ % ROTATION.length];
      }
      injected[fault] = (injected[fault] ?? 0) + 1;
      if (fault === '500' || fault === '503') { res.writeHead(Number(fault), { 'content-type': 'application/json' }); res.end('{"error":{"message":"injected"}}'); return; }
      if (fault === '429') { res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' }); res.end('{"error":{"message":"slow down"}}'); return; }
      if (fault === 'reset') { req.socket.destroy(); return; }
      const u = new URL(target);
      const forward = httpRequest({ host: u.hostname, port: u.port, path: req.url, method: req.method, headers: { 'content-type': 'application/json', 'content-length': body.length } }, (up) => {
        const out: Buffer[] = [];
        up.on('data', (c: Buffer) => out.push(c));
        up.on('end', () => {
          const full = Buffer.concat(out);
          if (fault === 'cut') {
            res.writeHead(200, { 'content-type': up.headers['content-type'] ?? 'application/json', 'content-length': full.length });
            res.write(full.subarray(0, full.length >> 1));
            setTimeout(() => res.destroy(), 5);
            return;
          }
          const send = () => { if (!res.destroyed) { res.writeHead(up.statusCode ?? 500, { 'content-type': up.headers['content-type'] ?? 'application/json' }); res.end(full); } };
          if (fault === 'slow') setTimeout(send, 1500); else send();
        });
      });
      forward.on('error', () => res.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, injected,
    close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }),
  };
}

describe('backend client', function () {
  this.timeout(120_000);
  let replay: ReplayServer;
  before(async () => { replay = await startReplayServer({ traces: 'samples/math500.jsonl' }); });
  after(() => replay.close());

  it('through injected 5xx, resets, 429, cut bodies and timeouts, the results equal a clean run\'s', async () => {
    const tmp = tempDir();
    const proxy = await faultyProxy(replay.url.replace(/\/v1$/, ''));
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
