// The fast path's tables in one compact binary buffer: the merges as an integer hash table ((left id, right id) ->
// rank and merged id), the ids of the 256 byte symbols, the pre-tokenizer's class of every BMP character (scan.ts),
// and the few settings it needs (added tokens, NFC, the Split pattern). Built once from a tokenizer.json, then kept in a per-user disk cache keyed by the source files' path, size
// and modification time, so a process (or a worker thread) starts counting without parsing the 11 MB JSON or building
// its 151K-entry maps; worker threads get the same buffer shared (SharedArrayBuffer), not a copy.
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE_DIR_ENV, cacheDir } from '../cache-dir';
import { BUNDLED_TOKENIZERS, bundledTokenizersDir, loadTokenizer, resolveTokenizer, type TokenizerJson } from './model';
import { classTable, presetClasses } from './scan';
import { ChunkCache, MAX_CACHED_CHUNK, type CacheParts } from './chunk-cache';
import { BytePairEncoder } from './bpe';

/** Bump when the layout or the build changes: old cache files are then ignored. */
const FORMAT = 4;
const MAGIC = 0x4b4f5444; // 'DTOK'

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
  /** scan.ts's class of every BMP code unit (this Node's Unicode version). */
  classes: Uint8Array;
  /** Open addressing, 4 ints a slot: left id (-1: empty), right id, rank, merged id (-1: not in the vocabulary). */
  merges: Int32Array;
  /** Every vocabulary entry that is whole text, as a read-only chunk cache (chunk-cache.ts's arrays). */
  vocabulary?: CacheParts;
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

// magic, format, meta bytes (padded to 4), merge slots, dictionary slots, dictionary ids, dictionary key units
const HEADER_INTS = 7;

function layout(h: { metaBytes: number; slots: number; dictSlots: number; dictIds: number; dictKeys: number }) {
  const metaAt = HEADER_INTS * 4;
  const bytesAt = metaAt + h.metaBytes;
  const classesAt = bytesAt + 256 * 4;
  const mergesAt = classesAt + 0x10000;
  const dictSlotsAt = mergesAt + h.slots * 16;
  const dictIdsAt = dictSlotsAt + h.dictSlots * 16;
  const dictKeysAt = dictIdsAt + h.dictIds * 4;
  return { metaAt, bytesAt, classesAt, mergesAt, dictSlotsAt, dictIdsAt, dictKeysAt, total: dictKeysAt + h.dictKeys * 2 };
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
  const byteIds = new Int32Array(256).fill(-1);
  const table = new Int32Array(slots * 4).fill(-1);
  const classes = classTable();
  let dict: CacheParts = { slots: new Int32Array(4), keys: new Uint16Array(0), ids: new Int32Array(1) };
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
    dict = vocabularyChunks(vocab, { meta, byteIds, classes, merges: table, buffer: table.buffer as ArrayBuffer });
  }
  const h = { metaBytes, slots, dictSlots: dict.slots.length >> 2, dictIds: dict.ids.length, dictKeys: dict.keys.length };
  const l = layout(h);
  const buffer = new SharedArrayBuffer(l.total);
  new Int32Array(buffer, 0, HEADER_INTS).set([MAGIC, FORMAT, metaBytes, slots, h.dictSlots, h.dictIds, h.dictKeys]);
  new Uint8Array(buffer, l.metaAt, metaBytes).set(metaJson);
  new Uint8Array(buffer, l.metaAt + metaJson.length, metaBytes - metaJson.length).fill(0x20);
  new Int32Array(buffer, l.bytesAt, 256).set(byteIds);
  new Uint8Array(buffer, l.classesAt, 0x10000).set(classes);
  new Int32Array(buffer, l.mergesAt, slots * 4).set(table);
  new Int32Array(buffer, l.dictSlotsAt, h.dictSlots * 4).set(dict.slots);
  new Int32Array(buffer, l.dictIdsAt, h.dictIds).set(dict.ids);
  new Uint16Array(buffer, l.dictKeysAt, h.dictKeys).set(dict.keys);
  return tablesFromBuffer(buffer) as BpeTables;
}

/**
 * Every vocabulary entry that is whole UTF-8 text, as a chunk with its ids (the BPE's, so a hit is exact whether or
 * not the entry is one token): a thread starts with the words of any text already known, and runs the BPE only for
 * chunks of several tokens.
 */
function vocabularyChunks(vocab: Map<string, number>, t: BpeTables): CacheParts {
  const byteOf = new Map(BYTE_CHARS.map((c, b) => [c, b]));
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const bpe = new BytePairEncoder(t);
  const cache = new ChunkCache(vocab.size + 1, 1 << 12, 0.75);
  const ids = new Int32Array(4096);
  const bytes = new Uint8Array(1024);
  for (const token of vocab.keys()) {
    if (token.length > bytes.length) continue;
    let ok = true;
    for (let i = 0; i < token.length && ok; i++) {
      const b = byteOf.get(token[i]);
      if (b === undefined) ok = false; else bytes[i] = b;
    }
    if (!ok) continue;
    let text: string;
    try { text = utf8.decode(bytes.subarray(0, token.length)); } catch { continue; }
    if (text.length < 2 || text.length > MAX_CACHED_CHUNK || cache.get(text, 0, text.length) !== 0) continue;
    const n = bpe.encode(text, 0, text.length, ids, 0);
    if (n > 0) cache.put(text, 0, text.length, ids, 0, n);
  }
  return cache.parts();
}

