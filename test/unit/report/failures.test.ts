// Where scaling fails, on the hand-computed run of seed.ts (numbers worked out by hand there).
import assert from 'node:assert/strict';
import { freshDatabase } from '../helpers';
import type { Db } from '../../../src/core/store/db';
import { loadReportData } from '../../../src/core/report/data';
import { findFailures } from '../../../src/core/report/failures';
import { pairedDifference } from '../../../src/core/report/compare';
import { pickExamples } from '../../../src/core/report/examples';
import { HAND_RUN, seedRun, type SeedResult } from './seed';

const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;

describe('report: where scaling fails', () => {
  let db: Db;
  freshDatabase((d) => { db = d; });

  it('finds the falling step, the flat one, the budget left unused and the question that flips right → wrong, with their samples', () => {
    const ids = seedRun(db, 'hand', HAND_RUN);
    const q = (name: string) => ids.get(`math500/${name}`)!;
    const f = findFailures(loadReportData(db, ['hand']));

    // truncation 1000 → 2000: 50% → 25%, q1 lost; budget forcing 500 → 1000: 50% → 50%, nobody lost or gained.
    assert.equal(f.pairs.length, 2);
    const fall = f.pairs.find((p) => p.method === 'truncation')!;
    assert.deepEqual([fall.budget_a, fall.budget_b, fall.accuracy_a, fall.accuracy_b, fall.delta, fall.lost, fall.gained], [1000, 2000, 0.5, 0.25, -0.25, [q('q1')], []]);
    assert.deepEqual([fall.tokens_a, fall.tokens_b], [837.5, 1600]);
    // s.e. of the difference: sqrt(0.25² + 0.75·0.25/4) = sqrt(0.109375)
    assert.ok(close(fall.stderr, Math.sqrt(0.109375)));
    const flat = f.pairs.find((p) => p.method === 'budget-forcing/wait=1')!;
    assert.deepEqual([flat.budget_a, flat.budget_b, flat.delta, flat.lost, flat.gained], [500, 1000, 0, [], []]);

    // Budget forcing 500 → 1000 grew 6.25 tokens (< 50 = a tenth of the extra 500); q3 used 25 more, the rest none.
    assert.equal(f.stalled.length, 1);
    assert.deepEqual([f.stalled[0].method, f.stalled[0].budget_a, f.stalled[0].budget_b, f.stalled[0].tokens_a, f.stalled[0].tokens_b],
      ['budget-forcing/wait=1', 500, 1000, 500, 506.25]);
    assert.deepEqual(f.stalled[0].sample_ids, [q('q1'), q('q2'), q('q4')]);

    // q1: right at 1000 (450 tokens), wrong at 2000 (1500 tokens); q2 goes the other way at 500 → 1000 and is no flip.
    assert.equal(f.flips.length, 1);
    assert.deepEqual([f.flips[0].sample_id, f.flips[0].budget_a, f.flips[0].budget_b, f.flips[0].tokens_a, f.flips[0].tokens_b], [q('q1'), 1000, 2000, 450, 1500]);
    assert.equal(f.flips[0].result_ids_a.length, 1);
  });

  it('100% at both budgets is saturation, not a failure; class-conditional has no budgets to compare', () => {
    const r = (q: string, budget: number | null, grade: 0 | 1, tokens: number, method = 'truncation'): SeedResult => ({ q, method, budget, grade, tokens });
    seedRun(db, 'sat', [r('a', 100, 1, 90), r('a', 200, 1, 150), r('a', null, 1, 150), r('a', null, 0, 50, 'class-conditional/short'), r('a', null, 1, 400, 'class-conditional/long')]);
    const f = findFailures(loadReportData(db, ['sat']));
    assert.deepEqual(f.pairs, []);
    assert.deepEqual(f.flips, []);
    // 200 → unlimited added no token: the unlimited budget went unused.
    assert.deepEqual(f.stalled.map((s) => [s.budget_a, s.budget_b]), [[200, null]]);
  });

  it('repeats: a question is right when at least half its repeats are', () => {
    const r = (q: string, budget: number, repeat: number, grade: 0 | 1): SeedResult => ({ q, method: 'truncation', budget, repeat, grade, tokens: budget });
    // q: 2/2 right at 100, 1/2 at 200 (still right), 0/2 at 400 (flip 200 → 400).
    seedRun(db, 'rep', [r('q', 100, 0, 1), r('q', 100, 1, 1), r('q', 200, 0, 1), r('q', 200, 1, 0), r('q', 400, 0, 0), r('q', 400, 1, 0)]);
    const f = findFailures(loadReportData(db, ['rep']));
    assert.deepEqual(f.flips.map((x) => [x.budget_a, x.budget_b, x.result_ids_a.length, x.result_ids_b.length]), [[200, 400, 2, 2]]);
    assert.deepEqual(f.pairs.map((p) => [p.budget_a, p.budget_b, p.accuracy_a, p.accuracy_b]), [[100, 200, 1, 0.5], [200, 400, 0.5, 0]]);
  });

  it('paired difference of two runs: questions right in one and wrong in the other, per shared setting', () => {
    const ids = seedRun(db, 'base', HAND_RUN);
    // The fine-tune: at truncation 1000, q2 wrong and q3 right; everything else the same.
    seedRun(db, 'tuned', HAND_RUN.map((r) => (r.method === 'truncation' && r.budget === 1000 && (r.q === 'q2' || r.q === 'q3') ? { ...r, grade: (1 - r.grade) as 0 | 1 } : r)));
    const d = pairedDifference(loadReportData(db, ['base', 'tuned']), 'base', 'tuned');
    assert.equal(d.length, 5);
    const t1000 = d.find((x) => x.method === 'truncation' && x.budget === 1000)!;
    assert.deepEqual([t1000.questions, t1000.accuracy_a, t1000.accuracy_b, t1000.only_a, t1000.only_b], [4, 0.5, 0.5, [ids.get('math500/q2')], [ids.get('math500/q3')]]);
    assert.ok(d.filter((x) => x !== t1000).every((x) => !x.only_a.length && !x.only_b.length));
  });

  it('examples: the shortest and longest correct and wrong generation per method', () => {
    const ids = seedRun(db, 'hand', HAND_RUN);
    const ex = pickExamples(loadReportData(db, ['hand']));
    const trunc = ex.filter((e) => e.series === 'truncation').map((e) => [e.kind, e.point.sample_id, e.point.budget, e.point.thinking_tokens]);
    // Correct: q1 with 450 tokens (at 500, written before the one at 1000) and q2 with 900 (at 2000, written after the one at 1000);
    // wrong: q3 with 500 at budget 500 (before q4's), q4 with 2000 at budget 2000 (after q3's).
    assert.deepEqual(trunc, [
      ['correct, short', ids.get('math500/q1'), 500, 450], ['correct, long', ids.get('math500/q2'), 2000, 900],
      ['wrong, short', ids.get('math500/q3'), 500, 500], ['wrong, long', ids.get('math500/q4'), 2000, 2000],
    ]);
  });
});
