// A first import into an empty database writes with a rollback journal (each page once), and leaves the database
// in WAL as every other open expects; a database someone else has open, or one with samples, stays in WAL.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../../src/core/store/db';
import { openDatabase } from '../../../src/core/store/db';
import { enterBulkJournal } from '../../../src/core/store/bulk-journal';
import { importFiles } from '../../../src/core/ingest/importer';
import { freshDatabase, sample } from '../helpers';

const row = (i: number) =>
  JSON.stringify({ question: `Question ${i}: what is ${i} + ${i}?`, solution: String(2 * i), thinking_trajectories: [`thinking about ${i} `.repeat(40)], attempt: `\\boxed{${2 * i}}` });

describe('store: bulk journal for a first import', () => {
  let db: Db;
  let dir: string;
  freshDatabase((d, t) => { db = d; dir = t.dir; });
  const mode = (d = db) => d.pragma('journal_mode', { simple: true });

  function pool(n: number, name = 'pool.jsonl'): string {
    const file = join(dir, name);
    writeFileSync(file, Array.from({ length: n }, (_, i) => row(i)).join('\n') + '\n');
    return file;
  }

  it('an import into an empty database writes with a rollback journal and ends in WAL, every row stored', async () => {
    const modes = new Set<unknown>();
    const r = await importFiles(db, {
      files: [pool(1000)], dataset: 'pool', bulkJournal: true, batchMs: 0, chunkBytes: 65536, workers: 0,
      onProgress: () => modes.add(mode()),
    });
    assert.equal(r.files[0].ok, true);
    assert.deepEqual([...modes], ['truncate']);
    assert.equal(mode(), 'wal');
    assert.equal(db.pragma('synchronous', { simple: true }), 1, 'synchronous back to NORMAL');
    assert.equal(existsSync(`${db.name}-journal`), false, 'no journal file left beside the database');
    assert.equal(db.prepare('SELECT count(*) FROM samples').pluck().get(), 1000);
    assert.equal(db.prepare('SELECT count(*) FROM traces').pluck().get(), 1000);
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  });

  it('a database with samples, or that another connection has open, is imported in WAL', async () => {
    await importFiles(db, { files: [sample('s1k-sample-5.jsonl')], dataset: 's1k' });
    const modes = new Set<unknown>();
    await importFiles(db, { files: [pool(50)], dataset: 'pool', bulkJournal: true, onProgress: () => modes.add(mode()) });
    assert.deepEqual([...modes], ['wal']);

    const other = openDatabase(join(dir, 'empty.db'));
    const mine = openDatabase(join(dir, 'empty.db'));
    try {
      assert.equal(enterBulkJournal(mine), null);
      assert.equal(mode(mine), 'wal');
    } finally {
      other.close();
      mine.close();
    }
  });

  it('another Distillery process opening the database meanwhile switches it to WAL, and the import carries on', async () => {
    const bulk = enterBulkJournal(db);
    assert.ok(bulk);
    assert.equal(mode(), 'truncate');
    const engine = openDatabase(db.name, { busyTimeoutMs: 1000 });
    try {
      assert.equal(mode(engine), 'wal');
      const r = await importFiles(db, { files: [pool(200)], dataset: 'pool', batchMs: 0, chunkBytes: 16384, workers: 0 });
      assert.equal(r.files[0].ok, true);
      assert.equal(engine.prepare('SELECT count(*) FROM samples').pluck().get(), 200);
      bulk.leave();
      bulk.leave();
      assert.equal(mode(), 'wal');
    } finally {
      engine.close();
    }
  });

  it('the engine opening the database during a batch (100 ms busy timeout) waits for the commit and gets WAL', async () => {
    db.close();
    // Another process as the bulk import: rollback journal, a write transaction held for 700 ms.
    const script = `const D = require(${JSON.stringify(require.resolve('better-sqlite3'))}); const d = new D(${JSON.stringify(join(dir, 'd.db'))});
      d.pragma('journal_mode = TRUNCATE'); d.exec('BEGIN IMMEDIATE'); d.exec("INSERT INTO datasets (name) VALUES ('x')");
      process.stdout.write('locked\\n'); setTimeout(() => { d.exec('COMMIT'); d.close(); }, 700);`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolveP) => child.once('exit', resolveP));
    await new Promise((resolveP) => child.stdout.once('data', resolveP));
    const engine = openDatabase(join(dir, 'd.db'), { busyTimeoutMs: 100 });
    try {
      assert.equal(mode(engine), 'wal');
      assert.equal(engine.pragma('busy_timeout', { simple: true }), 100);
      assert.equal(engine.prepare('SELECT count(*) FROM datasets').pluck().get(), 1, 'the other process committed first');
    } finally {
      engine.close();
      await exited;
      db = openDatabase(join(dir, 'd.db'));
    }
  });

  it('a refused first import takes its committed batches back and leaves an empty database in WAL', async () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(file, [...Array.from({ length: 300 }, (_, i) => row(i)), '{"question": 7}'].join('\n') + '\n');
    const r = await importFiles(db, { files: [file], dataset: 'pool', bulkJournal: true, batchMs: 0, chunkBytes: 16384, workers: 0 });
    assert.equal(r.files[0].ok, false);
    assert.equal(db.prepare('SELECT count(*) FROM samples').pluck().get(), 0);
    assert.equal(db.prepare('SELECT count(*) FROM dataset_files').pluck().get(), 0);
    assert.equal(mode(), 'wal');
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  });
});
