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

/**
 * The line breaks each style puts around its texts (what `distillery export` writes: export/thinking.ts). With
 * `exact`, a text framed by exactly these keeps everything else as it is, so an export imports back byte for byte;
 * a side without them is trimmed as before.
 */
export const FRAMES: Readonly<Record<DelimiterStyle, { thinking: [string, string]; answer: [string, string] }>> = {
  s1: { thinking: ['\n', '\n'], answer: ['\n', ''] },
  'think-tags': { thinking: ['\n', '\n'], answer: ['\n\n', ''] },
  sky: { thinking: ['\n\n', '\n\n'], answer: ['\n\n', '\n\n'] },
};

export interface SplitOptions { exact?: boolean }

function unframe(s: string, [lead, trail]: [string, string], exact: boolean | undefined): string {
  if (!exact) return s.trim();
  const a = s.startsWith(lead) ? lead.length : -1;
  const b = trail === '' || s.endsWith(trail) ? s.length - trail.length : -1;
  return a >= 0 && b >= a ? s.slice(a, b) : s.trim();
}

export function splitResponse(text: string, style: DelimiterStyle | null = detectStyle(text), o: SplitOptions = {}): SplitResponse {
  switch (style) {
    case 'sky': return splitSky(text, o.exact);
    case 'think-tags': return splitBetween(text, TAGS.open, TAGS.close, 'think-tags', o.exact);
    case 's1': return splitS1(text, o.exact);
    default: return { thinking: '', answer: text.trim(), style: null, unterminated: false };
  }
}

function splitBetween(text: string, open: string, close: string, style: DelimiterStyle, exact?: boolean): SplitResponse {
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  // Some models (DeepSeek-R1 distills) emit only the closing tag: the thinking starts at the beginning.
  const from = start >= 0 && (end < 0 || start < end) ? start + open.length : 0;
  if (end < 0) return { thinking: text.slice(from).trim(), answer: '', style, unterminated: true };
  const f = FRAMES[style];
  // Sky's answer is unframed by stripSolution (its frame sits inside the solution block).
  const rest = text.slice(end + close.length);
  return { thinking: unframe(text.slice(from, end), f.thinking, exact && start >= 0), answer: style === 'sky' ? rest : unframe(rest, f.answer, exact), style, unterminated: false };
}

function splitSky(text: string, exact?: boolean): SplitResponse {
  const t = splitBetween(text, SKY_BEGIN_THOUGHT, SKY_END_THOUGHT, 'sky', exact);
  if (t.unterminated && !text.includes(SKY_BEGIN_THOUGHT)) {
    // Only a solution block: no thinking at all.
    return { thinking: '', answer: stripSolution(text, exact), style: 'sky', unterminated: false };
  }
  return { ...t, answer: stripSolution(t.answer, exact) };
}

function stripSolution(answer: string, exact?: boolean): string {
  const s = answer.indexOf(SKY_BEGIN_SOLUTION);
  if (s < 0) return answer.trim();
  const e = answer.indexOf(SKY_END_SOLUTION, s);
  return unframe(answer.slice(s + SKY_BEGIN_SOLUTION.length, e < 0 ? undefined : e), FRAMES.sky.answer, exact && e >= 0);
}

function splitS1(text: string, exact?: boolean): SplitResponse {
  const a = text.indexOf(S1_ANSWER);
  const t = text.indexOf(S1_THINK);
  const from = t >= 0 && (a < 0 || t < a) ? t + S1_THINK.length : 0;
  const clean = (s: string) => (s.trimEnd().endsWith(IM_END) ? s.trimEnd().slice(0, -IM_END.length) : s).trim();
  if (a < 0) return { thinking: clean(text.slice(from)), answer: '', style: 's1', unterminated: true };
  // Exact (an exported conversation turn, no <|im_end|> in it): only the frame's line breaks come off.
  const ex = exact && t >= 0 && !text.includes(IM_END);
  return {
    thinking: ex ? unframe(text.slice(from, a), FRAMES.s1.thinking, true) : clean(text.slice(from, a)),
    answer: ex ? unframe(text.slice(a + S1_ANSWER.length), FRAMES.s1.answer, true) : clean(text.slice(a + S1_ANSWER.length)),
    style: 's1', unterminated: false,
  };
}
