// A small fetch over node:http(s) with keep-alive agents, for the openai client: the same requests and
// responses, with a fraction of undici's per-request CPU (measured by bench/eval.mjs), which matters at
// hundreds of requests per second from a 2-core machine.
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';

// One pool per process, shared with post-json.ts: a connection per request in flight, kept open between requests.
export const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 1024, maxFreeSockets: 1024 });
export const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 1024, maxFreeSockets: 1024 });

function headerRecord(h: HeadersInit | undefined): Record<string, string> {
  if (!h) return {};
  if (h instanceof Headers) return Object.fromEntries(h.entries());
  if (Array.isArray(h)) return Object.fromEntries(h);
  return h as Record<string, string>;
}

export const nodeFetch: typeof fetch = (input, init) => new Promise<Response>((resolveP, reject) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  const signal = init?.signal ?? undefined;
  if (signal?.aborted) { reject(signal.reason ?? new DOMException('aborted', 'AbortError')); return; }
  const https = url.protocol === 'https:';
  const body = init?.body;
  if (body !== undefined && body !== null && typeof body !== 'string') { reject(new TypeError('nodeFetch sends string bodies only')); return; }
  const headers = headerRecord(init?.headers);
  if (typeof body === 'string') headers['content-length'] = String(Buffer.byteLength(body));
  const req = (https ? httpsRequest : httpRequest)(url, { method: init?.method ?? 'GET', headers, agent: https ? httpsAgent : httpAgent });
  const onAbort = () => req.destroy(signal?.reason instanceof Error ? signal.reason : new DOMException('aborted', 'AbortError'));
  signal?.addEventListener('abort', onAbort, { once: true });
  const done = () => signal?.removeEventListener('abort', onAbort);
  req.on('error', (e) => { done(); reject(e); });
  req.on('response', (res: IncomingMessage) => {
    // The body streams (completions are read as server-sent events); a connection that drops before the end
    // errors the stream, which the client treats as a broken response.
    res.on('close', done);
    const h = new Headers();
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
    const status = res.statusCode ?? 500;
    const stream = status === 204 || status === 304 ? null : (Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>);
    resolveP(new Response(stream, { status, statusText: res.statusMessage, headers: h }));
  });
  req.end(typeof body === 'string' ? body : undefined);
});
