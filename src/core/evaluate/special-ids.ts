// The ids of the special tokens a method stops on (end of thinking, end of turn) come from the served model's own
// tokenizer, never from a table: the model's tokenizer_config.json (`added_tokens_decoder`) when one is given,
// else the server's POST /tokenize (vLLM serves it beside /v1), and Qwen's ids only as the last resort, said so.
import { readFileSync } from 'node:fs';
import { QWEN_SPECIAL_IDS } from './plan';

export interface SpecialIds { ids: Record<string, number>; source: 'tokenizer_config' | 'server' | 'qwen-default' }

/** `added_tokens_decoder` of a tokenizer_config.json (the file or its folder): token text -> id. */
export function idsFromTokenizerConfig(path: string): Record<string, number> {
  const file = path.endsWith('.json') ? path : `${path.replace(/\/$/, '')}/tokenizer_config.json`;
  const config = JSON.parse(readFileSync(file, 'utf8')) as { added_tokens_decoder?: Record<string, { content?: unknown }> };
  const out: Record<string, number> = {};
  for (const [id, t] of Object.entries(config.added_tokens_decoder ?? {})) {
    if (typeof t?.content === 'string' && /^\d+$/.test(id)) out[t.content] = Number(id);
  }
  return out;
}

/** The id of `token` by the server's tokenizer, when it is one token there; undefined when unknown or several. */
export async function idFromServer(baseUrl: string, model: string, token: string, apiKey?: string, signal?: AbortSignal): Promise<number | undefined> {
  // vLLM serves /tokenize at the server root, beside /v1.
  const root = baseUrl.replace(/\/v\d+\/?$/, '');
  try {
    const res = await fetch(`${root}/tokenize`, {
      method: 'POST', signal, headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
      body: JSON.stringify({ model, prompt: token, add_special_tokens: false }),
    });
    if (!res.ok) return undefined;
    const tokens = (await res.json() as { tokens?: unknown }).tokens;
    return Array.isArray(tokens) && tokens.length === 1 && Number.isInteger(tokens[0]) ? tokens[0] as number : undefined;
  } catch {
    return undefined;
  }
}

/** Ids of `tokens` for the served model: every one from the same source, or Qwen's table when neither knows them all. */
export async function resolveSpecialIds(tokens: readonly string[], o: { chatTemplate?: string; url?: string; model?: string; apiKey?: string; signal?: AbortSignal }): Promise<SpecialIds> {
  if (o.chatTemplate && o.chatTemplate !== 'qwen') {
    const fromConfig = idsFromTokenizerConfig(o.chatTemplate);
    if (tokens.every((t) => fromConfig[t] !== undefined)) return { ids: pick(fromConfig, tokens), source: 'tokenizer_config' };
  }
  if (o.url && o.model) {
    const found: Record<string, number> = {};
    for (const t of tokens) {
      const id = await idFromServer(o.url, o.model, t, o.apiKey, o.signal);
      if (id === undefined) break;
      found[t] = id;
    }
    if (tokens.every((t) => found[t] !== undefined)) return { ids: found, source: 'server' };
  }
  return { ids: pick(QWEN_SPECIAL_IDS, tokens), source: 'qwen-default' };
}

const pick = (from: Readonly<Record<string, number>>, tokens: readonly string[]) =>
  Object.fromEntries(tokens.filter((t) => from[t] !== undefined).map((t) => [t, from[t]]));
