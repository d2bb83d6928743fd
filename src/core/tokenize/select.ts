// `--tokenizer PATH` on the commands that count tokens (tokens, eval, export): checked at once and put in the
// environment, so every count of the run (worker threads and child processes included) uses that model's tokenizer.
import { BUNDLED_TOKENIZERS, resolveTokenizer, TOKENIZER_ENV } from './model';

export const TOKENIZER_OPTION_HELP = `the model's tokenizer: its folder or tokenizer.json (default: $${TOKENIZER_ENV}, else Qwen3's; bundled: ${BUNDLED_TOKENIZERS.join(', ')})`;

/** Resolves `spec` (undefined: the default in force) and makes it the process's tokenizer; returns the resolved spec. */
export function useTokenizer(spec: string | undefined): string {
  const resolved = resolveTokenizer(spec);
  if (spec !== undefined) process.env[TOKENIZER_ENV] = resolved;
  return resolved;
}
