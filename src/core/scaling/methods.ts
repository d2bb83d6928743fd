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

export interface GenerationSettings {
  format: ThinkingFormat;
  chat: ChatRenderer;
  temperature: number;
  /** Sent when sampling (temperature > 0); s1 uses 42. */
  seed: number;
  /** max_tokens of an unlimited thinking phase and of plain decoding. */
  maxThinkingTokens: number;
  maxAnswerTokens: number;
  /** The server's context length (vLLM rejects prompt + max_tokens beyond it); 0 = do not cap. */
  maxModelTokens?: number;
  /** Token ids: end of thinking (null when the format's delimiter is not one token) and end of turn. */
  endOfThinkingId: number | null;
  endOfTurnId: number;
  /** Token count of a text (the continuation words count as thinking tokens). */
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
  replay: boolean;
}

export function userMessage(question: string, spec: Pick<MethodSpec, 'method' | 'prompt'>): string {
  if (spec.method !== 'class-conditional') return question;
  return `${question}\n\n${CLASS_PROMPTS[spec.prompt ?? 'short']}`;
}

export async function generate(backend: Backend, question: string, spec: MethodSpec, s: GenerationSettings, signal?: AbortSignal): Promise<Generation> {
  const chatPrompt = s.chat([{ role: 'user', content: userMessage(question, spec) }]);
  const sampling = s.temperature > 0 ? { temperature: s.temperature, seed: s.seed } : { temperature: 0 };
  const g: Generation = {
    prompt: chatPrompt, fullText: '', thinking: '', answer: '', thinkingTokens: 0, answerTokens: 0,
    continuations: 0, finishReasons: [], requests: 0, cachedRequests: 0, replay: false,
  };
  const call = async (req: Omit<CompletionRequest, 'temperature' | 'seed'>) => {
    const r = await backend.complete({ ...req, ...sampling } as CompletionRequest, signal);
    g.requests++;
    if (r.cached) g.cachedRequests++;
    g.replay ||= r.replay;
    g.finishReasons.push(r.finish_reason);
    return r;
  };

  if (spec.method === 'none') {
    // Plain decoding: the model writes its whole turn, its own delimiters included.
    const r = await call({ prompt: chatPrompt, max_tokens: s.maxThinkingTokens, stop_token_ids: [s.endOfTurnId], skip_special_tokens: false });
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

  // Context left after a prompt that is the last call's prompt and completion plus a short suffix (from usage,
  // so no tokenizer is needed); vLLM answers 400 when prompt + max_tokens exceeds its max_model_len.
  const fits = (want: number, last: { prompt_tokens: number; completion_tokens: number }, suffixTokens: number) =>
    s.maxModelTokens ? Math.max(1, Math.min(want, s.maxModelTokens - last.prompt_tokens - last.completion_tokens - suffixTokens)) : want;
  const SUFFIX_MARGIN = 32;

  let text = s.format.open;
  let used = 0;
  let words = 0;
  let r = await call(thinkingRequest(chatPrompt + text, limit, 0));
  used += r.completion_tokens;
  // Early stop (not 'length') with continuations and budget left: suppress the end and append the word.
  while (r.finish_reason !== 'length' && g.continuations < maxWaits && limit - used > 0) {
    text += r.text + spec.waitWord;
    g.continuations++;
    words += s.countTokens(spec.waitWord);
    r = await call(thinkingRequest(chatPrompt + text, fits(limit - used, r, SUFFIX_MARGIN), 1));
    used += r.completion_tokens;
  }
  text += r.text;
  const thinkingText = text.slice(s.format.open.length);
  text += r.finish_reason === 'length' ? s.format.answerAfterBudget : s.format.answerAfterStop;
  const a = await call({ prompt: chatPrompt + text, max_tokens: fits(s.maxAnswerTokens, r, SUFFIX_MARGIN), stop_token_ids: [s.endOfTurnId], skip_special_tokens: false });
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
