// The request checks vLLM's OpenAI server applies before it generates (its protocol models and SamplingParams'
// own validation), so that the replay server refuses what a real `vllm serve` would refuse with a 400: a test
// against the replay is then a test of what the client sends to vLLM.
import type { CompletionRequest } from '../backend/client';

/** The fields of a request body that vLLM checks; any of them may be missing or of the wrong type in a request. */
export type CheckedBody = Partial<Pick<CompletionRequest, 'min_tokens' | 'temperature' | 'top_p' | 'top_k' | 'min_p' | 'repetition_penalty'
  | 'presence_penalty' | 'frequency_penalty'>> & { max_tokens?: number | null; n?: number; logit_bias?: Record<string, number> | null };

/** The reason vLLM would refuse `body` for a prompt of `promptTokens` tokens, or undefined when it accepts it. */
export function vllmRequestError(body: CheckedBody, promptTokens: number, maxModelLen: number): string | undefined {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  // As vLLM's request model: a field of the wrong type is a 400 that names it, never silently ignored.
  for (const k of ['max_tokens', 'min_tokens', 'n', 'temperature', 'top_p', 'top_k', 'min_p', 'repetition_penalty', 'presence_penalty', 'frequency_penalty'] as const) {
    const v = (body as Record<string, unknown>)[k];
    if (v !== undefined && v !== null && num(v) === undefined) return `${k} must be a number, got ${JSON.stringify(v)?.slice(0, 40)}.`;
  }
  for (const k of ['max_tokens', 'min_tokens', 'n', 'top_k'] as const) {
    const v = body[k];
    if (typeof v === 'number' && !Number.isInteger(v)) return `${k} must be an integer, got ${v}.`;
  }
  const maxTokens = num(body.max_tokens);
  if (maxTokens !== undefined && maxTokens < 1) return `max_tokens must be at least 1, got ${maxTokens}.`;
  const minTokens = num(body.min_tokens) ?? 0;
  if (minTokens < 0) return `min_tokens must be greater than or equal to 0, got ${minTokens}.`;
  if (maxTokens !== undefined && minTokens > maxTokens) return `min_tokens must be less than or equal to max_tokens=${maxTokens}, got ${minTokens}.`;
  if (maxTokens !== undefined && promptTokens + maxTokens > maxModelLen) {
    return `This model's maximum context length is ${maxModelLen} tokens. However, you requested ${promptTokens + maxTokens} tokens (${promptTokens} in the messages, ${maxTokens} in the completion). Please reduce the length of the messages or completion.`;
  }
  if (promptTokens >= maxModelLen) return `This model's maximum context length is ${maxModelLen} tokens. However, your prompt has ${promptTokens} tokens.`;
  const temperature = num(body.temperature) ?? 1;
  if (temperature < 0) return `temperature must be non-negative, got ${temperature}.`;
  const n = num(body.n) ?? 1;
  if (n < 1) return `n must be at least 1, got ${n}.`;
  if (n > 1 && temperature < 1e-5) return 'n must be 1 when using greedy sampling.';
  const topP = num(body.top_p);
  if (topP !== undefined && !(topP > 0 && topP <= 1)) return `top_p must be in (0, 1], got ${topP}.`;
  const topK = num(body.top_k);
  if (topK !== undefined && (!Number.isInteger(topK) || topK < -1)) return `top_k must be 0 (disable), or at least 1, got ${topK}.`;
  const minP = num(body.min_p);
  if (minP !== undefined && !(minP >= 0 && minP <= 1)) return `min_p must be in [0, 1], got ${minP}.`;
  const rep = num(body.repetition_penalty);
  if (rep !== undefined && !(rep > 0 && rep <= 2)) return `repetition_penalty must be in (0, 2], got ${rep}.`;
  for (const k of ['presence_penalty', 'frequency_penalty'] as const) {
    const v = num(body[k]);
    if (v !== undefined && !(v >= -2 && v <= 2)) return `${k} must be in [-2, 2], got ${v}.`;
  }
  if (body.logit_bias !== undefined && body.logit_bias !== null) {
    for (const [id, bias] of Object.entries(body.logit_bias)) {
      if (!/^\d+$/.test(id)) return `logit_bias keys must be token ids, got '${id}'.`;
      if (typeof bias !== 'number' || bias < -100 || bias > 100) return `logit_bias values must be in [-100, 100], got ${String(bias)}.`;
    }
  }
  return undefined;
}
