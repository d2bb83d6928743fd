// Provenance of an export: the SHA-256 of every imported source file (computed as the import reads it) reaches
// manifest.json, so a person can check that a published set came from the files they hold.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportSelection } from '../../../src/core/export/run';
import { importFiles } from '../../../src/core/ingest/importer';
import { openDatabase } from '../../../src/core/store/db';
import { selectionSourceFiles } from '../../../src/core/store/export-rows';
import { saveSelection } from '../../../src/core/store/selections';
import { fixture, sample, tempDir } from '../helpers';
import { selectAll, world, type World } from './setup';

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('export provenance: source file hashes', function () {
  this.timeout(60_000);
  let w: World | undefined;
  afterEach(() => { w?.cleanup(); w = undefined; });

  it('import stores each file\'s SHA-256 and the manifest lists it per source file', async () => {
    const t = tempDir();
    // A JSONL file with a byte-order mark: the hash is of the file's bytes, the mark included.
    const bom = join(t.dir, 'bom.jsonl');
    writeFileSync(bom, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(fixture('import', 's1-pool.jsonl'))]));
    const files = [sample('s1k-sample-5.jsonl'), bom, fixture('import', 'array.json')];
    try {
      w = await world(files);
      const stored = w.db.prepare('SELECT path, sha256 FROM dataset_files ORDER BY id').all() as { path: string; sha256: string | null }[];
      assert.deepEqual(stored.map((r) => r.sha256), files.map(sha));
      selectAll(w.db);
      const out = join(w.dir, 'out', 'data.jsonl');
      await exportSelection(w.db, { selection: 'sel', format: 's1', out, dbPath: w.dbPath });
      const manifest = JSON.parse(readFileSync(join(w.dir, 'out', 'manifest.json'), 'utf8')) as { sources: { path: string; sha256: string | null }[] };
      assert.deepEqual(manifest.sources.map((s) => s.sha256), files.map(sha));
      assert.deepEqual(manifest.sources.map((s) => s.path), stored.map((r) => r.path));
    } finally {
      t.cleanup();
    }
  });

  it('the manifest lists the source files of the data sets the selection\'s samples come from, as read with the rows (main thread and workers)', async () => {
    const t = tempDir();
    try {
      w = await world([sample('s1k-sample-5.jsonl')]);
      const other = await importFiles(w.db, { files: [fixture('import', 's1-pool.jsonl'), fixture('import', 'array.json')], dataset: 'other', preset: 'auto' });
      assert.deepEqual(other.errors, []);
      const paths = (dataset: string) => w!.db.prepare('SELECT f.path FROM dataset_files f JOIN datasets d ON d.id = f.dataset_id WHERE d.name = ? ORDER BY f.id').pluck().all(dataset) as string[];
      const src = selectAll(w.db, 'only-src', 'src');
      const oth = selectAll(w.db, 'only-other', 'other');
      // A mix: samples of both data sets (one of the other's first, so the first chunk alone does not decide).
      const mixId = saveSelection(w.db, { name: 'mix', datasetId: null, recipe: { name: 'test' }, seed: 42, funnel: [], sampleIds: [oth[0], ...src] }).id;
      const cases: [string, string[]][] = [['only-src', paths('src')], ['only-other', paths('other')], ['mix', [...paths('src'), ...paths('other')]]];
      for (const [selection, expected] of cases) {
        for (const [where, extra] of [['main', { workerThreshold: Infinity }], ['workers', { workerThreshold: 1, threads: 2, parquetGroupQuestions: 2 }]] as const) {
          const dir = join(t.dir, selection, where);
          await exportSelection(w.db, { selection, format: 'parquet', out: join(dir, 'd.parquet'), dbPath: w.dbPath, ...extra });
          const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { sources: { path: string }[] };
          assert.deepEqual(manifest.sources.map((x) => x.path), expected, `${selection} (${where})`);
        }
      }
      // The same list the selection's items give when looked up one by one.
      assert.deepEqual(selectionSourceFiles(w.db, mixId).map((x) => x.path), [...paths('src'), ...paths('other')]);
    } finally {
      t.cleanup();
    }
  });

  it('hashes a CSV as it streams, and a large JSONL read in several chunks', async () => {
    const t = tempDir();
    const big = join(t.dir, 'big.jsonl');
    const rows = readFileSync(fixture('import', 's1-pool.jsonl'), 'utf8').trim().split('\n');
    // Distinct questions, several chunks of the reader (chunkBytes below).
    writeFileSync(big, Array.from({ length: 40 }, (_, i) => rows.map((r) => r.replace('"question": "', `"question": "${i} `).replace('"question":"', `"question":"${i} `)).join('\n')).join('\n') + '\n');
    const db = openDatabase(join(t.dir, 'x.db'));
    try {
      const a = await importFiles(db, { files: [fixture('import', 'gpqa-madeup.csv')], dataset: 'gpqa' });
      assert.deepEqual(a.errors, []);
      const b = await importFiles(db, { files: [big], dataset: 'big', chunkBytes: 4096 });
      assert.deepEqual(b.errors, []);
      const stored = db.prepare('SELECT sha256 FROM dataset_files ORDER BY id').pluck().all();
      assert.deepEqual(stored, [sha(fixture('import', 'gpqa-madeup.csv')), sha(big)]);
    } finally {
      db.close();
      t.cleanup();
    }
  });
});

