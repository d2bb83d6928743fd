// Two runs side by side (a base model against its fine-tune): for every data set, method variant and budget both
// ran, the accuracy of each and the questions right in one and wrong in the other (the paired difference).
import type { ReportData, ReportPoint } from './data';

export interface PairedDifference {
  run_a: string; run_b: string; benchmark: string; method: string; series: string; budget: number | null;
  /** Questions both runs answered at this setting. */
  questions: number;
  accuracy_a: number; accuracy_b: number;
  /** Right in a and wrong in b, and the other way round (sample ids; right = at least half the repeats). */
  only_a: number[]; only_b: number[];
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

function perQuestion(points: readonly ReportPoint[]): Map<string, Map<number, number>> {
  const acc = new Map<string, Map<number, number[]>>();
  for (const p of points) {
    const k = JSON.stringify([p.benchmark, p.method, p.budget]);
    const m = acc.get(k) ?? acc.set(k, new Map()).get(k)!;
    (m.get(p.sample_id) ?? m.set(p.sample_id, []).get(p.sample_id)!).push(p.grade ?? 0);
  }
  return new Map([...acc].map(([k, m]) => [k, new Map([...m].map(([id, gs]) => [id, mean(gs)]))]));
}

/** The paired difference of run `a` against run `b` on every setting both have. */
export function pairedDifference(data: ReportData, a: string, b: string): PairedDifference[] {
  const qa = perQuestion(data.points.filter((p) => p.run === a));
  const qb = perQuestion(data.points.filter((p) => p.run === b));
  const seriesOf = new Map(data.rows.map((r) => [r.method_key, r.series]));
  const out: PairedDifference[] = [];
  for (const [k, ma] of qa) {
    const mb = qb.get(k);
    if (!mb) continue;
    const [benchmark, method, budget] = JSON.parse(k) as [string, string, number | null];
    const ids = [...ma.keys()].filter((id) => mb.has(id)).sort((x, y) => x - y);
    if (!ids.length) continue;
    out.push({
      run_a: a, run_b: b, benchmark, method, series: seriesOf.get(method) ?? method, budget, questions: ids.length,
      accuracy_a: mean(ids.map((id) => ma.get(id)!)), accuracy_b: mean(ids.map((id) => mb.get(id)!)),
      only_a: ids.filter((id) => ma.get(id)! >= 0.5 && mb.get(id)! < 0.5), only_b: ids.filter((id) => mb.get(id)! >= 0.5 && ma.get(id)! < 0.5),
    });
  }
  const order = (x: PairedDifference) => [data.benchmarks.indexOf(x.benchmark), x.method, x.budget ?? Number.POSITIVE_INFINITY] as const;
  return out.sort((x, y) => {
    const [b1, m1, u1] = order(x);
    const [b2, m2, u2] = order(y);
    return b1 - b2 || (m1 < m2 ? -1 : m1 > m2 ? 1 : 0) || u1 - u2;
  });
}
