// The runs dashboard's paired difference on a hand-made pair of runs (a base model and its fine-tune): which
// questions flip, per benchmark, method and budget; repeats averaged; groups one run lacks are named, not paired.
import assert from 'node:assert/strict';
import type { Db } from '../../../src/core/store/db';
import { ensureEvalSamples } from '../../../src/core/store/runs';
import { pairedDifference } from '../../../src/core/store/run-compare';
import { listSamples } from '../../../src/core/review/queries';
import { NotFoundError } from '../../../src/core/errors';
import { freshDatabase } from '../helpers';
import { handRun, items } from './run-fixtures';

describe('paired difference of two runs', () => {
  let db: Db;
  freshDatabase((d) => { db = d; });

  it('lists the questions right in one run and wrong in the other, with the counts and accuracies over the pairs', () => {
    const ids = ensureEvalSamples(db, 'math500', items(5));
    handRun(db, 'base', ids, [1, 0, 0, 1, 0]);
    handRun(db, 'tuned', ids, [1, 1, 0, 0, 1]);
    const c = pairedDifference(db, 'base', 'tuned');
    assert.equal(c.groups.length, 1);
    const g = c.groups[0];
    assert.deepEqual({ ...g, accuracyA: +g.accuracyA.toFixed(2), accuracyB: +g.accuracyB.toFixed(2) }, {
      benchmark: 'math500', method: 'truncation', budget: 1000, paired: 5, bothRight: 1, bothWrong: 1,
      onlyA: [ids[3]], onlyB: [ids[1], ids[4]], accuracyA: 0.4, accuracyB: 0.6,
    });
    // The other way round, the lists swap.
    const r = pairedDifference(db, 'tuned', 'base').groups[0];
    assert.deepEqual([r.onlyA, r.onlyB], [g.onlyB, g.onlyA]);
    // Each list opens in review as a sample-id filter: exactly those questions.
    assert.deepEqual(listSamples(db, { dataset: 'eval:math500', ids: g.onlyB }).rows.map((x) => x.id), [ids[1], ids[4]]);
  });

  it('averages repeats: a question right in one repeat of two counts as right (as the report counts it)', () => {
    const ids = ensureEvalSamples(db, 'aime24', items(2));
    handRun(db, 'a', ids, [1, 1], { repeat: 0 });
    handRun(db, 'a', ids, [1, 0], { repeat: 1 });
    handRun(db, 'b', ids, [0, 0]);
    const g = pairedDifference(db, 'a', 'b').groups[0];
    assert.deepEqual([g.paired, g.onlyA, g.onlyB, g.bothWrong, g.accuracyA], [2, [ids[0], ids[1]], [], 0, 0.75]);
  });

  it('pairs only the same benchmark, method and budget, and names what one run alone answered', () => {
    const ids = ensureEvalSamples(db, 'math500', items(3));
    handRun(db, 'base', ids, [0, 0, 0], { budget: 500 });
    handRun(db, 'base', ids, [1, 0, 0], { budget: null });
    handRun(db, 'tuned', ids, [1, 1, 0], { budget: null });
    handRun(db, 'tuned', ids.slice(0, 2), [1, 1], { method: 'budget-forcing/wait=1', budget: null });
    const c = pairedDifference(db, 'base', 'tuned');
    assert.deepEqual(c.groups.map((g) => [g.method, g.budget, g.onlyB.length]), [['truncation', null, 1]]);
    assert.deepEqual(c.onlyInA, ['math500 · truncation · 500']);
    assert.deepEqual(c.onlyInB, ['math500 · budget-forcing/wait=1 · inf']);
  });

  it('pairs runs that share no method by benchmark and budget (truncation against budget forcing)', () => {
    const ids = ensureEvalSamples(db, 'math500', items(3));
    for (const budget of [500, null]) {
      handRun(db, 'cut', ids, [0, 1, 0], { budget });
      handRun(db, 'forced', ids, [1, 1, 0], { method: 'budget-forcing/wait=1', budget });
    }
    handRun(db, 'forced', ids, [1, 1, 1], { method: 'budget-forcing/wait=2', budget: 2000 });
    const c = pairedDifference(db, 'cut', 'forced');
    assert.deepEqual(c.groups.map((g) => [g.method, g.methodB, g.budget, g.onlyA, g.onlyB]), [
      ['truncation', 'budget-forcing/wait=1', 500, [], [ids[0]]],
      ['truncation', 'budget-forcing/wait=1', null, [], [ids[0]]],
    ]);
    assert.deepEqual([c.onlyInA, c.onlyInB], [[], ['math500 · budget-forcing/wait=2 · 2000']]);
  });

  it('says which run does not exist', () => {
    handRun(db, 'base', ensureEvalSamples(db, 'math500', items(1)), [1]);
    assert.throws(() => pairedDifference(db, 'base', 'nope'), (e: unknown) => e instanceof NotFoundError && /'nope'/.test(e.message));
  });
});
