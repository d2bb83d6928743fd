// Token ids with any byte-level BPE tokenizer.json, identical to the reference (@huggingface/tokenizers), faster.
//
// Byte-level BPE never merges across the pre-tokenizer's chunks, so the ids of a text are the concatenation of the
// ids of its chunks. This tokenizer takes the reference's steps up to the chunks (the model's own added tokens, NFC,
// the Split pattern: scan.ts for Qwen's, the reference's translated regex otherwise), then looks each chunk up in a
// bounded cache and runs the reference's BPE only for chunks it has not seen. Traces repeat their words (" the",
// " \\frac", "\n\n"), so almost every chunk is a cache hit. A tokenizer.json this method does not cover (another
// normalizer or pre-tokenizer, stripping added tokens, byte fallback) is encoded by the reference itself.
import type { Tokenizer } from './index';
import { hfTokenizer, loadTokenizer, type TokenizerJson } from './model';
import { ChunkCache } from './chunk-cache';
import { QWEN_SPLIT, scanQwen } from './scan';

export interface FastTokenizer extends Tokenizer {
  /** 'qwen3', 'qwen2.5', ... or the tokenizer.json path. */
  readonly name: string;
  /** Chunks cached, and how many lookups hit the cache since the tokenizer was made. */
  stats(): { cached: number; hits: number; misses: number };
}

/** Bound on cached chunks (a few hundred MB at most); the cache starts over when full. */
export const MAX_CACHE = 400_000;
// eslint-disable-next-line no-control-regex -- any character outside ASCII
const NON_ASCII = /[^\u0000-\u007f]/;
// Scripts whose canonical compositions came with Unicode 16 (Tulu-Tigalari, Gurung Khema, Kirat Rai). Node's ICU
// composes them; the Rust tokenizers' normalization tables predate them. Such text goes to the reference unchanged,
// so the fast path never disagrees with it (the difference from Rust, if any, is the reference's).
const UNICODE16_COMPOSING = /[\u{11380}-\u{113FF}\u{16100}-\u{1613F}\u{16D40}-\u{16D7F}]/u;

/** GPT-2's byte -> printable character map of the ByteLevel pre-tokenizer. */
const BYTE_CHARS: string[] = (() => {
  const bs: number[] = [];
  for (let b = 33; b <= 126; b++) bs.push(b);
  for (let b = 161; b <= 172; b++) bs.push(b);
  for (let b = 174; b <= 255; b++) bs.push(b);
  const map = new Array<string>(256);
  let n = 0;
  for (let b = 0; b < 256; b++) map[b] = String.fromCharCode(bs.includes(b) ? b : 256 + n++);
  return map;
})();

