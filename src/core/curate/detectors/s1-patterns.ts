// s1's formatting patterns (simplescaling/s1 data/filter.ipynb): questions with these are dropped by its recipe.
import type { FormatHit } from './formatting';

const BOLD_NUMBER = /\*\*(?=.*\d)[^\s\]]*\*\*/; // s1: data/filter.ipynb

/** s1's notebook formatting patterns. `[asy]` is kept for AIME (s1 keeps AIME's Asymptote questions). */
export function s1FormattingHits(question: string, source: string | null): FormatHit[] {
  const hits: FormatHit[] = [];
  const at = (i: number, len: number) => question.slice(Math.max(0, i - 30), i + len + 30);
  const asy = question.indexOf('[asy]');
  if (asy >= 0 && !/aime/i.test(source ?? '')) hits.push({ label: 'formatting', pattern: '[asy]', span: at(asy, 5) });
  const img = question.indexOf('![Image]');
  if (img >= 0) hits.push({ label: 'formatting', pattern: '![Image]', span: at(img, 8) });
  // s1 tests the substring "p{i}." for i in 1..999 (no word boundary), so "step1." matches too; we follow it.
  const p = /p([1-9]\d{0,2})\./.exec(question);
  if (p) hits.push({ label: 'formatting', pattern: 'p{i}.', span: at(p.index, p[0].length) });
  const b = BOLD_NUMBER.exec(question);
  if (b) hits.push({ label: 'formatting', pattern: 'bold-number', span: at(b.index, b[0].length) });
  return hits;
}
