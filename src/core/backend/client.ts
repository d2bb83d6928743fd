// The model backend: vLLM's OpenAI-compatible server (or the replay server) through the `openai` package.
// One client per base URL (data-parallel replicas); each request goes to the replica with the fewest in flight.
// Bounded concurrency, retries (see retry.ts), cancellation, and the request cache in front of it all.
import OpenAI from 'openai';
import { canonicalJson, requestKey, type RequestCache } from './cache';
import { nodeFetch } from './http-fetch';
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
}

export interface Backend {
  complete(request: CompletionRequest, signal?: AbortSignal): Promise<Completion & { cached: boolean }>;
  readonly stats: BackendStats;
}

export interface BackendStats { sent: number; cached: number; retries: number; failures: number; perUrl: number[] }

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

export function createBackend(o: BackendOptions): Backend {
  const urls = normalizeBaseUrls(o.urls);
  if (!urls.length) throw new BackendError('no backend URL given');
  const policy = { ...DEFAULT_RETRY, ...o.retry };
  const clients = urls.map((baseURL) => new OpenAI({
    baseURL, apiKey: o.apiKey || 'EMPTY', maxRetries: 0, timeout: o.timeoutMs ?? 600_000, fetch: o.fetch ?? nodeFetch,
  }));
  const inFlight = urls.map(() => 0);
  const stats: BackendStats = { sent: 0, cached: 0, retries: 0, failures: 0, perUrl: urls.map(() => 0) };
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

  const send = async (body: Record<string, unknown>, signal?: AbortSignal): Promise<Completion> => {
    let avoid = -1;
    for (let attempt = 0; ; attempt++) {
      const i = pick(avoid);
      inFlight[i]++;
      stats.perUrl[i]++;
      stats.sent++;
      try {
        const r = await clients[i].completions.create(body as unknown as OpenAI.CompletionCreateParamsNonStreaming, { signal });
        return toCompletion(r);
      } catch (e) {
        if (isAbort(e, signal)) throw signal?.reason ?? e;
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
  const fetchOnce = async (body: Record<string, unknown>, canonical: string, key: string, signal?: AbortSignal): Promise<Completion> => {
    await acquire(signal);
    try {
      const c = await send(body, signal);
      o.cache?.put(key, canonical, JSON.stringify(c));
      return c;
    } finally {
      release();
    }
  };

  return {
    stats,
    async complete(request, signal) {
      const body: Record<string, unknown> = { model: o.model, ...request };
      const canonical = canonicalJson(body);
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
      const call = fetchOnce(body, canonical, key, signal);
      inFlightByKey.set(key, call);
      try {
        return { ...(await call), cached: false };
      } finally {
        inFlightByKey.delete(key);
      }
    },
  };
}

function toCompletion(r: OpenAI.Completion): Completion {
  const choice = r.choices?.[0];
  const usage = r.usage;
  if (!choice || typeof choice.text !== 'string' || !usage || typeof usage.completion_tokens !== 'number') {
    throw new SyntaxError('the server returned a completion without text or usage');
  }
  const extra = r as unknown as { replay?: boolean };
  const stopReason = (choice as unknown as { stop_reason?: number | string | null }).stop_reason ?? null;
  return {
    text: choice.text, finish_reason: choice.finish_reason ?? 'stop', stop_reason: stopReason,
    completion_tokens: usage.completion_tokens, prompt_tokens: usage.prompt_tokens ?? 0, model: r.model,
    replay: extra.replay === true || r.system_fingerprint === 'distillery-replay' || r.model?.startsWith('replay:'),
  };
}

/** A served model as GET /v1/models describes it; vLLM's model card carries its context length. */
export interface ServedModel { id: string; replay: boolean; max_model_len?: number }

/** GET /v1/models of each replica: the health check the status bar shows. */
export async function listModels(url: string, apiKey?: string, signal?: AbortSignal): Promise<ServedModel[]> {
  const client = new OpenAI({ baseURL: normalizeBaseUrls(url)[0], apiKey: apiKey || 'EMPTY', maxRetries: 0, timeout: 10_000 });
  const out: ServedModel[] = [];
  for await (const m of client.models.list({ signal })) {
    const card = m as unknown as { replay?: boolean; max_model_len?: unknown };
    out.push({ id: m.id, replay: m.id.startsWith('replay:') || card.replay === true,
      ...(typeof card.max_model_len === 'number' && card.max_model_len > 0 ? { max_model_len: card.max_model_len } : {}) });
  }
  return out;
}
