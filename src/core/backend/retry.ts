// Which failures are worth another try, and how long to wait: exponential backoff with jitter, or the
// server's Retry-After on 429/503.
import { APIConnectionError, APIError, APIUserAbortError } from 'openai';

export interface RetryPolicy { maxRetries: number; baseDelayMs: number; maxDelayMs: number }

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 8, baseDelayMs: 250, maxDelayMs: 30_000 };

export function isAbort(e: unknown, signal?: AbortSignal): boolean {
  return !!signal?.aborted || e instanceof APIUserAbortError || (e instanceof Error && e.name === 'AbortError');
}

/** True for 408, 409, 425, 429, 5xx, timeouts and dropped connections; false for the caller's own mistakes. */
export function isRetryable(e: unknown): boolean {
  if (e instanceof APIConnectionError) return true;
  if (e instanceof APIError) {
    const s = e.status;
    return s === undefined || s === 408 || s === 409 || s === 425 || s === 429 || s >= 500;
  }
  // Malformed bodies from a proxy that cut the response short, socket errors below the SDK.
  return e instanceof SyntaxError || (e instanceof Error && (/ECONNRESET|EPIPE|socket|terminated|ETIMEDOUT|aborted/i.test(e.message)
    || /^(ECONNRESET|EPIPE|ETIMEDOUT|ERR_STREAM_PREMATURE_CLOSE)$/.test(String((e as NodeJS.ErrnoException).code))));
}

/** Retry-After in milliseconds (seconds or an HTTP date), or null when absent or unusable. */
export function retryAfterMs(e: unknown, now = Date.now()): number | null {
  if (!(e instanceof APIError) || !e.headers) return null;
  const ms = e.headers.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const v = e.headers.get('retry-after');
  if (!v) return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(v)) return Number(v) * 1000;
  const date = Date.parse(v);
  return Number.isFinite(date) ? Math.max(0, date - now) : null;
}

/** Delay before retry number `attempt` (0-based): full backoff with jitter in [50%, 100%], capped. */
export function backoffMs(attempt: number, p: RetryPolicy, random = Math.random): number {
  const ceiling = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling * (0.5 + 0.5 * random()));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolveP, reject) => {
    if (signal?.aborted) { reject(signal.reason ?? new Error('aborted')); return; }
    const onAbort = () => { clearTimeout(t); reject(signal?.reason ?? new Error('aborted')); };
    const t = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolveP(); }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