describe('export: stored question and answer token counts', function () {
  this.timeout(60_000);
  let w: World | undefined;
  afterEach(() => { w?.cleanup(); w = undefined; });

  for (const threshold of [1, 100_000]) {
    it(`a second export of the same selection reads the counts the first stored and writes byte-identical files (${threshold === 1 ? 'counted on a tokenizer thread' : 'counted in line'})`, async () => {
      w = await world([sample('s1k-sample-5.jsonl'), fixture('import', 's1-pool.jsonl')]);
      selectAll(w.db);
      const run = (dir: string) => exportSelection(w!.db, { selection: 'sel', format: 's1', out: join(w!.dir, dir, 'data.jsonl'), dbPath: w!.dbPath, workerThreshold: threshold, traces: 'all' });
      const first = await run('a');
      assert.equal(first.text_token_counts.stored, 0);
      assert.equal(first.text_token_counts.counted, first.counts.rows);
      assert.equal(w.db.prepare('SELECT count(*) FROM text_token_counts').pluck().get(), first.counts.rows);
      const second = await run('b');
      assert.deepEqual(second.text_token_counts, { stored: first.counts.rows, counted: 0 });
      assert.deepEqual(second.tokens, first.tokens);
      for (const f of ['data.jsonl', 'README.md']) assert.ok(readFileSync(join(w.dir, 'a', f)).equals(readFileSync(join(w.dir, 'b', f))), f);
      const manifest = (d: string) => { const m = JSON.parse(readFileSync(join(w!.dir, d, 'manifest.json'), 'utf8')); delete m.created_at; return m; };
      assert.deepEqual(manifest('b'), manifest('a'));
    });
  }

  it('counts of another tokenizer are not used', async () => {
    w = await world([fixture('import', 's1-pool.jsonl')]);
    selectAll(w.db);
    const traceIds = w.db.prepare('SELECT id FROM traces').pluck().all() as number[];
    const put = w.db.prepare("INSERT INTO text_token_counts (trace_id, tokenizer, question_tokens, answer_tokens) VALUES (?, 'other', 1, 1)");
    for (const id of traceIds) put.run(id);
    const r = await exportSelection(w.db, { selection: 'sel', format: 's1', out: join(w.dir, 'o', 'data.jsonl'), dbPath: w.dbPath });
    assert.equal(r.text_token_counts.stored, 0);
    assert.ok(r.tokens.question_tokens.p50 > 1);
  });
});
