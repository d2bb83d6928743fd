// API errors: no trace or attempt, an error message where the model's text should be. Missing feature columns
// (requireFeatures) are labelled missing-features: no API call failed there, the data set lacks s1's columns.
import type { Detector, Finding } from './types';
import type { PoolSample } from '../pool';
import { describeMissingColumns } from '../wording';

/** Features a featurized s1 pool carries on every row; s1 drops a row that misses any. */
export const S1_FEATURES = ['isqwen7bcorrect', 'isqwen32bcorrect', 'isgeminicorrect', 'gemini_length'] as const;

const ERROR_TEXT = /^\s*(?:error\b|exception\b|traceback \(most recent call last\))|\b(?:rate limit(?:ed)? exceeded|quota exceeded|resource[_ ]exhausted|internal server error|service unavailable|request timed out|deadline exceeded|too many requests|content (?:was )?blocked|finish_reason[:=]\s*["']?safety|api error|openai\.error|google\.api_core)\b/i;

export function apiErrorDetector(opts: { requireFeatures?: boolean } = {}): Detector {
  return {
    name: 'api-error',
    labels: ['api-error', 'missing-features'],
    detect(s: PoolSample): Finding[] {
      const f = (reason: string, extra: Record<string, unknown> = {}): Finding[] => [{ sampleId: s.id, traceId: s.trace?.id ?? null, label: 'api-error', evidence: { reason, ...extra } }];
      if (!s.trace) return f('no trace');
      if (!s.trace.thinking.trim()) return f('empty thinking');
      if (!s.trace.answer.trim()) return f('empty attempt');
      for (const [field, text] of [['thinking', s.trace.thinking], ['attempt', s.trace.answer]] as const) {
        // Error messages are short; a long trace that mentions "error" is maths.
        const head = text.slice(0, 400);
        const m = ERROR_TEXT.exec(head);
        if (m && text.length < 2000) return f('error text', { field, span: head.slice(Math.max(0, m.index - 40), m.index + 80) });
      }
      if (opts.requireFeatures) {
        const missing = S1_FEATURES.filter((k) => s.features[k] === undefined || s.features[k] === null);
        if (!s.domain) missing.push('domain' as never);
        if (missing.length) return [{ sampleId: s.id, traceId: null, label: 'missing-features', evidence: { reason: describeMissingColumns(missing), missing } }];
      }
      return [];
    },
  };
}
