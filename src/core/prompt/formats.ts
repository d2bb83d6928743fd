// Thinking-delimiter formats per model family, as budget forcing needs them: how the assistant opens its
// thinking, what ends it (a special token where one exists, so vLLM can stop on its id), and the text that
// forces the answer phase.
import type { DelimiterStyle } from '../ingest/split-thinking';

export type ThinkingFormatName = DelimiterStyle;
export const THINKING_FORMATS: readonly ThinkingFormatName[] = ['s1', 'think-tags', 'sky'];

export interface ThinkingFormat {
  name: ThinkingFormatName;
  /** Appended to the rendered chat prompt to open the thinking phase. */
  open: string;
  /** The token that ends thinking when it is one special token of the vocabulary (stop on its id), else null. */
  endToken: string | null;
  /** Text that ends thinking when no single token does (a stop string). */
  endString: string;
  /** Appended when thinking ended on its own: the delimiter the stop removed, opening the answer. */
  answerAfterStop: string;
  /** Appended when the budget is spent: end-of-thinking delimiter and "Final Answer:" (s1). */
  answerAfterBudget: string;
  /** stop_token_ids of a thinking call: end of thinking (when it is one token) and end of turn. */
  endOfThinkingIds(ids: { endOfThinkingId: number | null; endOfTurnId: number }): number[];
}

export const END_OF_TURN = '<|im_end|>';

const stopIds = (ids: { endOfThinkingId: number | null; endOfTurnId: number }) =>
  ids.endOfThinkingId === null ? [ids.endOfTurnId] : [ids.endOfThinkingId, ids.endOfTurnId];

const FORMATS: Record<ThinkingFormatName, ThinkingFormat> = {
  // s1: `<|im_start|>think` ... `<|im_start|>answer`; the stop token is `<|im_start|>`, so the text after a stop
  // lacks the whole `<|im_start|>answer` line.
  s1: {
    name: 's1', open: '<|im_start|>think\n', endToken: '<|im_start|>', endString: '<|im_start|>answer',
    answerAfterStop: '<|im_start|>answer\n', answerAfterBudget: '\n<|im_start|>answer\nFinal Answer:', endOfThinkingIds: stopIds,
  },
  'think-tags': {
    name: 'think-tags', open: '<think>\n', endToken: '</think>', endString: '</think>',
    answerAfterStop: '</think>\n\n', answerAfterBudget: '\n</think>\n\nFinal Answer:', endOfThinkingIds: stopIds,
  },
  // Sky-T1 / Bespoke-Stratos: the delimiters are plain text in Qwen's vocabulary (several tokens): stop strings.
  sky: {
    name: 'sky', open: '<|begin_of_thought|>\n\n', endToken: null, endString: '<|end_of_thought|>',
    answerAfterStop: '<|end_of_thought|>\n\n<|begin_of_solution|>\n\n',
    answerAfterBudget: '\n\n<|end_of_thought|>\n\n<|begin_of_solution|>\n\nFinal Answer:', endOfThinkingIds: stopIds,
  },
};

export function thinkingFormat(name: ThinkingFormatName): ThinkingFormat {
  const f = FORMATS[name];
  if (!f) throw new Error(`unknown thinking format '${name}' (known: ${THINKING_FORMATS.join(', ')})`);
  return f;
}

/** Class-conditional control prompts, s1's wording. */
export const CLASS_PROMPTS = {
  short: 'Answer after a short amount of thinking. Do not spend excessive time double-checking your work.',
  long: 'Answer after a long amount of thinking. If you feel like you are finished early, spend the extra time trying to double-check your work until you are absolutely sure that you have the correct answer.',
} as const;
export type ClassPrompt = keyof typeof CLASS_PROMPTS;
