// Representative traces: for every run, data set and method variant, the shortest and longest correct and wrong
// generations (by thinking tokens), so a reader sees both what works and what fails, briefly and at length.
import type { ReportData, ReportPoint } from './data';

export interface ExamplePick { kind: 'correct, short' | 'correct, long' | 'wrong, short' | 'wrong, long'; point: ReportPoint; series: string }

export function pickExamples(data: ReportData): ExamplePick[] {
  const groups = new Map<string, ReportPoint[]>();
  for (const p of data.points) {
    const k = JSON.stringify([p.run, p.benchmark, data.rows.find((r) => r.run === p.run && r.method_key === p.method)?.series ?? p.method]);
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(p);
  }
  const out: ExamplePick[] = [];
  const order = (k: string) => { const [run, b, s] = JSON.parse(k) as string[]; return [data.runs.findIndex((r) => r.name === run), data.benchmarks.indexOf(b), s] as const; };
  const keys = [...groups.keys()].sort((x, y) => {
    const [r1, b1, s1] = order(x);
    const [r2, b2, s2] = order(y);
    return r1 - r2 || b1 - b2 || (s1 < s2 ? -1 : s1 > s2 ? 1 : 0);
  });
  for (const k of keys) {
    const series = (JSON.parse(k) as string[])[2];
    const ps = groups.get(k)!;
    // Failed items (no text: the prompt did not fit) are no example of a trace.
    const byTokens = (grade: number) => ps.filter((p) => (p.grade ?? 0) === grade && !p.finish_reasons.some((f) => f.startsWith('error:')))
      .sort((a, b) => (a.thinking_tokens ?? 0) - (b.thinking_tokens ?? 0) || a.result_id - b.result_id);
    const seen = new Set<number>();
    const add = (kind: ExamplePick['kind'], p: ReportPoint | undefined) => {
      if (p && !seen.has(p.result_id)) { seen.add(p.result_id); out.push({ kind, point: p, series }); }
    };
    const right = byTokens(1);
    const wrong = byTokens(0);
    add('correct, short', right[0]);
    add('correct, long', right[right.length - 1]);
    add('wrong, short', wrong[0]);
    add('wrong, long', wrong[wrong.length - 1]);
  }
  return out;
}
