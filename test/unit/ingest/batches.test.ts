// Imports commit in batches so other writers get turns; a file is still all or nothing: refused before its first
// batch commits, the database file is byte-identical; refused after, the committed batches are taken back.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Db } from '../../../src/core/store/db';
import { openDatabase } from '../../../src/core/store/db';
import { importFiles } from '../../../src/core/ingest/importer';
import { freshDatabase, sample, fixture } from '../helpers';

const row = (i: number, o: Record<string, unknown> = {}) =>
  JSON.stringify({ question: `Question ${i}: what is ${i} + ${i}?`, solution: String(2 * i), thinking_trajectories: [`thinking about ${i} `.repeat(20)], attempt: `\\boxed{${2 * i}}`, ...o });

describe('import: batches', () => {
  let db: Db;
  let dir: string;
  freshDatabase((d, t) => { db = d; dir = t.dir; });

  /** Everything a person sees of the database: every table's rows. */
  const snapshot = () => Object.fromEntries(['datasets', 'dataset_files', 'samples', 'traces', 'annotations']
    .map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));
  const fileHash = () => {
    db.pragma('wal_checkpoint(TRUNCATE)');
    return createHash('sha256').update(readFileSync(db.name)).digest('hex');
  };

  it('a file refused before its first batch commits leaves the database file byte-identical', async () => {
    await importFiles(db, { files: [sample('s1k-sample-5.jsonl')], dataset: 'pool' });
    const before = fileHash();
    const r = await importFiles(db, { files: [fixture('import', 's1-pool-bad.jsonl')], dataset: 'pool' });
    assert.equal(r.files[0].ok, false);
    assert.equal(fileHash(), before);
  });

  it('a file refused after batches committed is taken back: its rows, traces added to stored samples, gold it filled', async () => {
    // Stored before: question 1 without gold and with one trace, and a person's label on it.
    const base = join(dir, 'base.jsonl');
    writeFileSync(base, `${row(1, { solution: null })}\n${row(2)}\n`);
    assert.equal((await importFiles(db, { files: [base], dataset: 'pool' })).files[0].ok, true);
    const q1 = db.prepare("SELECT id FROM samples WHERE question LIKE 'Question 1:%'").pluck().get() as number;
    db.prepare("INSERT INTO annotations (sample_id, label, origin) VALUES (?, 'keep', 'human')").run(q1);
    const before = snapshot();

    // The big file: question 1 again with gold and another trace (fills the gold, adds a trace), 2000 new
    // questions, then a bad row at the end. Batches of 16 KB commit after every batch.
    const lines = [row(1, { thinking_trajectories: ['a different trace'] })];
    for (let i = 100; i < 2100; i++) lines.push(row(i));
    lines.push('{"question": 7}');
    const big = join(dir, 'big.jsonl');
    writeFileSync(big, lines.join('\n') + '\n');
    let commits = 0;
    const realExec = db.exec.bind(db);
    db.exec = (sql: string) => { if (sql === 'COMMIT') commits++; return realExec(sql); };
    const r = await importFiles(db, { files: [big], dataset: 'pool', batchMs: 0, chunkBytes: 16384, workers: 0 });
    db.exec = realExec;
    assert.equal(r.files[0].ok, false);
    assert.deepEqual(r.errors.map((e) => e.line), [2002]);
    assert.ok(commits > 10, `batches committed before the bad row (${commits})`);
    assert.deepEqual(snapshot(), before, 'every table as it was');

    // The same file with --skip-bad keeps everything but the bad row.
    const kept = await importFiles(db, { files: [big], dataset: 'pool', skipBad: true, batchMs: 0, chunkBytes: 16384, workers: 0 });
    assert.deepEqual([kept.rows, kept.new_samples, kept.new_traces, kept.gold_filled, kept.skipped], [2001, 2000, 2001, 1, 1]);
  });

  it('another writer gets a turn between batches: a label lands while the import runs, and both are kept', async () => {
    await importFiles(db, { files: [sample('s1k-sample-5.jsonl')], dataset: 'pool' });
    const first = db.prepare('SELECT min(id) FROM samples').pluck().get() as number;
    const f = join(dir, 'long.jsonl');
    writeFileSync(f, Array.from({ length: 2000 }, (_, i) => row(i)).join('\n') + '\n');
    // The other writer never waits: a write while a batch holds the lock fails at once with SQLITE_BUSY.
    const other = openDatabase(db.name, { busyTimeoutMs: 0 });
    let importDone = false;
    let landed: 'during' | 'after' | undefined;
    let busy = 0;
    const tries = setInterval(() => {
      try {
        other.prepare("INSERT INTO annotations (sample_id, label, origin) VALUES (?, 'keep', 'human')").run(first);
        landed = importDone ? 'after' : 'during';
        clearInterval(tries);
      } catch (e) {
        if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
        busy++;
      }
    }, 5);
    try {
      const r = await importFiles(db, { files: [f], dataset: 'pool', batchMs: 0, chunkBytes: 16384, workers: 0 });
      importDone = true;
      assert.equal(r.files[0].ok, true);
      assert.equal(landed, 'during', `the label waited for the whole file (${busy} busy tries)`);
    } finally {
      clearInterval(tries);
      other.close();
    }
    assert.equal(db.prepare("SELECT count(*) FROM annotations WHERE origin = 'human'").pluck().get(), 1);
    assert.equal(db.prepare('SELECT count(*) FROM samples').pluck().get(), 2005);
  });

  it('a refused first import into a new dataset leaves no dataset behind', async () => {
    const lines = Array.from({ length: 500 }, (_, i) => row(i));
    lines.push('not json');
    const f = join(dir, 'new.jsonl');
    writeFileSync(f, lines.join('\n'));
    const r = await importFiles(db, { files: [f], dataset: 'fresh', batchMs: 0, chunkBytes: 16384, workers: 0 });
    assert.equal(r.files[0].ok, false);
    assert.deepEqual(db.prepare('SELECT count(*) AS n FROM datasets').pluck().get(), 0);
    assert.deepEqual(db.prepare('SELECT count(*) AS n FROM samples').pluck().get(), 0);
  });

  it('a killed import resumes: the re-run adds the rest, nothing twice', async function () {
    this.timeout(120_000);
    const lines = Array.from({ length: 20_000 }, (_, i) => row(i));
    const f = join(dir, 'kill.jsonl');
    writeFileSync(f, lines.join('\n') + '\n');
    const file = join(dir, 'kill.db');
    openDatabase(file).close();
    const child = spawn(process.execPath, [resolve('out', 'cli.js'), '--db', file, 'import', f, '--dataset', 'k', '--json'], { stdio: 'ignore' });
    // Kill it once a batch has committed (rows visible to another connection), or let it finish.
    const watch = openDatabase(file);
    const exited = new Promise<void>((res) => child.on('exit', () => res()));
    let done = false;
    void exited.then(() => { done = true; });
    while (!done) {
      const n = watch.prepare('SELECT count(*) FROM samples').pluck().get() as number;
      if (n > 0) { child.kill('SIGKILL'); break; }
      await new Promise((r) => setTimeout(r, 20));
    }
    await exited;
    const partial = watch.prepare('SELECT count(*) FROM samples').pluck().get() as number;
    watch.close();
    const conn = openDatabase(file);
    try {
      const again = await importFiles(conn, { files: [f], dataset: 'k' });
      assert.equal(again.files[0].ok, true);
      assert.equal(again.new_samples, 20_000 - partial);
      assert.equal(conn.prepare('SELECT count(*) FROM samples').pluck().get(), 20_000);
      assert.equal(conn.prepare('SELECT count(*) FROM traces').pluck().get(), 20_000);
      assert.equal(conn.pragma('integrity_check', { simple: true }), 'ok');
    } finally {
      conn.close();
    }
  });
  it('the import skips CHECK constraints only while it runs: afterwards its connection refuses a review status that does not exist', async () => {
    const setStatus = db.prepare('UPDATE samples SET status = ? WHERE id = (SELECT min(id) FROM samples)');
    const good = join(dir, 'good.jsonl');
    writeFileSync(good, `${row(1)}\n${row(2)}\n`);
    assert.equal((await importFiles(db, { files: [good], dataset: 'pool', batchMs: 0, chunkBytes: 16384, workers: 0 })).files[0].ok, true);
    assert.deepEqual(db.prepare('SELECT DISTINCT status FROM samples').pluck().all(), ['unreviewed']);
    assert.throws(() => setStatus.run('maybe'), /CHECK constraint failed/);
    // A refused file (taken back after its first batches committed) puts the check back too.
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, `${row(3)}\n${row(4)}\n{"question": 7}\n`);
    assert.equal((await importFiles(db, { files: [bad], dataset: 'pool', batchMs: 0, chunkBytes: 64, workers: 0 })).files[0].ok, false);
    assert.throws(() => setStatus.run('maybe'), /CHECK constraint failed/);
    assert.equal(db.pragma('ignore_check_constraints', { simple: true }), 0);
  });
});
