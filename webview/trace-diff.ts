// Word-level diff of two traces (the `diff` package). Long traces fall back to a line diff, which stays
// fast where a word diff of two 100K-character texts would not.
import { diffLines, diffWordsWithSpace, type Change } from 'diff';

export const WORD_DIFF_LIMIT = 60_000;

export interface DiffPart { kind: 'same' | 'added' | 'removed'; text: string }

export function diffTraces(left: string, right: string): { parts: DiffPart[]; granularity: 'words' | 'lines' } {
  const words = left.length + right.length <= WORD_DIFF_LIMIT;
  const changes: Change[] = words ? diffWordsWithSpace(left, right) : diffLines(left, right);
  return {
    granularity: words ? 'words' : 'lines',
    parts: changes.map((c) => ({ kind: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value })),
  };
}

export function diffStats(parts: DiffPart[]): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const p of parts) {
    if (p.kind === 'added') added += p.text.length;
    else if (p.kind === 'removed') removed += p.text.length;
  }
  return { added, removed };
}
