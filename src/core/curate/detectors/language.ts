// Non-English text: the share of letters from scripts other than Latin and Greek (Greek is maths notation).
import type { Detector, Finding } from './types';
import type { PoolSample } from '../pool';

const SCRIPTS: [string, RegExp][] = [
  ['Han', /\p{Script=Han}/gu], ['Hiragana/Katakana', /[\p{Script=Hiragana}\p{Script=Katakana}]/gu], ['Hangul', /\p{Script=Hangul}/gu],
  ['Cyrillic', /\p{Script=Cyrillic}/gu], ['Arabic', /\p{Script=Arabic}/gu], ['Hebrew', /\p{Script=Hebrew}/gu],
  ['Devanagari', /\p{Script=Devanagari}/gu], ['Thai', /\p{Script=Thai}/gu],
];

/** The dominant non-Latin script and its share of all letters, when that share is at least `minShare`. */
export function nonEnglish(text: string, minShare = 0.2): { script: string; share: number; span: string } | undefined {
  const sample = text.length > 20000 ? text.slice(0, 20000) : text;
  const latin = (sample.match(/\p{Script=Latin}/gu) ?? []).length;
  let best: { script: string; count: number; at: number } | undefined;
  for (const [name, re] of SCRIPTS) {
    re.lastIndex = 0;
    const m = sample.match(re);
    if (m && (!best || m.length > best.count)) best = { script: name, count: m.length, at: sample.search(new RegExp(re.source, 'u')) };
  }
  if (!best) return undefined;
  // CJK characters are words: weigh one like four Latin letters.
  const weight = /Han|Hira|Hangul/.test(best.script) ? 4 : 1;
  const share = (best.count * weight) / (best.count * weight + latin);
  if (share < minShare) return undefined;
  return { script: best.script, share: Math.round(share * 1000) / 1000, span: sample.slice(Math.max(0, best.at - 20), best.at + 60) };
}

export function languageDetector(opts: { minShare?: number; traces?: boolean } = {}): Detector {
  return {
    name: 'language',
    labels: ['language'],
    detect(s: PoolSample): Finding[] {
      const q = nonEnglish(s.question, opts.minShare);
      if (q) return [{ sampleId: s.id, label: 'language', evidence: { field: 'question', ...q } }];
      if (opts.traces !== false && s.trace) {
        const t = nonEnglish(s.trace.thinking, opts.minShare ?? 0.2);
        if (t) return [{ sampleId: s.id, traceId: s.trace.id, label: 'language', evidence: { field: 'thinking', ...t } }];
      }
      return [];
    },
  };
}
