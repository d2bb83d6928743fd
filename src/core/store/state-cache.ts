// Values derived from whole tables (trace → sample, sample → data set, index row sizes), kept until the tables
// change. Whether anything was written at all is two cheap reads (this connection's total_changes(), and the
// data_version other connections' commits bump); only then is the table's own key (a count and a max, which scan)
// read again, so a label written elsewhere does not rebuild a map that did not change.
import type { Db } from './db';

interface Entry<T> { state: string; key: string; value: T }
/** Per connection (two in-memory databases share a name), dropped with it. */
const caches = new WeakMap<Db, Map<string, Entry<unknown>>>();

function writeState(db: Db): string {
  return `${db.prepare('SELECT total_changes()').pluck().get() as number}:${db.pragma('data_version', { simple: true }) as number}`;
}

/** `build()` once per value of `key()`, which is read only after a write since the last call. */
export function cachedByState<T>(db: Db, tag: string, key: () => string, build: () => T): T {
  let entries = caches.get(db);
  if (!entries) caches.set(db, (entries = new Map()));
  const state = writeState(db);
  const e = entries.get(tag) as Entry<T> | undefined;
  if (e && e.state === state) return e.value;
  const k = key();
  if (e && e.key === k) { e.state = state; return e.value; }
  const value = build();
  entries.set(tag, { state, key: k, value });
  return value;
}
