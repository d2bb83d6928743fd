// Two evaluation runs side by side (a base model against its fine-tune, or one method against another): for each
// benchmark, method and budget both answered, the questions right in one and wrong in the other. A question's
// repeats are averaged first: right at one half or more, as the report's paired difference (report/compare.ts) counts.
// Runs that share no method (truncation against budget forcing) are paired by benchmark and budget instead, when
// each has one method there. The pairing itself is the report's (report/compare.ts pairQuestions).
import type { Db } from './db';
import type { PairedGroup, RunComparison } from '../../shared/protocol';
import { findRun } from './runs';
import { NotFoundError } from '../errors';
import { pairQuestions } from '../report/compare';

interface Graded { benchmark: string; method: string; budget: number | null; sampleId: number; grade: number }

function gradedQuestions(db: Db, runId: number): Graded[] {
  return db.prepare(`SELECT s.source AS benchmark, x.method, x.budget, x.sample_id AS sampleId, avg(ifnull(x.grade, 0)) AS grade
    FROM results x JOIN samples s ON s.id = x.sample_id WHERE x.run_id = ?
    GROUP BY s.source, x.method, ifnull(x.budget, -1), x.sample_id ORDER BY x.sample_id`).all(runId) as Graded[];
}

/** A group of one run's questions: the benchmark, method and budget they were answered at, graded by sample id. */
interface Group { benchmark: string; method: string; budget: number | null; questions: Map<number, number> }

const label = (g: { benchmark: string; method: string; budget: number | null }) => `${g.benchmark} · ${g.method} · ${g.budget ?? 'inf'}`;

function groups(rows: readonly Graded[]): Map<string, Group> {
  const out = new Map<string, Group>();
  for (const r of rows) {
    const k = label(r);
    if (!out.has(k)) out.set(k, { benchmark: r.benchmark, method: r.method, budget: r.budget, questions: new Map() });
    out.get(k)!.questions.set(r.sampleId, r.grade);
  }
  return out;
}

/** The paired counts of two groups' common questions, or null when they have none. */
function pair(x: Group, y: Group): PairedGroup | null {
  const p = pairQuestions(x.questions, y.questions);
  if (!p) return null;
  return {
    benchmark: x.benchmark, method: x.method, ...(y.method !== x.method ? { methodB: y.method } : {}), budget: x.budget,
    paired: p.ids.length, bothRight: p.bothRight, bothWrong: p.bothWrong, onlyA: p.onlyA, onlyB: p.onlyB, accuracyA: p.accuracyA, accuracyB: p.accuracyB,
  };
}

/** Groups by benchmark and budget, where a run has exactly one method there (else nothing to pair by). */
function byBudget(gs: Map<string, Group>): Map<string, Group> {
  const out = new Map<string, Group | null>();
  for (const g of gs.values()) {
    const k = `${g.benchmark} · ${g.budget ?? 'inf'}`;
    out.set(k, out.has(k) ? null : g);
  }
  return new Map([...out].filter((e): e is [string, Group] => e[1] !== null));
}

/** The paired difference of evaluation runs `a` and `b` (NotFoundError when either does not exist). */
export function pairedDifference(db: Db, a: string, b: string): RunComparison {
  const runA = findRun(db, a);
  const runB = findRun(db, b);
  for (const [name, run] of [[a, runA], [b, runB]] as const) if (!run) throw new NotFoundError(`no evaluation run named '${name}'`);
  const ga = groups(gradedQuestions(db, runA!.id));
  const gb = groups(gradedQuestions(db, runB!.id));
  const matched = (x: Map<string, Group>, y: Map<string, Group>) => [...x].map(([k, g]) => (y.has(k) ? pair(g, y.get(k)!) : null)).filter((g): g is PairedGroup => g !== null);
  let paired = matched(ga, gb);
  const used = new Set(paired.map((g) => label(g)));
  if (!paired.length) {
    paired = matched(byBudget(ga), byBudget(gb));
    for (const g of paired) used.add(label(g)).add(label({ ...g, method: g.methodB ?? g.method }));
  }
  const rank = (budget: number | null) => budget ?? Number.MAX_SAFE_INTEGER;
  paired.sort((x, y) => x.benchmark.localeCompare(y.benchmark) || x.method.localeCompare(y.method) || rank(x.budget) - rank(y.budget));
  return {
    a, b, groups: paired,
    onlyInA: [...ga.keys()].filter((k) => !used.has(k)).sort(),
    onlyInB: [...gb.keys()].filter((k) => !used.has(k)).sort(),
  };
}
