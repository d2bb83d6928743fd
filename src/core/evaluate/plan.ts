// From `eval` options to the method variants of a run, and the generation settings for a model.
import { DEFAULT_BUDGETS, DEFAULT_SAMPLING, METHODS, type GenerationSettings, type MethodName, type MethodSpec, type PinnedSampling } from '../scaling/methods';
import { CLASS_PROMPTS, END_OF_TURN, thinkingFormat, THINKING_FORMATS, type ClassPrompt, type ThinkingFormatName } from '../prompt/formats';
import { chatRenderer } from '../prompt/chat';
import { qwenTokenizer } from '../tokenize';
import { fastTokenizer } from '../tokenize/fast';

export interface PlanOptions {
  method: MethodName;
  budgets?: readonly (number | null)[];
  wait?: readonly number[];
  waitWord?: string;
  prompts?: readonly ClassPrompt[];
}

/** "500,1000,inf" -> [500, 1000, null]. */
export function parseBudgets(spec: string): (number | null)[] {
  return spec.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean).map((s) => {
    if (s === 'inf' || s === 'infinite' || s === 'unlimited') return null;
    const n = Number(s);
    if (!Number.isInteger(n) || n < 1) throw new Error(`budget '${s}' is not a positive integer or 'inf'`);
    return n;
  });
}

export function planSpecs(o: PlanOptions): MethodSpec[] {
  if (!METHODS.includes(o.method)) throw new Error(`unknown method '${o.method}' (known: ${METHODS.join(', ')})`);
  const word = o.waitWord ?? 'Wait';
  const budgets = o.budgets?.length ? o.budgets : DEFAULT_BUDGETS;
  switch (o.method) {
    case 'none': return [{ method: 'none', budget: null, wait: 0, waitWord: word }];
    case 'class-conditional': return (o.prompts?.length ? o.prompts : (Object.keys(CLASS_PROMPTS) as ClassPrompt[])).map((prompt) => ({ method: 'class-conditional', budget: null, wait: 0, waitWord: word, prompt }));
    case 'truncation': return budgets.map((budget) => ({ method: 'truncation', budget, wait: 0, waitWord: word }));
    case 'budget-forcing': return (o.wait?.length ? o.wait : [1]).flatMap((wait) => budgets.map((budget) => ({ method: 'budget-forcing' as const, budget, wait, waitWord: word })));
  }
}

export interface SettingsOptions {
  format?: ThinkingFormatName;
  chatTemplate?: string;
  temperature?: number;
  seed?: number;
  maxThinkingTokens?: number;
  /** null or absent: what the context leaves after thinking (s1). */
  maxAnswerTokens?: number | null;
  maxModelTokens?: number;
  sampling?: Partial<PinnedSampling>;
  /** Special-token ids of the served model (see special-ids.ts); Qwen's where absent. */
  specialIds?: Readonly<Record<string, number>>;
}

/** Qwen2.5/Qwen3 special-token ids (fixed in their vocabularies; a unit test checks them against the tokenizer). */
export const QWEN_SPECIAL_IDS: Readonly<Record<string, number>> = { '<|endoftext|>': 151643, '<|im_start|>': 151644, '<|im_end|>': 151645, '<think>': 151667, '</think>': 151668 };

/** Qwen token ids that begin `delimiter` after the usual whitespace ('<', ' <|', ...). */
export function delimiterStartIds(delimiter: string): number[] {
  const tok = qwenTokenizer();
  const ids = new Set<number>();
  for (const before of ['', ' ', '\n', '\n\n']) {
    const id = tok.encode(before + delimiter).find((i) => tok.decode([i]).includes(delimiter[0]));
    if (id !== undefined) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}

/** Generation settings for Qwen-family models. The tokenizer (a second of start-up) loads only when a
 *  continuation word must be counted. */
export function generationSettings(o: SettingsOptions): GenerationSettings {
  const format = thinkingFormat(o.format ?? 's1');
  if (!THINKING_FORMATS.includes(format.name)) throw new Error(`unknown format ${o.format}`);
  // One memo for every count: a question's prompt comes back for each budget, the continuation word every time.
  const counts = new Map<string, number>();
  let startIds: number[] | undefined;
  return {
    format, chat: chatRenderer(o.chatTemplate), temperature: o.temperature ?? 0, seed: o.seed ?? 42,
    sampling: { ...DEFAULT_SAMPLING, ...o.sampling },
    maxThinkingTokens: o.maxThinkingTokens ?? 32_000, maxAnswerTokens: o.maxAnswerTokens ?? null, maxModelTokens: o.maxModelTokens ?? 32_768,
    // Asked for only when a continuation of a stop-string format is written (the tokenizer takes a second to load).
    endStringStartIds: format.endToken === null ? () => (startIds ??= delimiterStartIds(format.endString)) : undefined,
    endOfThinkingId: format.endToken === null ? null : o.specialIds?.[format.endToken] ?? QWEN_SPECIAL_IDS[format.endToken] ?? null,
    endOfTurnId: o.specialIds?.[END_OF_TURN] ?? QWEN_SPECIAL_IDS[END_OF_TURN],
    countTokens: (t) => {
      let n = counts.get(t);
      if (n === undefined) {
        // The model's tokenizer ($DISTILLERY_TOKENIZER / --tokenizer), through the fast path: the reference's counts.
        n = fastTokenizer().count(t);
        if (counts.size < 10_000) counts.set(t, n);
      }
      return n;
    },
  };
}
