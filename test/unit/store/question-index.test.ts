// Imports keep the question-key index all along (a first import that dropped it and built it at its end was 2.5x
// slower at 300K rows); a store that lost it (a killed import of that build) gets it back before the first probe,
// and the writer's probe by question uses it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Db } from '../../../src/core/store/db';
import { openDatabase } from '../../../src/core/store/db';
import { FileImport } from '../../../src/core/store/file-import';
import { importFiles } from '../../../src/core/ingest/importer';
import { prepareSample } from '../../../src/core/ingest/hash';
import { packText } from '../../../src/core/ingest/pack-text';
import { freshDatabase, jsonlFiles, s1Row } from '../helpers';

const SQL = 'CREATE INDEX samples_question ON samples(dataset_id, question_key)';
const indexSql = (db: Db) => db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'samples_question'").pluck().get() as string | undefined;
const sample = (q: string, gold: string | null, line: number) => {
  const s = prepareSample({ question: q, answer: gold, traces: [{ producer: 'p', thinking: `think ${q}`, answer: gold ?? '?' }] }, line);
  packText([s]); // as every import path does: it hashes the traces
  return s;
};

describe('store: the question-key index around a first import', () => {
  let db: Db;
  let dir: string;
  freshDatabase((d, t) => { db = d; dir = t.dir; });
  const file = jsonlFiles(() => dir);
  const rows = (k: number, prefix = 'Q') => Array.from({ length: k }, (_, i) => s1Row(`${prefix}${i}: ${'why '.repeat(20)}`, String(i), `thinking ${i} `.repeat(30)));

  it('a migrated store has it, and the probe by question uses it', () => {
    assert.equal(indexSql(db), SQL);
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT id, hash, answer, solution FROM samples WHERE dataset_id = ? AND question_key = ? ORDER BY id')
      .all(1, 'k') as { detail: string }[];
    assert.match(plan.map((p) => p.detail).join('\n'), /USING INDEX samples_question/);
  });

  it('a first import into an empty store keeps it all along, as the migration wrote it', async () => {
    let seenMissing = false;
    const r = await importFiles(db, {
      files: [file(rows(300))], dataset: 'pool', workers: 0, batchMs: 0, chunkBytes: 16384,
      onProgress: () => {
        const other = openDatabase(db.name);
        try { if (indexSql(other) === undefined) seenMissing = true; } finally { other.close(); }
      },
    });
    assert.equal(r.files[0].ok, true);
    assert.equal(r.new_samples, 300);
    assert.equal(seenMissing, false);
    assert.equal(indexSql(db), SQL);
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  });

  it('an import into a store that holds samples keeps it all along', async () => {
    await importFiles(db, { files: [file(rows(3, 'first '))], dataset: 'pool', workers: 0 });
    let seenMissing = false;
    await importFiles(db, {
      files: [file(rows(200))], dataset: 'other', workers: 0, batchMs: 0, chunkBytes: 16384,
      onProgress: () => { if (indexSql(db) === undefined) seenMissing = true; },
    });
    assert.equal(seenMissing, false);
    assert.equal(indexSql(db), SQL);
  });

  it('a store that lost it (a killed import of an earlier build) gets it back before the probe, which finds the stored questions', () => {
    const killed = new FileImport(db, 'pool', 'traces', { path: '/x.jsonl', size: 1, mtimeMs: 0, preset: 's1' }, { batchMs: 0 });
    killed.write([sample('Q1', null, 1), sample('Q2', '2', 2)]);
    const counts = { rows: 2, traces: 2, new_samples: 2, new_traces: 2, skipped: 0, gold_filled: 0, gold_conflicts: 0 };
    assert.equal(killed.maybeCommit(counts), true);
    db.exec('DROP INDEX samples_question');
    // The re-run: Q1's gold fills the stored sample (found by the probe by question), its new trace joins it.
    const again = new FileImport(db, 'pool', 'traces', { path: '/x.jsonl', size: 1, mtimeMs: 0, preset: 's1' });
    assert.equal(indexSql(db), SQL, 'built back at the start');
    const w = again.write([sample('Q1', '1', 1), sample('Q2', '2', 2)]);
    again.commit({ ...counts, new_samples: w.newSamples, new_traces: w.newTraces, gold_filled: w.goldFilled });
    assert.deepEqual(w, { newSamples: 0, newTraces: 1, goldFilled: 1, goldConflicts: 0 });
    assert.equal(db.prepare('SELECT count(*) FROM samples').pluck().get(), 2);
    assert.equal(db.prepare('SELECT count(*) FROM traces').pluck().get(), 3, 'Q2\'s trace once, Q1\'s two answers');
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
  });

  it('a sample another writer stored is found by the probe (its gold filled); a refused import takes its batches back and keeps the index', () => {
    const tx = new FileImport(db, 'pool', 'traces', { path: '/y.jsonl', size: 1, mtimeMs: 0, preset: 's1' }, { batchMs: 0 });
    tx.write([sample('A', '1', 1)]);
    const counts = { rows: 1, traces: 1, new_samples: 1, new_traces: 1, skipped: 0, gold_filled: 0, gold_conflicts: 0 };
    assert.equal(tx.maybeCommit(counts), true);
    assert.equal(indexSql(db), SQL);
    const other = openDatabase(db.name);
    try {
      const s = sample('B', null, 1);
      other.prepare(`INSERT INTO samples (dataset_id, hash, question_key, question) VALUES (1, ?, ?, ?)`).run(s.hash, s.questionKey, s.question);
    } finally {
      other.close();
    }
    // B without gold is now stored by someone else: the writer probes and fills B's gold.
    const w = tx.write([sample('B', '2', 2)]);
    assert.deepEqual(w, { newSamples: 0, newTraces: 1, goldFilled: 1, goldConflicts: 0 });
    tx.commit(counts);

    const empty = openDatabase(join(dir, 'e.db'));
    try {
      const refused = new FileImport(empty, 'pool', 'traces', { path: '/z.jsonl', size: 1, mtimeMs: 0, preset: 's1' }, { batchMs: 0 });
      refused.write([sample('C', '3', 1)]);
      assert.equal(refused.maybeCommit(counts), true);
      refused.rollback();
      assert.equal(indexSql(empty), SQL);
      assert.equal(empty.prepare('SELECT count(*) FROM samples').pluck().get(), 0);
    } finally {
      empty.close();
    }
  });
});
