// Thinking delimiters per model family: the one list that splitting responses (split-thinking.ts), prompting
// for budget forcing (prompt/formats.ts), preset detection and the truncation detector derive theirs from.

export type DelimiterStyle = 's1' | 'think-tags' | 'sky';

export interface Delimiters {
  /** Opens the thinking phase. */
  open: string;
  /** Ends the thinking phase (and opens the answer). */
  close: string;
  /** Sky-T1: the answer sits between these after the thinking. */
  solutionOpen?: string;
  solutionClose?: string;
}

/** The chat template's turn markers (Qwen): s1 writes its phases as turns. */
export const IM_START = '<|im_start|>';
export const IM_END = '<|im_end|>';

export const DELIMITERS: Readonly<Record<DelimiterStyle, Delimiters>> = {
  s1: { open: `${IM_START}think`, close: `${IM_START}answer` },
  'think-tags': { open: '<think>', close: '</think>' },
  sky: { open: '<|begin_of_thought|>', close: '<|end_of_thought|>', solutionOpen: '<|begin_of_solution|>', solutionClose: '<|end_of_solution|>' },
};

export const DELIMITER_STYLES = Object.keys(DELIMITERS) as DelimiterStyle[];
