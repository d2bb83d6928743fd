// The assistant turn a trainer sees: thinking and answer joined in a model family's delimiters (the one list is
// ingest/delimiters.ts), the texts exactly as stored (Bespoke-Stratos's combine_data.py does not strip either), framed
// by the line breaks the importer's exact split removes (FRAMES in ingest/split-thinking.ts): a round trip is
// byte-identical. s1's own `text` column keeps s1's stripping (s1AssistantContent).
import { DELIMITERS, type DelimiterStyle } from '../ingest/delimiters';

export function assistantTurn(style: DelimiterStyle, th: string, an: string): string {
  const d = DELIMITERS[style];
  switch (style) {
    // s1's tokenization.py: "<|im_start|>think\n" + thinking + "\n<|im_start|>answer\n" + answer
    case 's1': return `${d.open}\n${th}\n${d.close}\n${an}`;
    // DeepSeek-R1 / OpenThoughts
    case 'think-tags': return `${d.open}\n${th}\n${d.close}\n\n${an}`;
    // Bespoke-Stratos / Sky-T1: blank lines inside every block
    case 'sky': return `${d.open}\n\n${th}\n\n${d.close}\n\n${d.solutionOpen}\n\n${an}\n\n${d.solutionClose}`;
  }
}

/**
 * s1's assistant content exactly as data/tokenization.py builds it for s1K: the trajectories joined by newlines and
 * stripped, then the answer stripped and prefixed with "Answer: " unless it already contains "Answer:".
 */
export function s1AssistantContent(thinkingTrajectories: readonly string[], attempt: string): string {
  const answer = attempt.includes('Answer:') ? attempt : `Answer: ${attempt}`;
  return `${DELIMITERS.s1.open}\n${pyStrip(thinkingTrajectories.join('\n'))}\n${DELIMITERS.s1.close}\n${pyStrip(answer)}`;
}

// Python's str.strip() removes what str.isspace() calls whitespace, which differs from JavaScript's trim():
// it includes U+001C..U+001F and U+0085, and excludes U+FEFF. A scan from both ends (a regular expression
// anchored at the end tries every position of a long trace).
function pySpace(c: number): boolean {
  return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c === 0x85 || c === 0xa0 || c === 0x1680
    || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

export function pyStrip(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && pySpace(s.charCodeAt(a))) a++;
  while (b > a && pySpace(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/**
 * Bespoke-Stratos-17k's system prompt, character for character as its build script stores it: SKY_T1_FIXED of
 * bespokelabsai/curator (commit 8f26600e0a6b41f5fc1098ac2d4f22fe0ec95b97,
 * examples/bespoke-stratos-data-generation/util/prompt.py; used by combine_data.py beside it). Unlike Sky-T1's own
 * prompt (NovaSky-AI/SkyThought skythought/tools/util/prompts.py), the step separator is the four characters
 * backslash-n backslash-n, not two newlines. The system turn of every `stratos` row unless --system replaces it.
 */
export const STRATOS_SYSTEM = "Your role as an assistant involves thoroughly exploring questions through a systematic long thinking process before providing the final precise and accurate solutions. This requires engaging in a comprehensive cycle of analysis, summarizing, exploration, reassessment, reflection, backtracing, and iteration to develop well-considered thinking process. Please structure your response into two main sections: Thought and Solution. In the Thought section, detail your reasoning process using the specified format: <|begin_of_thought|> {thought with steps separated with '\\n\\n'} <|end_of_thought|> Each step should include detailed considerations such as analisying questions, summarizing relevant findings, brainstorming new ideas, verifying the accuracy of the current steps, refining any errors, and revisiting previous steps. In the Solution section, based on various attempts, explorations, and reflections from the Thought section, systematically present the final solution that you deem correct. The solution should remain a logical, accurate, concise expression style and detail necessary step needed to reach the conclusion, formatted as follows: <|begin_of_solution|> {final formatted, precise, and clear solution} <|end_of_solution|> Now, try to solve the following question through the above guidelines:";
