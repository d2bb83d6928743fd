// The evaluation sets (MATH500, AIME24, a GPQA CSV) are the same files run after run, yet reading them through the
// import presets and hashing their n-grams cost every curation ~80 ms of CPU in a cold process (2026-12-02, the
// bench's runner: about a tenth of the whole 59K decontamination + dedup). Both results are kept on disk in the
// cache folder (cache-dir.ts, `DISTILLERY_CACHE_DIR=''` turns it off): the items keyed by the file's bytes, its
// name and the options, the n-gram hashes by the items' texts and n, both also by the code that built them (the
// version and the running bundle's size and time). An entry carries a SHA-1 of its content: a damaged or
// unexpected one is ignored and rebuilt, and a cache that cannot be written only costs time.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { cacheDir } from '../cache-dir';
import { VERSION } from '../version';
import { EvalIndex, type EvalItem } from './decontaminate';
import { readEvalFile, type EvalFileOptions } from './eval-files';
import { DEFAULT_N } from './ngrams';

/** Bump when an entry's layout or what builds it changes. */
const FORMAT = 1;
const MAGIC = Buffer.from('DSTEVAL1');
const HEADER = 32; // magic, SHA-1 of the payload, 4 bytes of padding (the payload's floats start 8-aligned)
/** Larger files are read as before, never hashed for a key. */
const MAX_FILE_BYTES = 64 << 20;

let stamp: string | null | undefined;
/** The code that builds the entries: the version and this bundle's size and time (null: unknown, no cache). */
function codeStamp(): string | null {
  if (stamp === undefined) {
    try { const st = statSync(__filename); stamp = `${VERSION}:${st.size}:${st.mtimeMs}`; } catch { stamp = null; }
  }
  return stamp;
}

/** An entry's path for the key parts, or undefined when the cache is off. */
function entryPath(kind: 'items' | 'ngrams', parts: readonly (string | Buffer)[]): string | undefined {
  const dir = cacheDir();
  const code = codeStamp();
  if (!dir || code === null) return undefined;
  const h = createHash('sha1');
  // Each part with its length: no two lists of parts give the same stream.
  for (const p of [String(FORMAT), code, ...parts]) h.update(`${p.length}:`).update(p);
  return join(dir, 'eval-sets', `${kind}-${h.digest('hex')}.bin`);
}

/** An entry's payload, or undefined when it is missing or damaged (magic, length or checksum). */
function readEntry(path: string): Buffer | undefined {
  let b: Buffer;
  try { b = readFileSync(path); } catch { return undefined; }
  if (b.length < HEADER || !b.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const payload = b.subarray(HEADER);
  if (!createHash('sha1').update(payload).digest().equals(b.subarray(MAGIC.length, MAGIC.length + 20))) return undefined;
  return payload;
}

function writeEntry(path: string, payload: Buffer): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    const head = Buffer.alloc(HEADER);
    MAGIC.copy(head);
    createHash('sha1').update(payload).digest().copy(head, MAGIC.length);
    writeFileSync(tmp, Buffer.concat([head, payload]));
    // Written whole, then renamed: a reader never sees half an entry.
    renameSync(tmp, path);
  } catch {
    try { rmSync(tmp, { force: true }); } catch { /* no folder: nothing was written */ }
  }
}

/** readEvalFile, from the cache when this file with these options was read before. */
export async function readEvalFileCached(path: string, opts: EvalFileOptions = {}): Promise<EvalItem[]> {
  let at: string | undefined;
  if (cacheDir() && codeStamp() !== null) {
    try {
      const st = statSync(path);
      // Only a regular file is read for its key: a named pipe or a device would block here (readEvalFile refuses them).
      if (st.isFile() && st.size <= MAX_FILE_BYTES) {
        const digest = createHash('sha1').update(readFileSync(path)).digest('hex');
        at = entryPath('items', [basename(path), JSON.stringify({ ...opts, mapFlag: undefined }), digest]); // the flag only words errors
      }
    } catch { /* unreadable: readEvalFile says why */ }
  }
  const hit = at ? readEntry(at) : undefined;
  const cached = hit ? itemsOf(hit) : undefined;
  if (cached) return cached;
  const items = await readEvalFile(path, opts);
  if (at) writeEntry(at, Buffer.from(JSON.stringify(items)));
  return items;
}

function itemsOf(payload: Buffer): EvalItem[] | undefined {
  let v: unknown;
  try { v = JSON.parse(payload.toString('utf8')); } catch { return undefined; }
  const ok = Array.isArray(v) && v.length > 0 && v.every((x: Partial<EvalItem> | null) => x !== null && typeof x === 'object' && typeof x.file === 'string'
    && typeof x.index === 'number' && (x.id === null || typeof x.id === 'string') && typeof x.text === 'string');
  return ok ? (v as EvalItem[]) : undefined;
}

/** new EvalIndex(items, n), with each item's n-gram hashes from the cache when these texts were hashed before. */
export function evalIndexCached(items: readonly EvalItem[], n = DEFAULT_N): EvalIndex {
  const at = items.length ? entryPath('ngrams', [String(n), ...items.map((it) => it.text)]) : undefined;
  const hit = at ? readEntry(at) : undefined;
  const distinct = hit ? ngramsOf(hit, items.length) : undefined;
  if (distinct) return new EvalIndex(items, n, distinct);
  const index = new EvalIndex(items, n);
  if (at) writeEntry(at, ngramsPayload(index.itemNgrams()));
  return index;
}

/** The item count, the items' offsets, then their hashes: all float64. */
function ngramsPayload(sets: readonly Float64Array[]): Buffer {
  const total = sets.reduce((a, s) => a + s.length, 0);
  const out = new Float64Array(2 + sets.length + total);
  out[0] = sets.length;
  let at = 2 + sets.length;
  sets.forEach((s, i) => { out[1 + i] = at; out.set(s, at); at += s.length; });
  out[1 + sets.length] = at;
  return Buffer.from(out.buffer);
}

function ngramsOf(payload: Buffer, count: number): Float64Array[] | undefined {
  if (payload.length % 8 !== 0) return undefined;
  // Floats need an 8-aligned start: copy the few that are not.
  const bytes = payload.byteOffset % 8 === 0 ? payload : new Uint8Array(payload);
  const all = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8);
  if (all.length < 2 + count || all[0] !== count || all[1] !== 2 + count || all[1 + count] !== all.length) return undefined;
  const sets: Float64Array[] = [];
  for (let i = 0; i < count; i++) {
    const from = all[1 + i];
    const to = all[2 + i];
    if (!(to >= from)) return undefined;
    sets.push(all.subarray(from, to));
  }
  return sets;
}
