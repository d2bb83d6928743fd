// The method column of a result row names the method and its variant, since the results' unique key has no
// column for the continuations or the class prompt: "truncation", "budget-forcing/wait=2" (plus "/word=Hmm"
// for another word), "class-conditional/short", "none".
import type { ClassPrompt } from '../prompt/formats';
import type { MethodName, MethodSpec } from './methods';

export function methodKey(s: MethodSpec): string {
  switch (s.method) {
    case 'budget-forcing': return `budget-forcing/wait=${s.wait}${s.waitWord === 'Wait' ? '' : `/word=${s.waitWord}`}`;
    case 'class-conditional': return `class-conditional/${s.prompt ?? 'short'}`;
    default: return s.method;
  }
}

export interface ParsedMethod { method: MethodName; wait: number; word: string | null; prompt: ClassPrompt | null }

export function parseMethodKey(key: string): ParsedMethod {
  const [method, ...parts] = key.split('/');
  const out: ParsedMethod = { method: method as MethodName, wait: 0, word: null, prompt: null };
  for (const p of parts) {
    if (p.startsWith('wait=')) out.wait = Number(p.slice(5));
    else if (p.startsWith('word=')) out.word = p.slice(5);
    else if (p === 'short' || p === 'long') out.prompt = p;
  }
  if (out.method === 'budget-forcing' && out.word === null) out.word = 'Wait';
  return out;
}
