// The one request of a generated sample: a chat completion of the question (with an optional system turn),
// sampled with the run's settings and a seed per sample index, so the sixteen samples of a question are sixteen
// distinct requests (sixteen equal bodies would be one request to the cache). The same body goes to a live
// server and into a batch file.
import type { ChatRequest } from '../backend/client';
import type { ThinkingFormatName } from '../prompt/formats';
import { qwenChat } from '../prompt/chat';

export interface GenerateSettings {
  samples: number;
  temperature: number;
  topP: number;
  /** max_tokens asked for; null: the context's room on vLLM, the provider's default on a hosted API. */
  maxTokens: number | null;
  format: ThinkingFormatName;
  system: string | null;
  /** Sample index i is sent with seed `seed + i`. */
  seed: number;
  /** vLLM (or the replay server): its extras are sent (skip_special_tokens false keeps s1's delimiters). */
  vllm: boolean;
  /** The server's context length when it said (vLLM's max_model_len): max_tokens is capped to the prompt's room. */
  maxModelTokens: number | null;
  /** Stream the reply (long generations through proxies that cut silent connections), or wait for one JSON body. */
  stream: boolean;
}

export const DEFAULT_SETTINGS: Omit<GenerateSettings, 'vllm' | 'maxModelTokens'> = {
  samples: 16, temperature: 0.7, topP: 0.95, maxTokens: null, format: 's1', system: null, seed: 42, stream: false,
};

/** Settings a resumed run must share with its start: samples of other settings would mix in one run. */
export const FIXED_SETTINGS = ['temperature', 'topP', 'maxTokens', 'format', 'system', 'seed'] as const;

/** Tokens kept free between the prompt and the context's end (chat template drift). */
const MARGIN = 64;

/** Counts a prompt's tokens only when its bytes could come near the context (a token is at least one byte). */
export function promptRoom(messages: ChatRequest['messages'], s: GenerateSettings, countTokens: (text: string) => number): number | null {
  if (!s.maxModelTokens) return s.maxTokens;
  const want = s.maxTokens ?? s.maxModelTokens;
  const text = qwenChat(messages);
  if (Buffer.byteLength(text) + want + MARGIN <= s.maxModelTokens) return want;
  return Math.max(1, Math.min(want, s.maxModelTokens - countTokens(text) - MARGIN));
}

export function chatMessages(question: string, system: string | null): ChatRequest['messages'] {
  return [...(system ? [{ role: 'system' as const, content: system }] : []), { role: 'user' as const, content: question }];
}

/** The body of sample `index` of a question; `maxTokens` from promptRoom (computed once per question). */
export function chatRequest(messages: ChatRequest['messages'], index: number, s: GenerateSettings, maxTokens: number | null): ChatRequest {
  return {
    messages, temperature: s.temperature, top_p: s.topP, seed: s.seed + index,
    ...(maxTokens ? { max_tokens: maxTokens } : {}),
    ...(s.vllm ? { skip_special_tokens: false } : {}),
    ...(s.stream ? {} : { stream: false }),
  };
}

/** custom_id of a sample in a batch file: `s<sample id>-i<index>`. */
export const customId = (sampleId: number, index: number) => `s${sampleId}-i${index}`;

export function parseCustomId(id: unknown): { sampleId: number; index: number } | undefined {
  const m = typeof id === 'string' ? /^s(\d+)-i(\d+)$/.exec(id) : null;
  return m ? { sampleId: Number(m[1]), index: Number(m[2]) } : undefined;
}
