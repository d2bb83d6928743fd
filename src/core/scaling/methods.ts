// Test-time scaling methods, exactly as s1 runs them on vLLM (see docs/data-formats.md):
// - thinking calls stop on the end-of-thinking and end-of-turn token ids (skip_special_tokens false);
// - an early stop with continuations left appends the continuation word and goes on with the remaining budget
//   (budget minus the completion tokens of the thinking calls so far, from the server's usage);
// - a spent budget appends the end-of-thinking delimiter and "Final Answer:", then generates the answer.
// Truncation is budget forcing with no continuations; class-conditional adds a prompt and does not truncate.
import type { Backend, CompletionRequest } from '../backend/client';
import { splitResponse } from '../ingest/split-thinking';
import { CLASS_PROMPTS, END_OF_TURN, type ClassPrompt, type ThinkingFormat } from '../prompt/formats';
import type { ChatRenderer } from '../prompt/chat';

/** The test-time scaling methods, listed once: the CLI's choices, saved configs and the schema follow this list. */
export const METHODS = ['none', 'truncation', 'budget-forcing', 'class-conditional'] as const;
export type MethodName = (typeof METHODS)[number];
export const DEFAULT_BUDGETS: readonly (number | null)[] = [500, 1000, 2000, 4000, 8000, null];

export interface MethodSpec {
  method: MethodName;
  /** Thinking-token budget; null = unlimited. */
  budget: number | null;
  /** Continuations (ignored end-of-thinking) allowed; budget forcing only. */
  wait: number;
  waitWord: string;
  prompt?: ClassPrompt;
}

/** Every sampling parameter vLLM would otherwise fill in from the model's generation_config.json (vLLM's
 *  `--generation-config auto`: Qwen2.5 instruct ships repetition_penalty 1.05, which survives greedy decoding). */
export interface PinnedSampling { top_p: number; top_k: number; min_p: number; repetition_penalty: number }
/** s1's explicit values: plain decoding, no penalties; top_k -1 means "all tokens" in every vLLM version. */
export const DEFAULT_SAMPLING: Readonly<PinnedSampling> = { top_p: 1, top_k: -1, min_p: 0, repetition_penalty: 1 };

export interface GenerationSettings {
  format: ThinkingFormat;
  chat: ChatRenderer;
  temperature: number;
  /** Sent when sampling (temperature > 0); s1 uses 42. */
  seed: number;
  sampling: PinnedSampling;
  /** max_tokens of an unlimited thinking phase and of plain decoding (always capped to the context). */
  maxThinkingTokens: number;
  /** max_tokens of the answer phase; null: whatever the context has left, as s1 does. */
  maxAnswerTokens: number | null;
  /** The server's context length (vLLM rejects prompt + max_tokens beyond it); 0 = do not cap. */
  maxModelTokens?: number;
  /** Token ids that can begin the end-of-thinking text when it is several tokens (sky): banned for the first
   *  token of a continuation, since vLLM's min_tokens suppresses stop token ids but not stop strings. */
  endStringStartIds?: () => readonly number[];
  /** Token ids: end of thinking (null when the format's delimiter is not one token) and end of turn. */
  endOfThinkingId: number | null;
  endOfTurnId: number;
  /** Qwen token count of a text: continuation words (they count as thinking tokens), prompts near the context limit. */
  countTokens: (text: string) => number;
}

export interface Generation {
  prompt: string;
  /** Everything the model wrote plus what the method appended, after the prompt. */
  fullText: string;
  thinking: string;
  answer: string;
  thinkingTokens: number;
  answerTokens: number;
  continuations: number;
  finishReasons: string[];
  requests: number;
  cachedRequests: number;
  /** Summed over the calls, as the server's usage counted them: the cost of the generation. */
  promptTokens: number;
  generatedTokens: number;
  replay: boolean;
}

/** A question whose prompt leaves no room to think and answer in the server's context: a failed item, not a failed run. */
export class PromptTooLongError extends Error {}

/** Tokens a thinking call leaves free for the answer. */
export const ANSWER_RESERVE = 128;
/** Tokens kept for what the method appends between calls ("Wait", the answer delimiters) and tokenizer drift. */
export const SUFFIX_MARGIN = 32;
/** When the context is not capped (maxModelTokens 0) and the answer has no limit of its own: s1's value. */
const UNCAPPED_ANSWER_TOKENS = 32_768;

export function userMessage(question: string, spec: Pick<MethodSpec, 'method' | 'prompt'>): string {
  if (spec.method !== 'class-conditional') return question;
  return `${question}\n\n${CLASS_PROMPTS[spec.prompt ?? 'short']}`;
}

