// Pacing for hosted APIs from their rate-limit headers (OpenAI's x-ratelimit-{limit,remaining,reset}-{requests,tokens},
// which most OpenAI-compatible providers copy): a request waits while the window it needs is spent, until that
// window resets, instead of being sent into a 429. Requests sent since the last answer count against what it said.
// A server without these headers (vLLM) is never paced. 429s left over are retried by the client (Retry-After).
import { nodeFetch } from '../backend/http-fetch';
import { sleep } from '../backend/retry';

/** "1s", "6m0s", "20ms", "1h2m3.5s", "0.5" (seconds), a Unix time in seconds, or an HTTP date: milliseconds from now. */
export function parseReset(v: string | null, now = Date.now()): number | null {
  if (!v) return null;
  const t = v.trim();
  if (/^\d+(\.\d+)?$/.test(t)) {
    const x = Number(t);
    return x > 1e9 ? Math.max(0, x * 1000 - now) : x * 1000;
  }
  const re = /(\d+(?:\.\d+)?)(ms|h|m|s)/g;
  let total = 0;
  let matched = '';
  for (const m of t.matchAll(re)) {
    matched += m[0];
    total += Number(m[1]) * (m[2] === 'h' ? 3_600_000 : m[2] === 'm' ? 60_000 : m[2] === 's' ? 1000 : 1);
  }
  if (matched && matched === t) return total;
  const date = Date.parse(t);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

interface Window { remaining: number | null; limit: number | null; resetAt: number }

export interface RateLimitStats { waits: number; waitedMs: number }

export class RateLimiter {
  private readonly requests: Window = { remaining: null, limit: null, resetAt: 0 };
  private readonly tokens: Window = { remaining: null, limit: null, resetAt: 0 };
  readonly stats: RateLimitStats = { waits: 0, waitedMs: 0 };

  constructor(private readonly now: () => number = Date.now, private readonly wait: (ms: number, signal?: AbortSignal) => Promise<void> = sleep) {}

  /** Waits until a request of about `tokens` tokens fits both windows, then counts it against them. */
  async before(tokens: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      const t = this.now();
      const blocked = [this.blockedUntil(this.requests, 1, t), this.blockedUntil(this.tokens, tokens, t)].filter((x): x is number => x !== null);
      if (!blocked.length) break;
      const ms = Math.max(...blocked) - t;
      this.stats.waits++;
      this.stats.waitedMs += ms;
      await this.wait(ms, signal);
    }
    if (this.requests.remaining !== null) this.requests.remaining -= 1;
    if (this.tokens.remaining !== null) this.tokens.remaining -= tokens;
  }

  /** When the window cannot take `need` now: the time it resets; null when it can (or nothing is known). */
  private blockedUntil(w: Window, need: number, t: number): number | null {
    if (w.remaining === null) return null;
    if (t >= w.resetAt) {
      // The window has reset since the server spoke: full again if its limit is known, else unknown.
      w.remaining = w.limit;
      return null;
    }
    // A request larger than the whole window waits for a fresh window once, then goes (the server decides).
    if (w.remaining >= need || (w.limit !== null && need > w.limit && w.remaining === w.limit)) return null;
    return w.resetAt;
  }

  /** Takes what a response's headers say. */
  update(h: Headers): void {
    const t = this.now();
    for (const [w, kind] of [[this.requests, 'requests'], [this.tokens, 'tokens']] as const) {
      const remaining = h.get(`x-ratelimit-remaining-${kind}`);
      if (remaining === null || !Number.isFinite(Number(remaining))) continue;
      const limit = h.get(`x-ratelimit-limit-${kind}`);
      w.remaining = Number(remaining);
      w.limit = limit !== null && Number.isFinite(Number(limit)) ? Number(limit) : w.limit;
      w.resetAt = t + (parseReset(h.get(`x-ratelimit-reset-${kind}`), t) ?? 60_000);
    }
  }
}

/** About the tokens a request counts against a tokens-per-minute limit: its text (4 characters a token) and its max_tokens. */
export function estimateRequestTokens(body: string): number {
  const max = /"max_(?:completion_)?tokens":\s*(\d+)/.exec(body);
  return Math.ceil(body.length / 4) + (max ? Number(max[1]) : 0);
}

/** A fetch for the client (BackendOptions.fetch) that paces POSTs by `limiter` and feeds it every response's headers. */
export function pacedFetch(limiter: RateLimiter, inner: typeof fetch = nodeFetch): typeof fetch {
  return async (input, init) => {
    if ((init?.method ?? 'GET') === 'POST') await limiter.before(estimateRequestTokens(typeof init?.body === 'string' ? init.body : ''), init?.signal ?? undefined);
    const res = await inner(input, init);
    limiter.update(res.headers);
    return res;
  };
}
