import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDatabase, SchemaTooNewError } from '../../../src/core/store/db';
import { SCHEMA_VERSION } from '../../../src/core/store/migrations';
import { buildSearchIndex, pendingTraces } from '../../../src/core/store/fts';
import { importFiles } from '../../../src/core/ingest/importer';
import { sample, tempDir } from '../helpers';

describe('store', () => {
  it('creates the schema in WAL mode and reopens without migrating twice', () => {
    const tmp = tempDir();
    try {
      const path = join(tmp.dir, 'sub', 'd.db');
      const db = openDatabase(path);
      assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
      assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
      for (const t of ['datasets', 'samples', 'traces', 'annotations', 'selections', 'runs', 'results', 'samples_fts', 'traces_fts']) {
        assert.ok(tables.includes(t), `table ${t}`);
      }
      db.close();
      openDatabase(path).close();
    } finally {
      tmp.cleanup();
    }
  });

  it('refuses a database from a newer Distillery instead of damaging it', () => {
    const tmp = tempDir();
    try {
      const path = join(tmp.dir, 'd.db');
      const db = openDatabase(path);
      db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
      db.close();
      assert.throws(() => openDatabase(path), SchemaTooNewError);
    } finally {
      tmp.cleanup();
    }
  });

  it('builds the full-text index after an import and finds words in traces and questions', async () => {
    const tmp = tempDir();
    try {
      const db = openDatabase(join(tmp.dir, 'd.db'));
      await importFiles(db, { files: [sample('s1k-sample-5.jsonl')] });
      assert.equal(pendingTraces(db), 5);
      assert.equal(buildSearchIndex(db), 5);
      assert.equal(pendingTraces(db), 0);
      assert.equal(buildSearchIndex(db), 0, 'a second build has nothing to do');
      const hits = db.prepare("SELECT count(*) FROM traces_fts WHERE traces_fts MATCH 'trigonometric'").pluck().get() as number;
      assert.ok(hits >= 1);
      const q = db.prepare("SELECT count(*) FROM samples_fts WHERE samples_fts MATCH 'reals'").pluck().get() as number;
      assert.equal(q, 1);
      db.close();
    } finally {
      tmp.cleanup();
    }
  });
});
