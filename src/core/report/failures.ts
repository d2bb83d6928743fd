// Where test-time scaling fails, with the samples behind each case:
// - adjacent budgets of one method whose accuracy stayed flat or fell (not both at 100%; the questions lost and gained);
// - adjacent budgets where the method's mean thinking tokens did not grow with the budget (the questions that
//   used none of the extra budget);
// - questions right at a budget and wrong at the next larger one of the same method (right → wrong flips).
import type { ReportData, ReportPoint } from './data';

/** Tokens a larger budget must add, as a share of the budget's increase, for the method to count as growing. */
export const GROWTH_SHARE = 0.1;
/** Tokens a question must add at the larger budget to count as having used it (the metrics' slack). */
export const SAME_TOKENS = 10;

export interface FlatPair {
  run: string; benchmark: string; method: string; series: string;
  budget_a: number | null; budget_b: number | null;
  accuracy_a: number; accuracy_b: number; tokens_a: number; tokens_b: number;
  /** accuracy_b − accuracy_a (≤ 0). */
  delta: number;
  /** Standard error of the difference: |delta| below it is within noise. */
  stderr: number;
  /** Questions right at a and wrong at b, and the other way round. */
  lost: number[]; gained: number[];
}

export interface StalledTokens {
  run: string; benchmark: string; method: string; series: string;
  budget_a: number; budget_b: number | null;
  tokens_a: number; tokens_b: number;
  /** Questions whose thinking did not grow by more than SAME_TOKENS at the larger budget. */
  sample_ids: number[];
}

export interface Flip {
  run: string; benchmark: string; method: string; series: string; sample_id: number;
  budget_a: number | null; budget_b: number | null;
  tokens_a: number; tokens_b: number;
  /** Results behind the flip (every repeat), at a and at b. */
  result_ids_a: number[]; result_ids_b: number[];
}

export interface Failures { pairs: FlatPair[]; stalled: StalledTokens[]; flips: Flip[] }

const rank = (b: number | null) => (b === null ? Number.POSITIVE_INFINITY : b);
const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

interface QuestionAt { accuracy: number; tokens: number; result_ids: number[] }

/** Per question of one (run, benchmark, method, budget): accuracy over repeats, mean tokens, its results. */
function byQuestion(points: readonly ReportPoint[]): Map<number, QuestionAt> {
  const groups = new Map<number, ReportPoint[]>();
  for (const p of points) (groups.get(p.sample_id) ?? groups.set(p.sample_id, []).get(p.sample_id)!).push(p);
  const out = new Map<number, QuestionAt>();
  for (const [id, ps] of groups) {
    out.set(id, { accuracy: mean(ps.map((p) => p.grade ?? 0)), tokens: mean(ps.map((p) => p.thinking_tokens ?? 0)), result_ids: ps.map((p) => p.result_id) });
  }
  return out;
}

const right = (q: QuestionAt | undefined) => !!q && q.accuracy >= 0.5;

export function findFailures(data: ReportData): Failures {
  const out: Failures = { pairs: [], stalled: [], flips: [] };
  // One series: a run's method key on one benchmark, its budgets in increasing order (unlimited last).
  const series = new Map<string, ReportData['rows']>();
  for (const r of data.rows) {
    if (r.method === 'class-conditional' || r.method === 'none') continue; // no budgets to compare
    const k = JSON.stringify([r.run, r.benchmark, r.method_key]);
    (series.get(k) ?? series.set(k, []).get(k)!).push(r);
  }
  const pointsOf = new Map<string, ReportPoint[]>();
  for (const p of data.points) {
    const k = JSON.stringify([p.run, p.benchmark, p.method, p.budget]);
    (pointsOf.get(k) ?? pointsOf.set(k, []).get(k)!).push(p);
  }
  for (const rows of series.values()) {
    rows.sort((a, b) => rank(a.budget) - rank(b.budget));
    for (let i = 0; i + 1 < rows.length; i++) {
      const a = rows[i];
      const b = rows[i + 1];
      const qa = byQuestion(pointsOf.get(JSON.stringify([a.run, a.benchmark, a.method_key, a.budget])) ?? []);
      const qb = byQuestion(pointsOf.get(JSON.stringify([b.run, b.benchmark, b.method_key, b.budget])) ?? []);
      const common = { run: a.run, benchmark: a.benchmark, method: a.method_key, series: a.series, budget_a: a.budget, budget_b: b.budget };
      const ids = [...qa.keys()].filter((id) => qb.has(id)).sort((x, y) => x - y);
      // 100% at both budgets cannot gain: saturation, not a failure to scale.
      if (b.accuracy <= a.accuracy && !(a.accuracy >= 1 && b.accuracy >= 1)) {
        out.pairs.push({
          ...common, accuracy_a: a.accuracy, accuracy_b: b.accuracy, tokens_a: a.mean_thinking_tokens, tokens_b: b.mean_thinking_tokens,
          delta: b.accuracy - a.accuracy, stderr: Math.sqrt(a.stderr ** 2 + b.stderr ** 2),
          lost: ids.filter((id) => right(qa.get(id)) && !right(qb.get(id))), gained: ids.filter((id) => !right(qa.get(id)) && right(qb.get(id))),
        });
      }
      const grew = b.mean_thinking_tokens - a.mean_thinking_tokens;
      const stalled = a.budget !== null && (b.budget === null ? grew <= 0 : grew < GROWTH_SHARE * (b.budget - a.budget));
      if (stalled) {
        out.stalled.push({
          ...common, budget_a: a.budget as number, tokens_a: a.mean_thinking_tokens, tokens_b: b.mean_thinking_tokens,
          sample_ids: ids.filter((id) => qb.get(id)!.tokens <= qa.get(id)!.tokens + SAME_TOKENS),
        });
      }
      for (const id of ids) {
        const x = qa.get(id)!;
        const y = qb.get(id)!;
        if (right(x) && !right(y)) out.flips.push({ ...common, sample_id: id, tokens_a: x.tokens, tokens_b: y.tokens, result_ids_a: x.result_ids, result_ids_b: y.result_ids });
      }
    }
  }
  return out;
}
