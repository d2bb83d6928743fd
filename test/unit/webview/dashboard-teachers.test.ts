// The dashboard's Teachers view: shown for two or more generation runs ticked (evaluation runs are paired instead),
// and how its lengths and shares read.
import assert from 'node:assert/strict';
import { lengthText, pctOrDash, teacherRuns } from '../../../webview/dashboard/model';
import type { DashboardRun } from '../../../src/shared/protocol';

const run = (name: string, kind: string): DashboardRun => ({ name, kind, status: 'done', backend: null, done: 1, planned: null, error: null, createdAt: '', startedAt: null, finishedAt: null });
const runs = [run('g1', 'generate'), run('g2', 'generate'), run('g3', 'generate'), run('e1', 'eval')];

describe('dashboard: the Teachers view', () => {
  it('compares the generation runs ticked, in the order ticked, when there are two or more', () => {
    assert.deepEqual(teacherRuns(['g2', 'e1', 'g1'], runs), ['g2', 'g1']);
    assert.deepEqual(teacherRuns(['g1', 'g2', 'g3'], runs), ['g1', 'g2', 'g3']);
    assert.equal(teacherRuns(['g1', 'e1'], runs), null);
    assert.equal(teacherRuns(['g1', 'gone'], runs), null);
  });

  it('reads a length as its mean with p10 and p90, and an empty share as a dash', () => {
    assert.equal(lengthText({ mean: 811.6, p10: 402, p90: 1650 }), '812 (p10 402 – p90 1650)');
    assert.equal(lengthText({ mean: null, p10: null, p90: null }), '-');
    assert.equal(pctOrDash(null), '-');
    assert.equal(pctOrDash(0.6667), '66.7%');
  });
});
