// What the editor shows of generation runs: the dashboard's Teachers view (the `teachers` command's own figures
// and a thinking-length chart), the verdicts Verify Traces… reports, the runs listed under their data set, and the
// review list's "labelled by a verifier" filter.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Db } from '../../../src/core/store/db';
import { createGenerateRun, generatedTraceWriter } from '../../../src/core/store/generations';
import { compareTeachers } from '../../../src/core/generate/teachers';
import { binWidth, teachersView } from '../../../src/core/dashboard/teachers-view';
import { resolveVerifyScope, verdictSummary } from '../../../src/core/store/verdict-summary';
import { datasetGenerations } from '../../../src/core/store/dataset-admin';
import { writeVerdict } from '../../../src/core/store/verifications';
import { listSamples } from '../../../src/core/review/queries';
import { NotFoundError } from '../../../src/core/errors';
import { freshDatabase } from '../helpers';
import { cli, seedSelection } from './gen-helpers';

function run(db: Db, name: string, teacher: string, traces: { sampleId: number; grade: 0 | 1 | null; tokens: number }[]): number[] {
  const id = createGenerateRun(db, name, { teacher, selection: 'qs@1' }, 'openai');
  generatedTraceWriter(db, id)(traces.map((t, i) => ({ sampleId: t.sampleId, index: i, producer: teacher, thinking: `t${i}`, answer: 'a', thinkingTokens: t.tokens, answerTokens: null, finishReason: 'stop', grade: t.grade, metadata: {} })));
  return db.prepare('SELECT id FROM traces WHERE run_id = ? ORDER BY id').pluck().all(id) as number[];
}

const verdictOf = (db: Db, traceId: number, label: string, reason = 'x', origin = 'verifier:math') => writeVerdict(db, {
  sampleId: db.prepare('SELECT sample_id FROM traces WHERE id = ?').pluck().get(traceId) as number, traceId, origin, label, evidence: { expected: '1', got: '2', reason },
});

describe('generation runs in the editor', () => {
  let db: Db;
  let dbPath: string;
  freshDatabase((d, tmp) => { db = d; dbPath = join(tmp.dir, 'd.db'); });

  it("the Teachers view carries `distillery teachers --json`'s figures and a length chart of every trace compared", async () => {
    const [q1, q2, q3] = seedSelection(db, 3);
    const a = run(db, 'A', 'qwq', [{ sampleId: q1, grade: 1, tokens: 120 }, { sampleId: q1, grade: 0, tokens: 260 }, { sampleId: q2, grade: 1, tokens: 310 }, { sampleId: q3, grade: null, tokens: 999 }]);
    verdictOf(db, a[1], 'verified');
    run(db, 'B', 'r1', [{ sampleId: q1, grade: 0, tokens: 1000 }, { sampleId: q2, grade: 1, tokens: 3050 }]);
    const v = teachersView(db, ['A', 'B']);
    const { charts, ...figures } = v;
    assert.deepEqual(figures, compareTeachers(db, ['A', 'B']));
    const r = await cli(['--db', dbPath, '--json', 'teachers', '--run', 'A,B']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(figures, JSON.parse(r.out), 'the same numbers as the CLI');
    assert.equal(charts.length, 1);
    const values = (charts[0].spec.data as { values: { run: string; from: number; to: number; traces: number; share: number }[] }).values;
    // q3 is not common: A's 999-token trace is not drawn; 3 + 2 traces are.
    assert.equal(values.filter((x) => x.run === 'A').reduce((s, x) => s + x.traces, 0), 3);
    assert.equal(values.filter((x) => x.run === 'B').reduce((s, x) => s + x.traces, 0), 2);
    const b3050 = values.find((x) => x.run === 'B' && x.from <= 3050 && 3050 < x.to);
    assert.deepEqual([b3050?.traces, b3050?.share], [1, 0.5]);
    assert.throws(() => teachersView(db, ['A', 'nope']), NotFoundError);
  });

  it('bin widths are 1, 2 or 5 times a power of ten, at most 20 bins', () => {
    assert.deepEqual([0, 19, 20, 39, 99, 3050, 32768].map(binWidth), [1, 1, 2, 2, 5, 200, 2000]);
  });

  it('summarises the verdicts of a run, a selection or a data set, with the reasons traces could not be verified', () => {
    const [q1, q2] = seedSelection(db, 2);
    const t = run(db, 'A', 'qwq', [{ sampleId: q1, grade: 1, tokens: 1 }, { sampleId: q1, grade: 1, tokens: 1 }, { sampleId: q2, grade: 1, tokens: 1 }, { sampleId: q2, grade: 1, tokens: 1 }]);
    verdictOf(db, t[0], 'verified');
    verdictOf(db, t[1], 'verify-failed');
    const sandbox = 'bubblewrap (bwrap) is not on PATH, so no code is run (it is never run unsandboxed): install it (Debian/Ubuntu: apt-get install bubblewrap)';
    verdictOf(db, t[2], 'verify-error', sandbox, 'verifier:code');
    const s = verdictSummary(db, { run: 'A' });
    assert.deepEqual(s, { scope: 'run A', traces: 4, verified: 1, failed: 1, errors: 1, unverified: 1, errorReasons: [{ reason: sandbox, traces: 1 }] });
    assert.deepEqual({ ...verdictSummary(db, { selection: 'qs' }), scope: '' }, { ...s, scope: '' });
    assert.equal(verdictSummary(db, { dataset: 'math' }).scope, 'data set math');
    assert.throws(() => resolveVerifyScope(db, { run: 'nope' }), /no run named 'nope'/);
  });

  it('lists generation runs under their data set, with their teacher and verdicts; the review list filters to verifier labels', () => {
    const [q1, q2] = seedSelection(db, 2);
    const t = run(db, 'A', 'qwq', [{ sampleId: q1, grade: 1, tokens: 1 }, { sampleId: q2, grade: 1, tokens: 1 }]);
    run(db, 'B', 'r1', [{ sampleId: q2, grade: 1, tokens: 1 }]);
    verdictOf(db, t[0], 'verified');
    const g = datasetGenerations(db, 'math');
    assert.deepEqual(g.map((r) => [r.name, r.teacher, r.traces, r.questions, r.verified, r.failed, r.errors]), [['B', 'r1', 1, 1, 0, 0, 0], ['A', 'qwq', 2, 2, 1, 0, 0]]);
    assert.deepEqual(datasetGenerations(db, 'nope'), []);
    const byVerifier = listSamples(db, { dataset: 'math', origin: 'verifier' });
    assert.deepEqual(byVerifier.rows.map((r) => r.id), [q1]);
    assert.deepEqual(listSamples(db, { dataset: 'math', origin: 'verifier', label: 'verified' }).rows.map((r) => r.id), [q1]);
    assert.equal(listSamples(db, { dataset: 'math', origin: 'detector' }).total, 0);
  });
});
