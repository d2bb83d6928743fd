// `distillery verify` as a user meets it: every trace gets one verdict annotation (verified / verify-failed /
// verify-error, origin verifier:math|choice|code) with evidence that says what was expected and what came out;
// bad input is a clear verify-error and nothing is lost; a second run verifies only what is left.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import type { Db } from '../../../src/core/store/db';
import { openDatabase } from '../../../src/core/store/db';
import { importFiles } from '../../../src/core/ingest/importer';
import { findDatasetId } from '../../../src/core/store/datasets';
import { verifyTraces } from '../../../src/core/verify/run';
import { sandboxUnavailable, skipWithoutSandbox } from './probe';
import { fixture, freshDatabase } from '../helpers';

const fence = (code: string) => `Here is the program.\n\n\`\`\`python\n${code}\`\`\`\n`;

function addTrace(db: Db, questionLike: string, answer: string, thinking = 'thinking'): number {
  const sampleId = db.prepare('SELECT id FROM samples WHERE question LIKE ?').pluck().get(`%${questionLike}%`) as number;
  assert.ok(sampleId, `no sample like ${questionLike}`);
  const hash = `t${Math.random()}`;
  return Number(db.prepare("INSERT INTO traces (sample_id, hash, producer, thinking, answer) VALUES (?, ?, 'teacher', ?, ?)").run(sampleId, hash, thinking, answer).lastInsertRowid);
}

interface Verdict { label: string; origin: string; evidence: Record<string, unknown> }
function verdict(db: Db, traceId: number): Verdict {
  const rows = db.prepare("SELECT label, origin, evidence FROM annotations WHERE trace_id = ? AND origin LIKE 'verifier:%'").all(traceId) as { label: string; origin: string; evidence: string }[];
  assert.equal(rows.length, 1, 'one verdict per trace');
  return { ...rows[0], evidence: JSON.parse(rows[0].evidence) };
}

describe('verify: maths and multiple choice', () => {
  let db: Db;
  freshDatabase((d) => { db = d; });

  it('grades maths against the gold (a boxed solution when there is no answer) and choices by letter', async () => {
    await importFiles(db, { files: [fixture('code', 'openthoughts-metadata-madeup.jsonl')], dataset: 'ot' });
    await importFiles(db, { files: [fixture('import', 'mcq-madeup.jsonl')], dataset: 'mcq' });
    const mathTrace = db.prepare("SELECT t.id FROM traces t JOIN samples s ON s.id = t.sample_id WHERE s.domain = 'math'").pluck().get() as number;
    const wrongMath = addTrace(db, 'What is $2+3$', 'So the answer is $\\boxed{6}$.');
    const right = addTrace(db, 'blorpium', 'It glows blue. The answer is (C).');
    const wrong = addTrace(db, 'blorpium', 'I think the answer is (A).');
    const ot = findDatasetId(db, 'ot')!;
    await verifyTraces(db, { scope: { datasetId: ot }, kind: 'math', path: '/nonexistent' });
    const m = verdict(db, mathTrace);
    assert.equal(m.label, 'verified');
    assert.equal(m.origin, 'verifier:math');
    assert.equal(m.evidence.got, '5');
    const w = verdict(db, wrongMath);
    assert.equal(w.label, 'verify-failed');
    assert.equal(w.evidence.got, '6');
    assert.equal(w.evidence.expected, '5');
    const r = await verifyTraces(db, { scope: { datasetId: findDatasetId(db, 'mcq')! } });
    assert.equal(r.byKind.choice?.verified, 1);
    assert.equal(verdict(db, right).label, 'verified');
    const x = verdict(db, wrong);
    assert.equal(x.origin, 'verifier:choice');
    assert.equal(x.label, 'verify-failed');
    assert.deepEqual([x.evidence.expected, x.evidence.got], ['C', 'A']);
  });
});

