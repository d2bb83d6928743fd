// `--tokenizer PATH` on the commands that count tokens (tokens, eval, export): checked at once and put in the
// environment, so every count of the run (worker threads and child processes included) uses that model's tokenizer.
import { BUNDLED_TOKENIZERS, resolveTokenizer, TOKENIZER_ENV } from './model';
import { tokenizerTables } from './tables';

export const TOKENIZER_OPTION_HELP = `the model's tokenizer: its folder or tokenizer.json (default: $${TOKENIZER_ENV}, else Qwen3's; bundled: ${BUNDLED_TOKENIZERS.join(', ')})`;

/** A `--tokenizer` that names no file (missing, a folder without tokenizer.json): the command's mistake, not its input's. */
export class TokenizerPathError extends Error {}

/**
 * Resolves `spec` (undefined: the default in force, $DISTILLERY_TOKENIZER or Qwen3's) and makes it the process's
 * tokenizer; returns the resolved spec. A file, given or named by the variable, is loaded here, once, before any
 * work (its tables stay in memory for the counts that follow): one that is not JSON or not a tokenizer.json is
 * refused now (an Error naming the path), not when counting starts.
 */
export function useTokenizer(spec: string | undefined): string {
  let resolved: string;
  try { resolved = resolveTokenizer(spec); } catch (e) { throw new TokenizerPathError((e as Error).message); }
  if (!(BUNDLED_TOKENIZERS as readonly string[]).includes(resolved)) tokenizerTables(resolved);
  if (spec !== undefined) process.env[TOKENIZER_ENV] = resolved;
  return resolved;
}

/** Where the tokenizer in force was named, for messages: the flag, the variable, or nowhere (the default). */
export function tokenizerSource(spec: string | undefined): string | undefined {
  if (spec?.trim()) return '--tokenizer';
  return process.env[TOKENIZER_ENV]?.trim() ? `$${TOKENIZER_ENV}` : undefined;
}