interface HfInternals {
  encode(text: string, o: { add_special_tokens: boolean }): { ids: number[] };
  decode(ids: number[], o: { skip_special_tokens: boolean }): string;
  pre_tokenizer: { tokenizers?: { pattern?: unknown }[] } | null;
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

const made = new Map<string, FastTokenizer>();

/** The fast tokenizer for `spec` (a model folder, a tokenizer.json, a bundled name; default: model.ts), one per process. */
export function fastTokenizer(spec?: string): FastTokenizer {
  const m = loadTokenizer(spec);
  let t = made.get(m.name);
  if (!t) {
    const name = m.name;
    let ref: HfInternals | undefined;
    t = makeFast(name, m.json, () => (ref ??= hfTokenizer(name) as unknown as HfInternals));
    made.set(name, t);
  }
  return t;
}

/** The default model's fast tokenizer (kept for callers from before per-model tokenizers). */
export const fastQwenTokenizer = (): FastTokenizer => fastTokenizer();

/** `ref` builds the reference on first use: with Qwen's pattern, counting needs only the vocabulary and merges. */
function makeFast(name: string, json: TokenizerJson, ref: () => HfInternals): FastTokenizer {
  const refIds = (text: string): number[] => ref().encode(text, { add_special_tokens: false }).ids;
  let hits = 0, misses = 0;
  const cache = new ChunkCache(MAX_CACHE);
  const why = unsupported(json);
  const decode = (ids: readonly number[]) => ref().decode(ids as number[], { skip_special_tokens: false });
  if (why) {
    const encode = refIds;
    return { name, encode, decode, count: (t) => encode(t).length, specialId: (tok) => single(encode(tok)), stats: () => ({ cached: 0, hits, misses }) };
  }
  const nfc = json.normalizer?.type === 'NFC';
  const added = new Map(json.added_tokens.map((a) => [a.content, a.id]));
  const starts = [...new Set(json.added_tokens.map((a) => a.content[0]))];
  const mayHoldAdded = (text: string) => { for (const c of starts) if (text.includes(c)) return true; return false; };
  // The leftmost added token, the longest one there (as the reference's DictionarySplitter): longest first.
  const addedRe = new RegExp([...added.keys()].sort((a, b) => b.length - a.length).map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|') || '(?!)', 'g');
  const regexSplit = (json.pre_tokenizer?.pretokenizers?.[0].pattern?.Regex ?? '') !== QWEN_SPLIT;
  const refPattern = regexSplit ? ref().pre_tokenizer?.tokenizers?.[0]?.pattern : undefined;
  if (regexSplit && !(refPattern instanceof RegExp)) throw new Error(`tokenizer ${name}: the reference has no Split regex`);
  const pattern = regexSplit ? new RegExp((refPattern as RegExp).source, (refPattern as RegExp).flags.includes('g') ? (refPattern as RegExp).flags : (refPattern as RegExp).flags + 'g') : null;
  const scan = (text: string, fn: (s: number, e: number) => void) => {
    if (!pattern) return scanQwen(text, fn);
    pattern.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = pattern.exec(text)) !== null) {
      if (m[0].length === 0) { pattern.lastIndex++; continue; }
      fn(m.index, m.index + m[0].length);
    }
  };
  const bpe = bytePairEncoder(json);
  /** Ids of the chunk text[a, b). */
  const chunkIds = (text: string, a: number, b: number): number[] => {
    let ids = cache.get(text, a, b);
    if (ids !== undefined) { hits++; return ids; }
    misses++;
    const chunk = text.slice(a, b);
    ids = bpe(chunk) ?? refIds(chunk);
    cache.put(chunk, ids);
    return ids;
  };
  /** Each piece of `text` in order: an added token's id, or a plain section (not yet normalized). */
  const sections = (text: string, onAdded: (id: number) => void, onText: (s: string) => void) => {
    if (!mayHoldAdded(text)) { if (text) onText(text); return; }
    addedRe.lastIndex = 0;
    let from = 0, m: RegExpExecArray | null;
    while ((m = addedRe.exec(text)) !== null) {
      if (m.index > from) onText(text.slice(from, m.index));
      onAdded(added.get(m[0]) as number);
      from = m.index + m[0].length;
    }
    if (from < text.length) onText(from ? text.slice(from) : text);
  };
  // ASCII is already NFC; normalising it would only copy it.
  const norm = (s: string) => (nfc && NON_ASCII.test(s) ? s.normalize('NFC') : s);
  const encode = (text: string): number[] => {
    const out: number[] = [];
    sections(text, (id) => out.push(id), (raw) => {
      if (UNICODE16_COMPOSING.test(raw)) { for (const id of refIds(raw)) out.push(id); return; }
      const s = norm(raw);
      scan(s, (a, b) => { for (const id of chunkIds(s, a, b)) out.push(id); });
    });
    return out;
  };
  const count = (text: string): number => {
    let n = 0;
    sections(text, () => { n++; }, (raw) => {
      if (UNICODE16_COMPOSING.test(raw)) { n += refIds(raw).length; return; }
      const s = norm(raw);
      scan(s, (a, b) => {
        // A one-byte chunk is one token: every byte is in a byte-level vocabulary.
        if (b - a === 1 && s.charCodeAt(a) < 128) { n++; return; }
        n += chunkIds(s, a, b).length;
      });
    });
    return n;
  };
  return { name, encode, count, decode, specialId: (tok) => single(encode(tok)), stats: () => ({ cached: cache.size, hits, misses }) };
}

/**
 * Byte-level BPE of one chunk, as the reference and the Rust library do it: map the UTF-8 bytes to GPT-2's
 * characters, then merge the lowest-ranked adjacent pair, leftmost first, one merge at a time. Tables are built on
 * the first miss. Returns undefined if a piece is not in the vocabulary (the caller asks the reference).
 */
function bytePairEncoder(json: TokenizerJson): (chunk: string) => number[] | undefined {
  let vocab: Map<string, number> | undefined;
  let ranks: Map<string, number> | undefined;
  return (chunk) => {
    if (!vocab || !ranks) {
      vocab = new Map(Object.entries(json.model.vocab));
      // Byte-level tokens never hold a space (it is 'Ġ'), so 'a b' names a pair unambiguously.
      ranks = new Map(json.model.merges.map((m, i) => [Array.isArray(m) ? `${m[0]} ${m[1]}` : String(m), i]));
    }
    const parts: string[] = [];
    for (const b of Buffer.from(chunk, 'utf8')) parts.push(BYTE_CHARS[b]);
    while (parts.length > 1) {
      let best = Infinity, at = -1;
      for (let i = 0; i + 1 < parts.length; i++) {
        const r = ranks.get(`${parts[i]} ${parts[i + 1]}`);
        if (r !== undefined && r < best) { best = r; at = i; }
      }
      if (at < 0) break;
      parts.splice(at, 2, parts[at] + parts[at + 1]);
    }
    const ids: number[] = [];
    for (const p of parts) {
      const id = vocab.get(p);
      if (id === undefined) return undefined;
      ids.push(id);
    }
    return ids;
  };
}

const single = (ids: number[]) => (ids.length === 1 ? ids[0] : undefined);
