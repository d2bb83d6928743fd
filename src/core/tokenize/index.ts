// Token counts and ids with the tokenizer of the model in use (model.ts: a model folder, a tokenizer.json, or a
// bundled one; Qwen3's by default). This is the reference path, Hugging Face's @huggingface/tokenizers reading the
// model's own tokenizer.json; faster paths (fast.ts, parallel.ts) must give identical ids.
import { hfTokenizer, loadTokenizer } from './model';

export interface Tokenizer {
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
  count(text: string): number;
  /** Id of a special token such as '<|im_start|>', '<|im_end|>', '<|endoftext|>', '<think>'; undefined if unknown. */
  specialId(token: string): number | undefined;
}

const made = new Map<string, Tokenizer>();

/** The reference tokenizer for `spec` (see model.ts), loaded once per process (about 2 s: the vocabulary is large). */
export function referenceTokenizer(spec?: string): Tokenizer {
  const name = loadTokenizer(spec).name;
  let t = made.get(name);
  if (t) return t;
  const hf = hfTokenizer(name);
  const encode = (text: string): number[] => hf.encode(text, { add_special_tokens: false }).ids;
  t = {
    encode,
    decode: (ids) => hf.decode(ids as number[], { skip_special_tokens: false }),
    count: (text) => encode(text).length,
    specialId(token) {
      const ids = encode(token);
      return ids.length === 1 ? ids[0] : undefined;
    },
  };
  made.set(name, t);
  return t;
}

/** The reference tokenizer of the model in use ($DISTILLERY_TOKENIZER / --tokenizer, else Qwen3's). */
export const qwenTokenizer = (): Tokenizer => referenceTokenizer();
