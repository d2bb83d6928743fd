// The model backend: vLLM's OpenAI-compatible server (or the replay server) through the `openai` package.
// One client per base URL (data-parallel replicas); each request goes to the replica with the fewest in flight.
// Bounded concurrency, retries (see retry.ts), cancellation, and the request cache in front of it all.
import OpenAI from 'openai';
import { canonicalJson, requestKey, type RequestCache } from './cache';
import { nodeFetch } from './http-fetch';
import { postCompletion, withErrorKey } from './post-json';
import { streamCompletion, StreamBroken, type Received } from './stream';
import { backoffMs, DEFAULT_RETRY, isAbort, isRetryable, retryAfterMs, sleep, type RetryPolicy } from './retry';
import { redact } from '../redact';

/** A /v1/completions body; vLLM's extras (stop_token_ids, skip_special_tokens, min_tokens, ...) go in it too. */
export interface CompletionRequest {
  prompt: string;
  max_tokens: number;
  temperature: number;
  seed?: number;
  stop?: string[];
  stop_token_ids?: number[];
  min_tokens?: number;
  skip_special_tokens?: boolean;
  include_stop_str_in_output?: boolean;
  top_p?: number;
  top_k?: number;
  min_p?: number;
  repetition_penalty?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
  spaces_between_special_tokens?: boolean;
  /** Token id (as a string) -> bias in [-100, 100]; -100 bans the token. */
  logit_bias?: Record<string, number>;
}

export interface Completion {
  text: string;
  finish_reason: string;
  stop_reason: number | string | null;
  completion_tokens: number;
  prompt_tokens: number;
  model: string;
  /** The server said it is Distillery's replay server: its numbers are not a model's. */
  replay: boolean;
  /** Chat only: the reasoning the server split off the content (vLLM's reasoning parser, DeepSeek), and its tokens when counted. */
  reasoning?: string;
  reasoning_tokens?: number;
}

/** A /v1/chat/completions body (vLLM's extras go in it too); `stream: false` waits for one JSON body. */
export interface ChatRequest {
  messages: { role: 'system' | 'user' | 'assistant'; content: string }[];
  max_tokens?: number;
  temperature: number;
  top_p?: number;
  seed?: number;
  stream?: boolean;
  [extra: string]: unknown;
}

export interface Backend {
  complete(request: CompletionRequest, signal?: AbortSignal): Promise<Completion & { cached: boolean }>;
  /** POST /chat/completions through the same replicas, limit, retries and cache (keyed without the stream fields). */
  chat?(request: ChatRequest, signal?: AbortSignal): Promise<Completion & { cached: boolean }>;
  readonly stats: BackendStats;
}

/** resumed: broken streams continued from the text they had delivered. */
export interface BackendStats { sent: number; cached: number; retries: number; resumed: number; failures: number; perUrl: number[] }

export interface BackendOptions {
  urls: readonly string[];
  model: string;
  apiKey?: string;
  concurrency?: number;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  cache?: RequestCache;
  /** Tests: a fetch to route through. */
  fetch?: typeof fetch;
}

export class BackendError extends Error {
  /** The server's HTTP status when it answered with an error (400: the request itself was refused). */
  // Redacted here, once for every message: a server's error body may echo the request's Authorization header.
  constructor(message: string, readonly status?: number) { super(redact(message)); }
}

/** Base URLs as users write them: with or without /v1, comma-separated. */
export function normalizeBaseUrls(spec: string | readonly string[]): string[] {
  const list = typeof spec === 'string' ? spec.split(',') : [...spec];
  return list.map((u) => u.trim()).filter(Boolean).map((u) => {
    const t = u.replace(/\/+$/, '');
    return /\/v\d+$/.test(t) ? t : `${t}/v1`;
  });
}

/** Completions are streamed with usage in every chunk (vLLM's continuous_usage_stats): see stream.ts. */
const STREAMED = { stream: true, stream_options: { include_usage: true, continuous_usage_stats: true } } as const;

