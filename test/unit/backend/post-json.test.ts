// Non-streamed chat completions go around the openai package (post-json.ts): the same replies as through it,
// and through injected 5xx, resets, 429 (Retry-After), cut bodies and silence the same recovery.
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBackend, type ChatRequest } from '../../../src/core/backend/client';
import { nodeFetch } from '../../../src/core/backend/http-fetch';
import { startReplayServer, type ReplayServer } from '../../../src/core/replay/server';

type Fault = 'none' | '500' | '503' | 'reset' | '429' | 'cut' | 'slow' | 'html';
const ROTATION: Fault[] = ['500', 'reset', '429', 'cut', '503', 'slow', 'html'];

/** Forwards to `target`; the first time it sees a body it answers with the next fault instead. */
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
      if (!seen.has(key)) { seen.add(key); fault = ROTATION[next++ % ROTATION.length]; }
      injected[fault] = (injected[fault] ?? 0) + 1;
      if (fault === '500' || fault === '503') { res.writeHead(Number(fault), { 'content-type': 'application/json' }); res.end('{"error":{"message":"injected"}}'); return; }
      if (fault === '429') { res.writeHead(429, { 'retry-after': '0', 'content-type': 'application/json' }); res.end('{"error":{"message":"slow down"}}'); return; }
      if (fault === 'reset') { req.socket.destroy(); return; }
      // A proxy's error page with a 200: not JSON, asked again.
      if (fault === 'html') { res.writeHead(200, { 'content-type': 'text/html' }); res.end('<html>bad gateway</html>'); return; }
      const u = new URL(target);
      const forward = httpRequest({ host: u.hostname, port: u.port, path: req.url, method: req.method, headers: { 'content-type': 'application/json', 'content-length': body.length } }, (up) => {
        const out: Buffer[] = [];
        up.on('data', (c: Buffer) => out.push(c));
        up.on('end', () => {
          const full = Buffer.concat(out);
          if (fault === 'cut') {
            res.writeHead(200, { 'content-type': 'application/json', 'content-length': full.length });
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
    const proxy = await faultyProxy(replay.url.replace(/\/v1$/, ''));
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
      const t0 = Date.now();
      const p = b.chat!({ ...ask(2), max_tokens: 1000 }, abort.signal);
      setTimeout(() => abort.abort(new Error('stop')), 20);
      await assert.rejects(p, /stop/);
      assert.ok(Date.now() - t0 < 2000);
    } finally {
      await slow.close();
    }
  });
});
