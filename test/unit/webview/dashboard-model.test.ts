// The runs dashboard page's logic: which runs it opens on, when it pairs two, how progress reads, and which chart
// datums stand for samples (a click on anything else opens nothing).
import assert from 'node:assert/strict';
import type { DashboardRun } from '../../../src/shared/protocol';
import { chartPoint, comparePair, initialRuns, isLive, progressText } from '../../../webview/dashboard/model';

const run = (name: string, o: Partial<DashboardRun> = {}): DashboardRun => ({
  name, kind: 'eval', status: 'done', backend: null, done: 4, planned: 4, error: null, createdAt: '2026-12-01T10:00:00Z', startedAt: null, finishedAt: null, ...o,
});

describe('runs dashboard model', () => {
  const runs = [run('train-1', { kind: 'train', done: 0, planned: null }), run('empty', { done: 0 }), run('newest-with-results'), run('old')];

  it('opens on the runs asked for, else those shown before that still exist, else the newest evaluation with results', () => {
    assert.deepEqual(initialRuns(runs, ['old'], ['newest-with-results']), ['old']);
    assert.deepEqual(initialRuns(runs, [], ['gone', 'old']), ['old']);
    assert.deepEqual(initialRuns(runs, [], undefined), ['newest-with-results']);
    assert.deepEqual(initialRuns([], [], undefined), []);
  });

  it('pairs exactly two evaluation runs', () => {
    assert.deepEqual(comparePair(['old', 'empty'], runs), ['old', 'empty']);
    assert.equal(comparePair(['old'], runs), null);
    assert.equal(comparePair(['old', 'train-1'], runs), null);
    assert.equal(comparePair(['old', 'empty', 'newest-with-results'], runs), null);
  });

  it('reads progress out of the plan, and is live while a run is running', () => {
    assert.equal(progressText({ done: 3, planned: 8 }), '3 / 8');
    assert.equal(progressText({ done: 9, planned: 8 }), '8 / 8');
    assert.equal(progressText({ done: 3, planned: null }), '3');
    assert.equal(progressText({ kind: 'train', done: 38, planned: 315 }), '38 / 315 steps');
    assert.equal(progressText({ kind: 'train', done: 30, planned: null }), 'step 30', 'no total known: the last step');
    assert.equal(progressText({ kind: 'train', done: 0, planned: null }), '0', 'no step yet');
    assert.equal(isLive(runs), false);
    assert.equal(isLive([...runs, run('now', { status: 'running' })]), true);
  });

  it('takes a datum with run, benchmark, method and budget as a point; anything else is not one', () => {
    assert.deepEqual(chartPoint({ run: 'r', benchmark: 'math500', method: 'truncation', budget: 500, accuracy: 0.5 }), { run: 'r', benchmark: 'math500', method: 'truncation', budget: 500 });
    assert.deepEqual(chartPoint({ run: 'r', benchmark: 'math500', method: 'truncation', budget: null }), { run: 'r', benchmark: 'math500', method: 'truncation', budget: null });
    assert.equal(chartPoint({ run: 'r', benchmark: 'math500', method: 'truncation' }), null, 'no budget: not a point');
    assert.equal(chartPoint({ stage: 'dedup', kept: 10 }), null, 'a funnel bar');
    assert.equal(chartPoint({ run: 'r', benchmark: 'b', method: 'm', budget: 'lots' }), null);
    assert.equal(chartPoint(null), null);
  });
});
