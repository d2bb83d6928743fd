// Thinking-delimiter formats per model family, as budget forcing needs them: how the assistant opens its
// thinking, what ends it (a special token where one exists, so vLLM can stop on its id), and the text that
// forces the answer phase.
import { DELIMITERS, DELIMITER_STYLES, IM_END, IM_START, type DelimiterStyle } from '../ingest/delimiters';

export type ThinkingFormatName = DelimiterStyle;
export const THINKING_FORMATS: readonly ThinkingFormatName[] = DELIMITER_STYLES;

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

export const END_OF_TURN = IM_END;

const stopIds = (ids: { endOfThinkingId: number | null; endOfTurnId: number }) =>
  ids.endOfThinkingId === null ? [ids.endOfTurnId] : [ids.endOfThinkingId, ids.endOfTurnId];

const S1 = DELIMITERS.s1;
const TAGS = DELIMITERS['think-tags'];
const SKY = DELIMITERS.sky;

const FORMATS: Record<ThinkingFormatName, ThinkingFormat> = {
  // s1: `<|im_start|>think` ... `<|im_start|>answer`; the stop token is `<|im_start|>`, so the text after a stop
  // lacks the whole `<|im_start|>answer` line.
  s1: {
    name: 's1', open: `${S1.open}\n`, endToken: IM_START, endString: S1.close,
    answerAfterStop: `${S1.close}\n`, answerAfterBudget: `\n${S1.close}\nFinal Answer:`, endOfThinkingIds: stopIds,
  },
  'think-tags': {
    name: 'think-tags', open: `${TAGS.open}\n`, endToken: TAGS.close, endString: TAGS.close,
    answerAfterStop: `${TAGS.close}\n\n`, answerAfterBudget: `\n${TAGS.close}\n\nFinal Answer:`, endOfThinkingIds: stopIds,
  },
  // Sky-T1 / Bespoke-Stratos: the delimiters are plain text in Qwen's vocabulary (several tokens): stop strings.
  sky: {
    name: 'sky', open: `${SKY.open}\n\n`, endToken: null, endString: SKY.close,
    answerAfterStop: `${SKY.close}\n\n${SKY.solutionOpen}\n\n`,
    answerAfterBudget: `\n\n${SKY.close}\n\n${SKY.solutionOpen}\n\nFinal Answer:`, endOfThinkingIds: stopIds,
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
