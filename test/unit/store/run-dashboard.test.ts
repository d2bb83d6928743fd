// The runs dashboard's engine side: every kind of run with its progress, the metrics and charts of the runs
// chosen, and the review filter behind a chart point (which lists exactly that point's questions).
import assert from 'node:assert/strict';
import type { Db } from '../../../src/core/store/db';
import { createRun, ensureEvalSamples, listRuns, setRunStatus } from '../../../src/core/store/runs';
import { dashboardRuns } from '../../../src/core/store/run-dashboard';
import { pointSamples, runsDashboard } from '../../../src/core/dashboard/dashboard';
import { saveTrainPoints, setTrainProgress } from '../../../src/core/store/train-runs';
import { listSamples } from '../../../src/core/review/queries';
import { freshDatabase } from '../helpers';
import { handRun, items } from './run-fixtures';

describe('runs dashboard queries', () => {
  let db: Db;
  freshDatabase((d) => { db = d; });

  it('lists runs of every kind, newest first, with their progress out of what they planned', () => {
    const ids = ensureEvalSamples(db, 'math500', items(4));
    const id = createRun(db, 'live', { model: 'm', planned: 8 }, 'openai');
    setRunStatus(db, id, 'running');
    handRun(db, 'live', ids.slice(0, 3), [1, 0, 1]);
    db.prepare("INSERT INTO runs (kind, name, config, status) VALUES ('train', 'sft-1', '{}', 'pending')").run();
    const runs = dashboardRuns(db);
    assert.deepEqual(runs.map((r) => [r.name, r.kind, r.status, r.done, r.planned]), [['sft-1', 'train', 'pending', 0, null], ['live', 'eval', 'running', 3, 8]]);
    assert.ok(runs[1].startedAt && !runs[1].finishedAt);
  });

  it('gives the metrics and a chart whose points carry run, benchmark, method and budget', () => {
    const ids = ensureEvalSamples(db, 'math500', items(4));
    handRun(db, 'r1', ids, [1, 1, 0, 0], { budget: 500 });
    handRun(db, 'r1', ids, [1, 1, 1, 0], { budget: null });
    const d = runsDashboard(db, ['r1', 'no-such-run']);
    assert.deepEqual(d.metrics.map((m) => [m.run, m.rows.map((r) => [r.budget, r.accuracy])]), [['r1', [[500, 0.5], [null, 0.75]]]]);
    assert.ok(d.charts.length >= 1);
    for (const c of d.charts) assert.ok(c.id && c.title && typeof c.spec === 'object');
    const values = JSON.stringify(d.charts.map((c) => c.spec));
    assert.match(values, /"run":"r1"/);
    assert.match(values, /"benchmark":"math500"/);
    assert.match(values, /"method":"truncation"/);
    assert.match(values, /"budget":500/);
    assert.deepEqual(runsDashboard(db, []).charts, [], 'no run chosen, no chart');
  });

  it('lists evaluation runs with the model their configuration names (Evaluate compares a checkpoint with it)', () => {
    createRun(db, 'base', { model: 'Qwen/Qwen2.5-3B-Instruct', benchmark: 'math500' }, 'openai');
    createRun(db, 'nameless', { benchmark: 'math500' }, 'openai');
    assert.deepEqual(listRuns(db).map((r) => [r.name, r.model]), [['nameless', null], ['base', 'Qwen/Qwen2.5-3B-Instruct']]);
  });

  it('gives a training run its steps as progress: the bar\'s step out of its total, else the last step logged', () => {
    const train = (name: string) => Number(db.prepare("INSERT INTO runs (kind, name, config, status) VALUES ('train', ?, '{\"trainer\":\"trl\"}', 'running')").run(name).lastInsertRowid);
    const logged = train('logged-only');
    saveTrainPoints(db, logged, [10, 20, 30].map((step) => ({ step, epoch: null, loss: 1, learningRate: null, gradNorm: null })), 'log');
    const barred = train('with-bar');
    saveTrainPoints(db, barred, [{ step: 5, epoch: null, loss: 1, learningRate: null, gradNorm: null }], 'log');
    setTrainProgress(db, barred, 38, 315);
    const byName = new Map(dashboardRuns(db).map((r) => [r.name, [r.done, r.planned]]));
    assert.deepEqual(byName.get('logged-only'), [30, null], 'no total known: the last step logged');
    assert.deepEqual(byName.get('with-bar'), [38, 315], 'steps done out of the total steps');
    assert.equal(JSON.parse(db.prepare('SELECT config FROM runs WHERE id = ?').pluck().get(barred) as string).trainer, 'trl', 'the run\'s record is kept');
  });

  it('draws a chosen training run\'s loss curve beside the evaluation charts', () => {
    const id = db.prepare("INSERT INTO runs (kind, name, config, status) VALUES ('train', 'sft-2', '{}', 'running')").run().lastInsertRowid;
    saveTrainPoints(db, Number(id), [1, 2, 3].map((step) => ({ step, epoch: step / 3, loss: 2 / step, learningRate: 1e-5, gradNorm: 1 })), 'log');
    const d = runsDashboard(db, ['sft-2']);
    assert.deepEqual(d.charts.map((c) => c.id), ['loss:sft-2']);
    const values = JSON.stringify(d.charts[0].spec);
    assert.match(values, /"step":3/);
    assert.match(values, /"loss":1/);
    assert.deepEqual(runsDashboard(db, []).charts, [], 'not chosen, not drawn');
  });

  it('turns a chart point into the review filter of its questions, whatever form of the method it names', () => {
    const ids = ensureEvalSamples(db, 'math500', items(3));
    const other = ensureEvalSamples(db, 'aime24', items(2));
    handRun(db, 'r', ids, [1, 0, 1], { budget: 1000 });
    handRun(db, 'r', ids.slice(0, 2), [1, 1], { method: 'budget-forcing/wait=2/word=Hmm', budget: null });
    handRun(db, 'r', other, [0, 0], { budget: 1000 });

    const one = pointSamples(db, { run: 'r', benchmark: 'math500', method: 'truncation', budget: 1000 });
    assert.deepEqual(one, { filter: { dataset: 'eval:math500', run: 'r', method: 'truncation', budget: 1000 }, samples: 3 });
    assert.deepEqual(listSamples(db, one.filter).rows.map((r) => r.id), ids, 'the review list shows the point\'s questions, not aime24\'s');
    // The metrics table's display form and the bare name find the stored key.
    for (const method of ['budget-forcing/wait=2', 'budget-forcing']) {
      const p = pointSamples(db, { run: 'r', benchmark: 'math500', method, budget: null });
      assert.equal(p.filter.method, 'budget-forcing/wait=2/word=Hmm', method);
      assert.equal(listSamples(db, p.filter).total, 2);
    }
    assert.equal(pointSamples(db, { run: 'r', benchmark: 'math500', method: 'none', budget: null }).samples, 0);
  });

  it('lists the questions of several matching keys by id', () => {
    const ids = ensureEvalSamples(db, 'math500', items(3));
    handRun(db, 'r', ids.slice(0, 1), [1], { method: 'budget-forcing/wait=1', budget: 500 });
    handRun(db, 'r', ids.slice(1), [1, 0], { method: 'budget-forcing/wait=2', budget: 500 });
    const p = pointSamples(db, { run: 'r', benchmark: 'math500', method: 'budget-forcing', budget: 500 });
    assert.deepEqual(p, { filter: { dataset: 'eval:math500', ids }, samples: 3 });
    assert.equal(listSamples(db, p.filter).total, 3);
  });
});
