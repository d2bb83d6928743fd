// The replay server's traces come through the importer: a file is read by import's readers and presets, and a data
// set or selection already imported answers the same traces, so import and replay never disagree. Fixtures: real
// s1K rows with gemini_thinking_trajectory / gemini_attempt (samples/s1k-sample-5.jsonl) and made-up s1K-1.1 rows
// with both teachers (test/fixtures/import/two-teachers.jsonl).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { importFiles } from '../../../src/core/ingest/importer';
import { loadTraces, tracesFromDb } from '../../../src/core/replay/traces';
import { openDatabase } from '../../../src/core/store/db';
import { saveSelection } from '../../../src/core/store/selections';
import { fixture, sample, tempDir } from '../helpers';

const CLI = resolve('out', 'cli.js');

describe('serve-replay traces: files through the importer, data sets and selections from the database', function () {
  this.timeout(60_000);

  for (const [label, file] of [['s1K rows (Gemini)', sample('s1k-sample-5.jsonl')], ['s1K-1.1 rows (Gemini and DeepSeek)', fixture('import', 'two-teachers.jsonl')]] as const) {
    it(`${label}: the file and its imported data set replay the same traces`, async () => {
      const t = tempDir();
      const db = openDatabase(join(t.dir, 'r.db'));
      try {
        const fromFile = await loadTraces(file);
        const r = await importFiles(db, { files: [file], dataset: 'src', preset: 'auto' });
        assert.deepEqual(r.errors, []);
        const fromDb = tracesFromDb(db, { dataset: 'src' });
        assert.deepEqual(fromDb, fromFile);
        const rows = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, string>);
        assert.equal(fromFile.length, rows.length);
        // A row with both teachers replays DeepSeek-R1's trace (s1K-1.1's second teacher); a Gemini-only row, Gemini's.
        const want = rows[0].deepseek_thinking_trajectory ?? rows[0].gemini_thinking_trajectory;
        assert.equal(fromFile[0].thinking, want.trim());
        const ids = db.prepare('SELECT id FROM samples ORDER BY id DESC').pluck().all() as number[];
        const dsId = db.prepare("SELECT id FROM datasets WHERE name = 'src'").pluck().get() as number;
        saveSelection(db, { name: 'rev', datasetId: dsId, recipe: null, seed: 42, funnel: [], sampleIds: ids });
        assert.deepEqual(tracesFromDb(db, { selection: 'rev' }), [...fromFile].reverse(), 'a selection replays in its own order');
        assert.throws(() => tracesFromDb(db, { selection: 'nope' }), /no selection named 'nope'/);
        assert.throws(() => tracesFromDb(db, { dataset: 'nope' }), /no data set named 'nope'/);
      } finally {
        db.close();
        t.cleanup();
      }
    });
  }

  it('the CLI serves an imported data set (--dataset --db) labelled as a replay; a missing or doubled source exits 2', async () => {
    const t = tempDir();
    try {
      const dbPath = join(t.dir, 'r.db');
      const imp = spawnSync(process.execPath, [CLI, '--db', dbPath, 'import', sample('s1k-sample-5.jsonl'), '--dataset', 's1k'], { encoding: 'utf8' });
      assert.equal(imp.status, 0, imp.stderr);
      assert.equal(spawnSync(process.execPath, [CLI, '--db', dbPath, 'serve-replay'], { encoding: 'utf8' }).status, 2);
      const both = spawnSync(process.execPath, [CLI, '--db', dbPath, 'serve-replay', '--dataset', 's1k', '--traces', sample('s1k-sample-5.jsonl')], { encoding: 'utf8' });
      assert.equal(both.status, 2);
      assert.match(both.stderr, /name the traces once/);
      const none = spawnSync(process.execPath, [CLI, '--db', dbPath, 'serve-replay', '--selection', 'nope'], { encoding: 'utf8' });
      assert.equal(none.status, 2);
      assert.match(none.stderr, /no selection named 'nope'/);
      const server = spawn(process.execPath, [CLI, '--db', dbPath, 'serve-replay', '--dataset', 's1k', '--port', '0', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        const line = await new Promise<string>((res, rej) => {
          let buf = '';
          server.stdout.on('data', (b: Buffer) => { buf += b.toString(); if (buf.includes('\n')) res(buf.split('\n')[0]); });
          server.on('exit', (c) => rej(new Error(`exited ${c}`)));
        });
        const info = JSON.parse(line) as { url: string; model: string; replay: boolean };
        assert.equal(info.model, 'replay:s1k');
        assert.equal(info.replay, true);
        const models = await (await fetch(`${info.url}/models`)).json() as { data: { id: string }[] };
        assert.equal(models.data[0].id, 'replay:s1k');
      } finally {
        server.kill('SIGTERM');
      }
    } finally {
      t.cleanup();
    }
  });
});
