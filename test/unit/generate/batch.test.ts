// Batch files: the requests written as OpenAI batch JSONL, answered as `vllm run-batch` answers them (here: each
// body posted to the replay server), and the results imported back into the same run by custom_id. A results
// file with a custom_id the run never asked for is refused whole; a failed request is named by its line; nothing
// is stored twice.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { openDatabase } from '../../../src/core/store/db';
import { startReplayServer, type ReplayServer } from '../../../src/core/replay/server';
import { tempDir, type TempDir } from '../helpers';
import { cli, seedSelection } from './gen-helpers';

interface BatchLine { custom_id: string; method: string; url: string; body: Record<string, unknown> }

/** What `vllm run-batch` does with a batch file: every body sent, one result line per request. */
async function runBatch(server: ReplayServer, input: string, output: string): Promise<void> {
  const lines = readFileSync(input, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as BatchLine);
  const results: string[] = [];
  for (const [i, l] of lines.entries()) {
    const res = await fetch(server.url.replace(/\/v1$/, '') + l.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(l.body) });
    results.push(JSON.stringify({ id: `batch-${i}`, custom_id: l.custom_id, response: { status_code: res.status, request_id: `r${i}`, body: await res.json() }, error: null }));
  }
  writeFileSync(output, results.join('\n') + '\n');
}

describe('generate: batch file out, results in', function () {
  this.timeout(120_000);
  let tmp: TempDir;
  let server: ReplayServer;
  let dbPath: string;
  beforeEach(async () => {
    tmp = tempDir();
    dbPath = join(tmp.dir, 'b.db');
    const db = openDatabase(dbPath);
    seedSelection(db, 3);
    db.close();
    server = await startReplayServer({ traces: 'samples/math500.jsonl' });
  });
  afterEach(async () => {
    await server.close();
    tmp.cleanup();
  });

  it('round-trips: every request written, run elsewhere, imported into the run once', async () => {
    const input = join(tmp.dir, 'requests.jsonl');
    // What a batch-out killed midway left (its process is gone): swept by the next one.
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(join(tmp.dir, `.requests.jsonl.${dead}-1.partial`), '{"custom_id": "half');
    const w = await cli(['--db', dbPath, '--json', 'generate', '--model', server.model, '--selection', 'qs', '--run', 'b', '--samples', '4', '--max-tokens', '4000', '--batch-out', input]);
    assert.equal(w.code, 0, w.err);
    assert.equal((JSON.parse(w.out) as { lines: number }).lines, 12);
    // Written under a hidden name and renamed when whole: nothing hidden is left beside it.
    assert.deepEqual(readdirSync(tmp.dir).filter((f) => f.startsWith('.requests.jsonl')), []);
    const lines = readFileSync(input, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as BatchLine);
    assert.equal(new Set(lines.map((l) => l.custom_id)).size, 12);
    for (const l of lines) {
      assert.equal(l.method, 'POST');
      assert.equal(l.url, '/v1/chat/completions');
      assert.equal(l.body.model, server.model);
      assert.equal(l.body.max_tokens, 4000);
      assert.ok(Array.isArray(l.body.messages));
      assert.equal(l.body.stream, undefined, 'a batch body asks for no stream');
    }
    const results = join(tmp.dir, 'results.jsonl');
    await runBatch(server, input, results);
    const r = await cli(['--db', dbPath, '--json', 'generate', '--run', 'b', '--batch-in', results]);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), { run: 'b', file: results, lines: 12, stored: 12, already: 0, failed: [] });
    const db = openDatabase(dbPath);
    const rows = db.prepare("SELECT t.thinking, t.answer, t.grade, t.metadata FROM traces t JOIN runs u ON u.id = t.run_id WHERE u.name = 'b' AND u.kind = 'generate'").all() as { thinking: string; answer: string; grade: number; metadata: string }[];
    assert.equal(rows.length, 12);
    assert.ok(rows.every((x) => x.thinking.length > 20 && x.grade === 1 && (JSON.parse(x.metadata) as { source: string }).source === 'batch'));
    db.close();
    // Imported again: nothing stored twice.
    const again = await cli(['--db', dbPath, '--json', 'generate', '--run', 'b', '--batch-in', results]);
    assert.equal((JSON.parse(again.out) as { stored: number; already: number }).stored, 0);
    assert.equal((JSON.parse(again.out) as { already: number }).already, 12);
    // A batch file of the finished run has nothing left to ask.
    const rest = await cli(['--db', dbPath, '--json', 'generate', '--model', server.model, '--selection', 'qs', '--run', 'b', '--samples', '4', '--max-tokens', '4000', '--batch-out', join(tmp.dir, 'rest.jsonl')]);
    assert.equal((JSON.parse(rest.out) as { lines: number }).lines, 0);
  });

  it('refuses a file with a custom_id of another run, names failed lines, stores the rest', async () => {
    const input = join(tmp.dir, 'requests.jsonl');
    assert.equal((await cli(['--db', dbPath, 'generate', '--model', server.model, '--selection', 'qs', '--run', 'b', '--samples', '2', '--batch-out', input])).code, 0);
    const results = join(tmp.dir, 'results.jsonl');
    await runBatch(server, input, results);
    const good = readFileSync(results, 'utf8').split('\n').filter(Boolean);
    const foreign = join(tmp.dir, 'foreign.jsonl');
    writeFileSync(foreign, [...good, JSON.stringify({ id: 'x', custom_id: 's99999-i0', response: JSON.parse(good[0]).response, error: null })].join('\n'));
    const refused = await cli(['--db', dbPath, 'generate', '--run', 'b', '--batch-in', foreign]);
    assert.equal(refused.code, 1, 'a refused input file (README: 1)');
    assert.match(refused.err, /line 7: custom_id 's99999-i0' is not a request of this run/);
    assert.match(refused.err, /nothing stored/);
    const notJson = join(tmp.dir, 'broken.jsonl');
    writeFileSync(notJson, [good[0], '{"custom_id": "s1-i0", "respo'].join('\n'));
    const broken = await cli(['--db', dbPath, 'generate', '--run', 'b', '--batch-in', notJson]);
    assert.equal(broken.code, 1);
    assert.match(broken.err, /line 2: not JSON/);
    const db = openDatabase(dbPath);
    assert.equal(db.prepare('SELECT count(*) FROM traces').pluck().get(), 0, 'a refused file stores nothing');
    db.close();

    const failed = JSON.parse(good[2]) as { custom_id: string };
    const mixed = join(tmp.dir, 'mixed.jsonl');
    writeFileSync(mixed, good.map((l, i) => (i === 2 ? JSON.stringify({ id: 'e', custom_id: failed.custom_id, response: null, error: { message: 'CUDA out of memory' } }) : l)).join('\n'));
    const r = await cli(['--db', dbPath, '--json', 'generate', '--run', 'b', '--batch-in', mixed]);
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out) as { stored: number; failed: { line: number; custom_id: string; error: string }[] };
    assert.equal(out.stored, 5);
    assert.deepEqual(out.failed.map((f) => [f.line, f.custom_id]), [[3, failed.custom_id]]);
    assert.match(out.failed[0].error, /CUDA out of memory/);
  });
});
