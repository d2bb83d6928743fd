// The s1 pool's featurized columns as stored: the features JSON keeps one key order whichever columns a row has,
// and a row with several bad feature columns names the same one every time.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../../src/core/store/db';
import { importFiles } from '../../../src/core/ingest/importer';
import { freshDatabase, tempDir } from '../helpers';

describe('import: s1 features', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: Db;
  freshDatabase((d, t) => { db = d; tmp = t; });

  const row = (i: number, extra: object) => ({
    question: `What is ${i} + ${i}?`, solution: `${2 * i}`, cot_type: 'math', source_type: 'test/s1', domain: 'Arithmetic',
    metadata: `{'source': 'test', 'messages': [{'content': "it's ${i}", 'role': 'user'}]}`,
    thinking_trajectories: [`Add ${i} to itself.`], attempt: `\\boxed{${2 * i}}`, ...extra,
  });

  it('stores the features in one key order, leaving out the columns a row lacks', async () => {
    const file = join(tmp.dir, 'pool.jsonl');
    writeFileSync(file, [
      row(1, { isqwen7bcorrect: true, isqwen32bcorrect: false, isgeminicorrect: true, gemini_length: 120 }),
      row(2, { gemini_length: 7, isgeminicorrect: false, isqwen7bcorrect: false }), // other column order, one missing
      row(3, { isqwen32bcorrect: 'yes' }),
      row(4, {}),
    ].map((r) => JSON.stringify(r)).join('\n') + '\n');
    const r = await importFiles(db, { files: [file], dataset: 'pool', preset: 's1' });
    assert.equal(r.files[0].ok, true, JSON.stringify(r.errors));
    const stored = db.prepare('SELECT features, metadata FROM samples ORDER BY id').all() as { features: string | null; metadata: string }[];
    assert.deepEqual(stored.map((s) => s.features), [
      '{"isqwen7bcorrect":true,"isqwen32bcorrect":false,"isgeminicorrect":true,"gemini_length":120}',
      '{"isqwen7bcorrect":false,"isgeminicorrect":false,"gemini_length":7}',
      '{"isqwen32bcorrect":true}',
      null,
    ]);
    // The Python repr's metadata is stored as JSON text (a double-quoted repr string included).
    assert.equal(stored[0].metadata, '{"source":"test","messages":[{"content":"it\'s 1","role":"user"}]}');
    const graded = db.prepare('SELECT grade FROM traces ORDER BY id').pluck().all();
    assert.deepEqual(graded, [1, 0, null, null]);
  });

  it('names isgeminicorrect first when several feature columns are bad', async () => {
    const file = join(tmp.dir, 'bad.jsonl');
    writeFileSync(file, JSON.stringify(row(1, { isqwen7bcorrect: 'maybe', isgeminicorrect: 'perhaps', gemini_length: 'long' })) + '\n');
    const r = await importFiles(db, { files: [file], dataset: 'pool', preset: 's1' });
    assert.equal(r.files[0].ok, false);
    assert.match(r.errors[0].message, /field 'isgeminicorrect': expected a boolean/);
  });
});
