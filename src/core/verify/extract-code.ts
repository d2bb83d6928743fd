// The program in a trace's answer: its last ```python block, else its longest fenced block of any language.
// A response with no fence has no program (prose is never run).

export interface ExtractedCode { code: string; language: string | null; how: 'last python block' | 'longest code block' }

const FENCE = /```([A-Za-z0-9_+-]*)[^\n]*\n([\s\S]*?)```/g;

export function extractProgram(answer: string): ExtractedCode | null {
  const blocks: { lang: string; code: string }[] = [];
  for (const m of answer.matchAll(FENCE)) blocks.push({ lang: m[1].toLowerCase(), code: m[2] });
  const python = blocks.filter((b) => b.lang === 'python' || b.lang === 'py' || b.lang === 'python3');
  const last = python.at(-1);
  if (last && last.code.trim()) return { code: last.code, language: 'python', how: 'last python block' };
  const longest = blocks.filter((b) => b.code.trim()).sort((a, b) => b.code.length - a.code.length)[0];
  return longest ? { code: longest.code, language: longest.lang || null, how: 'longest code block' } : null;
}
