// Missing values are not data, a later import fills in missing gold, present gold is never overwritten (a
// differing one is counted), and a database written before these rules upgrades keeping its traces and labels.
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDatabase, schemaVersion, type Db } from '../../../src/core/store/db';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../src/core/store/migrations';
import { importFiles } from '../../../src/core/ingest/importer';
import { sampleHash, traceHash } from '../../../src/core/ingest/hash';
import { presetByName } from '../../../src/core/ingest/presets';
import { readRecords } from '../../../src/core/ingest/rows';
import { freshDatabase, tempDir } from '../helpers';
import { EIGHT, maj8Row } from './eval-rows';

const Q = 'Made-up: a frog jumps 3 cells at a time on a ring of 10 cells; after how many jumps is it back?';

describe('import: missing values and better gold', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: Db;
  freshDatabase((d, t) => { db = d; tmp = t; });

  const get = (sql: string, ...args: unknown[]) => db.prepare(sql).get(...args) as Record<string, unknown>;
  const count = (sql: string, ...args: unknown[]) => db.prepare(sql).pluck().get(...args) as number;
  let n = 0;
  const write = (rows: unknown[]) => {
    const file = join(tmp.dir, `f${n++}.jsonl`);
    writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    return file;
  };
  const responses = (answer: string | null, extra: Record<string, unknown> = {}) =>
    write([{ question: Q, ...(answer === null ? {} : { answer }), response: 'Ten jumps bring it back: \\boxed{10}.', ...extra }]);
  const evalSet = (answer: string, solution?: string) => write([{ question: Q, answer, ...(solution ? { solution } : {}) }]);

  it('stores None, null, NaN and blank gold and optional text as NULL', async () => {
    await importFiles(db, { files: [responses('None', { solution: ' nan ', source: 'null', domain: '   ' })], dataset: 'd', preset: 'generic' });
    assert.deepEqual(get('SELECT answer, solution, source, domain FROM samples'), { answer: null, solution: null, source: null, domain: null });
  });

  it('files read for evaluation, replay and decontamination see the same missing values as import', async () => {
    const { records } = await readRecords(write([{ problem: Q, answer: 'NaN', solution: 'Ten jumps.' }]), { preset: 'aime' });
    assert.deepEqual([records[0].record?.answer, records[0].record?.solution], [null, 'Ten jumps.']);
  });

  it('SkyThought: gt_cot "None" is no solution; the real solution column is stored', async () => {
    await importFiles(db, { files: [write([maj8Row(0, EIGHT)])], dataset: 'd', preset: 'skythought' });
    assert.deepEqual(get('SELECT answer, solution FROM samples'), { answer: '204', solution: 'We count the walks step by step and find 204.' });
  });

  it('a later import with gold fills a stored question without gold, keeping its id, traces, labels and status', async () => {
    await importFiles(db, { files: [responses(null)], dataset: 'd', preset: 'generic' });
    const id = count('SELECT id FROM samples');
    db.prepare("INSERT INTO annotations (sample_id, label, origin, note) VALUES (?, 'check-me', 'human', 'mine')").run(id);
    db.prepare("UPDATE samples SET status = 'accepted' WHERE id = ?").run(id);

    const r = await importFiles(db, { files: [evalSet('10', 'The frog needs lcm(3,10)/3 = 10 jumps.')], dataset: 'd', preset: 'aime' });
    assert.deepEqual([r.new_samples, r.gold_filled, r.gold_conflicts, r.files[0].gold_filled], [0, 1, 0, 1]);
    assert.deepEqual(get('SELECT id, answer, solution, status FROM samples'), { id, answer: '10', solution: 'The frog needs lcm(3,10)/3 = 10 jumps.', status: 'accepted' });
    assert.equal(count("SELECT count(*) FROM annotations WHERE sample_id = ? AND origin = 'human' AND note = 'mine'", id), 1);
    assert.equal(count('SELECT count(*) FROM traces WHERE sample_id = ?', id), 1);
    assert.equal(count('SELECT gold_filled FROM dataset_files ORDER BY id DESC LIMIT 1'), 1, 'the file history records the fill');

    // Both files again: found by question and by question + gold; nothing new, nothing filled twice.
    for (const again of [await importFiles(db, { files: [responses(null)], dataset: 'd', preset: 'generic' }),
      await importFiles(db, { files: [evalSet('10', 'The frog needs lcm(3,10)/3 = 10 jumps.')], dataset: 'd', preset: 'aime' })]) {
      assert.deepEqual([again.new_samples, again.new_traces, again.gold_filled, again.gold_conflicts], [0, 0, 0, 0]);
    }
    assert.equal(count('SELECT count(*) FROM samples'), 1);
  });

  it('a row without gold joins its question\'s stored sample; a row with gold fills a gold-less row of the same file', async () => {
    await importFiles(db, { files: [evalSet('10')], dataset: 'd', preset: 'aime' });
    const r = await importFiles(db, { files: [responses(null)], dataset: 'd', preset: 'generic' });
    assert.deepEqual([r.new_samples, r.new_traces, r.gold_filled, r.gold_conflicts], [0, 1, 0, 0]);
    assert.equal(get('SELECT answer FROM samples').answer, '10');

    const other = 'Made-up: how many edges has a cube?';
    const one = await importFiles(db, { files: [write([{ question: other, response: 'Twelve.' }, { question: other, answer: '12', response: 'It has \\boxed{12}.' }])],
      dataset: 'e', preset: 'generic' });
    assert.deepEqual([one.new_samples, one.new_traces, one.gold_filled], [1, 2, 1]);
    assert.equal(get("SELECT answer FROM samples WHERE question = ? AND dataset_id = (SELECT id FROM datasets WHERE name = 'e')", other).answer, '12');
  });

  it('never overwrites present gold: a different answer is its own sample, a different solution stays out, both counted', async () => {
    await importFiles(db, { files: [evalSet('10', 'Ten jumps.')], dataset: 'd', preset: 'aime' });
    const stored = get('SELECT id, answer, solution FROM samples');

    const otherAnswer = await importFiles(db, { files: [evalSet('5', 'Five jumps.')], dataset: 'd', preset: 'aime' });
    assert.deepEqual([otherAnswer.new_samples, otherAnswer.gold_conflicts, otherAnswer.gold_filled], [1, 1, 0]);
    const otherSolution = await importFiles(db, { files: [evalSet('10', 'A different write-up.')], dataset: 'd', preset: 'aime' });
    assert.deepEqual([otherSolution.new_samples, otherSolution.gold_conflicts, otherSolution.gold_filled], [0, 1, 0]);

    assert.deepEqual(get('SELECT id, answer, solution FROM samples WHERE id = ?', stored.id), stored);
    assert.deepEqual(db.prepare('SELECT answer FROM samples ORDER BY id').pluck().all(), ['10', '5']);
    // Whitespace around the same gold is no conflict.
    const spaced = await importFiles(db, { files: [evalSet(' 10 ', 'Ten jumps.\n')], dataset: 'd', preset: 'aime' });
    assert.deepEqual([spaced.new_samples, spaced.gold_conflicts], [0, 0]);
  });

  it('a row without gold is not attached to a question stored with two different golds: it stays apart', async () => {
    await importFiles(db, { files: [write([{ question: Q, answer: '10' }, { question: Q, answer: '5' }])], dataset: 'd', preset: 'aime' });
    const r = await importFiles(db, { files: [responses(null)], dataset: 'd', preset: 'generic' });
    assert.deepEqual([r.new_samples, r.new_traces, r.gold_conflicts], [1, 1, 0]);
    assert.equal(count('SELECT count(*) FROM traces t JOIN samples s ON s.id = t.sample_id WHERE s.answer IS NOT NULL'), 0, 'no trace is put under a gold it was not graded against');
    const again = await importFiles(db, { files: [responses(null)], dataset: 'd', preset: 'generic' });
    assert.deepEqual([again.new_samples, again.new_traces], [0, 0]);
  });

  it('import --json and the summary report gold filled and gold conflicts', async () => {
    const cli = resolve('out', 'cli.js');
    const dbFile = join(tmp.dir, 'cli.db');
    const run = (file: string, preset: string, json: boolean) =>
      spawnSync(process.execPath, [cli, '--db', dbFile, 'import', file, '--dataset', 'd', '--preset', preset, ...(json ? ['--json'] : [])], { encoding: 'utf8' });
    assert.equal(run(responses(null), 'generic', true).status, 0);
    const filled = JSON.parse(run(evalSet('10'), 'aime', true).stdout);
    assert.deepEqual([filled.gold_filled, filled.gold_conflicts, filled.files[0].gold_filled], [1, 0, 1]);
    const text = run(evalSet('11'), 'aime', false);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /1 row\(s\) whose gold differs from the stored gold of the same question: the stored gold is kept/);
  });
});

