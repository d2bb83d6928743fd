// Errors that say what is really wrong (issue 15's list): a byte-order mark is not bad JSON, a symlink loop is not
// "not found", a named pipe is not "empty" (and never blocks the import), a null question is null, a minified
// array names the element, and --max-field-mb counts what its message counts.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Db } from '../../../src/core/store/db';
import { importFiles } from '../../../src/core/ingest/importer';
import { freshDatabase, tempDir } from '../helpers';

const CLI = resolve('out', 'cli.js');
const ROW = { question: 'What is 2+2?', thinking: 'two and two', response: 'four' };

describe('import: errors that name the real problem', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: Db;
  freshDatabase((d, t) => { db = d; tmp = t; });
  const imp = (file: string, o: { maxFieldBytes?: number } = {}) => importFiles(db, { files: [file], dataset: 'd', ...o });

  it('a UTF-8 byte-order mark before the first JSONL row is skipped', async () => {
    const file = join(tmp.dir, 'bom.jsonl');
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(ROW) + '\n' + JSON.stringify({ ...ROW, question: 'Q2?' }) + '\n')]));
    const r = await imp(file);
    assert.deepEqual([r.errors, r.rows, r.traces], [[], 2, 2]);
    assert.equal(db.prepare('SELECT question FROM samples ORDER BY id LIMIT 1').pluck().get(), 'What is 2+2?');
  });

  it('a symlink loop and a named pipe are named as such (the pipe is never opened), in the importer and the CLI', async () => {
    symlinkSync(join(tmp.dir, 'b.jsonl'), join(tmp.dir, 'a.jsonl'));
    symlinkSync(join(tmp.dir, 'a.jsonl'), join(tmp.dir, 'b.jsonl'));
    execFileSync('mkfifo', [join(tmp.dir, 'pipe.jsonl')]);
    const loop = await imp(join(tmp.dir, 'a.jsonl'));
    assert.match(loop.errors[0].message, /symbolic link loop/);
    const fifo = await imp(join(tmp.dir, 'pipe.jsonl'));
    assert.match(fifo.errors[0].message, /is a named pipe, not a file/);
    for (const [name, message] of [['a.jsonl', /a\.jsonl: is a symbolic link loop/], ['pipe.jsonl', /pipe\.jsonl: is a named pipe, not a file/]] as const) {
      const r = spawnSync(process.execPath, [CLI, '--db', join(tmp.dir, 'cli.db'), 'import', join(tmp.dir, name)], { encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, message);
    }
  });

  it('a null question says null; a minified array names the element; --max-field-mb counts millions of characters', async () => {
    const nullq = join(tmp.dir, 'nullq.jsonl');
    writeFileSync(nullq, JSON.stringify({ ...ROW, question: null }) + '\n' + JSON.stringify(ROW) + '\n');
    const n = await importFiles(db, { files: [nullq], dataset: 'd', preset: 'generic' });
    assert.match(n.errors[0].message, /field 'question': is null/);
    const mini = join(tmp.dir, 'mini.json');
    writeFileSync(mini, JSON.stringify([ROW, ROW, { ...ROW, question: 5 }]));
    const m = await importFiles(db, { files: [mini], dataset: 'd', preset: 'generic' });
    assert.deepEqual(m.errors.map((e) => [e.line, e.message]), [[1, "field 'question': expected a string, got number 5 (array element 3)"]]);
    const big = join(tmp.dir, 'big.jsonl');
    writeFileSync(big, JSON.stringify({ ...ROW, question: 'x'.repeat(1_100_000) }) + '\n');
    const r = spawnSync(process.execPath, [CLI, '--db', join(tmp.dir, 'big.db'), 'import', big, '--max-field-mb', '1'], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stdout + r.stderr, /is 1\.1 M characters, over the limit of 1\.0 M/);
  });
});
