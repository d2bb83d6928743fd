// Teachers compared on the same questions: per run, the verified accuracy (the verifiers' annotations by the
// contract: verified / verify-failed, verify-error unjudged; a trace without one counts by its own grade), the
// thinking length in tokens as stored (mean and percentiles), and per pair of runs how often both are right or
// both wrong on a question (a teacher is right on a question when at least half of its judged traces are).
import type { Db } from '../store/db';
import { findAnyRun, judgedTraces, type JudgedTraceRow } from '../store/generations';
import { NotFoundError } from '../errors';

export interface LengthStats { counted: number; mean: number | null; p10: number | null; p25: number | null; p50: number | null; p75: number | null; p90: number | null; max: number | null }

export interface TeacherStats {
  run: string;
  teacher: string;
  kind: string;
  /** On the questions every run answered. */
  questions: number;
  traces: number;
  judged: number;
  right: number;
  accuracy: number | null;
  /** How the traces were judged: by a verifier's annotation, by their own grade, or not at all (verify-error, no grade). */
  judged_by: { verifier: number; grade: number; verify_error: number; unjudged: number };
  thinking_tokens: LengthStats;
}

export interface Agreement { a: string; b: string; common: number; both_right: number; both_wrong: number; disagree: number; both_right_share: number | null; both_wrong_share: number | null; agreement: number | null }

export interface TeacherComparison { questions: number; teachers: TeacherStats[]; agreement: Agreement[] }

/** 1 right, 0 wrong, null unjudged; and by what. */
export function verdict(t: Pick<JudgedTraceRow, 'grade' | 'verdicts'>): { value: 0 | 1 | null; by: keyof TeacherStats['judged_by'] } {
  const labels = t.verdicts ? t.verdicts.split(',') : [];
  if (labels.includes('verify-failed')) return { value: 0, by: 'verifier' };
  if (labels.includes('verified')) return { value: 1, by: 'verifier' };
  if (t.grade === 0 || t.grade === 1) return { value: t.grade, by: 'grade' };
  return { value: null, by: labels.includes('verify-error') ? 'verify_error' : 'unjudged' };
}

/** Nearest-rank percentiles of token counts. */
export function lengthStats(xs: readonly number[]): LengthStats {
  if (!xs.length) return { counted: 0, mean: null, p10: null, p25: null, p50: null, p75: null, p90: null, max: null };
  const s = [...xs].sort((a, b) => a - b);
  const p = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  return { counted: s.length, mean: Math.round((s.reduce((a, b) => a + b, 0) / s.length) * 10) / 10, p10: p(0.1), p25: p(0.25), p50: p(0.5), p75: p(0.75), p90: p(0.9), max: s[s.length - 1] };
}

const share = (n: number, d: number) => (d ? Math.round((n / d) * 10000) / 10000 : null);

export function compareTeachers(db: Db, runs: readonly string[]): TeacherComparison {
  return compareTeachersWithLengths(db, runs).comparison;
}

/** The comparison, and each teacher's thinking lengths it summarised (in run order): the dashboard draws their distribution. */
export function compareTeachersWithLengths(db: Db, runs: readonly string[]): { comparison: TeacherComparison; lengths: number[][] } {
  const lengthsOf: number[][] = [];
  const loaded = runs.map((name) => {
    const run = findAnyRun(db, name);
    if (!run) throw new NotFoundError(`no run named '${name}'`);
    const config = JSON.parse(run.config) as { teacher?: string; model?: string };
    return { name, kind: run.kind, teacher: config.teacher ?? config.model ?? name, rows: judgedTraces(db, run.id) };
  });
  // The questions every run answered.
  let common: Set<number> | undefined;
  for (const r of loaded) {
    const mine = new Set(r.rows.map((t) => t.sample_id));
    common = common ? new Set([...common].filter((id) => mine.has(id))) : mine;
  }
  const shared = common ?? new Set<number>();
  const rightOn: Map<number, boolean>[] = [];
  const teachers = loaded.map((r) => {
    const judgedBy = { verifier: 0, grade: 0, verify_error: 0, unjudged: 0 };
    let traces = 0, judged = 0, right = 0;
    const lengths: number[] = [];
    const perQuestion = new Map<number, { right: number; judged: number }>();
    for (const t of r.rows) {
      if (!shared.has(t.sample_id)) continue;
      traces++;
      if (t.thinking_tokens !== null) lengths.push(t.thinking_tokens);
      const v = verdict(t);
      judgedBy[v.by]++;
      if (v.value === null) continue;
      judged++;
      right += v.value;
      const q = perQuestion.get(t.sample_id) ?? { right: 0, judged: 0 };
      q.judged++;
      q.right += v.value;
      perQuestion.set(t.sample_id, q);
    }
    lengthsOf.push(lengths);
    rightOn.push(new Map([...perQuestion].map(([id, q]) => [id, q.right * 2 >= q.judged])));
    return { run: r.name, teacher: r.teacher, kind: r.kind, questions: shared.size, traces, judged, right, accuracy: share(right, judged), judged_by: judgedBy, thinking_tokens: lengthStats(lengths) };
  });
  const agreement: Agreement[] = [];
  for (let i = 0; i < loaded.length; i++) {
    for (let j = i + 1; j < loaded.length; j++) {
      let both = 0, bothRight = 0, bothWrong = 0;
      for (const [id, a] of rightOn[i]) {
        const b = rightOn[j].get(id);
        if (b === undefined) continue;
        both++;
        if (a && b) bothRight++;
        else if (!a && !b) bothWrong++;
      }
      agreement.push({ a: loaded[i].name, b: loaded[j].name, common: both, both_right: bothRight, both_wrong: bothWrong, disagree: both - bothRight - bothWrong,
        both_right_share: share(bothRight, both), both_wrong_share: share(bothWrong, both), agreement: share(bothRight + bothWrong, both) });
    }
  }
  return { comparison: { questions: shared.size, teachers, agreement }, lengths: lengthsOf };
}
