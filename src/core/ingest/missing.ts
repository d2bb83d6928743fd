// Missing values written as text: Python's `str(None)`, JSON's `null` spelled as a string, pandas' NaN, and
// blank strings are no data (SkyThought's outputs carry `"gt_cot": "None"`), so import stores NULL for them.
import type { SampleRecord } from './record';

const WORDS = /^(?:none|null|nan)$/i;

/** Whether a text field holds no data: absent, blank, or one of the missing-value words. */
export function isMissingText(v: string | null | undefined): boolean {
  if (v === undefined || v === null) return true;
  const t = v.trim();
  return t === '' || (t.length <= 4 && WORDS.test(t));
}

/** The text, or null when it is a missing value. */
export function presentText(v: string | null | undefined): string | null {
  return v === undefined || v === null || isMissingText(v) ? null : v;
}

/** The record with its optional text fields' missing values as null (the question and traces are kept as they are). */
export function withoutMissingValues(r: SampleRecord): SampleRecord {
  return {
    ...r,
    solution: presentText(r.solution),
    answer: presentText(r.answer),
    source: presentText(r.source),
    domain: presentText(r.domain),
    cotType: presentText(r.cotType),
  };
}
