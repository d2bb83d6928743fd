// A completion asked for with one JSON body and answered with one (no stream), sent over node:http(s) keep-alive
// without the openai package: a generation sends hundreds of these a second from a 2-core client, and the
// package's per-request work (its headers, abort signals, a web Response and its stream) was a large part of the
// client's CPU per request (profile: bench/README.md, generate.mjs). Failures are the package's own classes
// (APIError with status and headers, via APIError.generate as the package makes them), so retries and
// Retry-After read them as before; silence past `idleMs` is an IdleTimeout, as for a stream.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { APIError } from 'openai';
import { httpAgent, httpsAgent } from './http-fetch';
import type { Completion } from './client';
import { eventData, IdleTimeout, ReplyReader, StreamBroken, type StreamChunk } from './stream';

// One listener per caller's signal, whatever the number of requests in flight under it: an AbortSignal's
// addEventListener scans its listeners for a duplicate, which at 256 requests in flight showed in the profile.
const aborters = new WeakMap<AbortSignal, Set<() => void>>();
function onAbort(signal: AbortSignal, fn: () => void): () => void {
  let set = aborters.get(signal);
  if (!set) {
    const fns = new Set<() => void>();
    set = fns;
    aborters.set(signal, fns);
    signal.addEventListener('abort', () => { for (const f of [...fns]) f(); }, { once: true });
  }
  set.add(fn);
  return () => { set.delete(fn); };
}

export interface JsonTarget { baseUrl: string; apiKey: string }

/** POST `{baseUrl}/{path}` with `body` (which must not ask for a stream); the reply read as one body. */
export function postCompletion(target: JsonTarget, path: 'chat/completions' | 'completions', body: Record<string, unknown>, idleMs: number,
  signal?: AbortSignal): Promise<Completion> {
  const chat = path === 'chat/completions';
  return new Promise<Completion>((resolveP, reject) => {
    if (signal?.aborted) { reject(signal.reason ?? new DOMException('aborted', 'AbortError')); return; }
    const url = new URL(`${target.baseUrl}/${path}`);
    const https = url.protocol === 'https:';
    const text = JSON.stringify(body);
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (e: unknown, c?: Completion) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      unlisten?.();
      if (c) resolveP(c);
      // The caller's own abort is its reason; anything else is a broken reply with nothing received (as a stream's).
      else reject(signal?.aborted ? signal.reason ?? e : e instanceof APIError ? e : new StreamBroken(e, { text: '', tokens: 0 }));
    };
    const req = (https ? httpsRequest : httpRequest)(url, {
      method: 'POST', agent: https ? httpsAgent : httpAgent,
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${target.apiKey}`, 'content-length': Buffer.byteLength(text) },
    });
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => { const e = new IdleTimeout(idleMs); req.destroy(e); finish(e); }, idleMs);
    };
    const unlisten = signal ? onAbort(signal, () => { req.destroy(); finish(signal.reason); }) : undefined;
    req.on('error', (e) => finish(e));
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (b: Buffer) => { arm(); chunks.push(b); });
      res.on('error', (e) => finish(e));
      res.on('close', () => { if (!res.complete) finish(new Error('terminated: the server closed the connection mid-reply')); });
      res.on('end', () => {
        if (!res.complete) { finish(new Error('terminated: the reply ended early')); return; }
        const status = res.statusCode ?? 500;
        const got = Buffer.concat(chunks).toString('utf8');
        if (status < 200 || status >= 300) { finish(statusError(status, got, res)); return; }
        try {
          const reply = new ReplyReader();
          if (String(res.headers['content-type'] ?? '').includes('text/event-stream')) {
            // A server that streams although not asked to: its events, read from the whole body.
            for (const event of got.split(/\r?\n\r?\n/)) {
              const data = eventData(event);
              if (data === '[DONE]') break;
              if (data) reply.take(JSON.parse(data) as StreamChunk);
            }
          } else {
            reply.take(JSON.parse(got) as StreamChunk);
          }
          finish(undefined, reply.result(chat));
        } catch (e) {
          finish(e instanceof StreamBroken ? e.reason : e);
        }
      });
    });
    arm();
    req.end(text);
  });
}

/** The openai package's error for a status: its message from the error body (JSON or text), its headers kept. */
function statusError(status: number, text: string, res: IncomingMessage): APIError {
  const headers = new Headers();
  for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
  let json: unknown;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return APIError.generate(status, withErrorKey(json) as object | undefined, json ? undefined : text, headers);
}

/**
 * An error body as the openai package reads it (`{"error": {"message", ...}}`). vLLM answers with the fields at the
 * top level (`{"object": "error", "message": "The model `x` does not exist.", "code": 404}`), which the package
 * would report as "404 status code (no body)": such a body is wrapped, so its message is said.
 */
export function withErrorKey(json: unknown): unknown {
  if (json === null || typeof json !== 'object' || Array.isArray(json) || 'error' in json) return json;
  return typeof (json as { message?: unknown }).message === 'string' ? { error: json } : json;
}
