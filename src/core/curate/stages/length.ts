// Trace length bounds, in Qwen tokens (see traceLength).
import { traceLength } from '../pool';
import type { StageDef } from './types';

export interface LengthStage { stage: string; type: 'length'; min?: number; max?: number }

export const lengthStage: StageDef<LengthStage> = {
  type: 'length',
  check(s, fail) {
    for (const k of ['min', 'max'] as const) if (s[k] !== undefined && typeof s[k] !== 'number') fail(k, 'must be a number');
  },
  validate: (s) => (s.min !== undefined && s.max !== undefined && s.min > s.max ? `has min ${s.min} above max ${s.max}: it would drop every sample` : undefined),
  run(stage, r) {
    r.narrow(stage, (s) => {
      const len = traceLength(s);
      if ((stage.min !== undefined && len < stage.min) || (stage.max !== undefined && len > stage.max)) return { stage: stage.stage, reason: `trace length ${len.toLocaleString('en-US')} tokens, outside ${stage.min ?? 0}–${stage.max ?? '∞'}`, detail: { length: len, min: stage.min ?? null, max: stage.max ?? null } };
      return undefined;
    });
  },
};
