// The runs dashboard's pure logic: which runs it shows, how progress and numbers read, and what a chart point
// stands for. No DOM, so the unit tests run it under Node.
import type { ChartPoint, DashboardRun } from '../../src/shared/protocol';

export const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export const budgetText = (b: number | null) => (b === null ? 'inf' : String(b));

/** "3 / 8" when the run planned a count, else the count alone; a training run counts steps ("38 / 315 steps", "step 30"). */
export function progressText(r: Pick<DashboardRun, 'done' | 'planned'> & { kind?: string }): string {
  const steps = r.kind === 'train';
  if (r.planned) return `${Math.min(r.done, r.planned)} / ${r.planned}${steps ? ' steps' : ''}`;
  return steps && r.done ? `step ${r.done}` : String(r.done);
}

/** Runs still writing: the dashboard polls while there are any. */
export const isLive = (runs: readonly DashboardRun[]) => runs.some((r) => r.status === 'running');

/**
 * The runs to show: those asked for (opened from a run), else those shown before (a reload) that still exist,
 * else the newest evaluation run.
 */
export function initialRuns(runs: readonly DashboardRun[], asked: readonly string[], saved: readonly string[] | undefined): string[] {
  const names = new Set(runs.map((r) => r.name));
  if (asked.length) return [...new Set(asked)];
  const kept = (saved ?? []).filter((n) => names.has(n));
  if (kept.length) return kept;
  const newest = runs.find((r) => r.kind === 'eval' && r.done > 0) ?? runs.find((r) => r.kind === 'eval');
  return newest ? [newest.name] : [];
}

/** The two evaluation runs to pair, when exactly two are shown. */
export function comparePair(chosen: readonly string[], runs: readonly DashboardRun[]): [string, string] | null {
  const evals = chosen.filter((n) => runs.some((r) => r.name === n && r.kind === 'eval'));
  return chosen.length === 2 && evals.length === 2 ? [evals[0], evals[1]] : null;
}

/** The generation runs to compare as teachers, when two or more are shown (in the order ticked). */
export function teacherRuns(chosen: readonly string[], runs: readonly DashboardRun[]): string[] | null {
  const gens = chosen.filter((n) => runs.some((r) => r.name === n && r.kind === 'generate'));
  return gens.length >= 2 ? gens : null;
}

/** "812 (p10 402 – p90 1650)" tokens, or "-" when no trace has a count. */
export function lengthText(t: { mean: number | null; p10: number | null; p90: number | null }): string {
  return t.mean === null ? '-' : `${Math.round(t.mean)} (p10 ${t.p10} – p90 ${t.p90})`;
}

/** A share as a percentage, "-" when there was nothing to divide by. */
export const pctOrDash = (x: number | null) => (x === null ? '-' : pct(x));

/** A chart datum that names its samples (run, benchmark, method, budget), else null (an axis, a legend, a rule's end). */
export function chartPoint(datum: unknown): ChartPoint | null {
  if (!datum || typeof datum !== 'object') return null;
  const d = datum as Record<string, unknown>;
  if (typeof d.run !== 'string' || typeof d.benchmark !== 'string' || typeof d.method !== 'string' || !('budget' in d)) return null;
  const b = d.budget;
  const budget = typeof b === 'number' && Number.isFinite(b) ? b : b === null || b === 'inf' ? null : Number(b);
  if (budget !== null && !Number.isFinite(budget)) return null;
  return { run: d.run, benchmark: d.benchmark, method: d.method, budget };
}
