// Code problems import with their tests: APPS (a real excerpt, test/fixtures/code/NOTICE.md), TACO and
// OpenThoughts-114k's metadata rows are detected by their own columns, and every sample keeps its tests (even
// tests that are not JSON, as the text they are) for `distillery verify`.
import assert from 'node:assert/strict';
import type { Db } from '../../../src/core/store/db';
import { importFiles } from '../../../src/core/ingest/importer';
import { detectPreset } from '../../../src/core/ingest/presets';
import { fixture, freshDatabase } from '../helpers';

const code = (name: string) => fixture('code', name);

interface Stored { question: string; solution: string | null; source: string | null; domain: string | null; metadata: string | null }

describe('code presets (APPS, TACO, OpenThoughts metadata)', () => {
  let db: Db;
  freshDatabase((d) => { db = d; });
  const samples = () => db.prepare('SELECT question, solution, source, domain, metadata FROM samples ORDER BY id').all() as Stored[];

  it('imports a real APPS row with its tests and its first solution', async () => {
    const r = await importFiles(db, { files: [code('apps-test-0009.jsonl')], dataset: 'apps' });
    assert.equal(r.files[0].preset, 'apps');
    assert.equal(r.new_samples, 1);
    const [s] = samples();
    const meta = JSON.parse(s.metadata!);
    assert.deepEqual(meta.tests.outputs, ['1\n', '2\n', '-1\n', '1\n']);
    assert.equal(meta.tests.inputs.length, 4);
    assert.equal(meta.difficulty, 'interview');
    assert.equal(meta.problem_id, 9);
    assert.match(s.solution!, /^from sys import stdin, stdout/);
    assert.equal(s.domain, 'code');
    assert.equal(s.source, 'apps-test-0009', 'the source is the file name, never the preset name');
  });

  it('keeps call-based tests (fn_name) and starter code, and tests that are not JSON as text; a row without tests imports with none', async () => {
    const r = await importFiles(db, { files: [code('apps-madeup.jsonl')], dataset: 'apps' });
    assert.equal(r.files[0].preset, 'apps');
    assert.equal(r.new_samples, 3);
    const [call, bad, none] = samples().map((s) => JSON.parse(s.metadata!));
    assert.equal(call.tests.fn_name, 'sumEven');
    assert.match(call.starter_code, /class Solution/);
    assert.equal(bad.tests, "{inputs: ['1 2'], outputs: ['3']");
    assert.equal(none.tests, null);
  });

  it('detects TACO by its own columns and keeps them as metadata', async () => {
    const r = await importFiles(db, { files: [code('taco-madeup.jsonl')], dataset: 'taco' });
    assert.equal(r.files[0].preset, 'taco');
    const [s] = samples();
    assert.equal(s.source, 'codeforces');
    const meta = JSON.parse(s.metadata!);
    assert.deepEqual(meta.tests.outputs, ['5\n', '-4\n']);
    assert.equal(meta.time_limit, '1 second');
    assert.equal(meta.skill_types, '[]');
  });

  it("imports OpenThoughts metadata rows with their DeepSeek-R1 trace, code rows' test_cases as tests", async () => {
    const r = await importFiles(db, { files: [code('openthoughts-metadata-madeup.jsonl')], dataset: 'ot' });
    assert.equal(r.files[0].preset, 'openthoughts-metadata');
    assert.equal(r.new_samples, 2);
    assert.equal(r.new_traces, 2);
    const [c, m] = samples();
    assert.deepEqual(JSON.parse(c.metadata!).tests.outputs, ['9\n', '100\n']);
    assert.equal(c.domain, 'code');
    assert.equal(m.metadata, null);
    assert.equal(m.solution, '$2+3=\\boxed{5}$');
    const producers = db.prepare('SELECT DISTINCT producer FROM traces').pluck().all();
    assert.deepEqual(producers, ['deepseek-r1']);
  });

  it('does not take rows that other presets read', () => {
    assert.equal(detectPreset({ question: 'q', answer: '1' }).name, 'qa');
    assert.equal(detectPreset({ problem: 'p', answer: '3', unique_id: 'test/algebra/1.json', solution: 's' }).name, 'math500');
    assert.equal(detectPreset({ question: 'q', thinking: 't', response: 'r' }).name, 'generic');
    assert.equal(detectPreset({ conversations: [{ from: 'user', value: 'q' }] }).name, 'openthoughts');
  });
});
