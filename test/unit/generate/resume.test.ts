// A generation killed midway (SIGKILL: no chance to clean up) or interrupted (Ctrl+C) resumes: the run completes
// with every sample stored once, and no request the server answered before the kill is sent again (counted at the
// server: the replies that arrived but were not yet written come from the request cache).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { openDatabase } from '../../../src/core/store/db';
import type { ReplayServer } from '../../../src/core/replay/server';
import type { TempDir } from '../helpers';
import { CLI, cli, generationFixture } from './gen-helpers';

describe('generate: resume after a kill or an interrupt', function () {
  this.timeout(180_000);
  let tmp: TempDir;
  let server: ReplayServer;
  let sent: string[];
  let dbPath: string;
  // About a quarter of a second per reply: the run lasts long enough to be stopped midway.
  beforeEach(async () => ({ tmp, server, sent, dbPath } = await generationFixture(4, 'r.db', { delayMsPerToken: 0.5 })));
  afterEach(async () => {
    await server.close();
    tmp.cleanup();
  });

  const args = () => ['--db', dbPath, '--json', 'generate', '--backend', server.url, '--model', 't', '--selection', 'qs', '--run', 'k', '--samples', '16', '--concurrency', '4'];

  /** Starts the CLI and waits (bounded) until `min` replies are in the request cache. */
  async function startAndWait(min: number) {
    const child = spawn(process.execPath, [CLI, ...args()], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const watch = openDatabase(dbPath);
    for (let i = 0; i < 1200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      if ((watch.prepare('SELECT count(*) FROM request_cache').pluck().get() as number) >= min) break;
    }
    watch.close();
    return { child, exited, err: () => err };
  }

  const count = (sql: string) => {
    const db = openDatabase(dbPath);
    try { return db.prepare(sql).pluck().get() as number; } finally { db.close(); }
  };

  it('after SIGKILL: completes, stores each sample once, sends no answered request again', async () => {
    const first = await startAndWait(10);
    first.child.kill('SIGKILL');
    await first.exited;
    const db = openDatabase(dbPath);
    const answered = new Set(db.prepare('SELECT request FROM request_cache').pluck().all() as string[]);
    const storedBefore = db.prepare('SELECT count(*) FROM traces').pluck().get() as number;
    db.close();
    assert.ok(answered.size >= 10 && answered.size < 64, `killed midway (${answered.size} of 64 answered)`);
    assert.ok(storedBefore <= answered.size);

    sent.length = 0; // the fixture records into this array
    const r = await cli(args());
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(sent.filter((k) => answered.has(k)), [], 'a request answered before the kill was sent again');
    const out = JSON.parse(r.out) as { new_traces: number; skipped: number; cached_requests: number; sent_requests: number };
    assert.equal(out.skipped, storedBefore);
    assert.equal(out.cached_requests, answered.size - storedBefore, 'replies not yet written came from the cache');
    assert.equal(out.sent_requests, 64 - answered.size);
    assert.equal(count('SELECT count(*) FROM traces'), 64);
    assert.equal(count('SELECT count(DISTINCT sample_id || hash) FROM traces'), 64);
  });

  it('Ctrl+C ends cleanly with exit 130, the run marked cancelled and what arrived stored; running it again finishes', async () => {
    const first = await startAndWait(6);
    first.child.kill('SIGINT');
    const code = await first.exited;
    assert.equal(code, 130, first.err());
    assert.match(first.err(), /cancelled; run it again with --run k to resume/);
    assert.equal(count("SELECT count(*) FROM runs WHERE name = 'k' AND status = 'cancelled'"), 1);
    const stored = count('SELECT count(*) FROM traces');
    assert.ok(stored >= 6, `the replies that arrived were written (${stored})`);
    const r = await cli(args());
    assert.equal(r.code, 0, r.err);
    assert.equal(count('SELECT count(*) FROM traces'), 64);
    assert.equal(count("SELECT count(*) FROM runs WHERE name = 'k' AND status = 'done'"), 1);
  });
});
