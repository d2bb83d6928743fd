// Token ids with any byte-level BPE tokenizer.json, identical to the reference (@huggingface/tokenizers), faster.
//
// Byte-level BPE never merges across the pre-tokenizer's chunks, so the ids of a text are the concatenation of the
// ids of its chunks. This tokenizer takes the reference's steps up to the chunks (the model's own added tokens, NFC,
// the Split pattern: scan.ts for Qwen's, the reference's translated regex otherwise), then looks each chunk up in a
// bounded cache (chunk-cache.ts) and runs its own integer BPE (bpe.ts, on tables.ts's compact tables) only for chunks
// it has not seen. Traces repeat their words (" the", " \\frac", "\n\n"), so almost every chunk is a cache hit. A
// tokenizer.json this method does not cover (another normalizer or pre-tokenizer, stripping added tokens, byte
// fallback) is encoded by the reference itself.
import type { Tokenizer } from './index';
import { hfTokenizer, resolveTokenizer } from './model';
import { ChunkCache } from './chunk-cache';
import { BytePairEncoder } from './bpe';
import { QWEN_SPLIT, scanQwenInto } from './scan';
import { tokenizerTables, type BpeTables } from './tables';

export { unsupported } from './tables';

export interface FastTokenizer extends Tokenizer {
  /** 'qwen3', 'qwen2.5', ... or the tokenizer.json path. */
  readonly name: string;
  /** Chunks cached, and how many lookups hit the cache since the tokenizer was made. */
  stats(): { cached: number; hits: number; misses: number };
}

/** Bound on cached chunks (some tens of MB at most); the cache starts over when full. */
export const MAX_CACHE = 400_000;
// eslint-disable-next-line no-control-regex -- any character outside ASCII
const NON_ASCII = /[^\u0000-\u007f]/;
// Scripts whose canonical compositions came with Unicode 16 (Tulu-Tigalari, Gurung Khema, Kirat Rai). Node's ICU
// composes them; the Rust tokenizers' normalization tables predate them. Such text goes to the reference unchanged,
// so the fast path never disagrees with it (the difference from Rust, if any, is the reference's).
const UNICODE16_COMPOSING = /[\u{11380}-\u{113FF}\u{16100}-\u{1613F}\u{16D40}-\u{16D7F}]/u;

interface HfInternals {
  encode(text: string, o: { add_special_tokens: boolean }): { ids: number[] };
  decode(ids: number[], o: { skip_special_tokens: boolean }): string;
  pre_tokenizer: { tokenizers?: { pattern?: unknown }[] } | null;
}

const made = new Map<string, FastTokenizer>();

/** The fast tokenizer for `spec` (a model folder, a tokenizer.json, a bundled name; default: model.ts), one per process. */
export function fastTokenizer(spec?: string): FastTokenizer {
  const name = resolveTokenizer(spec);
  let t = made.get(name);
  if (!t) {
    let ref: HfInternals | undefined;
    t = makeFast(name, tokenizerTables(name), () => (ref ??= hfTokenizer(name) as unknown as HfInternals));
    made.set(name, t);
  }
  return t;
}

/** A fast tokenizer for `spec` with a chunk cache of its own (the tables are the process's): parallel.ts's caller. */
export function newFastTokenizer(spec?: string): FastTokenizer {
  const name = resolveTokenizer(spec);
  let ref: HfInternals | undefined;
  return makeFast(name, tokenizerTables(name), () => (ref ??= hfTokenizer(name) as unknown as HfInternals));
}

/** The default model's fast tokenizer (kept for callers from before per-model tokenizers). */
export const fastQwenTokenizer = (): FastTokenizer => fastTokenizer();