describe('import: a database from before copies and gold fills', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => { tmp = tempDir(); });
  afterEach(() => tmp.cleanup());

  it('upgrades keeping its traces, ids and labels; re-importing its maj@8 file adds the merged copies and the real solution', async () => {
    const path = join(tmp.dir, 'old.db');
    const row = maj8Row(0, EIGHT);
    // The database as the first schema and the old import left it: `None` as the solution, identical responses merged.
    const old = new Database(path);
    old.exec(MIGRATIONS[0] as string);
    old.pragma('user_version = 1');
    const datasetId = Number(old.prepare("INSERT INTO datasets (name, kind) VALUES ('runs', 'traces')").run().lastInsertRowid);
    const sampleId = Number(old.prepare('INSERT INTO samples (dataset_id, hash, question, solution, answer) VALUES (?, ?, ?, ?, ?)')
      .run(datasetId, sampleHash({ question: row.question, answer: '204', solution: 'None' }), row.question, 'None', '204').lastInsertRowid);
    const seen = new Set<string>();
    for (const t of presetByName('skythought')!.map(row, {}).traces) {
      const hash = traceHash(t);
      if (seen.has(hash)) continue;
      seen.add(hash);
      old.prepare('INSERT INTO traces (sample_id, hash, producer, thinking, answer, grade) VALUES (?, ?, ?, ?, ?, ?)')
        .run(sampleId, hash, t.producer, t.thinking, t.answer, t.grade ?? null);
    }
    const traceIds = old.prepare('SELECT id FROM traces ORDER BY id').pluck().all() as number[];
    assert.equal(traceIds.length, 3);
    old.prepare("INSERT INTO annotations (sample_id, trace_id, label, origin) VALUES (?, ?, 'good-trace', 'human')").run(sampleId, traceIds[0]);
    old.close();

    const db = openDatabase(path);
    try {
      assert.equal(schemaVersion(db), SCHEMA_VERSION);
      assert.deepEqual(db.prepare('SELECT id FROM traces ORDER BY id').pluck().all(), traceIds);
      assert.equal(db.prepare('SELECT solution FROM samples').pluck().get(), null, '`None` is no solution');
      assert.equal(db.prepare("SELECT count(*) FROM annotations WHERE origin = 'human'").pluck().get(), 1);

      const file = join(tmp.dir, 'maj8.jsonl');
      writeFileSync(file, JSON.stringify(row) + '\n');
      const r = await importFiles(db, { files: [file], dataset: 'runs', preset: 'skythought' });
      assert.deepEqual([r.new_samples, r.new_traces, r.gold_filled, r.gold_conflicts], [0, 5, 1, 0]);
      assert.equal(db.prepare('SELECT count(*) FROM traces WHERE sample_id = ?').pluck().get(sampleId), 8);
      assert.equal(db.prepare('SELECT solution FROM samples WHERE id = ?').pluck().get(sampleId), row.solution);
      assert.deepEqual(db.prepare('SELECT id FROM traces ORDER BY id LIMIT 3').pluck().all(), traceIds, 'the old traces keep their ids');
      const again = await importFiles(db, { files: [file], dataset: 'runs', preset: 'skythought' });
      assert.deepEqual([again.new_samples, again.new_traces, again.gold_filled], [0, 0, 0]);
    } finally {
      db.close();
    }
  });
});
