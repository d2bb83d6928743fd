// Which tokenizer counts: a model's own tokenizer.json (the folder users already have for vLLM and training), or one
// of the bundled ones (assets/tokenizers: Qwen3, Qwen2.5, DeepSeek-R1-Distill-Qwen). The reference implementation is
// Hugging Face's pure-JS @huggingface/tokenizers, which reads any tokenizer.json; fast.ts is a cache in front of it.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Tokenizer as HfTokenizer } from '@huggingface/tokenizers';

/** The bundled tokenizers, by name; `qwen3` is the default. */
export const BUNDLED_TOKENIZERS = ['qwen3', 'qwen2.5', 'deepseek-r1-distill-qwen'] as const;
export type BundledTokenizer = (typeof BUNDLED_TOKENIZERS)[number];
export const DEFAULT_TOKENIZER: BundledTokenizer = 'qwen3';
/** Set by `--tokenizer` (and passed to worker threads and child processes with the environment). */
export const TOKENIZER_ENV = 'DISTILLERY_TOKENIZER';

export interface AddedTokenJson { id: number; content: string; single_word?: boolean; lstrip?: boolean; rstrip?: boolean; normalized?: boolean; special?: boolean }
export interface TokenizerJson {
  added_tokens: AddedTokenJson[];
  normalizer: { type: string } | null;
  pre_tokenizer: { type: string; pretokenizers?: { type: string; pattern?: { Regex?: string; String?: string }; behavior?: string; invert?: boolean; use_regex?: boolean; add_prefix_space?: boolean }[] } | null;
  post_processor: unknown;
  decoder: unknown;
  model: { type: string; byte_fallback?: boolean; ignore_merges?: boolean; vocab: Record<string, number>; merges: unknown[] };
}

export interface LoadedTokenizer {
  /** 'qwen3', 'qwen2.5', ... for a bundled one, else the tokenizer.json path. */
  name: string;
  json: TokenizerJson;
  config: Record<string, unknown>;
}

/** assets/tokenizers of the installed package (beside out/) or of the repository (tests, bench). */
export function bundledTokenizersDir(): string {
  let dir = __dirname;
  for (let up = 0; up < 6; up++, dir = dirname(dir)) {
    const p = join(dir, 'assets', 'tokenizers');
    if (existsSync(join(p, 'qwen3'))) return p;
  }
  return resolve('assets', 'tokenizers');
}

/** The spec in force: the argument, else $DISTILLERY_TOKENIZER, else the bundled Qwen3. */
export function tokenizerSpec(spec?: string): string {
  const s = spec?.trim() || process.env[TOKENIZER_ENV]?.trim();
  return s || DEFAULT_TOKENIZER;
}

/** A bundled name, or the absolute path of a tokenizer.json(.gz) (a model folder names its tokenizer.json). */
export function resolveTokenizer(spec?: string): string {
  const s = tokenizerSpec(spec);
  if ((BUNDLED_TOKENIZERS as readonly string[]).includes(s)) return s;
  const p = resolve(s);
  if (!existsSync(p)) throw new Error(`tokenizer '${s}': no such file or folder (give a model folder, its tokenizer.json, or one of ${BUNDLED_TOKENIZERS.join(', ')})`);
  if (statSync(p).isDirectory()) {
    for (const f of ['tokenizer.json', 'tokenizer.json.gz']) if (existsSync(join(p, f))) return join(p, f);
    throw new Error(`tokenizer '${s}': the folder has no tokenizer.json`);
  }
  return p;
}

function readJson(path: string): unknown {
  const buf = readFileSync(path);
  try {
    return JSON.parse((path.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8'));
  } catch (e) {
    // JSON.parse quotes the text it met, newlines and all: one line on stderr.
    throw new Error(`${path}: not valid JSON (${(e as Error).message.replace(/\s+/g, ' ')}); expected a tokenizer.json (or its tokenizer_config.json)`);
  }
}

function readConfig(dir: string): Record<string, unknown> {
  const p = join(dir, 'tokenizer_config.json');
  return existsSync(p) ? readJson(p) as Record<string, unknown> : {};
}

/** Bundled Qwen2.5 and R1-distill files are Qwen3's with their own added tokens and post-processor (NOTICE.md). */
function loadBundled(name: BundledTokenizer): LoadedTokenizer {
  const root = bundledTokenizersDir();
  const dir = join(root, name);
  const overlay = join(dir, 'tokenizer.overlay.json');
  if (!existsSync(overlay)) return { name, json: readJson(join(dir, 'tokenizer.json.gz')) as TokenizerJson, config: readConfig(dir) };
  const o = readJson(overlay) as { base: BundledTokenizer } & Partial<TokenizerJson>;
  const base = loadTokenizer(o.base);
  const { base: _, ...parts } = o;
  return { name, json: { ...base.json, ...parts }, config: readConfig(dir) };
}

const loaded = new Map<string, LoadedTokenizer>();

/** The tokenizer.json named by `spec` (see tokenizerSpec), parsed once per process. */
export function loadTokenizer(spec?: string): LoadedTokenizer {
  const key = resolveTokenizer(spec);
  let t = loaded.get(key);
  if (!t) {
    t = (BUNDLED_TOKENIZERS as readonly string[]).includes(key)
      ? loadBundled(key as BundledTokenizer)
      : { name: key, json: readJson(key) as TokenizerJson, config: readConfig(dirname(key)) };
    if (!t.json?.model?.vocab || !Array.isArray(t.json.added_tokens)) throw new Error(`tokenizer '${key}' is not a tokenizer.json (no model vocabulary or added tokens)`);
    loaded.set(key, t);
  }
  return t;
}

const references = new Map<string, HfTokenizer>();

/** The reference tokenizer (@huggingface/tokenizers) for `spec`, built once per process (about 2 s). */
export function hfTokenizer(spec?: string): HfTokenizer {
  const key = resolveTokenizer(spec);
  let t = references.get(key);
  if (!t) {
    // Required on first use: most commands never count tokens.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Tokenizer } = require('@huggingface/tokenizers') as typeof import('@huggingface/tokenizers');
    const m = loadTokenizer(key);
    t = new Tokenizer(m.json, m.config);
    references.set(key, t);
  }
  return t;
}
