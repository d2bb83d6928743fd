// Where Distillery keeps what it can rebuild (the tokenizer's tables, the evaluation sets' n-gram hashes).
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Overrides the cache folder ('' turns the disk caches off). */
export const CACHE_DIR_ENV = 'DISTILLERY_CACHE_DIR';

/** The cache folder: $DISTILLERY_CACHE_DIR, else $XDG_CACHE_HOME/distillery, else ~/.cache/distillery ('' if off). */
export function cacheDir(): string {
  const env = process.env[CACHE_DIR_ENV];
  if (env !== undefined) return env.trim();
  const base = process.env.XDG_CACHE_HOME?.trim() || join(homedir(), '.cache');
  return join(base, 'distillery');
}