/** Reads tables from a buffer made by buildTables (undefined if it is not one of this format). */
export function tablesFromBuffer(buffer: ArrayBuffer | SharedArrayBuffer): BpeTables | undefined {
  if (buffer.byteLength < HEADER_INTS * 4) return undefined;
  const [magic, format, metaBytes, slots, dictSlots, dictIds, dictKeys] = new Int32Array(buffer, 0, HEADER_INTS);
  if (magic !== MAGIC || format !== FORMAT || metaBytes < 0 || slots <= 0 || (slots & (slots - 1)) !== 0) return undefined;
  if (dictSlots <= 0 || (dictSlots & (dictSlots - 1)) !== 0 || dictIds < 1 || dictKeys < 0) return undefined;
  const l = layout({ metaBytes, slots, dictSlots, dictIds, dictKeys });
  if (l.total !== buffer.byteLength) return undefined;
  const meta = JSON.parse(Buffer.from(buffer, l.metaAt, metaBytes).toString('utf8')) as TablesMeta;
  return {
    meta, byteIds: new Int32Array(buffer, l.bytesAt, 256), classes: new Uint8Array(buffer, l.classesAt, 0x10000),
    merges: new Int32Array(buffer, l.mergesAt, slots * 4), buffer,
    vocabulary: { slots: new Int32Array(buffer, l.dictSlotsAt, dictSlots * 4), ids: new Int32Array(buffer, l.dictIdsAt, dictIds), keys: new Uint16Array(buffer, l.dictKeysAt, dictKeys) },
  };
}

// The cache folder (cache-dir.ts: shared with the evaluation sets' cache).
export { CACHE_DIR_ENV, cacheDir };

/** The files a resolved spec is read from (a bundled overlay also reads Qwen3's file). */
function sourceFiles(key: string): string[] {
  if (!(BUNDLED_TOKENIZERS as readonly string[]).includes(key)) return [key];
  const root = bundledTokenizersDir();
  const files = [join(root, 'qwen3', 'tokenizer.json.gz')];
  if (key !== 'qwen3') files.push(join(root, key, 'tokenizer.overlay.json'));
  return files;
}

/**
 * The cache file of a resolved spec: its name hashes the source files' paths, sizes and modification times, and
 * Node's Unicode version (the class table is this Node's).
 */
export function cacheFile(key: string): string | undefined {
  const dir = cacheDir();
  if (!dir) return undefined;
  const h = createHash('sha256').update(`${FORMAT}\0${process.versions.unicode}\0${key}`);
  for (const f of sourceFiles(key)) {
    const s = statSync(f, { throwIfNoEntry: false });
    if (!s) return undefined;
    h.update(`\0${f}\0${s.size}\0${s.mtimeMs}\0${s.ino}`);
  }
  return join(dir, 'tokenizers', `${h.digest('hex').slice(0, 32)}.bin`);
}

function readCached(file: string): BpeTables | undefined {
  let fd = -1;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    // Read straight into the shared buffer: no copy on the way.
    const shared = new SharedArrayBuffer(size);
    const view = new Uint8Array(shared);
    for (let at = 0; at < size;) {
      const n = readSync(fd, view, at, size - at, at);
      if (n <= 0) return undefined;
      at += n;
    }
    return tablesFromBuffer(shared);
  } catch {
    return undefined;
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

function writeCached(file: string, t: BpeTables): void {
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(tmp, new Uint8Array(t.buffer));
    renameSync(tmp, file); // whole or not at all: a reader never sees half a file
    prune(join(file, '..'));
  } catch {
    // A read-only home or a full disk: the tables are rebuilt next time, nothing else changes.
  }
}

/** Cache files kept (about 15 MB each for Qwen's): the most recently written. */
const KEEP_FILES = 8;

function prune(dir: string): void {
  const files = readdirSync(dir).filter((f) => f.endsWith('.bin')).map((f) => ({ f: join(dir, f), t: statSync(join(dir, f), { throwIfNoEntry: false })?.mtimeMs ?? 0 }));
  files.sort((a, b) => b.t - a.t);
  for (const { f } of files.slice(KEEP_FILES)) rmSync(f, { force: true });
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
  presetClasses(t.classes);
  made.set(key, t);
  return t;
}

/** Makes `buffer` (tables a parent thread loaded) the tables of `spec` in this thread. */
export function adoptTables(spec: string, buffer: SharedArrayBuffer): void {
  const key = resolveTokenizer(spec);
  const t = tablesFromBuffer(buffer);
  if (!t || made.has(key)) return;
  presetClasses(t.classes);
  made.set(key, t);
}