/** `ref` builds the reference on first use: with Qwen's pattern, counting needs only the compact tables. */
function makeFast(name: string, tables: BpeTables, ref: () => HfInternals): FastTokenizer {
  const refIds = (text: string): number[] => ref().encode(text, { add_special_tokens: false }).ids;
  const decode = (ids: readonly number[]) => ref().decode(ids as number[], { skip_special_tokens: false });
  const { meta } = tables;
  if (meta.unsupported) {
    const encode = refIds;
    return { name, encode, decode, count: (t) => encode(t).length, specialId: (tok) => single(encode(tok)), stats: () => ({ cached: 0, hits: 0, misses: 0 }) };
  }
  const core = new FastCore(tables, refIds, meta.split === QWEN_SPLIT ? null : () => splitRegex(name, ref()));
  const encode = (text: string): number[] => { const out: number[] = []; core.run(text, out); return out; };
  return { name, encode, count: (text) => core.run(text, null), decode, specialId: (tok) => single(encode(tok)), stats: () => core.stats() };
}

function splitRegex(name: string, ref: HfInternals): RegExp {
  const p = ref.pre_tokenizer?.tokenizers?.[0]?.pattern;
  if (!(p instanceof RegExp)) throw new Error(`tokenizer ${name}: the reference has no Split regex`);
  return new RegExp(p.source, p.flags.includes('g') ? p.flags : p.flags + 'g');
}

/** Ends of the chunks from `from` into `ends` (see scanQwenInto). */
type Splitter = (text: string, from: number, ends: Int32Array) => number;

class FastCore {
  private readonly cache = new ChunkCache(MAX_CACHE);
  /** The vocabulary's chunks, shared by every thread (tables.ts); looked up when `cache` misses. */
  private readonly vocabulary: ChunkCache | null;
  private readonly bpe: BytePairEncoder;
  private readonly ends = new Int32Array(128);
  private tmp = new Int32Array(1024);
  private readonly byteIds: Int32Array;
  private readonly nfc: boolean;
  private readonly added: Map<string, number>;
  /** Added tokens by their first UTF-16 unit, longest first (the reference takes the longest at the leftmost place). */
  private readonly byFirst = new Map<number, string[]>();
  private readonly firsts: string[];
  private split: Splitter | undefined;
  private hits = 0;
  private misses = 0;

  constructor(tables: BpeTables, private readonly refIds: (text: string) => number[], private readonly regex: (() => RegExp) | null) {
    this.bpe = new BytePairEncoder(tables);
    this.vocabulary = tables.vocabulary ? ChunkCache.frozen(tables.vocabulary) : null;
    this.byteIds = tables.byteIds;
    this.nfc = tables.meta.nfc;
    this.added = new Map(tables.meta.added);
    for (const [content] of tables.meta.added) {
      if (!content) continue;
      const c = content.charCodeAt(0);
      const list = this.byFirst.get(c) ?? [];
      list.push(content);
      this.byFirst.set(c, list);
    }
    for (const list of this.byFirst.values()) list.sort((a, b) => b.length - a.length);
    this.firsts = [...this.byFirst.keys()].map((c) => String.fromCharCode(c));
    if (!regex) this.split = scanQwenInto;
  }

  stats() { return { cached: this.cache.size, hits: this.hits, misses: this.misses }; }

  /** Encodes `text` into `out` (ids), or counts its tokens when `out` is null; returns the count. */
  run(text: string, out: number[] | null): number {
    let n = 0, from = 0;
    for (;;) {
      const [at, len] = this.nextAdded(text, from);
      if (at < 0) break;
      if (at > from) n += this.section(text.slice(from, at), out);
      const id = this.added.get(text.slice(at, at + len)) as number;
      out?.push(id);
      n++;
      from = at + len;
    }
    if (from < text.length) n += this.section(from ? text.slice(from) : text, out);
    return n;
  }

  /** The leftmost added token at or after `from`: its place and length, or [-1, 0]. */
  private nextAdded(text: string, from: number): [number, number] {
    let best = -1, bestLen = 0;
    for (const f of this.firsts) {
      let i = text.indexOf(f, from);
      while (i >= 0 && (best < 0 || i < best)) {
        const hit = (this.byFirst.get(f.charCodeAt(0)) as string[]).find((c) => text.startsWith(c, i));
        if (hit) { best = i; bestLen = hit.length; break; }
        i = text.indexOf(f, i + 1);
      }
    }
    return [best, bestLen];
  }

