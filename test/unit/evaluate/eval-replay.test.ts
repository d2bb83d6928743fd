// A full evaluation of MATH500:20 with every method against the replay server, GPQA from a CSV, AIME24, and
// the run bookkeeping a user relies on (resume, cancel, settings that must not change within a run).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src/core/store/db';
import { startReplayServer, type ReplayServer } from '../../../src/core/replay/server';
import { canonicalJson } from '../../../src/core/backend/cache';
import { EvalCancelled } from '../../../src/core/evaluate/runner';
import { RunMismatchError } from '../../../src/core/evaluate/session';
import { gpqaItems, loadBenchmark } from '../../../src/core/evaluate/benchmarks';
import { findRun, runResults } from '../../../src/core/store/runs';
import { metricsRows, metricsSummary } from '../../../src/core/metrics';
import { fixture, tempDir } from '../helpers';
import { evalAgainst, resultsOf } from './eval-helpers';

describe('evaluation against the replay server', function () {
  this.timeout(120_000);
  let tmp: ReturnType<typeof tempDir>;
  let db: Db;
  let server: ReplayServer;
  before(async () => { server = await startReplayServer({ traces: 'samples/math500.jsonl' }); });
  after(() => server.close());
  beforeEach(() => { tmp = tempDir(); db = openDatabase(join(tmp.dir, 'e.db')); });
  afterEach(() => { db.close(); tmp.cleanup(); });

  it('runs MATH500:20 with every method; each row keeps text, thinking, answer, grade, tokens and finish reasons', async () => {
    const counts: Record<string, number> = {};
    for (const method of ['none', 'truncation', 'budget-forcing', 'class-conditional'] as const) {
      const r = await evalAgainst(db, server.url, { benchmark: 'math500:20', method, run: 'all', wait: [1, 2] });
      counts[method] = r.results;
      assert.equal(r.replay, true);
    }
    assert.deepEqual(counts, { none: 20, truncation: 120, 'budget-forcing': 240, 'class-conditional': 40 });
    const rows = resultsOf(db, 'all');
    assert.equal(rows.length, 420);
    for (const r of rows) {
      assert.ok(r.full_text.length > 0 && r.answer.length > 0, `${r.method} ${r.budget}: empty text`);
      assert.ok(JSON.parse(r.finish_reasons).length >= 1);
    }
    const bf = rows.filter((r) => r.method === 'budget-forcing/wait=2' && r.budget === null);
    assert.ok(bf.every((r) => r.continuations === 2 && /Wait/.test(r.full_text)), 'unlimited budget forcing uses both continuations');
    const t500 = rows.filter((r) => r.method === 'truncation' && r.budget === 500);
    assert.ok(t500.every((r) => r.thinking_tokens <= 510), 'truncation at 500 stays within the budget');
    // The recorded solutions are right: with the whole trace read, the replay answers as recorded.
    const unlimited = rows.filter((r) => r.method === 'truncation' && r.budget === null);
    assert.ok(unlimited.filter((r) => r.grade === 1).length >= 18);
    assert.equal(findRun(db, 'all')?.backend, 'replay');
    const points = runResults(db, findRun(db, 'all')!.id);
    const summary = metricsSummary(metricsRows(points), points);
    assert.equal(summary.find((s) => s.method === 'budget-forcing' && s.wait === 1)?.control, 1);
  });

  it('a second eval of the same run sends nothing: finished rows are skipped', async () => {
    await evalAgainst(db, server.url, { benchmark: 'math500:5', method: 'truncation', run: 'r', budgets: [500, null] });
    const again = await evalAgainst(db, server.url, { benchmark: 'math500:5', method: 'truncation', run: 'r', budgets: [500, null] });
    assert.deepEqual([again.results, again.skipped, again.stats.sent], [10, 10, 0]);
  });

  it('a cancelled run is marked cancelled and resumes without sending a finished request again', async () => {
    const abort = new AbortController();
    let sent: string[] = [];
    const slow = await startReplayServer({ traces: 'samples/math500.jsonl', delayMsPerToken: 0.02, onRequest: (_p, b) => { sent.push(canonicalJson(b)); } });
    try {
      const cancelled = evalAgainst(db, slow.url, { benchmark: 'math500:10', method: 'budget-forcing', run: 'c', budgets: [1000, null], signal: abort.signal, onProgress: (p) => { if (p.done >= 3) abort.abort(); } });
      await assert.rejects(cancelled, EvalCancelled);
      assert.equal(findRun(db, 'c')?.status, 'cancelled');
      const finished = new Set(db.prepare('SELECT request FROM request_cache').pluck().all() as string[]);
      assert.ok(finished.size > 0);
      const firstPhase = new Set(sent);
      assert.ok([...finished].every((k) => firstPhase.has(k)), 'the cache key is the request as sent');
      sent = [];
      const r = await evalAgainst(db, slow.url, { benchmark: 'math500:10', method: 'budget-forcing', run: 'c', budgets: [1000, null] });
      assert.equal(r.results, 20);
      assert.equal(findRun(db, 'c')?.status, 'done');
      assert.ok(r.stats.cached > 0);
      assert.deepEqual(sent.filter((k) => finished.has(k)), [], 'a finished request was sent again');
    } finally {
      await slow.close();
    }
  });

  it('think-tags and sky delimiters work end to end (stop on </think> id; stop string for sky)', async () => {
    for (const format of ['think-tags', 'sky'] as const) {
      const r = await evalAgainst(db, server.url, { benchmark: 'math500:4', method: 'budget-forcing', run: `f-${format}`, budgets: [null, 50], wait: [1], format });
      assert.equal(r.results, 8);
      const rows = resultsOf(db, `f-${format}`);
      const open = format === 'sky' ? '<|begin_of_thought|>' : '<think>';
      assert.ok(rows.every((x) => x.full_text.startsWith(open)), format);
      assert.ok(rows.filter((x) => x.budget === null).every((x) => x.grade === 1 && x.continuations === 1), `${format}: unlimited thinking reads the whole trace`);
      assert.ok(rows.filter((x) => x.budget === 50).every((x) => x.thinking_tokens <= 60 && /Final Answer:/.test(x.full_text)), `${format}: truncated at 50`);
    }
  });

  it('refuses to resume a run with another model or format', async () => {
    await evalAgainst(db, server.url, { benchmark: 'math500:2', method: 'none', run: 'm' });
    await assert.rejects(evalAgainst(db, server.url, { benchmark: 'math500:2', method: 'none', run: 'm', format: 'think-tags' }), RunMismatchError);
  });

  it('GPQA from a CSV: options shuffled into A-D with a fixed seed, graded as letters; AIME24 has 30 integer questions', async () => {
    const csv = fixture('eval', 'gpqa-madeup.csv');
    const items = await gpqaItems(csv);
    assert.deepEqual(items.map((i) => i.gold), (await gpqaItems(csv)).map((i) => i.gold), 'same order on every load');
    for (const it of items) {
      assert.match(it.question, /\nA\) .+\nB\) .+\nC\) .+\nD\) .+/);
      assert.equal(it.choices![['A', 'B', 'C', 'D'].indexOf(it.gold)], ['Floatium', 'Three', 'The glimmer'][it.index]);
    }
    // The replay reads the CSV too: its Explanation is the thinking, the correct option's text the answer.
    const gpqaTraces = await startReplayServer({ traces: csv });
    try {
      const r = await evalAgainst(db, gpqaTraces.url, { benchmark: `gpqa=${csv}`, method: 'truncation', run: 'g', budgets: [null] });
      assert.deepEqual([r.results, r.correct], [3, 3]);
      assert.ok(resultsOf(db, 'g').every((x) => x.grade === 1 && x.extracted !== null));
    } finally {
      await gpqaTraces.close();
    }
    const aime = await loadBenchmark('aime24');
    assert.equal(aime.items.length, 30);
    assert.equal(aime.items[0].kind, 'integer');
    assert.equal((await loadBenchmark('math500')).items.length, 100);
  });
});
