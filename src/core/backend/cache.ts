// The request cache: responses keyed by a hash of the request (model + body, not the replica that answered),
// stored in the database so an interrupted run never sends a finished request again.
import { createHash } from 'node:crypto';

export interface RequestCache {
  get(key: string): string | undefined;
  put(key: string, request: string, response: string): void;
}

/** JSON with object keys sorted, so equal requests hash equally whatever order their fields were set in. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

export function requestKey(canonical: string): string {
  return createHash('sha256').update(canonical).digest('hex');
}

/** The database-backed cache (its SQL is in store/request-cache.ts). */
export { dbRequestCache } from '../store/request-cache';

export function memoryRequestCache(): RequestCache & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, get: (k) => map.get(k), put: (k, _req, resp) => { map.set(k, resp); } };
}