  /** A text between added tokens: normalized, split into chunks, each chunk's ids from the cache or the BPE. */
  private section(raw: string, out: number[] | null): number {
    if (UNICODE16_COMPOSING.test(raw)) {
      const ids = this.refIds(raw);
      if (out) for (const id of ids) out.push(id);
      return ids.length;
    }
    // ASCII is already NFC; normalising it would only copy it.
    const s = this.nfc && NON_ASCII.test(raw) ? raw.normalize('NFC') : raw;
    const split = this.split ?? (this.split = regexSplitter(this.regex!()));
    const ends = this.ends, byteIds = this.byteIds, cache = this.cache;
    const len = s.length;
    let n = 0, a = 0;
    while (a < len) {
      const k = split(s, a, ends);
      for (let i = 0; i < k; i++) {
        const b = ends[i];
        const c = s.charCodeAt(a);
        // A one-byte chunk is one token: every byte is in a byte-level vocabulary.
        if (b - a === 1 && c < 128 && byteIds[c] >= 0) {
          n++;
          if (out) out.push(byteIds[c]);
        } else {
          let off = cache.get(s, a, b);
          if (off !== 0) this.hits++;
          else off = this.miss(s, a, b);
          if (off > 0) {
            const ids = cache.ids, m = ids[off];
            n += m;
            if (out) for (let j = 1; j <= m; j++) out.push(ids[off + j]);
          } else {
            // Not cached (a long chunk): its ids are in tmp, their count is -off.
            n -= off;
            if (out) for (let j = 0; j < -off; j++) out.push(this.tmp[j]);
          }
        }
        a = b;
      }
    }
    return n;
  }

  /** BPE of a chunk the cache missed; returns its offset in the cache's ids, or minus its count (ids in tmp). */
  private miss(s: string, a: number, b: number): number {
    const v = this.vocabulary;
    const known = v ? v.get(s, a, b) : 0;
    if (known > 0) { this.hits++; return this.cache.put(s, a, b, (v as ChunkCache).ids, known + 1, (v as ChunkCache).ids[known]) || this.vocabularyIds(known); }
    this.misses++;
    if (this.tmp.length < (b - a) * 3 + 4) this.tmp = new Int32Array((b - a) * 3 + 64);
    let m = this.bpe.encode(s, a, b, this.tmp, 0);
    if (m < 0) {
      const ids = this.refIds(s.slice(a, b));
      if (this.tmp.length < ids.length) this.tmp = new Int32Array(ids.length + 64);
      this.tmp.set(ids);
      m = ids.length;
    }
    const off = this.cache.put(s, a, b, this.tmp, 0, m);
    return off > 0 ? off : -m;
  }

  /** The ids of a vocabulary chunk the cache did not take, into tmp; minus their count. */
  private vocabularyIds(known: number): number {
    const ids = (this.vocabulary as ChunkCache).ids, m = ids[known];
    for (let j = 0; j < m; j++) this.tmp[j] = ids[known + 1 + j];
    return -m;
  }
}

/** A Splitter from a Split regex with Isolated behaviour: the matches and the text between them are chunks. */
function regexSplitter(pattern: RegExp): Splitter {
  return (text, from, ends) => {
    const cap = ends.length - 1; // room for a gap and a match
    let out = 0, at = from;
    pattern.lastIndex = from;
    while (out < cap) {
      const m = pattern.exec(text);
      if (m === null) { if (at < text.length) ends[out++] = text.length; break; }
      if (m[0].length === 0) { pattern.lastIndex++; continue; }
      if (m.index > at) ends[out++] = m.index;
      at = m.index + m[0].length;
      ends[out++] = at;
    }
    return out;
  };
}

const single = (ids: number[]) => (ids.length === 1 ? ids[0] : undefined);
