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

/** Two runs' grades of the same setting's questions, paired: each question's grade is its repeats' mean, right at one half or more. */
export interface QuestionPairing {
  /** The questions both answered, ascending. */
  ids: number[];
  accuracyA: number;
  accuracyB: number;
  bothRight: number;
  bothWrong: number;
  /** Right in a and wrong in b, and the other way round. */
  onlyA: number[];
  onlyB: number[];
}

/** The pairing of two runs' question grades (sample id → mean grade), or null when they share no question. */
export function pairQuestions(a: ReadonlyMap<number, number>, b: ReadonlyMap<number, number>): QuestionPairing | null {
  const ids = [...a.keys()].filter((id) => b.has(id)).sort((x, y) => x - y);
  if (!ids.length) return null;
  const p: QuestionPairing = { ids, accuracyA: mean(ids.map((id) => a.get(id)!)), accuracyB: mean(ids.map((id) => b.get(id)!)), bothRight: 0, bothWrong: 0, onlyA: [], onlyB: [] };
  for (const id of ids) {
    const [ra, rb] = [a.get(id)! >= 0.5, b.get(id)! >= 0.5];
    if (ra && rb) p.bothRight++;
    else if (!ra && !rb) p.bothWrong++;
    else (ra ? p.onlyA : p.onlyB).push(id);
  }
  return p;
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
    const p = pairQuestions(ma, mb);
    if (!p) continue;
    out.push({
      run_a: a, run_b: b, benchmark, method, series: seriesOf.get(method) ?? method, budget, questions: p.ids.length,
      accuracy_a: p.accuracyA, accuracy_b: p.accuracyB, only_a: p.onlyA, only_b: p.onlyB,
    });
  }
  const order = (x: PairedDifference) => [data.benchmarks.indexOf(x.benchmark), x.method, x.budget ?? Number.POSITIVE_INFINITY] as const;
  return out.sort((x, y) => {
    const [b1, m1, u1] = order(x);
    const [b2, m2, u2] = order(y);
    return b1 - b2 || (m1 < m2 ? -1 : m1 > m2 ? 1 : 0) || u1 - u2;
  });
}
