// Test-time scaling metrics (definitions in docs/data-formats.md). Accuracies and shares are
// fractions in [0, 1]; budget_error is in percent; scaling is accuracy per thinking token (and per 1,000).
import { parseMethodKey } from '../scaling/keys';

export interface ResultPoint {
  benchmark: string;
  /** The stored method key ("budget-forcing/wait=2", "class-conditional/short", ...). */
  method: string;
  budget: number | null;
  repeat: number;
  grade: number | null;
  thinking_tokens: number | null;
}

export interface MetricsRow {
  benchmark: string;
  method: string;
  budget: number | null;
  wait: number;
  prompt: string | null;
  word: string | null;
  n: number;
  repeats: number;
  accuracy: number;
  stderr: number;
  mean_thinking_tokens: number;
  /** Share of generations within budget + 10 tokens (null without a budget). */
  within_budget: number | null;
}

export interface MetricsSummary {
  benchmark: string;
  method: string;
  wait: number;
  /** Share within budget + 10 tokens over the budgeted runs (s1's meaning); 0.5 for class-conditional by convention. */
  control: number | null;
  /** Share exceeding budget + 10 tokens (the seed task's wording of "control"). */
  over_budget: number | null;
  budget_error: number | null;
  scaling: number | null;
  scaling_per_1k: number | null;
  max_performance: number | null;
  points: number;
}

export const SLACK_TOKENS = 10;
export const BUDGET_ERROR_BUDGETS = [500, 1000, 2000, 4000, 8000];

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** Mean accuracy with its standard error: over repeats when there are several, else the binomial one. */
export function accuracyWithError(grades: readonly { repeat: number; grade: number }[]): { accuracy: number; stderr: number; repeats: number } {
  const byRepeat = new Map<number, number[]>();
  for (const g of grades) (byRepeat.get(g.repeat) ?? byRepeat.set(g.repeat, []).get(g.repeat)!).push(g.grade);
  const accs = [...byRepeat.values()].map(mean);
  const accuracy = mean(grades.map((g) => g.grade));
  if (accs.length > 1) {
    const m = mean(accs);
    const variance = accs.reduce((s, a) => s + (a - m) ** 2, 0) / (accs.length - 1);
    return { accuracy, stderr: Math.sqrt(variance / accs.length), repeats: accs.length };
  }
  return { accuracy, stderr: grades.length ? Math.sqrt((accuracy * (1 - accuracy)) / grades.length) : 0, repeats: accs.length };
}

export function metricsRows(points: readonly ResultPoint[]): MetricsRow[] {
  const groups = new Map<string, ResultPoint[]>();
  for (const p of points) {
    const k = `${p.benchmark}\u0000${p.method}\u0000${p.budget ?? -1}`;
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(p);
  }
  const rows: MetricsRow[] = [];
  for (const ps of groups.values()) {
    const { benchmark, method: key, budget } = ps[0];
    const parsed = parseMethodKey(key);
    const graded = ps.map((p) => ({ repeat: p.repeat, grade: p.grade ?? 0 }));
    const a = accuracyWithError(graded);
    const tokens = ps.map((p) => p.thinking_tokens ?? 0);
    rows.push({
      benchmark, method: parsed.method, budget, wait: parsed.wait, prompt: parsed.prompt, word: parsed.word,
      n: ps.length, repeats: a.repeats, accuracy: a.accuracy, stderr: a.stderr, mean_thinking_tokens: mean(tokens),
      within_budget: budget === null ? null : mean(tokens.map((t) => (t <= budget + SLACK_TOKENS ? 1 : 0))),
    });
  }
  const order = (r: MetricsRow) => [r.benchmark, r.method, String(r.wait).padStart(4, '0'), r.prompt ?? '', String(r.budget ?? Number.MAX_SAFE_INTEGER).padStart(17, '0')].join('\u0000');
  return rows.sort((x, y) => (order(x) < order(y) ? -1 : order(x) > order(y) ? 1 : 0));
}

/** Mean slope of accuracy over thinking tokens across every pair of points with more tokens in the second. */
export function scalingSlope(points: readonly { accuracy: number; tokens: number }[]): number | null {
  const slopes: number[] = [];
  for (const a of points) for (const b of points) if (b.tokens > a.tokens) slopes.push((b.accuracy - a.accuracy) / (b.tokens - a.tokens));
  return slopes.length ? mean(slopes) : null;
}

export function metricsSummary(rows: readonly MetricsRow[], points: readonly ResultPoint[]): MetricsSummary[] {
  const groups = new Map<string, MetricsRow[]>();
  for (const r of rows) {
    const k = `${r.benchmark}\u0000${r.method}\u0000${r.wait}`;
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(r);
  }
  const out: MetricsSummary[] = [];
  for (const rs of groups.values()) {
    const { benchmark, method, wait } = rs[0];
    let control: number | null = null;
    if (method === 'class-conditional') control = 0.5;
    else if (method !== 'none') {
      // Per generation, over every budgeted run of this method variant.
      const keys = new Set(rs.map((r) => `${r.budget}`));
      const budgeted = points.filter((p) => p.benchmark === benchmark && p.budget !== null && keys.has(`${p.budget}`)
        && parseMethodKey(p.method).method === method && parseMethodKey(p.method).wait === wait);
      if (budgeted.length) control = mean(budgeted.map((p) => ((p.thinking_tokens ?? 0) <= (p.budget as number) + SLACK_TOKENS ? 1 : 0)));
    }
    const errs = rs.filter((r) => r.budget !== null && BUDGET_ERROR_BUDGETS.includes(r.budget)).map((r) => (Math.abs(r.mean_thinking_tokens - (r.budget as number)) / (r.budget as number)) * 100);
    const slope = scalingSlope(rs.map((r) => ({ accuracy: r.accuracy, tokens: r.mean_thinking_tokens })));
    out.push({
      benchmark, method, wait, control, over_budget: control === null ? null : method === 'class-conditional' ? 0.5 : 1 - control,
      budget_error: errs.length ? mean(errs) : null, scaling: slope, scaling_per_1k: slope === null ? null : slope * 1000,
      max_performance: rs.length ? Math.max(...rs.map((r) => r.accuracy)) : null, points: rs.length,
    });
  }
  return out;
}
