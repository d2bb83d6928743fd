// Responses are distinct samples: identical responses to one question are kept as copies (majority vote and
// pass@k count them), while a re-import of the same file, wherever it lies, adds nothing.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../../src/core/store/db';
import { importFiles } from '../../../src/core/ingest/importer';
import { freshDatabase, tempDir } from '../helpers';
import { EIGHT, maj8Row, RIGHT, WRONG } from './eval-rows';

describe('import: responses are distinct samples', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: Db;
  freshDatabase((d, t) => { db = d; tmp = t; });

  const count = (sql: string, ...args: unknown[]) => db.prepare(sql).pluck().get(...args) as number;
  const write = (name: string, rows: unknown[]) => {
    const file = join(tmp.dir, name);
    writeFileSync(file, name.endsWith('.json') ? JSON.stringify(rows) : rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    return file;
  };

  it('keeps all eight responses of a maj@8 row although five are the same text, with their grades', async () => {
    const file = write('maj8.jsonl', [maj8Row(0, EIGHT), maj8Row(1, EIGHT.slice().reverse(), '17')]);
    const r = await importFiles(db, { files: [file], dataset: 'runs', preset: 'skythought' });
    assert.deepEqual([r.rows, r.traces, r.new_samples, r.new_traces], [2, 16, 2, 16]);
    const id = count("SELECT id FROM samples WHERE question LIKE 'Made-up question 0:%'");
    assert.equal(count('SELECT count(*) FROM traces WHERE sample_id = ?', id), 8);
    // Majority vote sees five identical right answers, not one.
    assert.equal(count("SELECT count(*) FROM traces WHERE sample_id = ? AND (thinking || answer) LIKE '%Counting the walks%'", id), 5);
    assert.equal(count('SELECT count(*) FROM traces WHERE sample_id = ? AND grade = 1', id), 6);
  });

  it('a re-import of the same file, also from another path or as a JSON array, adds nothing', async () => {
    const file = write('maj8.jsonl', [maj8Row(0, EIGHT)]);
    await importFiles(db, { files: [file], dataset: 'runs', preset: 'skythought' });
    const again = await importFiles(db, { files: [file], dataset: 'runs', preset: 'skythought' });
    assert.deepEqual([again.rows, again.traces, again.new_samples, again.new_traces], [1, 8, 0, 0]);
    mkdirSync(join(tmp.dir, 'copy'));
    const moved = join(tmp.dir, 'copy', 'renamed.jsonl');
    copyFileSync(file, moved);
    const fromCopy = await importFiles(db, { files: [moved], dataset: 'runs', preset: 'skythought' });
    assert.deepEqual([fromCopy.new_samples, fromCopy.new_traces], [0, 0]);
    const asArray = await importFiles(db, { files: [write('maj8.json', [maj8Row(0, EIGHT)])], dataset: 'runs', preset: 'skythought' });
    assert.deepEqual([asArray.rows, asArray.new_samples, asArray.new_traces], [1, 0, 0]);
    assert.equal(count('SELECT count(*) FROM traces'), 8);
  });

  it('counts copies across rows of one question (one response per line) and within a JSON array file', async () => {
    const rows = [0, 1, 2, 3].map((i) => ({ question: 'Made-up: what is 6 times 7?', answer: '42', response: i === 2 ? 'It is \\boxed{41}.' : 'It is \\boxed{42}.' }));
    const r = await importFiles(db, { files: [write('lines.json', rows)], dataset: 'lines', preset: 'generic' });
    assert.deepEqual([r.rows, r.new_samples, r.new_traces], [4, 1, 4]);
    const again = await importFiles(db, { files: [write('lines.jsonl', rows)], dataset: 'lines', preset: 'generic' });
    assert.deepEqual([again.new_samples, again.new_traces], [0, 0]);
  });

  it('another file with the same responses adds only the copies beyond those stored; another producer adds its own', async () => {
    await importFiles(db, { files: [write('a.jsonl', [maj8Row(0, EIGHT)])], dataset: 'runs', preset: 'skythought' });
    // Six copies of the common response where the store has five: one more; the rest are already there.
    const b = await importFiles(db, { files: [write('b.jsonl', [maj8Row(0, [RIGHT, RIGHT, RIGHT, RIGHT, RIGHT, RIGHT, WRONG, WRONG])])], dataset: 'runs', preset: 'skythought' });
    assert.deepEqual([b.new_samples, b.new_traces], [0, 1]);
    const other = await importFiles(db, { files: [write('c.jsonl', [maj8Row(0, EIGHT)])], dataset: 'runs', preset: 'skythought', teacher: 'other-model' });
    assert.equal(other.new_traces, 8);
    assert.equal(count('SELECT count(*) FROM traces'), 17);
  });

  it('a file with a bad row stores none of its copies, and importing it fixed later keeps all of them', async () => {
    const good = maj8Row(0, EIGHT);
    const file = write('bad.jsonl', [good, { idx: 1, code: ['x'] }]);
    const bad = await importFiles(db, { files: [file], dataset: 'runs', preset: 'skythought' });
    assert.equal(bad.files[0].ok, false);
    assert.equal(count('SELECT count(*) FROM traces'), 0);
    const fixed = await importFiles(db, { files: [write('bad.jsonl', [good])], dataset: 'runs', preset: 'skythought' });
    assert.equal(fixed.new_traces, 8);
  });
});
