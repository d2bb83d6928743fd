// Teachers on the same questions: the verifiers' annotations (by the contract: verified / verify-failed /
// verify-error, origin verifier:*) decide a trace's correctness over its own grade; thinking lengths in stored
// tokens with percentiles; agreement on the questions both answered.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Db } from '../../../src/core/store/db';
import { createGenerateRun, generatedTraceWriter } from '../../../src/core/store/generations';
import { compareTeachers, lengthStats, verdict } from '../../../src/core/generate/teachers';
import { freshDatabase } from '../helpers';
import { cli, seedSelection } from './gen-helpers';

/** A run of `teacher` with one trace per (question, grade) given; returns the trace ids. */
function run(db: Db, name: string, teacher: string, traces: { sampleId: number; grade: 0 | 1 | null; tokens: number }[]): number[] {
  const id = createGenerateRun(db, name, { teacher, selection: 'qs@1' }, 'openai');
  generatedTraceWriter(db, id)(traces.map((t, i) => ({ sampleId: t.sampleId, index: i, producer: teacher, thinking: `t${i}`, answer: 'a', thinkingTokens: t.tokens, answerTokens: null, finishReason: 'stop', grade: t.grade, metadata: {} })));
  return db.prepare('SELECT id FROM traces WHERE run_id = ? ORDER BY id').pluck().all(id) as number[];
}

function annotate(db: Db, traceId: number, label: string, origin = 'verifier:math') {
  const sampleId = db.prepare('SELECT sample_id FROM traces WHERE id = ?').pluck().get(traceId) as number;
  db.prepare('INSERT INTO annotations (sample_id, trace_id, label, origin, evidence) VALUES (?, ?, ?, ?, ?)').run(sampleId, traceId, label, origin, JSON.stringify({ expected: '1', got: '2' }));
}

describe('teachers: comparison on the same questions', () => {
  let db: Db;
  let dbPath: string;
  freshDatabase((d, tmp) => { db = d; dbPath = join(tmp.dir, 'd.db'); });

  it('judges by the verifiers first, counts lengths and agreement on the common questions', () => {
    const [q1, q2, q3] = seedSelection(db, 3);
    // Teacher A: q1 right twice (one by grade, one verified), q2 graded right but the verifier says wrong, q3 unjudged.
    const a = run(db, 'A', 'qwq', [{ sampleId: q1, grade: 1, tokens: 100 }, { sampleId: q1, grade: 0, tokens: 200 }, { sampleId: q2, grade: 1, tokens: 300 }, { sampleId: q3, grade: null, tokens: 400 }]);
    annotate(db, a[1], 'verified');
    annotate(db, a[2], 'verify-failed');
    annotate(db, a[3], 'verify-error', 'verifier:code');
    // Teacher B answered q1 (wrong) and q2 (wrong) only.
    run(db, 'B', 'r1', [{ sampleId: q1, grade: 0, tokens: 1000 }, { sampleId: q2, grade: 0, tokens: 3000 }]);
    const c = compareTeachers(db, ['A', 'B']);
    assert.equal(c.questions, 2, 'q3 is not common');
    const [ta, tb] = c.teachers;
    assert.equal(ta.teacher, 'qwq');
    assert.deepEqual([ta.traces, ta.judged, ta.right, ta.accuracy], [3, 3, 2, 0.6667]);
    assert.deepEqual(ta.judged_by, { verifier: 2, grade: 1, verify_error: 0, unjudged: 0 });
    assert.equal(ta.thinking_tokens.mean, 200);
    assert.deepEqual([tb.accuracy, tb.thinking_tokens.mean, tb.thinking_tokens.max], [0, 2000, 3000]);
    // q1: A right (2 of 2), B wrong; q2: both wrong.
    assert.deepEqual(c.agreement, [{ a: 'A', b: 'B', common: 2, both_right: 0, both_wrong: 1, disagree: 1, both_right_share: 0, both_wrong_share: 0.5, agreement: 0.5 }]);
    // With A alone, q3's verify-error is counted as such.
    assert.deepEqual(compareTeachers(db, ['A']).teachers[0].judged_by, { verifier: 2, grade: 1, verify_error: 1, unjudged: 0 });
  });

  it('verdicts and percentiles', () => {
    assert.deepEqual(verdict({ grade: 1, verdicts: 'verify-failed' }), { value: 0, by: 'verifier' });
    assert.deepEqual(verdict({ grade: null, verdicts: null }), { value: null, by: 'unjudged' });
    assert.deepEqual(lengthStats([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]), { counted: 10, mean: 55, p10: 10, p25: 30, p50: 50, p75: 80, p90: 90, max: 100 });
  });

  it('distillery teachers --json names a missing run', async () => {
    seedSelection(db, 1);
    run(db, 'A', 'qwq', []);
    const r = await cli(['--db', dbPath, '--json', 'teachers', '--run', 'A,nope']);
    assert.equal(r.code, 2);
    assert.match(r.err, /no run named 'nope'/);
  });
});