export async function generate(backend: Backend, question: string, spec: MethodSpec, s: GenerationSettings, signal?: AbortSignal): Promise<Generation> {
  const chatPrompt = s.chat([{ role: 'user', content: userMessage(question, spec) }]);
  // Every call pins its sampling, so the server's generation_config.json never decides it.
  const sampling = { temperature: s.temperature, ...(s.temperature > 0 ? { seed: s.seed } : {}), ...s.sampling,
    presence_penalty: 0, frequency_penalty: 0, spaces_between_special_tokens: false };
  const g: Generation = {
    prompt: chatPrompt, fullText: '', thinking: '', answer: '', thinkingTokens: 0, answerTokens: 0,
    continuations: 0, finishReasons: [], requests: 0, cachedRequests: 0, promptTokens: 0, generatedTokens: 0, replay: false,
  };
  const call = async (req: Omit<CompletionRequest, 'temperature' | 'seed'>) => {
    const r = await backend.complete({ ...req, ...sampling } as CompletionRequest, signal);
    g.requests++;
    if (r.cached) g.cachedRequests++;
    g.promptTokens += r.prompt_tokens;
    g.generatedTokens += r.completion_tokens;
    g.replay ||= r.replay;
    g.finishReasons.push(r.finish_reason);
    return r;
  };
  const ctx = s.maxModelTokens ?? 0;
  // Room for a first call after `prompt`, counted with the tokenizer (no usage yet); vLLM answers 400 when
  // prompt + max_tokens exceeds its max_model_len, and a 400 would end the item.
  const roomAfter = (prompt: string, reserve: number, want: number) => {
    if (!ctx) return Number.POSITIVE_INFINITY;
    // A token is at least one byte: a prompt whose bytes fit with room to spare needs no tokenizer.
    if (Buffer.byteLength(prompt) + want + reserve + SUFFIX_MARGIN <= ctx) return want;
    const tokens = s.countTokens(prompt);
    const room = ctx - tokens - SUFFIX_MARGIN - reserve;
    if (room < 1) throw new PromptTooLongError(`the prompt has ${tokens} tokens; with ${reserve + SUFFIX_MARGIN} kept for the answer it does not fit the server's context of ${ctx} tokens`);
    return room;
  };
  // Room after the last call: its prompt and completion from the server's usage, plus a short suffix.
  const roomAfterCall = (last: { prompt_tokens: number; completion_tokens: number }, reserve: number) =>
    ctx ? ctx - last.prompt_tokens - last.completion_tokens - SUFFIX_MARGIN - reserve : Number.POSITIVE_INFINITY;

  if (spec.method === 'none') {
    // Plain decoding: the model writes its whole turn, its own delimiters included.
    const r = await call({ prompt: chatPrompt, max_tokens: Math.min(s.maxThinkingTokens, roomAfter(chatPrompt, 0, s.maxThinkingTokens)), stop_token_ids: [s.endOfTurnId], skip_special_tokens: false });
    const split = splitResponse(r.text, s.format.name);
    Object.assign(g, { fullText: r.text, thinking: split.thinking, answer: split.answer, thinkingTokens: split.thinking ? s.countTokens(split.thinking) : 0, answerTokens: r.completion_tokens });
    return g;
  }

  const budget = spec.method === 'class-conditional' ? null : spec.budget;
  const maxWaits = spec.method === 'budget-forcing' ? spec.wait : 0;
  const limit = budget ?? s.maxThinkingTokens;
  const stopIds = s.format.endOfThinkingIds(s);
  const thinkingRequest = (prompt: string, maxTokens: number, minTokens: number) => ({
    prompt, max_tokens: maxTokens, ...(minTokens ? { min_tokens: minTokens } : {}),
    stop_token_ids: stopIds, ...(s.endOfThinkingId === null ? { stop: [s.format.endString] } : {}), skip_special_tokens: false,
  });

  let text = s.format.open;
  let used = 0;
  let words = 0;
  let r = await call(thinkingRequest(chatPrompt + text, Math.min(limit, roomAfter(chatPrompt + text, ANSWER_RESERVE, limit)), 0));
  used += r.completion_tokens;
  // Early stop (not 'length') with continuations, budget and context left: suppress the end and append the word.
  while (r.finish_reason !== 'length' && g.continuations < maxWaits && limit - used > 0 && roomAfterCall(r, ANSWER_RESERVE) >= 2) {
    text += r.text + spec.waitWord;
    g.continuations++;
    words += s.countTokens(spec.waitWord);
    const room = Math.min(limit - used, roomAfterCall(r, ANSWER_RESERVE));
    const banned = s.endOfThinkingId === null ? s.endStringStartIds?.() ?? [] : [];
    if (banned.length) {
      // A stop string ends a continuation at once whatever min_tokens says: write its first token with the
      // delimiter's first tokens banned, then let it go on (and stop) as usual.
      const first = await call({ prompt: chatPrompt + text, max_tokens: 1, stop_token_ids: [s.endOfTurnId], skip_special_tokens: false,
        logit_bias: Object.fromEntries(banned.map((id) => [String(id), -100])) });
      text += first.text;
      used += first.completion_tokens;
      r = limit - used > 0 && room > first.completion_tokens + 1
        ? await call(thinkingRequest(chatPrompt + text, Math.min(limit - used, room - first.completion_tokens), 0))
        : { ...first, text: '', completion_tokens: 0, finish_reason: 'length' };
    } else {
      r = await call(thinkingRequest(chatPrompt + text, room, 1));
    }
    used += r.completion_tokens;
  }
  text += r.text;
  const thinkingText = text.slice(s.format.open.length);
  text += r.finish_reason === 'length' ? s.format.answerAfterBudget : s.format.answerAfterStop;
  const answerRoom = roomAfterCall(r, 0);
  const answerMax = Math.max(1, Math.min(s.maxAnswerTokens ?? UNCAPPED_ANSWER_TOKENS, answerRoom));
  const a = await call({ prompt: chatPrompt + text, max_tokens: answerMax, stop_token_ids: [s.endOfTurnId], skip_special_tokens: false });
  text += a.text;
  const answerStart = text.length - a.text.length;
  // The answer part: what the model wrote, with "Final Answer:" kept when the method forced it.
  const forced = r.finish_reason === 'length' ? 'Final Answer:' : '';
  Object.assign(g, {
    fullText: text, thinking: thinkingText.trim(), answer: (forced + text.slice(answerStart)).replace(new RegExp(`${escape(END_OF_TURN)}\\s*$`), '').trim(),
    thinkingTokens: used + words, answerTokens: a.completion_tokens,
  });
  return g;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
