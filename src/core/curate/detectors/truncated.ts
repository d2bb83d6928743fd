// Truncated traces: stopped at a length limit, or thinking that never closed.
import type { Detector, Finding } from './types';
import type { PoolSample } from '../pool';
import { DELIMITERS } from '../../ingest/delimiters';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Opening and closing thinking delimiters, in the order they are tried. */
const OPEN_MARKERS: [RegExp, RegExp][] = (['think-tags', 'sky', 's1'] as const)
  .map((style) => [new RegExp(escape(DELIMITERS[style].open)), new RegExp(escape(DELIMITERS[style].close))]);

export function truncatedDetector(opts: { maxThinkingTokens?: number } = {}): Detector {
  return {
    name: 'truncated',
    labels: ['truncated'],
    detect(s: PoolSample): Finding[] {
      const t = s.trace;
      if (!t || !t.thinking.trim()) return [];
      const f = (reason: string, extra: Record<string, unknown> = {}): Finding[] => [{ sampleId: s.id, traceId: t.id, label: 'truncated', evidence: { reason, ...extra } }];
      if (t.finishReason === 'length') return f('finish reason length');
      if (opts.maxThinkingTokens && t.thinkingTokens != null && t.thinkingTokens >= opts.maxThinkingTokens) return f('at the length limit', { thinking_tokens: t.thinkingTokens });
      for (const [open, close] of OPEN_MARKERS) {
        if (open.test(t.thinking) && !close.test(t.thinking) && !t.answer.trim()) return f('no end of thinking', { marker: open.source });
      }
      if (!t.answer.trim()) return f('no answer after the thinking', { tail: t.thinking.slice(-120) });
      return [];
    },
  };
}
