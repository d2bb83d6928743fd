// The request cache's table: responses keyed by a hash of the request (backend/cache.ts makes the keys).
import type { Db } from './db';
import type { RequestCache } from '../backend/cache';

export interface DbRequestCacheOptions {
  /** Replies are committed together at most this many milliseconds after they arrive (one transaction for all
   *  of them) instead of one commit each; a kill loses at most that window, which is asked again on resume.
   *  Call flush() before the database closes. Default 0: every reply committed as it arrives. */
  batchMs?: number;
}

export function dbRequestCache(db: Db, o: DbRequestCacheOptions = {}): RequestCache & { flush(): void } {
  const get = db.prepare('SELECT response FROM request_cache WHERE key = ?').pluck();
  const put = db.prepare('INSERT INTO request_cache (key, request, response) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING');
  const batchMs = o.batchMs ?? 0;
  if (batchMs <= 0) {
    return { get: (key) => get.get(key) as string | undefined, put: (key, request, response) => { put.run(key, request, response); }, flush: () => undefined };
  }
  let pending = new Map<string, [string, string]>();
  let timer: NodeJS.Timeout | undefined;
  const putAll = db.transaction((rows: Map<string, [string, string]>) => { for (const [k, [req, resp]] of rows) put.run(k, req, resp); });
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (!pending.size || !db.open) return;
    const rows = pending;
    pending = new Map();
    putAll(rows);
  };
  return {
    get: (key) => pending.get(key)?.[1] ?? get.get(key) as string | undefined,
    put: (key, request, response) => {
      pending.set(key, [request, response]);
      if (pending.size >= 256) flush();
      else timer ??= setTimeout(flush, batchMs);
    },
    flush,
  };
}
