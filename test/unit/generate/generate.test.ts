// Generation against the replay server: sixteen traces per question stored as the samples' traces (teacher,
// run, sample index, sampling and usage), identical replies kept apart by their index, a second run sends
// nothing, and a killed or interrupted run resumes without sending a finished request again.
import assert from 'node:assert/strict';
import { openDatabase } from '../../../src/core/store/db';
import type { ReplayServer } from '../../../src/core/replay/server';
import type { TempDir } from '../helpers';
import { cli, generationFixture } from './gen-helpers';

describe('generate: traces from a teacher (replay server)', function () {
  this.timeout(120_000);
  let tmp: TempDir;
  let server: ReplayServer;
  let sent: string[];
  let dbPath: string;
  beforeEach(async () => ({ tmp, server, sent, dbPath } = await generationFixture(3, 'g.db')));
  afterEach(async () => {
    await server.close();
    tmp.cleanup();
  });

  const generate = (...extra: string[]) => cli(['--db', dbPath, '--json', 'generate', '--backend', server.url, '--model', 'teacher-x', '--selection', 'qs', '--run', 'g1', ...extra]);

  it('stores 16 traces per question, each with its teacher, run, sample index, sampling and usage', async () => {
    const r = await generate('--samples', '16', '--temperature', '0.7', '--top-p', '0.95', '--concurrency', '8');
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out) as Record<string, unknown>;
    assert.equal(out.new_traces, 48);
    assert.equal(out.questions, 3);
    assert.equal(out.replay, true);
    assert.equal(sent.length, 48, 'one request per sample');
    assert.equal(new Set(sent).size, 48, 'sixteen distinct requests per question (a seed per sample)');
    const db = openDatabase(dbPath);
    const run = db.prepare("SELECT id, kind, status, backend FROM runs WHERE name = 'g1'").get() as { id: number; kind: string; status: string; backend: string };
    assert.deepEqual([run.kind, run.status, run.backend], ['generate', 'done', 'replay']);
    const traces = db.prepare('SELECT sample_id, producer, run_id, thinking, answer, thinking_tokens, grade, metadata FROM traces WHERE run_id = ? ORDER BY id').all(run.id) as
      { sample_id: number; producer: string; run_id: number; thinking: string; answer: string; thinking_tokens: number; grade: number; metadata: string }[];
    assert.equal(traces.length, 48);
    for (const t of traces) {
      assert.equal(t.producer, 'teacher-x');
      assert.ok(t.thinking.length > 20 && !t.thinking.includes('<|im_start|>'), 'thinking split off by the s1 delimiters');
      assert.match(t.answer, /boxed/);
      assert.ok(t.thinking_tokens > 0);
      assert.equal(t.grade, 1, 'graded against the gold answer');
    }
    // The replay answers every sample of a question alike: sixteen identical texts, sixteen traces by index.
    const bySample = new Map<number, typeof traces>();
    for (const t of traces) bySample.set(t.sample_id, [...(bySample.get(t.sample_id) ?? []), t]);
    for (const ts of bySample.values()) {
      assert.equal(ts.length, 16);
      assert.equal(new Set(ts.map((t) => t.thinking)).size, 1);
      const meta = ts.map((t) => JSON.parse(t.metadata) as { sample_index: number; sampling: { temperature: number; top_p: number; seed: number }; usage: { completion_tokens: number } });
      assert.deepEqual(meta.map((m) => m.sample_index).sort((a, b) => a - b), [...Array(16).keys()]);
      assert.ok(meta.every((m) => m.sampling.temperature === 0.7 && m.sampling.top_p === 0.95 && m.sampling.seed === 42 + m.sample_index && m.usage.completion_tokens > 0));
    }
    db.close();

    // Again: everything is stored, nothing is sent.
    sent.length = 0; // the fixture records into this array
    const again = await generate('--samples', '16', '--temperature', '0.7', '--top-p', '0.95');
    assert.equal(again.code, 0, again.err);
    assert.equal((JSON.parse(again.out) as { new_traces: number; skipped: number }).skipped, 48);
    assert.equal(sent.length, 0);
    // More samples later: only the new indexes are asked for.
    const more = await generate('--samples', '18', '--temperature', '0.7', '--top-p', '0.95');
    assert.equal(more.code, 0, more.err);
    assert.equal((JSON.parse(more.out) as { new_traces: number }).new_traces, 6);
    assert.equal(sent.length, 6);
  });

  it('refuses to resume a run with other sampling settings', async () => {
    assert.equal((await generate('--samples', '2')).code, 0);
    const r = await generate('--samples', '2', '--temperature', '1.0');
    assert.equal(r.code, 2);
    assert.match(r.err, /other settings \(temperature\)/);
  });

  it('refuses an unknown selection and says so', async () => {
    const r = await cli(['--db', dbPath, 'generate', '--backend', server.url, '--model', 'm', '--selection', 'nope', '--run', 'x']);
    assert.equal(r.code, 2);
    assert.match(r.err, /no selection named 'nope'/);
  });
});
