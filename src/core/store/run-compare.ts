// Two evaluation runs side by side (a base model against its fine-tune): for each benchmark, method and budget
// both answered, the questions right in one and wrong in the other. A question's repeats are averaged first: right
// above one half, wrong below, tied at exactly one half (neither).
import type { Db } from './db';
import type { PairedGroup, RunComparison } from '../../shared/protocol';
import { findRun } from './runs';
import { NotFoundError } from '../errors';

interface Graded { benchmark: string; method: string; budget: number | null; sampleId: number; grade: number }

function gradedQuestions(db: Db, runId: number): Graded[] {
  return db.prepare(`SELECT s.source AS benchmark, x.method, x.budget, x.sample_id AS sampleId, avg(ifnull(x.grade, 0)) AS grade
    FROM results x JOIN samples s ON s.id = x.sample_id WHERE x.run_id = ?
    GROUP BY s.source, x.method, ifnull(x.budget, -1), x.sample_id ORDER BY x.sample_id`).all(runId) as Graded[];
}

const groupKey = (g: { benchmark: string; method: string; budget: number | null }) => `${g.benchmark} · ${g.method} · ${g.budget ?? 'inf'}`;

function byGroup(rows: readonly Graded[]): Map<string, Map<number, Graded>> {
  const out = new Map<string, Map<number, Graded>>();
  for (const r of rows) {
    const k = groupKey(r);
    (out.get(k) ?? out.set(k, new Map()).get(k)!).set(r.sampleId, r);
  }
  return out;
}

const verdict = (grade: number) => (grade > 0.5 ? 'right' : grade < 0.5 ? 'wrong' : 'tied');

/** The paired difference of evaluation runs `a` and `b` (NotFoundError when either does not exist). */
export function pairedDifference(db: Db, a: string, b: string): RunComparison {
  const runA = findRun(db, a);
  const runB = findRun(db, b);
  for (const [name, run] of [[a, runA], [b, runB]] as const) if (!run) throw new NotFoundError(`no evaluation run named '${name}'`);
  const ga = byGroup(gradedQuestions(db, runA!.id));
  const gb = byGroup(gradedQuestions(db, runB!.id));
  const groups: PairedGroup[] = [];
  for (const [key, qa] of ga) {
    const qb = gb.get(key);
    if (!qb) continue;
    const first = qa.values().next().value!;
    const g: PairedGroup = { benchmark: first.benchmark, method: first.method, budget: first.budget, paired: 0, bothRight: 0, bothWrong: 0, onlyA: [], onlyB: [], tied: 0, accuracyA: 0, accuracyB: 0 };
    let sumA = 0;
    let sumB = 0;
    for (const [id, x] of qa) {
      const y = qb.get(id);
      if (!y) continue;
      g.paired++;
      sumA += x.grade;
      sumB += y.grade;
      const [va, vb] = [verdict(x.grade), verdict(y.grade)];
      if (va === 'tied' || vb === 'tied') g.tied++;
      else if (va === vb) g[va === 'right' ? 'bothRight' : 'bothWrong']++;
      else (va === 'right' ? g.onlyA : g.onlyB).push(id);
    }
    if (!g.paired) continue;
    g.accuracyA = sumA / g.paired;
    g.accuracyB = sumB / g.paired;
    groups.push(g);
  }
  const rank = (b: number | null) => b ?? Number.MAX_SAFE_INTEGER;
  const order = (x: PairedGroup, y: PairedGroup) => x.benchmark.localeCompare(y.benchmark) || x.method.localeCompare(y.method) || rank(x.budget) - rank(y.budget);
  const paired = new Set(groups.map(groupKey));
  return {
    a, b, groups: groups.sort(order),
    onlyInA: [...ga.keys()].filter((k) => !paired.has(k)).sort(),
    onlyInB: [...gb.keys()].filter((k) => !paired.has(k)).sort(),
  };
}
