// Splits a model response into its thinking and answer parts by the delimiter style of its source.
import { DELIMITERS, IM_END, type DelimiterStyle } from './delimiters';

export type { DelimiterStyle } from './delimiters';

export interface SplitResponse {
  thinking: string;
  answer: string;
  /** The style that matched, or null when the text carried no thinking delimiters (all answer). */
  style: DelimiterStyle | null;
  /** True when thinking started but never ended (a truncated generation). */
  unterminated: boolean;
}

const { open: S1_THINK, close: S1_ANSWER } = DELIMITERS.s1;
const { open: SKY_BEGIN_THOUGHT, close: SKY_END_THOUGHT } = DELIMITERS.sky;
const SKY_BEGIN_SOLUTION = DELIMITERS.sky.solutionOpen!;
const SKY_END_SOLUTION = DELIMITERS.sky.solutionClose!;
const TAGS = DELIMITERS['think-tags'];

export function detectStyle(text: string): DelimiterStyle | null {
  if (text.includes(SKY_BEGIN_THOUGHT) || text.includes(SKY_BEGIN_SOLUTION)) return 'sky';
  if (text.includes(TAGS.close) || text.includes(TAGS.open)) return 'think-tags';
  if (text.includes(S1_ANSWER) || text.includes(S1_THINK)) return 's1';
  return null;
}

export function splitResponse(text: string, style: DelimiterStyle | null = detectStyle(text)): SplitResponse {
  switch (style) {
    case 'sky': return splitSky(text);
    case 'think-tags': return splitBetween(text, TAGS.open, TAGS.close, 'think-tags');
    case 's1': return splitS1(text);
    default: return { thinking: '', answer: text.trim(), style: null, unterminated: false };
  }
}

function splitBetween(text: string, open: string, close: string, style: DelimiterStyle): SplitResponse {
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  // Some models (DeepSeek-R1 distills) emit only the closing tag: the thinking starts at the beginning.
  const from = start >= 0 && (end < 0 || start < end) ? start + open.length : 0;
  if (end < 0) return { thinking: text.slice(from).trim(), answer: '', style, unterminated: true };
  return { thinking: text.slice(from, end).trim(), answer: text.slice(end + close.length).trim(), style, unterminated: false };
}

function splitSky(text: string): SplitResponse {
  const t = splitBetween(text, SKY_BEGIN_THOUGHT, SKY_END_THOUGHT, 'sky');
  if (t.unterminated && !text.includes(SKY_BEGIN_THOUGHT)) {
    // Only a solution block: no thinking at all.
    return { thinking: '', answer: stripSolution(text), style: 'sky', unterminated: false };
  }
  return { ...t, answer: stripSolution(t.answer) };
}

function stripSolution(answer: string): string {
  const s = answer.indexOf(SKY_BEGIN_SOLUTION);
  if (s < 0) return answer.trim();
  const e = answer.indexOf(SKY_END_SOLUTION, s);
  return answer.slice(s + SKY_BEGIN_SOLUTION.length, e < 0 ? undefined : e).trim();
}

function splitS1(text: string): SplitResponse {
  const a = text.indexOf(S1_ANSWER);
  const t = text.indexOf(S1_THINK);
  const from = t >= 0 && (a < 0 || t < a) ? t + S1_THINK.length : 0;
  const clean = (s: string) => (s.trimEnd().endsWith(IM_END) ? s.trimEnd().slice(0, -IM_END.length) : s).trim();
  if (a < 0) return { thinking: clean(text.slice(from)), answer: '', style: 's1', unterminated: true };
  return { thinking: clean(text.slice(from, a)), answer: clean(text.slice(a + S1_ANSWER.length)), style: 's1', unterminated: false };
}