describe('verify: code', function () {
  this.timeout(120_000);
  let db: Db;
  freshDatabase((d) => { db = d; });
  let apps = 0;
  const solution0009 = () => JSON.parse(JSON.parse(readFileSync(fixture('code', 'apps-test-0009.jsonl'), 'utf8')).solutions)[0] as string;

  beforeEach(async () => {
    await importFiles(db, { files: [fixture('code', 'apps-test-0009.jsonl'), fixture('code', 'apps-madeup.jsonl')], dataset: 'apps' });
    apps = findDatasetId(db, 'apps')!;
  });

  it('runs the extracted program against the tests: the real APPS solution passes, a wrong program fails with the failing test', async function () {
    await skipWithoutSandbox(this);
    const real = addTrace(db, 'APPS test problem 0009', fence(solution0009()));
    const call = addTrace(db, 'sum of its even', `First a sketch:\n\`\`\`\nnot this\n\`\`\`\n${fence('class Solution:\n    def sumEven(self, nums):\n        return sum(x for x in nums if x % 2 == 0)\n')}`);
    const wrong = addTrace(db, 'sum of its even', fence('class Solution:\n    def sumEven(self, nums):\n        return sum(nums)\n'));
    const r = await verifyTraces(db, { scope: { datasetId: apps }, kind: 'code' });
    assert.equal(r.verified, 2);
    assert.equal(verdict(db, real).label, 'verified');
    assert.equal(verdict(db, call).label, 'verified');
    const w = verdict(db, wrong);
    assert.equal(w.label, 'verify-failed');
    assert.equal(w.origin, 'verifier:code');
    assert.equal(w.evidence.test, 0);
    assert.equal(w.evidence.expected, '[6]');
    assert.equal(w.evidence.got, '10');
    assert.match(String(w.evidence.reason), /^test 1 of 3: wrong return value/);
  });

  it('bad input is a clear verify-error and nothing is lost: tests that are not JSON, no tests, a program printing 1 GB', async function () {
    await skipWithoutSandbox(this);
    const notJson = addTrace(db, 'print a + b', fence('a, b = map(int, input().split())\nprint(a + b)\n'));
    const noTests = addTrace(db, 'Print the word hello', fence('print("hello")\n'));
    const flood = addTrace(db, 'APPS test problem 0009', fence('import sys\nchunk = "x" * 65536\nfor _ in range(16384):\n    sys.stdout.write(chunk)\n'));
    const noCode = addTrace(db, 'sum of its even', 'I would add the even numbers.');
    const before = db.prepare('SELECT count(*) FROM traces').pluck().get();
    await verifyTraces(db, { scope: { datasetId: apps }, limits: { outputBytes: 1 << 20 } });
    assert.match(String(verdict(db, notJson).evidence.reason), /^the tests are not JSON/);
    assert.equal(verdict(db, notJson).label, 'verify-error');
    assert.equal(verdict(db, noTests).label, 'verify-error');
    assert.equal(verdict(db, noTests).evidence.reason, 'the question has no tests');
    const f = verdict(db, flood);
    assert.equal(f.label, 'verify-error');
    assert.match(String(f.evidence.reason), /output limit \(printed more than 1048576 bytes; killed\)/);
    assert.equal(verdict(db, noCode).label, 'verify-failed');
    assert.equal(verdict(db, noCode).evidence.reason, 'no code block in the answer');
    assert.equal(db.prepare('SELECT count(*) FROM traces').pluck().get(), before, 'no trace is removed');
    assert.equal(db.prepare("SELECT count(*) FROM samples s JOIN datasets d ON d.id = s.dataset_id WHERE d.name = 'apps'").pluck().get(), 4);
  });

  it('without bubblewrap, code is never run: each code trace gets a verify-error that says why', async () => {
    const t = addTrace(db, 'sum of its even', fence('open("/tmp/distillery-should-not-exist", "w")\n'));
    const r = await verifyTraces(db, { scope: { datasetId: apps }, kind: 'code', path: '/nonexistent-bin' });
    const v = verdict(db, t);
    assert.equal(v.label, 'verify-error');
    assert.match(String(v.evidence.reason), /bubblewrap \(bwrap\) is not on PATH/);
    assert.match(r.sandbox!, /never run unsandboxed/);
  });

  it('resumes: a second run skips verified traces; --force verifies them again', async () => {
    addTrace(db, 'Print the word hello', fence('print("hello")\n'));
    addTrace(db, 'print a + b', fence('print(3)\n'));
    const first = await verifyTraces(db, { scope: { datasetId: apps }, path: '/nonexistent-bin' });
    assert.equal(first.traces, 2);
    const again = await verifyTraces(db, { scope: { datasetId: apps }, path: '/nonexistent-bin' });
    assert.deepEqual([again.traces, again.skipped], [0, 2]);
    const forced = await verifyTraces(db, { scope: { datasetId: apps }, path: '/nonexistent-bin', force: true });
    assert.deepEqual([forced.traces, forced.skipped], [2, 0]);
    assert.equal(db.prepare("SELECT count(*) FROM annotations WHERE origin LIKE 'verifier:%'").pluck().get(), 2, 'a re-verified trace keeps one verdict');
  });
});

describe('distillery verify (CLI)', function () {
  this.timeout(120_000);
  let db: Db;
  let dir = '';
  freshDatabase((d, tmp) => { db = d; dir = tmp.dir; });

  it('--json prints one summary; a missing scope or an unknown data set is a usage error', async () => {
    await importFiles(db, { files: [fixture('code', 'openthoughts-metadata-madeup.jsonl')], dataset: 'ot' });
    db.close();
    const runs = (await sandboxUnavailable()) === null;
    const cli = (...args: string[]) => spawnSync(process.execPath, [resolve('out', 'cli.js'), '--db', join(dir, 'd.db'), ...args], { encoding: 'utf8' });
    const r = cli('--json', 'verify', '--dataset', 'ot');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.scope, 'data set ot');
    assert.equal(out.traces, 2);
    assert.equal(out.byKind.math.verified, 1);
    assert.equal(out.byKind.code[runs ? 'verified' : 'verify-error'], 1);
    assert.equal(cli('verify').status, 2);
    assert.match(cli('verify', '--dataset', 'nope').stderr, /no data set named 'nope'/);
    db = openDatabase(join(dir, 'd.db'));
  });
});
