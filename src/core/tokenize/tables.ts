// The fast path's tables in one compact binary buffer: the merges as an integer hash table ((left id, right id) ->
// rank and merged id), the ids of the 256 byte symbols, and the few settings it needs (added tokens, NFC, the Split
// pattern). Built once from a tokenizer.json, then kept in a per-user disk cache keyed by the source files' path, size
// and modification time, so a process (or a worker thread) starts counting without parsing the 11 MB JSON or building
// its 151K-entry maps; worker threads get the same buffer shared (SharedArrayBuffer), not a copy.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { BUNDLED_TOKENIZERS, bundledTokenizersDir, loadTokenizer, resolveTokenizer, type TokenizerJson } from './model';

/** Bump when the layout or the build changes: old cache files are then ignored. */
const FORMAT = 1;
const MAGIC = 0x4b4f5444; // 'DTOK'
/** Overrides the cache folder ('' turns the disk cache off). */
export const CACHE_DIR_ENV = 'DISTILLERY_CACHE_DIR';

export interface TablesMeta {
  /** Why the chunk cache cannot stand in for the reference with this tokenizer.json, or null if it can. */
  unsupported: string | null;
  nfc: boolean;
  /** The Split pattern's regex as written in the tokenizer.json. */
  split: string;
  /** Added tokens: content and id. */
  added: [string, number][];
}

export interface BpeTables {
  meta: TablesMeta;
  /** The 256 byte symbols' ids (-1: not in the vocabulary). */
  byteIds: Int32Array;
  /** Open addressing, 4 ints a slot: left id (-1: empty), right id, rank, merged id (-1: not in the vocabulary). */
  merges: Int32Array;
  /** The buffer all of it lives in (shared with worker threads as it is). */
  buffer: ArrayBuffer | SharedArrayBuffer;
}

/** Why the chunk cache cannot stand in for the reference with this tokenizer.json, or null if it can. */
export function unsupported(j: TokenizerJson): string | null {
  if (j.normalizer && j.normalizer.type !== 'NFC') return `normalizer ${j.normalizer.type}`;
  const pre = j.pre_tokenizer;
  const parts = pre?.type === 'Sequence' ? pre.pretokenizers ?? [] : [];
  const [split, byte] = parts;
  if (parts.length !== 2 || split.type !== 'Split' || !split.pattern?.Regex || split.behavior !== 'Isolated' || split.invert) return 'pre-tokenizer other than Split + ByteLevel';
  if (byte.type !== 'ByteLevel' || byte.use_regex || byte.add_prefix_space) return 'ByteLevel with its own regex or prefix space';
  if (j.model.type !== 'BPE' || j.model.byte_fallback || j.model.ignore_merges) return 'model other than byte-level BPE';
  const odd = j.added_tokens.find((a) => a.lstrip || a.rstrip || a.single_word || a.normalized);
  return odd ? `added token ${odd.content} strips, matches single words or is normalized` : null;
}

/** GPT-2's byte -> printable character map of the ByteLevel pre-tokenizer. */
export const BYTE_CHARS: string[] = (() => {
  const bs: number[] = [];
  for (let b = 33; b <= 126; b++) bs.push(b);
  for (let b = 161; b <= 172; b++) bs.push(b);
  for (let b = 174; b <= 255; b++) bs.push(b);
  const map = new Array<string>(256);
  let n = 0;
  for (let b = 0; b < 256; b++) map[b] = String.fromCharCode(bs.includes(b) ? b : 256 + n++);
  return map;
})();

/** Slot of the pair (a, b) in `merges` (4 ints a slot), or of the empty slot where it would go. */
export function mergeSlot(merges: Int32Array, a: number, b: number): number {
  const mask = (merges.length >> 2) - 1;
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77);
  h ^= h >>> 15;
  for (let i = h & mask; ; i = (i + 1) & mask) {
    const s = i << 2;
    const k = merges[s];
    if (k === -1 || (k === a && merges[s + 1] === b)) return s;
  }
}

const HEADER_INTS = 4; // magic, format, meta bytes (padded to 4), merge slots

function layout(metaBytes: number, slots: number) {
  const metaAt = HEADER_INTS * 4;
  const bytesAt = metaAt + metaBytes;
  const mergesAt = bytesAt + 256 * 4;
  return { metaAt, bytesAt, mergesAt, total: mergesAt + slots * 16 };
}

