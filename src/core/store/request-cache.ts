// The request cache's table: responses keyed by a hash of the request (backend/cache.ts makes the keys).
import type { Db } from './db';
import type { RequestCache } from '../backend/cache';

export function dbRequestCache(db: Db): RequestCache {
  const get = db.prepare('SELECT response FROM request_cache WHERE key = ?').pluck();
  const put = db.prepare('INSERT INTO request_cache (key, request, response) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING');
  return {
    get: (key) => get.get(key) as string | undefined,
    put: (key, request, response) => { put.run(key, request, response); },
  };
}
