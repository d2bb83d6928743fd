// Wrong answers: the teacher's attempt graded against the reference with the grader. Where the data carries
// its own correctness label (isgeminicorrect, or the source's grade of the trace) both are recorded, the
// label decides (it is what s1 used), and a disagreement is flagged separately as 'grade-disagreement'.
import { gradeAnswer, type GradeKind } from '../../grade';
import type { Detector, Finding } from './types';
import { isAime, isGpqa, type PoolSample } from '../pool';

export function gradeKind(s: PoolSample): GradeKind {
  if (isAime(s)) return 'integer';
  return 'math';
}

/** The data's own correctness label: isgeminicorrect, else the source's grade of the first trace. */
export function dataLabel(s: { features: Record<string, unknown>; trace: { grade: number | null } | null }): boolean | null {
  return dataLabelOf(s.features, s.trace ? s.trace.grade : null);
}

/** dataLabel from the features and the first trace's grade (null: no trace, or ungraded): what a pool entry keeps. */
export function dataLabelOf(features: Record<string, unknown>, grade: number | null): boolean | null {
  const f = features.isgeminicorrect;
  if (typeof f === 'boolean') return f;
  if (grade === 0 || grade === 1) return grade === 1;
  return null;
}

export function wrongAnswerDetector(opts: { grader?: boolean; timeLimitMs?: number } = {}): Detector {
  return {
    name: 'wrong-answer',
    labels: ['wrong-answer', 'grade-disagreement'],
    detect(s: PoolSample): Finding[] {
      const t = s.trace;
      if (!t || !t.answer.trim()) return [];
      const label = dataLabel(s);
      const gold = s.answer ?? s.solution;
      let grader: boolean | null = null;
      let reason: string | undefined;
      let extracted: string | null | undefined;
      // GPQA's solution is the option text, not a letter: the grader cannot judge it, the label can.
      if (opts.grader !== false && gold && !isGpqa(s)) {
        const r = gradeAnswer(gold, t.answer, { kind: gradeKind(s), timeLimitMs: opts.timeLimitMs ?? 500, finishReason: t.finishReason });
        reason = r.reason;
        extracted = r.pred;
        if (r.pred !== null && r.reason !== 'time limit' && !r.reason.startsWith('error')) grader = r.equal;
      }
      const correct = label ?? grader;
      const evidence = { data_label: label, grader, grader_reason: reason ?? null, extracted: extracted ?? null, gold: gold ? gold.slice(-200) : null };
      const out: Finding[] = [];
      if (correct === false) out.push({ sampleId: s.id, traceId: t.id, label: 'wrong-answer', evidence: { ...evidence, decided_by: label !== null ? 'data label' : 'grader' } });
      if (label !== null && grader !== null && label !== grader) out.push({ sampleId: s.id, traceId: t.id, label: 'grade-disagreement', evidence });
      return out;
    },
  };
}
