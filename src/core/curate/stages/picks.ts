// Benchmark picks: every sample still in the pool that a rule matches goes into the selection before any fill
// (s1: every AIME and GPQA question, MATH questions with long traces). Nothing is dropped here.
import { dataLabelOf } from '../detectors/wrong-answer';
import { traceLength } from '../pool';
import { badRegex, sourceRe, type StageDef } from './types';

export interface PickRule { source: string; requireCorrect?: boolean; minLength?: number }
export interface PicksStage { stage: string; type: 'picks'; rules: PickRule[] }

export const picksStage: StageDef<PicksStage> = {
  type: 'picks',
  check(s, fail) {
    if (!Array.isArray(s.rules) || !s.rules.every((x) => typeof x?.source === 'string')) fail('rules', 'must be an array of {source, requireCorrect?, minLength?}');
  },
  validate: (s) => badRegex(s.rules.map((x) => x.source), 'rule source'),
  run(stage, r) {
    const rules = stage.rules.map((x) => ({ ...x, re: sourceRe(x.source) }));
    const picked = r.alive.filter((s) => r.keep.has(s.id) || rules.some((x) => x.re.test(s.source ?? '')
      && (!x.requireCorrect || dataLabelOf(s.features, s.grade) === true) && (x.minLength === undefined || traceLength(s) > x.minLength)));
    const ids = new Set(picked.map((s) => s.id));
    r.picks = r.picks.concat(picked);
    r.funnel.push({ stage: stage.stage, type: stage.type, kept: r.picks.length, dropped: 0, picked: picked.length, pool: r.alive.length - picked.length });
    r.pickedFrom = r.alive;
    r.alive = r.alive.filter((s) => !ids.has(s.id));
  },
};