/** The tables of a parsed tokenizer.json, in a SharedArrayBuffer. */
export function buildTables(j: TokenizerJson): BpeTables {
  const why = unsupported(j);
  const meta: TablesMeta = {
    unsupported: why, nfc: j.normalizer?.type === 'NFC', split: j.pre_tokenizer?.pretokenizers?.[0]?.pattern?.Regex ?? '',
    added: j.added_tokens.map((a) => [a.content, a.id]),
  };
  const metaJson = Buffer.from(JSON.stringify(meta), 'utf8');
  const metaBytes = (metaJson.length + 3) & ~3;
  const merges = why ? [] : j.model.merges;
  let slots = 1;
  while (slots < merges.length * 2) slots <<= 1;
  const l = layout(metaBytes, slots);
  const buffer = new SharedArrayBuffer(l.total);
  new Int32Array(buffer, 0, HEADER_INTS).set([MAGIC, FORMAT, metaBytes, slots]);
  new Uint8Array(buffer, l.metaAt, metaBytes).set(metaJson);
  new Uint8Array(buffer, l.metaAt + metaJson.length, metaBytes - metaJson.length).fill(0x20);
  const byteIds = new Int32Array(buffer, l.bytesAt, 256).fill(-1);
  const table = new Int32Array(buffer, l.mergesAt, slots * 4).fill(-1);
  if (!why) {
    const vocab = new Map(Object.entries(j.model.vocab));
    for (let b = 0; b < 256; b++) byteIds[b] = vocab.get(BYTE_CHARS[b]) ?? -1;
    // As the reference's rank map: a pair listed twice keeps its last rank. A pair whose side is not in the
    // vocabulary can never be formed (see bpe.ts), so it is left out.
    merges.forEach((m, rank) => {
      const [x, y] = Array.isArray(m) ? m as string[] : String(m).split(' ', 2);
      const a = vocab.get(x), b = vocab.get(y);
      if (a === undefined || b === undefined) return;
      const s = mergeSlot(table, a, b);
      table[s] = a; table[s + 1] = b; table[s + 2] = rank; table[s + 3] = vocab.get(x + y) ?? -1;
    });
  }
  return { meta, byteIds, merges: table, buffer };
}

/** Reads tables from a buffer made by buildTables (undefined if it is not one of this format). */
export function tablesFromBuffer(buffer: ArrayBuffer | SharedArrayBuffer): BpeTables | undefined {
  if (buffer.byteLength < HEADER_INTS * 4) return undefined;
  const [magic, format, metaBytes, slots] = new Int32Array(buffer, 0, HEADER_INTS);
  if (magic !== MAGIC || format !== FORMAT || metaBytes < 0 || slots <= 0 || (slots & (slots - 1)) !== 0) return undefined;
  const l = layout(metaBytes, slots);
  if (l.total !== buffer.byteLength) return undefined;
  const meta = JSON.parse(Buffer.from(buffer, l.metaAt, metaBytes).toString('utf8')) as TablesMeta;
  return { meta, byteIds: new Int32Array(buffer, l.bytesAt, 256), merges: new Int32Array(buffer, l.mergesAt, slots * 4), buffer };
}

/** The cache folder: $DISTILLERY_CACHE_DIR, else $XDG_CACHE_HOME/distillery, else ~/.cache/distillery ('' if off). */
export function cacheDir(): string {
  const env = process.env[CACHE_DIR_ENV];
  if (env !== undefined) return env.trim();
  const base = process.env.XDG_CACHE_HOME?.trim() || join(homedir(), '.cache');
  return join(base, 'distillery');
}

/** The files a resolved spec is read from (a bundled overlay also reads Qwen3's file). */
function sourceFiles(key: string): string[] {
  if (!(BUNDLED_TOKENIZERS as readonly string[]).includes(key)) return [key];
  const root = bundledTokenizersDir();
  const files = [join(root, 'qwen3', 'tokenizer.json.gz')];
  if (key !== 'qwen3') files.push(join(root, key, 'tokenizer.overlay.json'));
  return files;
}

/** The cache file of a resolved spec: its name hashes the source files' paths, sizes and modification times. */
export function cacheFile(key: string): string | undefined {
  const dir = cacheDir();
  if (!dir) return undefined;
  const h = createHash('sha256').update(`${FORMAT}\0${key}`);
  for (const f of sourceFiles(key)) {
    const s = statSync(f, { throwIfNoEntry: false });
    if (!s) return undefined;
    h.update(`\0${f}\0${s.size}\0${s.mtimeMs}\0${s.ino}`);
  }
  return join(dir, 'tokenizers', `${h.digest('hex').slice(0, 32)}.bin`);
}

function readCached(file: string): BpeTables | undefined {
  try {
    const buf = readFileSync(file);
    const shared = new SharedArrayBuffer(buf.length);
    new Uint8Array(shared).set(buf);
    return tablesFromBuffer(shared);
  } catch {
    return undefined;
  }
}

function writeCached(file: string, t: BpeTables): void {
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(tmp, new Uint8Array(t.buffer));
    renameSync(tmp, file); // whole or not at all: a reader never sees half a file
  } catch {
    // A read-only home or a full disk: the tables are rebuilt next time, nothing else changes.
  }
}

const made = new Map<string, BpeTables>();

/** The tables of `spec` (model.ts), from memory, the disk cache, or built from the tokenizer.json (then cached). */
export function tokenizerTables(spec?: string): BpeTables {
  const key = resolveTokenizer(spec);
  let t = made.get(key);
  if (t) return t;
  const file = cacheFile(key);
  t = file ? readCached(file) : undefined;
  if (!t) {
    t = buildTables(loadTokenizer(key).json);
    if (file) writeCached(file, t);
  }
  made.set(key, t);
  return t;
}

/** Makes `buffer` (tables a parent thread loaded) the tables of `spec` in this thread. */
export function adoptTables(spec: string, buffer: SharedArrayBuffer): void {
  const key = resolveTokenizer(spec);
  const t = tablesFromBuffer(buffer);
  if (t && !made.has(key)) made.set(key, t);
}