/** `body` continued after `done`: its text appended to the prompt, its tokens taken off max_tokens and min_tokens. */
function continued(body: Record<string, unknown>, done: Received): Record<string, unknown> {
  if (!done.text) return body;
  const out: Record<string, unknown> = { ...body, prompt: String(body.prompt) + done.text };
  if (typeof body.max_tokens === 'number') out.max_tokens = body.max_tokens - done.tokens;
  if (typeof body.min_tokens === 'number') out.min_tokens = Math.max(0, body.min_tokens - done.tokens);
  return out;
}

/** The openai client, reading vLLM's error bodies too (withErrorKey): their message instead of "(no body)". */
class BackendClient extends OpenAI {
  protected override makeStatusError(status: number, error: object, message: string | undefined, headers: Headers) {
    return super.makeStatusError(status, withErrorKey(error) as object, message, headers);
  }
}

export function createBackend(o: BackendOptions): Backend {
  const urls = normalizeBaseUrls(o.urls);
  if (!urls.length) throw new BackendError('no backend URL given');
  const policy = { ...DEFAULT_RETRY, ...o.retry };
  // timeoutMs is silence, not length: the wait for the response headers, then the longest gap between tokens.
  const idleMs = o.timeoutMs ?? 600_000;
  const clients = urls.map((baseURL) => new BackendClient({
    baseURL, apiKey: o.apiKey || 'EMPTY', maxRetries: 0, timeout: idleMs, fetch: o.fetch ?? nodeFetch,
  }));
  const inFlight = urls.map(() => 0);
  const stats: BackendStats = { sent: 0, cached: 0, retries: 0, resumed: 0, failures: 0, perUrl: urls.map(() => 0) };
  const limit = Math.max(1, o.concurrency ?? 16);
  let active = 0;
  const waiting: (() => void)[] = [];
  let rr = 0;

  const acquire = async (signal?: AbortSignal) => {
    while (active >= limit) {
      await new Promise<void>((res, rej) => {
        const wake = () => { signal?.removeEventListener('abort', onAbort); res(); };
        const onAbort = () => { const i = waiting.indexOf(wake); if (i >= 0) waiting.splice(i, 1); rej(signal?.reason ?? new Error('aborted')); };
        waiting.push(wake);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    }
    active++;
  };
  const release = () => { active--; waiting.shift()?.(); };

  const pick = (avoid: number) => {
    let best = -1;
    for (let k = 0; k < urls.length; k++) {
      const i = (rr + k) % urls.length;
      if (i === avoid && urls.length > 1) continue;
      if (best < 0 || inFlight[i] < inFlight[best]) best = i;
    }
    rr = (rr + 1) % urls.length;
    return best;
  };

  // A broken stream is retried from what already arrived: the prompt gains the partial text and max_tokens
  // shrinks by its tokens, so a timeout never pays for finished text twice (vLLM drops a request whose client left).
  // A chat reply cannot be continued from its partial text (hosted APIs have no such request): it is asked again.
  const send = async (body: Record<string, unknown>, signal?: AbortSignal, chat = false): Promise<Completion> => {
    let avoid = -1;
    const done: Received = { text: '', tokens: 0 };
    for (let attempt = 0; ; attempt++) {
      const i = pick(avoid);
      inFlight[i]++;
      stats.perUrl[i]++;
      stats.sent++;
      try {
        // A reply that is not streamed goes around the openai package (post-json.ts) unless a fetch was given
        // (tests, a hosted API's rate limits read from its headers).
        const r = chat && body.stream !== true && !o.fetch
          ? await postCompletion({ baseUrl: urls[i], apiKey: o.apiKey || 'EMPTY' }, 'chat/completions', body, idleMs, signal)
          : await streamCompletion(clients[i], chat ? body : continued(body, done), idleMs, signal, chat);
        if (!done.text) return r;
        return { ...r, text: done.text + r.text, completion_tokens: done.tokens + r.completion_tokens, prompt_tokens: Math.max(0, r.prompt_tokens - done.tokens) };
      } catch (raw) {
        if (isAbort(raw, signal)) throw signal?.reason ?? raw;
        const e = raw instanceof StreamBroken ? raw.reason : raw;
        if (!chat && raw instanceof StreamBroken && raw.partial.text && raw.partial.tokens > 0) {
          // The first break's prompt is the request's own (later ones include text already counted in tokens).
          if (!done.text) done.promptTokens = raw.partial.promptTokens;
          done.replay ||= raw.partial.replay;
          done.text += raw.partial.text;
          done.tokens += raw.partial.tokens;
          stats.resumed++;
        }
        // Everything asked for had already arrived when the stream broke: nothing is left to ask.
        if (done.tokens > 0 && Number(body.max_tokens ?? Infinity) - done.tokens < 1) {
          return { text: done.text, finish_reason: 'length', stop_reason: null, completion_tokens: done.tokens, prompt_tokens: done.promptTokens ?? 0, model: o.model, replay: done.replay === true };
        }
        if (!isRetryable(e) || attempt >= policy.maxRetries) {
          stats.failures++;
          const m = e instanceof Error ? e.message : String(e);
          throw new BackendError(`${urls[i]}: ${m}${attempt ? ` (after ${attempt} retries)` : ''}`, e instanceof OpenAI.APIError ? e.status : undefined);
        }
        stats.retries++;
        avoid = i;
        await sleep(retryAfterMs(e) ?? backoffMs(attempt, policy), signal);
      } finally {
        inFlight[i]--;
      }
    }
  };

  // Identical requests in flight at once share one call (single flight): what is sent and what counts as cached
  // then no longer depends on which of two equal requests happened to finish first.
  const inFlightByKey = new Map<string, Promise<Completion>>();
  const fetchOnce = async (body: Record<string, unknown>, canonical: string, key: string, signal?: AbortSignal, chat = false): Promise<Completion> => {
    await acquire(signal);
    try {
      const c = await send(body, signal, chat);
      o.cache?.put(key, canonical, JSON.stringify(c));
      return c;
    } finally {
      release();
    }
  };

  // Cache, then single flight, then the server.
  const cachedCall = async (body: Record<string, unknown>, canonical: string, signal: AbortSignal | undefined, chat: boolean) => {
    const key = requestKey(canonical);
    const hit = o.cache?.get(key);
    if (hit !== undefined) {
      stats.cached++;
      return { ...(JSON.parse(hit) as Completion), cached: true };
    }
    const pending = inFlightByKey.get(key);
    if (pending) {
      stats.cached++;
      return { ...(await pending), cached: true };
    }
    const call = fetchOnce(body, canonical, key, signal, chat);
    inFlightByKey.set(key, call);
    try {
      return { ...(await call), cached: false };
    } finally {
      inFlightByKey.delete(key);
    }
  };

  return {
    stats,
    complete(request, signal) {
      // The body as sent (streamed, with usage), so the cache key is exactly the request the server saw.
      const body: Record<string, unknown> = { model: o.model, ...request, ...STREAMED };
      return cachedCall(body, canonicalJson(body), signal, false);
    },
    chat(request, signal) {
      const { stream, ...rest } = request;
      const plain: Record<string, unknown> = { model: o.model, ...rest };
      // Keyed by the request without its stream fields: the same request streamed or not, or written to a batch
      // file, is one request.
      return cachedCall(stream === false ? plain : { ...plain, ...STREAMED }, `chat:${canonicalJson(plain)}`, signal, true);
    },
  };
}

/** A served model as GET /v1/models describes it; vLLM's model card carries its context length. */
export interface ServedModel { id: string; replay: boolean; max_model_len?: number }

/** GET /v1/models of each replica: the health check the status bar shows. */
export async function listModels(url: string, apiKey?: string, signal?: AbortSignal): Promise<ServedModel[]> {
  const client = new BackendClient({ baseURL: normalizeBaseUrls(url)[0], apiKey: apiKey || 'EMPTY', maxRetries: 0, timeout: 10_000 });
  const out: ServedModel[] = [];
  for await (const m of client.models.list({ signal })) {
    const card = m as unknown as { replay?: boolean; max_model_len?: unknown };
    out.push({ id: m.id, replay: m.id.startsWith('replay:') || card.replay === true,
      ...(typeof card.max_model_len === 'number' && card.max_model_len > 0 ? { max_model_len: card.max_model_len } : {}) });
  }
  return out;
}
